"""Every page, in Thai and in English, checked by axe-core in Chromium: no serious or critical violation;
each chart a <figure> named by its heading, with a sentence of what it draws, its toolbar on demand."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PAGES = [
    "/",
    "/agreements",
    "/delegations",
    "/investment",
    "/partners",
    "/partners?partner=jp-kanagawa",
    "/data",
    "/sql",
]


def settle(p) -> None:
    p.wait_for_selector("#content")
    p.wait_for_load_state("networkidle")


def axe(p) -> list[dict]:
    p.add_script_tag(path=str(AXE))
    return p.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]


def serious(violations: list[dict]) -> list[str]:
    return [
        f"{v['impact']} {v['id']}: {n['target']} {n['html'][:160]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
        for n in v["nodes"]
    ]


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violation(server, page, path, lang):
    p = page.page
    p.set_viewport_size({"width": 1440, "height": 900})
    p.goto(f"{server}{path}{'&' if '?' in path else '?'}lang={lang}")
    settle(p)
    assert serious(axe(p)) == []


@pytest.mark.parametrize("lang", ["th", "en"])
def test_each_chart_is_a_named_figure_with_a_summary_and_its_title_once(server, page, lang):
    p = page.page
    p.goto(f"{server}/agreements?lang={lang}&era=ce")
    settle(p)
    p.wait_for_selector("#ag-by-year .main-svg")
    cards = p.locator("figure.chart-card")
    assert cards.count() == 3
    for i in range(cards.count()):
        card = cards.nth(i)
        heading = card.locator("h3.chart-title")
        assert heading.inner_text().strip()
        assert card.get_attribute("aria-labelledby") == heading.get_attribute("id")
        assert card.locator("figcaption .chart-summary").inner_text().strip()
        assert card.locator(".gtitle").evaluate_all("els => els.map(e => e.textContent.trim()).join('')") == ""
    summary = p.locator("#ag-by-level-summary").inner_text()
    # The largest bar of the partner-level chart, its number as drawn: 5 local-government agreements.
    assert ("Local government" if lang == "en" else "รัฐบาลท้องถิ่น") in summary and "5" in summary
    assert page.errors == []


def test_the_toolbar_shows_on_demand_and_tab_skips_it(server, page):
    p = page.page
    p.goto(f"{server}/agreements?lang=en")
    settle(p)
    p.wait_for_selector("#ag-by-year .main-svg")
    buttons = p.locator("#ag-by-year .modebar-btn")
    assert buttons.count() <= 2  # the image and the zoom reset
    focusable = p.evaluate(
        "[...document.querySelectorAll('.modebar a, .modebar button')]"
        ".filter(e => e.tabIndex >= 0 && getComputedStyle(e).visibility === 'visible').length"
    )
    assert focusable == 0


def test_each_dropdown_is_one_tab_stop_named_by_its_label(server, page):
    p = page.page
    p.goto(f"{server}/?lang=en")
    settle(p)
    p.wait_for_selector("#f-level[tabindex='0']")
    assert p.locator(".dash-dropdown-focus-target:not([inert])").count() == 0
    p.locator("#nav-data").focus()
    stops = []
    for _ in range(30):
        p.keyboard.press("Tab")
        stops.append(p.evaluate("document.activeElement.id"))
        if stops[-1] == "f-level":
            break
    assert [s for s in stops if s.startswith("f-")] == [
        "f-year_from", "f-year_to", "f-sector", "f-country", "f-partner", "f-level"
    ]  # fmt: skip
    labelled = p.locator("#f-level").get_attribute("aria-labelledby").split()
    assert p.locator(f"#{labelled[0]}").inner_text() == "Partner level"
    p.keyboard.press("Enter")
    p.wait_for_selector("#f-level[aria-expanded='true']")
    assert page.errors == []
