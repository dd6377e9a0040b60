"""The SQL page's editor, tabs, history, saved queries, chart and plan in a real headless Chromium, in
Thai and in English, served by the real dashboard (tests/dashboard/conftest.py)."""

from __future__ import annotations

import io
import json
import os
import sys
import urllib.parse
from pathlib import Path

import duckdb
import pytest
from pptx import Presentation

from tests.conftest import ROOT
from tests.dashboard.conftest import free_port, started
from tests.dashboard.test_accessibility import axe, serious

pytestmark = pytest.mark.browser

WORDS = {
    "th": {"rows": "จำนวน 1 แถว", "at": "(บรรทัดที่ 2 ตำแหน่งที่ 3)", "plan": "แผนการประมวลผล", "repeat": "เหมือนกัน"},
    "en": {"rows": "Rows: 1,", "at": "(line 2, column 3)", "plan": "Plan", "repeat": "both have"},
}
CHART_SQL = "SELECT year_be, agreement_type, count(*) AS n FROM agreements GROUP BY ALL ORDER BY ALL"


def open_page(p, server: str, lang: str, extra: str = "") -> None:
    p.goto(f"{server}/sql?lang={lang}{extra}")
    p.wait_for_selector("#sql-editor-cm .cm-content")
    p.wait_for_load_state("networkidle")


def clear(p) -> None:
    p.locator("#sql-editor-cm .cm-content").click()
    p.keyboard.press("Control+a")
    p.keyboard.press("Backspace")


def typed(p, sql: str) -> None:
    clear(p)
    p.keyboard.insert_text(sql)
    p.wait_for_function(f"document.querySelector('#sql-editor').value === {json.dumps(sql)}")


def show_chart(p) -> None:
    """Bring the result's chart into view: it is drawn as it comes into view, as a page's charts. It is put on
    the page with the result, and dcc.Graph's stand-in gives way once its chunk is there."""
    p.wait_for_selector("#sqled-graph:not(.dash-graph--pending)", state="attached")
    p.locator("#sqled-graph").scroll_into_view_if_needed()


def editor_text(p) -> str:
    return p.evaluate("document.querySelector('#sql-editor').value")


