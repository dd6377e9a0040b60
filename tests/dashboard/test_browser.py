"""The dashboard in a real headless Chromium, served by the real Dash server."""

from __future__ import annotations

import re

import pytest

from tests.dashboard.conftest import search_in, show

pytestmark = pytest.mark.browser

PAGES = {"/": 3, "/agreements": 3, "/delegations": 3, "/investment": 6, "/partners": 2, "/data": 0, "/sql": 0}


def settle(p, selector: str = "#content") -> None:
    p.wait_for_selector(selector)
    p.wait_for_load_state("networkidle")


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_loads_offline_with_no_errors(server, page, path, lang):
    p = page.page
    p.goto(f"{server}{path}?lang={lang}")
    settle(p)
    if PAGES[path]:
        # every chart, those below the fold too (drawn when they come into view, or all at once, as for printing)
        p.wait_for_function(
            "(window.dashboardCharts.drawAll(), document.querySelectorAll('.js-plotly-plot .main-svg').length)"
            f" >= {PAGES[path]}"
        )
    assert p.locator("div[lang]").first.get_attribute("lang") == lang
    title = p.locator(".header h1").inner_text()
    assert bool(re.search(r"[\u0E00-\u0E7F]", title)) == (lang == "th")
    assert page.errors == []
    assert page.off_machine() == []
    assert any("/assets/fonts/" in u for u in page.requests)  # the Thai webfont comes from the app itself
    # the app's partial plotly.js bundle is drawn with, never the full one (three times the size to parse)
    assert not any("package_data/plotly" in u for u in page.requests)


def test_the_partner_list_is_searched_on_the_server(server, page):
    p = page.page
    p.goto(f"{server}/investment?lang=en")
    settle(p)
    search_in(p, "#f-partner", "Kanagawa")
    p.wait_for_function(
        "[...document.querySelectorAll('#f-partner [role=option], .dash-dropdown-option')]"
        ".some(o => o.textContent.includes('Kanagawa'))"
    )
    assert page.errors == []


@pytest.mark.parametrize(
    ("lang", "typed"),
    [("th", "Kanagawa"), ("th", "jp-kanagawa"), ("en", "คานากาวะ"), ("en", "jp-kanagawa")],
)
def test_a_partner_is_found_by_either_name_or_its_code_in_either_view(server, page, lang, typed):
    """The list's search text holds only the words its label does not (each Thai name indexed once by the
    dropdown): the other language's name and the code still find the partner."""
    p = page.page
    p.goto(f"{server}/investment?lang={lang}")
    settle(p)
    search_in(p, "#f-partner", typed)
    p.wait_for_function(
        "[...document.querySelectorAll('#f-partner [role=option], .dash-dropdown-option')]"
        ".some(o => /Kanagawa|คานากาวะ/.test(o.textContent))"
    )
    assert page.errors == []


def kpi(p, name: str) -> str:
    return p.locator(f"#kpi-{name}").inner_text()


def test_a_filter_change_updates_figures_and_url_and_back_works(server, page):
    p = page.page
    p.goto(f"{server}/?lang=en&era=ce")
    settle(p, "#kpi-agreements_signed")
    assert kpi(p, "agreements_signed") == "7"
    search_in(p, "#f-partner", "Kanagawa")
    p.get_by_role("option", name=re.compile("Kanagawa")).first.wait_for()  # what the analyst sees first
    p.keyboard.press("Enter")
    p.wait_for_url(re.compile(r"partner=jp-kanagawa"))
    p.wait_for_function("document.querySelector('#kpi-agreements_signed').innerText === '5'")
    p.go_back()
    p.wait_for_function("!location.search.includes('partner=')")
    p.wait_for_function("document.querySelector('#kpi-agreements_signed').innerText === '7'")
    assert page.errors == []


def test_a_link_reopens_the_same_view(server, page):
    p = page.page
    p.goto(f"{server}/?partner=jp-kanagawa&lang=en&era=ce&period=fy&year_from=2017")
    settle(p, "#kpi-agreements_signed")
    assert kpi(p, "agreements_signed") == "5"
    assert "Kanagawa" in p.locator("#f-partner").inner_text()
    assert p.locator("#f-era-ce").get_attribute("aria-current") == "true"
    assert p.locator("#f-period-fy").get_attribute("aria-current") == "true"
    assert p.locator("#f-year_from").inner_text().strip() == "2017"
    assert page.errors == []


def test_years_show_in_buddhist_era(server, page):
    p = page.page
    p.goto(f"{server}/agreements?lang=th&era=be")
    settle(p, "#ag-by-year .xtick")
    ticks = p.locator("#ag-by-year .xtick text").evaluate_all("els => els.map(e => e.textContent)")
    assert "2565" in ticks and "2022" not in ticks


