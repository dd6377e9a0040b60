"""The Thai view is Thai: every page drawn in Chromium with ?lang=th shows no English word of the
interface that has a Thai string (dashboard/i18n/strings.py), nor the grid's, the charts' or the
dropdowns' own English, in its text, tooltips (`title`, plotly's `data-title`), `aria-label`s and
placeholders; the document says its language and names the page in it.

Data is not interface: names a source gives only in English (a Thai party, a city abroad, an event)
stay as they are, so an English word is looked for as a whole text (an element's text, an attribute's
value), never inside another text.
"""

from __future__ import annotations

import re
import string

import pytest

from dashboard.i18n import STRINGS
from dashboard.i18n.strings import LATIN_ONLY_IN_THAI
from dashboard.i18n.widgets import DROPDOWN_TH, GRID_TH, PLOTLY_TH

pytestmark = pytest.mark.browser

PAGES = ["/", "/agreements", "/delegations", "/investment", "/partners", "/data", "/sql"]
LETTERS = re.compile(r"[A-Za-z]{2,}")

# The English the libraries write themselves, where the Thai tables replace it.
GRID_EN = {
    "loadingOoo": "Loading...", "noRowsToShow": "No Rows To Show", "page": "Page", "of": "of", "to": "to",
    "more": "more", "nextPage": "Next Page", "lastPage": "Last Page", "firstPage": "First Page",
    "previousPage": "Previous Page", "pageSizeSelectorLabel": "Page Size:", "ariaPageSizeSelectorLabel": "Page Size",
    "filterOoo": "Filter...", "equals": "Equals", "notEqual": "Does not equal", "contains": "Contains",
    "notContains": "Does not contain", "startsWith": "Begins with", "endsWith": "Ends with", "blank": "Blank",
    "notBlank": "Not blank", "andCondition": "AND", "orCondition": "OR", "ariaFilterMenuOpen": "Open Filter Menu",
    "ariaLabelColumnMenu": "Column Menu", "ariaLabelColumnFilter": "Column Filter", "ariaFilterValue": "Filter Value",
    "ariaFilteringOperator": "Filtering Operator", "ariaSortableColumn": "Press ENTER to sort",
    "ariaMenuColumn": "Press ALT DOWN to open column menu", "ariaFilterColumn": "Press CTRL ENTER to open filter",
    "ariaColumn": "Column", "ariaLabelDialog": "Dialog", "ariaChecked": "checked", "ariaUnchecked": "unchecked",
}  # fmt: skip
DROPDOWN_EN = {
    "select_all": "Select All", "deselect_all": "Deselect All", "selected_count": "{num_selected} selected",
    "search": "Search", "clear_search": "Clear search", "clear_selection": "Clear selection",
    "no_options_found": "No options found",
}  # fmt: skip


def pattern(text: str) -> re.Pattern:
    """An English string as a whole text: its `{placeholders}` stand for anything."""
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(text):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(".+?")
    return re.compile("".join(parts))


def telling(text: str) -> bool:
    """An English string that cannot be data: one with words of its own, its longest run between
    placeholders two words at least when it has placeholders ("{a} and {b}" would match any name with "and")."""
    runs = [literal for literal, *_ in string.Formatter().parse(text)]
    if len(runs) == 1 and "{" not in text:
        return bool(LETTERS.search(text))
    return max(len(LETTERS.findall(r)) for r in runs) >= 2


def english_words() -> dict[str, re.Pattern]:
    """Where each English text comes from -> its pattern: the interface's strings that Thai says otherwise,
    and the grid's, plotly's and the dropdowns' own."""
    en, th = STRINGS["en"], STRINGS["th"]
    words = {f"strings.py {k}": pattern(v) for k, v in en.items() if th[k] != v and k not in LATIN_ONLY_IN_THAI
             and telling(v)}  # fmt: skip
    assert set(GRID_EN) <= set(GRID_TH) and set(DROPDOWN_EN) == set(DROPDOWN_TH)
    words |= {f"AG Grid {k}": pattern(v) for k, v in GRID_EN.items()}
    words |= {f"plotly.js {k!r}": re.compile(re.escape(k)) for k in PLOTLY_TH["dictionary"]}
    words |= {f"dcc.Dropdown {k}": pattern(v) for k, v in DROPDOWN_EN.items()}
    return words


WORDS = english_words()

# Every text the page shows or says: text nodes, tooltips, aria labels, placeholders, the tab's title.
SHOWN = """() => {
  const where = (el) => el.id ? '#' + el.id : (el.className && el.className.baseVal === undefined ? '.' +
      String(el.className).split(' ')[0] : el.tagName.toLowerCase());
  const out = [['document.title', document.title, 'head']];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const n = walker.currentNode, p = n.parentElement;
    if (!p || p.closest('script, style, noscript, code, pre, textarea')) continue;  // code is not language
    const s = n.textContent.replace(/\\s+/g, ' ').trim();
    if (s) out.push(['text', s, where(p)]);
  }
  for (const a of ['title', 'aria-label', 'placeholder', 'data-title', 'alt']) {
    for (const el of document.querySelectorAll('[' + a + ']')) {
      const v = (el.getAttribute(a) || '').replace(/\\s+/g, ' ').trim();
      if (v) out.push([a, v, where(el)]);
    }
  }
  return out;
}"""


def english_shown(p) -> list[str]:
    found = []
    for kind, text, where in p.evaluate(SHOWN):
        for source, pat in WORDS.items():
            if pat.fullmatch(text):
                found.append(f"{kind} {text!r} at {where} ({source})")
    return sorted(set(found))


