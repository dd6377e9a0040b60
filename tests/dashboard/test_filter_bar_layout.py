"""The filter bar at a laptop's 1440 px and a desktop's 1920 px: one compact row, each dropdown no wider
than its content needs (never stretched across a wide screen), the view's toggles at the row's right end,
and several values picked said as a count, not as a name cut short."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

REM = 16  # px
MOST = {"year": 6.8 * REM, "sector": 12 * REM, "country": 12 * REM, "level": 12 * REM, "partner": 15 * REM}


def settle(p) -> None:
    p.wait_for_selector("#f-partner")
    p.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width, height", [(1440, 900), (1920, 1080)])
@pytest.mark.parametrize("lang", ["th", "en"])
def test_one_compact_row_at_a_laptop_and_a_desktop(server, page, lang, width, height):
    p = page.page
    p.set_viewport_size({"width": width, "height": height})
    p.goto(f"{server}/agreements?lang={lang}&partner=jp-kanagawa&partner=jp-yokohama")
    settle(p)
    boxes = p.locator("#filter-bar .filter-row > *").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {cls: e.className, left: r.left, right: r.right, bottom: r.bottom, width: r.width}; })"
    )
    bottoms = [b["bottom"] for b in boxes]
    assert max(bottoms) - min(bottoms) <= 12, boxes  # one row
    fields = {name: b for b in boxes for name in MOST if f"field-{name}" in b["cls"]}
    assert set(fields) == set(MOST)
    for name, b in fields.items():
        assert b["width"] <= MOST[name] + 1, (name, b)  # no wider than its most, at any width
        assert b["width"] >= 5 * REM, (name, b)  # and wide enough to read "All" and a count
    toggles = next(b for b in boxes if "field-lang" in b["cls"])
    last = max(b["right"] for b in fields.values())
    if width >= 1920:  # the room left over lies between the filters and the view's toggles, not in the dropdowns
        assert all(abs(b["width"] - MOST[n]) <= 1 for n, b in fields.items() if n != "year"), fields
        assert toggles["left"] - last > 100
    reset = next(b for b in boxes if "reset" in b["cls"])
    assert reset["right"] <= width  # the row ends inside the window
    # Two partners picked: the dropdown says how many; the chips below name them.
    shown = p.locator("#f-partner").inner_text().strip()
    assert ("2" in shown or "๒" in shown) and "Kanagawa" not in shown and "คานากาวะ" not in shown, shown
    assert page.errors == []


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_header_is_one_row_at_a_laptop(server, page, lang):
    """The app's name, the page links and who is signed in on one row at 1440 px (Thai page names are long)."""
    p = page.page
    p.set_viewport_size({"width": 1440, "height": 900})
    p.goto(f"{server}/data?lang={lang}")
    p.wait_for_selector(".header .nav")
    tops = p.locator(".header > *").evaluate_all("els => els.map(e => e.getBoundingClientRect().top)")
    heights = p.locator(".header > *").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert max(tops) < min(t + h for t, h in zip(tops, heights, strict=True)), (tops, heights)  # side by side
    assert p.locator(".header").bounding_box()["height"] < 64


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_picked_year_shows_whole_beside_its_clear_button(server, page, lang):
    """A year picked reads whole ("2567", not "25..."), and the middle of the field opens its list rather
    than clearing it: the field is wide enough for the year, the clear button and the caret, still in one row
    at 1366 px."""
    p = page.page
    p.set_viewport_size({"width": 1366, "height": 900})
    p.goto(f"{server}/investment?lang={lang}&year_from=2016&year_to=2024")
    settle(p)
    for field, year in (("f-year_from", "2559"), ("f-year_to", "2567")):
        value = p.locator(f"#{field} .dash-dropdown-value")
        assert value.inner_text().strip() == year
        assert value.evaluate("e => e.scrollWidth <= e.clientWidth"), field  # not cut short
    bottoms = p.locator("#filter-bar .filter-row > *").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().bottom)"
    )
    assert max(bottoms) - min(bottoms) <= 12  # one row
    p.locator("#f-year_to").click()
    p.wait_for_selector(".dash-dropdown-search")
    assert "year_to=2024" in p.url  # opened, not cleared
    assert page.errors == []