def test_clicking_a_bar_shows_the_records_behind_it(server, page):
    p = page.page
    p.goto(f"{server}/agreements?lang=en&era=ce")
    settle(p, "#ag-by-level .bars path")
    # The agreements-by-level chart: bars are local_government (5) and agency (2), largest on top.
    boxes = [b.bounding_box() for b in p.locator("#ag-by-level .bars path").all()]
    box = max(boxes, key=lambda b: b["width"])
    p.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    p.wait_for_selector("#drill-panel:not([hidden]) #drill-records .ag-row")
    assert p.locator("#drill-title").inner_text() == "Local government: 5 agreements"
    partners = p.locator("#drill-records .ag-row [col-id=partner]").all_inner_texts()
    assert sorted(set(partners)) == ["City of Yokohama", "Kanagawa Prefecture"]
    # Every row leads to its partner's profile.
    p.locator("#drill-records .ag-row [col-id=partner] a", has_text="Kanagawa Prefecture").first.click()
    p.wait_for_url(re.compile(r"/partners\?.*partner=jp-kanagawa"))
    p.wait_for_selector("#partner-name")
    assert "Kanagawa Prefecture" in p.locator("#partner-name").inner_text()
    assert page.errors == []


def test_a_page_without_records_gets_its_grid_on_a_click(server, page):
    p = page.page
    p.goto(f"{server}/investment?lang=en&era=ce")
    settle(p, "#iv-value .bars path")
    assert p.locator("#drill-records").count() == 0  # no grid is drawn before a click
    box = p.locator("#iv-value .bars path").first.bounding_box()
    p.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    p.wait_for_selector("#drill-panel:not([hidden]) #drill-records .ag-row")
    assert p.locator("#drill-title").inner_text().endswith(" THB million")
    assert p.locator("#drill-records .ag-row [col-id=partner] a").count() > 0
    assert page.errors == []


def test_a_malformed_url_shows_a_notice(server, page):
    p = page.page
    p.goto(f"{server}/?lang=en&year_from=20x5&colour=red&sector=NANO")
    settle(p, "#notices .notice")
    text = p.locator("#notices").inner_text()
    assert "year_from=20x5" in text and "colour=red" in text and "sector=NANO" in text
    assert kpi(p, "agreements_signed") == "7"
    assert page.errors == []


# -- the real data: figures a source could have written --------------------------------------------


def test_the_overview_headline_names_its_year_and_source(shipped_server, page):
    p = page.page
    p.goto(f"{shipped_server}/?lang=en&era=ce")
    settle(p, "#kpi-investment_value")
    assert p.locator("#kpi-investment_value").inner_text() == "1,185,149.0"
    details = p.locator("#kpi-investment_value-details").inner_text()
    assert "2025 · sum of 8 of the 12 partners with figures" in details and "source: thai.news-agency.jp" in details
    assert "All foreign investors, as stated: 1,359,925.0" in details
    assert p.locator("#kpi-agreements_active").inner_text() == "Not recorded"
    assert "8 are recorded here" in p.locator("#kpi-agreements_signed-details").inner_text()
    p.goto(f"{shipped_server}/?lang=th&era=be&partner=jp")
    settle(p, "#kpi-investment_value")
    assert p.locator("#kpi-investment_value").inner_text() == "119,098.0"
    assert "2568 · ญี่ปุ่น" in p.locator("#kpi-investment_value-details").inner_text()
    assert page.errors == []


def test_a_part_year_figure_is_visible_and_its_click_lists_exactly_its_figure(shipped_server, page):
    p = page.page
    p.goto(f"{shipped_server}/investment?lang=en&era=ce&partner=jp&year_from=2024&stage=application")
    settle(p, "#iv-part-year .bars path")
    ticks = p.locator("#iv-part-year .xtick text").evaluate_all("els => els.map(e => e.textContent)")
    assert ticks == ["Jan–Jun 2024", "Jan–Sep 2024", "Jan–Sep 2025"]
    bars = p.locator("#iv-part-year .bars path").all()
    bars[-1].scroll_into_view_if_needed()
    box = bars[-1].bounding_box()
    p.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    p.wait_for_selector("#drill-panel:not([hidden]) #drill-records .ag-row")
    assert p.locator("#drill-title").inner_text().endswith(": 73,750.0 THB million")
    assert p.locator("#drill-listed").inner_text().startswith("1 ")
    assert p.locator("#drill-records .ag-row [col-id=period]").all_inner_texts() == ["Jan–Sep"]
    assert p.locator("#drill-records .ag-row [col-id=value_thb_million]").all_inner_texts() == ["73,750.0"]
    assert page.errors == []


def test_a_chart_whose_breakdown_no_source_gives_explains_itself(shipped_server, page):
    p = page.page
    p.goto(f"{shipped_server}/investment?lang=en&era=ce&stage=approval")
    show(p, "iv-sector")
    settle(p, "#iv-sector .main-svg")
    p.wait_for_selector("#iv-sector .annotation-text")
    text = " ".join(
        p.locator("#iv-sector .annotation-text").evaluate_all(  # the message's lines, one tspan each
            "els => els.map(e => [...e.querySelectorAll('tspan.line')].map(l => l.textContent).join(' ') || e.textContent)"
        )
    )
    assert "The sources give no breakdown of BOI approvals by sector" in " ".join(text.split())
    assert "widen the years" not in text
    assert page.errors == []


def test_picking_a_measure_puts_it_in_the_url(shipped_server, page):
    p = page.page
    p.goto(f"{shipped_server}/investment?lang=en&era=ce")
    settle(p, "#iv-stage")
    p.locator("#iv-stage a", has_text="BOI approvals").click()
    p.wait_for_url(re.compile(r"stage=approval"))
    p.wait_for_function("document.querySelector('#iv-value-title').textContent.startsWith('BOI approvals')")
    assert page.errors == []
