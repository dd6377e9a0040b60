"""The drill-down panel: a click on a mark opens its records beside the chart, named in the URL (`drill=`)."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard import drill, views
from dashboard.filters import Filters, parse
from tests.dashboard.conftest import show

# -- the URL: drill=<chart id>:<mark key> ----------------------------------------------------------


def test_drill_is_read_from_the_url_and_a_malformed_value_is_named():
    f = parse("?lang=en&drill=ag-by-year:type=MOU;year=2019")
    assert f.drill == "ag-by-year:type=MOU;year=2019" and f.notices == ()
    for bad in ("ag-by-year", "AG:type=MOU", "ag-by-year:type", "ag-by-year:Type=MOU", "x" * 700):
        got = parse(f"?lang=en&drill={bad}")
        assert got.drill is None and [n.name for n in got.notices] == ["drill"], bad


def test_the_same_view_keeps_the_mark_and_a_link_elsewhere_leaves_it_out():
    f = parse("?lang=en&drill=ag-by-year:type=MOU;year=2019")
    assert "drill=ag-by-year:type=MOU;year=2019" in f.query_string(lang="th", era="ce", sector=())
    assert "drill=" not in f.query_string()  # nav links, exports
    assert "drill=" not in f.query_string(sector=("AUTO",))  # other filters: other marks
    assert "drill=" not in f.query_string(drill=None)
    again = parse(f.query_string(drill="iv-value:series=;stage=application;year=2019"))
    assert again.drill == "iv-value:series=;stage=application;year=2019"


def test_a_mark_key_survives_any_value():
    odd = json.dumps({"key": "a;b=c:d%e ก", "year": 2019, "full_year": True, "series": ""})
    value = drill.url_value("iv-partner", odd)
    f = parse(Filters(lang="en").query_string(drill=value))
    chart, key = drill.split(f.drill)
    assert chart == "iv-partner" and key == drill.mark_key(odd)


@pytest.fixture(scope="module")
def app_warehouse(app_client):
    from dashboard import context

    return context.get().warehouse


def test_every_drillable_mark_is_found_again_from_its_url(app_warehouse):
    for lang in ("th", "en"):
        f = Filters(lang=lang, era="be")
        for page in ("overview", "agreements", "delegations", "investment"):
            frames, _ = views.load(app_warehouse, views.PAGES[page], f)
            for chart in views.PAGES[page]:
                m = chart.marks(frames, f)
                for row in m.frame.iter_rows(named=True):
                    back = parse(f.query_string(drill=drill.url_value(chart.id, row["drill"])))
                    cid, key = drill.split(back.drill)
                    assert cid == chart.id and drill.find(m, key)["drill"] == row["drill"]


def test_a_title_names_the_mark_and_its_own_number_in_the_view_language(app_warehouse):
    for lang, unit in (("en", "agreements"), ("th", "ฉบับ")):
        f = Filters(lang=lang, era="be")
        chart = views.CHARTS["ag-by-year"]
        m = chart.marks(views.load(app_warehouse, [chart], f)[0], f)
        row = max(m.frame.iter_rows(named=True), key=lambda r: r["y"])
        title = drill.mark_title(m, row, "agreements", lang)
        assert title == f"{row['series']} · {row['x']}: {int(row['y'])} {unit}"
        assert re.fullmatch(r".+ · 25\d\d: \d+ .+", title)  # BE years


# -- in Chromium -----------------------------------------------------------------------------------

VIEW = {"width": 1440, "height": 900}


def settle(p, selector: str) -> None:
    if selector.endswith(".bars path"):  # a chart's bars: the chart in view, where it is drawn
        show(p, selector.split()[0].removeprefix("#"))
    p.wait_for_selector(selector)
    p.wait_for_load_state("networkidle")


def click_mark(p, chart: str, pick=max) -> None:
    """Click a bar of `chart`: by default the widest (horizontal) or tallest."""
    bars = p.locator(f"#{chart} .bars path").all()
    bars[0].scroll_into_view_if_needed()
    boxes = [b.bounding_box() for b in bars]
    box = pick((b for b in boxes if b and b["width"] > 1 and b["height"] > 1), key=lambda b: b["width"] * b["height"])
    p.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def panel_open(p) -> None:
    p.wait_for_selector("#drill-panel:not([hidden]) #drill-records .ag-row")


def highlighted(p, chart: str) -> list:
    """The selected points of each trace of the chart (None: nothing highlighted)."""
    return p.evaluate(
        f"[...document.querySelector('#{chart} .js-plotly-plot').data].map(t => t.selectedpoints ?? null)"
    )


def in_view(box: dict) -> bool:
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= VIEW["width"] + 1 and (
        box["y"] + box["height"] <= VIEW["height"] + 1)  # fmt: skip


@pytest.mark.browser
def test_a_click_opens_the_panel_beside_the_chart_and_a_link_reopens_it(server, page):
    p = page.page
    p.set_viewport_size(VIEW)
    p.goto(f"{server}/agreements?lang=en&era=ce")
    settle(p, "#ag-by-level .bars path")
    assert p.locator("#drill-panel").is_hidden()
    click_mark(p, "ag-by-level")  # local government: 5 agreements
    panel_open(p)
    assert p.locator("#drill-title").inner_text() == "Local government: 5 agreements"
    assert in_view(p.locator("#drill-panel").bounding_box())
    chart, panel_box = p.locator("#ag-by-level").bounding_box(), p.locator("#drill-panel").bounding_box()
    assert chart["x"] + chart["width"] <= panel_box["x"] + 1  # beside it
    p.wait_for_function("""() => { const r = document.getElementById('ag-by-level-card').getBoundingClientRect();
                                   return r.top >= 0 && r.bottom <= window.innerHeight; }""")  # the whole card in view
    # The charts beside the panel keep the width their legends and labels are laid out for (480 px of plot).
    plots = p.locator(".js-plotly-plot").evaluate_all("els => els.map(e => e.getBoundingClientRect().width)")
    assert plots and min(plots) >= 480, plots
    panel = p.locator("#drill-panel")
    assert panel.get_attribute("role") == "dialog" and panel.get_attribute("aria-labelledby") == "drill-title"
    p.wait_for_function("document.activeElement && document.activeElement.id === 'drill-panel'")
    assert re.search(r"[?&]drill=ag-by-level:level=local_government(&|$)", p.url)
    # the mark picked out in its chart, the others dimmed
    assert [len(s) for s in highlighted(p, "ag-by-level")] == [1]
    # the records: the source first, exactly the mark's number of them
    headers = p.locator("#drill-records .ag-header-cell").evaluate_all("els => els.map(e => e.getAttribute('col-id'))")
    assert headers[0] == "source_url"
    partners = p.locator("#drill-records .ag-center-cols-container .ag-row [col-id=partner]").all_inner_texts()
    assert len(partners) == 5 and sorted(set(partners)) == ["City of Yokohama", "Kanagawa Prefecture"]
    assert p.locator("#drill-listed").inner_text() == "5 records listed, each with its source"
    # a copied link reopens the same panel on the same records
    link = p.url
    p.goto("about:blank")
    p.goto(link)
    panel_open(p)
    assert p.locator("#drill-title").inner_text() == "Local government: 5 agreements"
    again = p.locator("#drill-records .ag-center-cols-container .ag-row [col-id=partner]").all_inner_texts()
    assert sorted(again) == sorted(partners)
    assert any(s for s in highlighted(p, "ag-by-level"))
    # Esc closes it, takes drill= out of the URL and gives focus back to the chart
    p.wait_for_function("document.activeElement && document.activeElement.id === 'drill-panel'")
    p.keyboard.press("Escape")
    p.wait_for_function("!location.search.includes('drill=')")
    p.wait_for_selector("#drill-panel[hidden]", state="attached")
    p.wait_for_function("document.activeElement && document.activeElement.id === 'ag-by-level'")
    assert not any(highlighted(p, "ag-by-level"))
    # back reopens it, forward closes it again
    p.go_back()
    p.wait_for_function("location.search.includes('drill=ag-by-level')")
    panel_open(p)
    p.go_forward()
    p.wait_for_function("!location.search.includes('drill=')")
    p.wait_for_selector("#drill-panel[hidden]", state="attached")
    assert page.errors == []


@pytest.mark.browser
def test_the_close_button_closes_the_panel_and_the_thai_view_titles_it_in_thai(server, page):
    p = page.page
    p.set_viewport_size(VIEW)
    p.goto(f"{server}/agreements?lang=th&era=be")
    settle(p, "#ag-by-year .bars path")
    click_mark(p, "ag-by-year")
    panel_open(p)
    title = p.locator("#drill-title").inner_text()
    assert re.fullmatch(r".+ · 25\d\d: \d+ ฉบับ", title), title
    n = int(title.split(": ")[1].split()[0])
    rows = p.locator("#drill-records .ag-center-cols-container .ag-row").count()
    assert rows == n  # a count of records: the records listed are that many
    assert p.locator("#drill-close").get_attribute("aria-label") == "ปิด"
    assert in_view(p.locator("#drill-panel").bounding_box())
    p.locator("#drill-close").click()
    p.wait_for_function("!location.search.includes('drill=')")
    p.wait_for_selector("#drill-panel[hidden]", state="attached")
    assert page.errors == []


@pytest.mark.browser
def test_a_link_to_a_mark_the_view_does_not_hold_says_so(server, page):
    p = page.page
    p.goto(f"{server}/agreements?lang=en&drill=ag-by-year:type=MOU;year=1901")
    settle(p, "#drill-gone")
    assert "not in this view" in p.locator("#drill-gone").inner_text()
    assert p.locator("#drill-panel").is_hidden()
    p.goto(f"{server}/agreements?lang=en&drill=nonsense")
    settle(p, "#notices .notice")
    assert "drill=nonsense" in p.locator("#notices").inner_text()
    assert page.errors == []


def _number(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.mark.browser
@pytest.mark.parametrize("chart", ["iv-value", "iv-partner"])
def test_a_sum_of_figures_lists_the_figures_it_adds_up(shipped_server, page, chart):
    p = page.page
    p.set_viewport_size(VIEW)
    p.goto(f"{shipped_server}/investment?lang=en&era=ce")
    settle(p, f"#{chart} .bars path")
    click_mark(p, chart)
    panel_open(p)
    # the mark's own number, from the drawn chart: the highlighted point's y (x on horizontal bars)
    y = p.evaluate(
        f"""(() => {{ const gd = document.querySelector('#{chart} .js-plotly-plot');
        for (const t of gd.data) {{ if (t.selectedpoints && t.selectedpoints.length) {{
          const i = t.selectedpoints[0]; return t.orientation === 'h' ? t.x[i] : t.y[i]; }} }} return null; }})()"""
    )
    title = p.locator("#drill-title").inner_text()
    assert title.endswith(" THB million") and f"{y:,.1f}" in title
    assert "adds up" in p.locator("#drill-adds").inner_text()  # a sum says so, as the chart's hover does
    values = p.locator("#drill-records .ag-center-cols-container .ag-row [col-id=value_thb_million]").all_inner_texts()
    assert sum(_number(v) for v in values) == pytest.approx(y)
    query = parse_qs(urlsplit(p.url).query)
    assert query["drill"][0].startswith(f"{chart}:")
    assert page.errors == []