def direct(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_thai_typed_into_the_editor_is_the_query_that_runs(server, page, lang):
    """Thai with vowels above and below and tone marks, committed whole (as an input method does) and
    typed one code point at a time (as a Kedmanee keyboard sends them), in a literal and a comment."""
    p = page.page
    open_page(p, server, lang)
    clear(p)
    p.keyboard.insert_text("SELECT 'น้ำใจ ผู้ใหญ่' AS a, ")
    p.keyboard.type("'ก็ไม่ได้ที่นี่' AS b -- หมายเหตุ ภาษาไทย")
    want = "SELECT 'น้ำใจ ผู้ใหญ่' AS a, 'ก็ไม่ได้ที่นี่' AS b -- หมายเหตุ ภาษาไทย"
    p.wait_for_function(f"document.querySelector('#sql-editor').value === {json.dumps(want)}")
    p.keyboard.press("Control+Enter")  # runs, and inserts no line
    p.wait_for_selector("#sql-grid .ag-row")
    assert p.locator("#sql-grid .ag-row [col-id=c0]").inner_text() == "น้ำใจ ผู้ใหญ่"
    assert p.locator("#sql-grid .ag-row [col-id=c1]").inner_text() == "ก็ไม่ได้ที่นี่"
    assert editor_text(p) == want and p.locator("#sql-status").inner_text().startswith(WORDS[lang]["rows"])
    p.wait_for_function(f"new URLSearchParams(location.search).get('sql') === {json.dumps(want)}")
    p.wait_for_function("document.querySelector('#sqled-history').innerText.includes('ก็ไม่ได้ที่นี่')")
    assert page.errors == [] and page.off_machine() == []


def test_completion_offers_keywords_tables_and_a_views_columns_with_their_comments(server, page, mixed_warehouse):
    p = page.page
    open_page(p, server, "en")
    [(col_comment,)] = direct(
        mixed_warehouse,
        "SELECT comment FROM duckdb_columns() WHERE table_name = 'agreements' AND column_name = 'year_be'",
    )
    [(view_comment,)] = direct(mixed_warehouse, "SELECT comment FROM duckdb_views() WHERE view_name = 'agreements'")
    clear(p)
    p.keyboard.type("SELECT agreements.year_")
    p.wait_for_selector(".cm-tooltip-autocomplete li")
    labels = p.locator(".cm-tooltip-autocomplete li .cm-completionLabel").all_inner_texts()
    assert "year_be" in labels, labels
    p.wait_for_selector(".cm-completionInfo")
    p.wait_for_function(f"document.querySelector('.cm-completionInfo').innerText === {json.dumps(col_comment)}")
    p.keyboard.press("Escape")
    clear(p)
    p.keyboard.type("SELECT * FROM agreem")
    p.keyboard.press("Control+Space")
    p.wait_for_selector(".cm-tooltip-autocomplete li")
    assert "agreements" in p.locator(".cm-tooltip-autocomplete .cm-completionLabel").all_inner_texts()
    p.wait_for_function(f"document.querySelector('.cm-completionInfo').innerText === {json.dumps(view_comment)}")
    p.wait_for_timeout(300)  # the editor takes Enter as "accept" only after the list has shown a moment
    p.keyboard.press("Enter")  # takes the completion
    assert editor_text(p) == "SELECT * FROM agreements"
    clear(p)
    p.keyboard.type("sele")
    p.keyboard.press("Control+Space")
    p.wait_for_selector(".cm-tooltip-autocomplete li")
    assert "SELECT" in p.locator(".cm-tooltip-autocomplete .cm-completionLabel").all_inner_texts()
    assert page.errors == []


@pytest.mark.parametrize("lang", ["th", "en"])
def test_formatting_lays_the_query_out_and_it_answers_the_same(server, page, mixed_warehouse, lang):
    p = page.page
    open_page(p, server, lang)
    sql = "select year_be,count(*) as n from agreements where coalesce(title_th,'') <> 'ไม่มี' group by all order by 1"
    typed(p, sql)
    p.locator("#sqled-format").click()
    p.wait_for_function("document.querySelector('#sql-editor').value.includes('\\n')")
    text = editor_text(p)
    assert text.startswith("SELECT") and "GROUP BY ALL" in text and "'ไม่มี'" in text and text.count("\n") >= 4
    p.locator("#sql-run").click()
    rows = direct(mixed_warehouse, sql)
    p.wait_for_function(f"document.querySelectorAll('#sql-grid .ag-row').length === {len(rows)}")
    assert rows and page.errors == []


@pytest.mark.parametrize("lang", ["th", "en"])
def test_an_error_is_shown_at_duckdbs_line_and_column(server, page, lang):
    p = page.page
    open_page(p, server, lang)
    typed(p, "SELECT year_be,\n  nope\nFROM agreements")
    p.locator("#sql-run").click()
    p.wait_for_selector("#sql-error-text")
    assert WORDS[lang]["at"] in p.locator("#sql-error-text").inner_text()
    p.wait_for_selector("#sql-editor-cm .cm-lintRange-error")
    assert p.locator("#sql-editor-cm .cm-lintRange-error").inner_text() == "nope"
    typed(p, "SELECT 1")  # editing clears the mark
    assert p.locator("#sql-editor-cm .cm-lintRange-error").count() == 0


@pytest.mark.parametrize("lang", ["th", "en"])
def test_explain_shows_the_plan_as_a_tree(server, page, lang):
    p = page.page
    open_page(p, server, lang)
    typed(p, "SELECT year_be, count(*) AS n FROM agreements WHERE year_be > 2550 GROUP BY ALL")
    p.locator("#sqled-explain").click()
    p.wait_for_selector("#sqled-plan-tree [role=treeitem]")
    tree = p.locator("#sqled-plan-tree")
    assert tree.locator("h2").inner_text() == WORDS[lang]["plan"]
    names = tree.locator("[role=treeitem] > strong").all_inner_texts()
    assert len(names) >= 3 and any("SCAN" in n for n in names) and any("GROUP BY" in n for n in names), names
    assert tree.locator("[role=treeitem] [role=treeitem]").count() >= 2  # nested: an operator and its inputs
    assert page.errors == []


def pick(p, dropdown: str, label: str) -> None:
    p.locator(f"#{dropdown}").click()
    p.get_by_role("option", name=label, exact=True).click()


def plotted(p) -> list[tuple]:
    data = p.evaluate(
        "Array.from(document.querySelector('#sqled-graph .js-plotly-plot').data)"
        ".map(t => ({name: t.name, x: Array.from(t.x), y: Array.from(t.y)}))"
    )
    return sorted((d["name"], x, y) for d in data for x, y in zip(d["x"], d["y"], strict=True))


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_chart_of_the_result_draws_its_numbers_and_downloads(server, page, mixed_warehouse, lang):
    p = page.page
    open_page(p, server, lang)
    typed(p, CHART_SQL)
    p.keyboard.press("Control+Enter")
    p.wait_for_selector("#sqled-chart:not([hidden])")
    # x year_be and y n picked first: two types in one year are two rows at one x, which the chart refuses
    p.wait_for_selector("#sqled-chart-message")
    assert WORDS[lang]["repeat"] in p.locator("#sqled-chart-message").inner_text()
    pick(p, "sqled-series", "agreement_type")
    show_chart(p)
    p.wait_for_selector("#sqled-graph .js-plotly-plot .bars")
    rows = direct(mixed_warehouse, CHART_SQL)
    assert plotted(p) == sorted((str(t), str(y), n) for y, t, n in rows)
    pick(p, "sqled-kind", "เส้น" if lang == "th" else "Lines")
    p.wait_for_selector("#sqled-graph .js-plotly-plot .scatterlayer .trace")
    assert plotted(p) == sorted((str(t), str(y), n) for y, t, n in rows)
    for button, magic in (("sqled-png", b"\x89PNG"), ("sqled-svg", b"<svg")):
        with p.expect_download(timeout=60_000) as d:
            p.locator(f"#{button}").click()
        assert magic in Path(d.value.path()).read_bytes()[:200]
    with p.expect_download(timeout=60_000) as d:
        p.locator("#sqled-slide").click()
    [slide] = Presentation(io.BytesIO(Path(d.value.path()).read_bytes())).slides
    assert CHART_SQL in slide.notes_slide.notes_text_frame.text
    [chart] = [s.chart for s in slide.shapes if s.has_chart]
    drawn = {
        (s.name, c, v) for s in chart.plots[0].series for c, v in zip(chart.plots[0].categories, s.values, strict=True)
    }
    assert {(str(t), str(y), n) for y, t, n in rows} <= drawn
    assert page.errors == []


def test_tabs_keep_several_queries_and_the_url_reopens_a_query_with_its_result(server, page):
    p = page.page
    open_page(p, server, "en")
    first = "SELECT 'first tab' AS which"
    typed(p, first)
    p.keyboard.press("Control+Enter")
    p.wait_for_selector("#sql-grid .ag-row")
    url = p.url
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["sql"] == [first]
    p.locator("#sqled-tab-new").click()
    p.wait_for_function("document.querySelector('#sql-editor').value === ''")
    second = "SELECT 'second tab' AS which"
    typed(p, second)
    # The tab's label follows the editor a callback later.
    p.wait_for_function(
        "[...document.querySelectorAll('#sqled-tabbar button')].some(b => b.innerText.includes('second tab'))"
    )
    labels = p.locator("#sqled-tabbar button").all_inner_texts()
    assert any("first tab" in x for x in labels) and any("second tab" in x for x in labels)
    p.locator("#sqled-tabbar button", has_text="first tab").click()
    p.wait_for_function(f"document.querySelector('#sql-editor').value === {json.dumps(first)}")
    p.locator("#sqled-tabbar button", has_text="second tab").click()
    p.wait_for_function(f"document.querySelector('#sql-editor').value === {json.dumps(second)}")
    # The first query's URL, opened again: the query in its tab, and its answer (this user ran it before).
    other = p.context.new_page()
    other.goto(url)
    other.wait_for_selector("#sql-grid .ag-row")
    assert other.locator("#sql-grid .ag-row [col-id=c0]").inner_text() == "first tab"
    assert other.evaluate("document.querySelector('#sql-editor').value") == first
    # A link from elsewhere to a query never run here opens it without running it.
    never = "SELECT 'from a link' AS x"
    other.goto(f"{server}/sql?lang=en&sql={urllib.parse.quote(never)}")
    other.wait_for_selector("#sql-editor-cm .cm-content")
    other.wait_for_load_state("networkidle")
    assert other.evaluate("document.querySelector('#sql-editor').value") == never
    assert other.locator("#sql-grid .ag-row").count() == 0
    other.locator("#sql-run").click()
    other.wait_for_selector("#sql-grid .ag-row")
    assert page.errors == []


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_query_saved_with_a_thai_name_is_listed_and_opens(server, page, lang):
    p = page.page
    open_page(p, server, lang)
    sql = f"SELECT 'saved {lang}' AS x"
    typed(p, sql)
    name = f"คำสั่งของฉัน {lang}"
    p.locator("#sqled-save-name").fill(name)
    p.locator("#sqled-save-description").fill("จำนวนความตกลงต่อปี and in English")
    pick(p, "sqled-save-shared", "แบ่งปันให้ทุกคน" if lang == "th" else "Share with everyone")
    p.locator("#sqled-save").click()
    p.wait_for_selector("#sqled-save-message")
    assert name in p.locator("#sqled-save-message").inner_text()
    typed(p, "SELECT 0")
    p.locator("#sql-example").click()
    p.get_by_role("option", name=name).first.click()
    p.wait_for_function(f"document.querySelector('#sql-editor').value === {json.dumps(sql)}")
    assert page.errors == []


def test_the_history_survives_a_restart_and_is_searchable(mixed_warehouse, tmp_path, page):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_AUTH_DIR": str(tmp_path / "auth")}
    command = [sys.executable, "-m", "dashboard", "--warehouse", str(mixed_warehouse), "--port", str(port)]
    p = page.page
    base, proc = started(command, env, tmp_path / "first.log", port)
    try:
        open_page(p, base, "th")
        for sql in ("SELECT 'ก่อนเริ่มใหม่' AS x", "SELECT 42 AS answer"):
            typed(p, sql)
            p.keyboard.press("Control+Enter")
            p.wait_for_function(f"document.querySelector('#sqled-history').innerText.includes({json.dumps(sql)})")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    base, proc = started(command, env, tmp_path / "second.log", port)
    try:
        open_page(p, base, "th")
        history = p.locator("#sqled-history").inner_text()
        assert "SELECT 'ก่อนเริ่มใหม่' AS x" in history and "SELECT 42 AS answer" in history
        assert "2569" in history or "256" in history  # times in the Buddhist era in the Thai view
        p.locator("#sqled-history-search").fill("ก่อน")
        p.keyboard.press("Enter")
        p.wait_for_function("!document.querySelector('#sqled-history').innerText.includes('SELECT 42 AS answer')")
        p.locator("#sqled-history button", has_text="ก่อนเริ่มใหม่").click()
        p.wait_for_function("document.querySelector('#sql-editor').value === \"SELECT 'ก่อนเริ่มใหม่' AS x\"")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_sql_page_with_a_result_chart_and_plan_passes_axe(server, page, lang):
    p = page.page
    p.set_viewport_size({"width": 1440, "height": 900})
    open_page(p, server, lang)
    assert p.locator("#sqled-browse").get_attribute("href").startswith("/sql/browse")
    assert serious(axe(p)) == []
    typed(p, "SELECT year_be, count(*) AS n FROM agreements GROUP BY ALL ORDER BY 1")
    p.keyboard.press("Control+Enter")
    p.wait_for_selector("#sqled-chart:not([hidden])")
    show_chart(p)
    p.wait_for_selector("#sqled-graph .js-plotly-plot .bars")
    p.locator("#sqled-explain").click()
    p.wait_for_selector("#sqled-plan-tree [role=treeitem]")
    assert serious(axe(p)) == []
