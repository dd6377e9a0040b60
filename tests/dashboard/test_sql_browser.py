"""The SQL page in a real headless Chromium, served by the real dashboard (tests/dashboard/conftest.py)."""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import duckdb
import pytest

from dashboard.sql.examples import BY_NAME
from dashboard.sql.results import BOM

pytestmark = pytest.mark.browser

RUNAWAY = "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b"


def open_page(p, server: str, lang: str) -> None:
    p.goto(f"{server}/sql?lang={lang}")
    p.wait_for_selector("#sql-editor-cm .cm-content")
    p.wait_for_load_state("networkidle")


def run(p, sql: str | None = None) -> None:
    if sql is not None:  # typed into the editor, as a person would (the page keeps it in #sql-editor)
        p.locator("#sql-editor-cm .cm-content").click()
        p.keyboard.press("Control+a")
        p.keyboard.press("Backspace")
        p.keyboard.insert_text(sql)
        p.wait_for_function(f"document.querySelector('#sql-editor').value === {json.dumps(sql)}")
    p.locator("#sql-run").click()


def test_a_saved_query_runs_and_downloads_as_csv_and_xlsx(server, page, mixed_warehouse: Path):
    p = page.page
    example = BY_NAME["agreements_by_year_and_type"]
    open_page(p, server, "en")
    p.locator("#sql-example").click()
    p.get_by_text(example.en, exact=True).click()
    p.wait_for_function(f"document.querySelector('#sql-editor').value === {json.dumps(example.sql)}")
    run(p)
    p.wait_for_selector("#sql-grid .ag-row")
    with duckdb.connect(str(mixed_warehouse), read_only=True) as con:
        cur = con.execute(example.sql)
        columns, rows = [d[0] for d in cur.description], cur.fetchall()
    p.wait_for_function(
        f"document.querySelector('#sql-status').innerText.startsWith('Rows: {len(rows)},')", timeout=10_000
    )
    # the time, and whether the answer was kept from an earlier run on this build (another test's)
    assert re.fullmatch(
        r"Rows: \d+, time: [\d,]+ ms( \(the answer kept from .+\))?", p.locator("#sql-status").inner_text()
    )
    headers = p.locator("#sql-grid .ag-header-cell-text").all_inner_texts()
    assert headers[:3] == columns[:3]

    with p.expect_download() as d:
        p.locator("#sql-csv").click()
    data = Path(d.value.path()).read_bytes().decode("utf-8")
    assert d.value.suggested_filename == "query.csv" and data.startswith(BOM)
    got = list(csv.reader(io.StringIO(data[1:])))
    assert got[0] == columns and len(got) == len(rows) + 1
    assert got[1][:3] == [str(v) for v in rows[0][:3]]

    with p.expect_download() as d:
        p.locator("#sql-xlsx").click()
    assert d.value.suggested_filename == "query.xlsx"
    assert Path(d.value.path()).read_bytes().startswith(b"PK")
    assert page.errors == []
    assert page.off_machine() == []


def test_a_refused_query_says_why_and_the_page_goes_on(server, page):
    p = page.page
    open_page(p, server, "th")
    assert p.locator("#sql-run").inner_text() == "เรียกใช้คำสั่ง"
    run(p, "COPY agreements TO '/tmp/stolen.csv'")
    p.wait_for_selector("#sql-error-text")
    text = p.locator("#sql-error-text").inner_text()
    assert text.startswith("ไม่สามารถประมวลผลคำสั่งได้") and "COPY statements are refused" in text
    assert not Path("/tmp/stolen.csv").exists()
    assert p.locator("#sql-csv").is_disabled()
    run(p, "SELECT 'สวัสดี' AS greeting")
    p.wait_for_selector("#sql-grid .ag-row")
    assert p.locator("#sql-grid .ag-row [col-id=c0]").inner_text() == "สวัสดี"
    assert p.locator("#sql-error-text").count() == 0
    assert page.errors == []


def test_a_result_past_the_row_cap_says_it_was_cut(server, page):
    p = page.page
    open_page(p, server, "en")
    run(p, "SELECT range AS n, range * 2 AS twice FROM range(25000)")
    p.wait_for_selector("#sql-truncated-text")
    assert "first 10,000 rows" in p.locator("#sql-truncated-text").inner_text()
    assert p.locator("#sql-status").inner_text().startswith("Rows: 10,000,")
    assert page.errors == []


def test_the_schema_beside_the_editor_shows_columns_and_comments(server, page):
    p = page.page
    open_page(p, server, "en")
    schema = p.locator("#sql-schema")
    assert "Agreements with partner names" in schema.inner_text()
    p.locator("#sql-schema-agreements summary").click()  # its columns are drawn as it opens
    p.locator("#sql-schema-agreements").get_by_text("signed_precision", exact=True).wait_for(timeout=10_000)
    assert p.locator("#sql-schema-agreements").get_by_text("signed_precision", exact=True).is_visible()
    assert "Day of signing" in p.locator("#sql-schema-agreements").inner_text()


def timed(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as r:
        assert r.status == 200
        r.read()
    return time.perf_counter() - start


def ask(url: str, answers: list[int]) -> None:
    """GET `url` as another analyst, from 127.0.0.2 (queries take turns per user, and each loopback
    address is a user of its own); the status goes to `answers`."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30, source_address=("127.0.0.2", 0))
    try:
        conn.request("GET", parts.path + "?" + parts.query)
        r = conn.getresponse()
        r.read()
        answers.append(r.status)
    finally:
        conn.close()


def test_the_dashboard_answers_while_a_runaway_query_runs(server, page):
    """Queries running to their time limit hold the SQL worker, not the dashboard: the health check,
    another page drawn in full, and the SQL page itself afterwards all answer."""
    p = page.page
    open_page(p, server, "en")
    # the page's query sent before the other analyst's (on a loaded machine a click can take a while)
    with p.expect_request(lambda r: "_dash-update-component" in r.url and "sql-run" in (r.post_data or "")):
        run(p, RUNAWAY)
    answers: list[int] = []
    api = threading.Thread(target=ask, args=(f"{server}/api/sql?sql={urllib.parse.quote(RUNAWAY)}", answers))
    api.start()
    time.sleep(0.5)
    health = timed(f"{server}/api/health")
    other = p.context.new_page()
    other.goto(f"{server}/agreements?lang=en")
    other.wait_for_selector("#ag-by-year .xtick")
    # The page's query holds the worker for its 5 s: the other page was drawn and the health check
    # answered meanwhile; the other analyst's query waited its turn a bounded time (503, busy) or ran
    # to the limit after it (400).
    assert not p.locator("#sql-error-text").is_visible(), "the other page was drawn only after the query ended"
    assert health < 1.0, health
    p.wait_for_selector("#sql-error-text", timeout=30_000)
    assert "time limit" in p.locator("#sql-error-text").inner_text()
    api.join()
    assert answers and answers[0] in (400, 503), answers
    run(p, "SELECT 42 AS answer")
    p.wait_for_function("document.querySelector('#sql-status').innerText.startsWith('Rows: 1,')")