def draw(p, url: str) -> None:
    p.goto(url)
    p.wait_for_selector("#page-shell", timeout=30_000)
    p.wait_for_load_state("networkidle")
    for _ in range(8):  # grids below the fold draw once scrolled to
        p.mouse.wheel(0, 900)
        p.wait_for_timeout(150)
    p.wait_for_load_state("networkidle")


def scan(p) -> list[str]:
    """The English shown as drawn, with a dropdown open (its search and buttons), and with a grid's filter
    menu open."""
    found = english_shown(p)
    p.click("#f-sector")
    p.wait_for_selector(".dash-dropdown-search", timeout=5_000)
    found += english_shown(p)
    p.keyboard.press("Escape")
    filter_button = p.locator(".ag-header-cell-filter-button, .ag-header-cell-menu-button").first
    if filter_button.count():
        filter_button.scroll_into_view_if_needed()
        filter_button.click(force=True)
        p.wait_for_selector(".ag-popup-child", timeout=5_000)
        found += english_shown(p)
        p.keyboard.press("Escape")
    return sorted(set(found))


@pytest.mark.parametrize("path", PAGES)
def test_the_thai_view_shows_no_english_interface_word(server, page, path):
    p = page.page
    draw(p, f"{server}{path}?lang=th&era=be")
    assert scan(p) == []
    assert p.evaluate("document.documentElement.lang") == "th"
    assert re.search(r"[\u0e00-\u0e7f]", p.title())
    assert page.errors == []


def test_a_partner_profile_and_the_audit_trail_in_thai(server, page):
    p = page.page
    draw(p, f"{server}/partners?lang=th&era=be&partner=jp-kanagawa")
    assert p.locator(".ag-root").count() > 0
    assert scan(p) == []
    assert p.request.get(f"{server}/export/data/agreements.csv?lang=th").ok  # an export: an event in the trail
    # a query the guard refuses and one DuckDB cannot run: outcomes other than ok in the trail, whatever ran before
    assert p.request.get(f"{server}/api/sql", params={"sql": "DROP TABLE fact_agreement"}).status >= 400
    assert p.request.get(f"{server}/api/sql", params={"sql": "SELECT no_such_column FROM fact_agreement"}).status >= 400
    draw(p, f"{server}/data?lang=th&era=be")
    p.click("#admin-audit-show")
    p.wait_for_selector("#admin-audit-grid .ag-row", timeout=20_000)
    assert english_shown(p) == []
    outcomes = set(p.locator("#admin-audit-grid .ag-row [col-id='outcome']").all_inner_texts())
    events = set(p.locator("#admin-audit-grid .ag-row [col-id='event']").all_inner_texts())
    assert {"ถูกปฏิเสธ", "ผิดพลาด"} & outcomes and "ส่งออก" in events, (outcomes, events)
    times = p.locator("#admin-audit-grid .ag-row [col-id='time']").all_inner_texts()
    assert times and all(re.fullmatch(r"\d{1,2} \S+ 25\d\d \d\d:\d\d:\d\d", x) for x in times), times


def test_dates_on_the_data_page_follow_the_language_and_era(server, page):
    p = page.page
    draw(p, f"{server}/data?lang=th&era=be")
    loaded = p.locator("#dt-loads .ag-row [col-id='loaded_at']").all_inner_texts()
    assert loaded and all(re.fullmatch(r"\d{1,2} [ก-๙.]+ 25\d\d \d\d:\d\d", x) for x in loaded), loaded
    assert re.fullmatch(r"ข้อมูล ณ วันที่ \d{1,2} [ก-๙.]+ 25\d\d", p.inner_text("#content > p.notice"))
    notes = [x for x in p.locator("#dt-notes .ag-row [col-id='as_of']").all_inner_texts() if x]
    assert all(re.search(r"\b25\d\d$", x) for x in notes), notes
    draw(p, f"{server}/data?lang=en&era=ce")
    loaded = p.locator("#dt-loads .ag-row [col-id='loaded_at']").all_inner_texts()
    assert loaded and all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} 20\d\d \d\d:\d\d", x) for x in loaded), loaded


def test_records_grids_name_sectors_in_the_view_language(server, page):
    p = page.page
    for lang, script in (("th", r"[\u0e00-\u0e7f]"), ("en", r"[A-Za-z]")):
        draw(p, f"{server}/agreements?lang={lang}")
        cells = [c for c in p.locator("#ag-records .ag-row [col-id='sectors']").all_inner_texts() if c]
        assert cells, "no agreement in the test data names a sector"
        assert all(re.search(script, c) and not re.fullmatch(r"[A-Z_]+(, [A-Z_]+)*", c) for c in cells), cells


def test_the_document_says_its_language_and_page_and_follows_a_switch(server, page):
    p = page.page
    draw(p, f"{server}/agreements?lang=en")
    assert p.evaluate("document.documentElement.lang") == "en"
    assert p.title() == "Agreements – Thailand bilateral industrial cooperation"
    p.click("#f-lang-th")
    p.wait_for_function("document.documentElement.lang === 'th'")
    p.wait_for_function("document.title.startsWith('ความตกลงความร่วมมือ')")


def test_the_scan_finds_the_english_of_the_english_view(server, page):
    """The same scan on the English view finds the interface's, the grid's and plotly's English."""
    p = page.page
    draw(p, f"{server}/agreements?lang=en")
    sources = {line.rsplit("(", 1)[1] for line in scan(p)}
    assert {"AG Grid pageSizeSelectorLabel)", "plotly.js 'Download plot as a PNG')", "strings.py page.agreements)",
            "dcc.Dropdown search)"} <= sources, sources  # fmt: skip
