"""The browse pages in a real headless Chromium, served by the real dashboard on the mixed warehouse, in
English and Thai: facets, the add-a-filter and sort forms, pages, the SQL shown, BE dates, the 404 page and
axe-core (no serious or critical violation)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest

from tests.dashboard.test_accessibility import axe, serious

pytestmark = pytest.mark.browser


def settle(p, selector: str = "#browse-grid .ag-row") -> None:
    p.wait_for_selector(selector)
    p.wait_for_load_state("networkidle")


def direct(warehouse: Path, sql: str):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_english_from_the_list_to_a_facet_a_sort_and_the_sql_editor(server, page, mixed_warehouse):
    p = page.page
    p.goto(f"{server}/sql/browse?lang=en")
    settle(p, "#browse-index")
    row = p.locator("#browse-index tr", has=p.locator("code", has_text=re.compile(r"^investments$")))
    n = direct(mixed_warehouse, "SELECT count(*) FROM investments")[0][0]
    assert row.locator("td.num").inner_text() == str(n)
    row.locator("a").click()
    settle(p)
    assert p.locator("#browse-count").inner_text() == f"Rows 1–{n} of {n}"

    # A facet value adds its filter; the count is DuckDB's.
    p.locator("#browse-facets [data-column='stage'] a", has_text=re.compile(r"^approval$")).click()
    p.wait_for_url(re.compile(r"stage=approval"))
    approvals = direct(mixed_warehouse, "SELECT count(*) FROM investments WHERE stage = 'approval'")[0][0]
    p.wait_for_function(f"document.querySelector('#browse-count').innerText.endsWith('of {approvals}')")
    assert "stage" in p.locator("#browse-filters").inner_text()

    # The sort form: the URL says it, the first row is the largest.
    p.select_option("#browse-sort-column", "value_thb_million")
    p.select_option("#browse-sort-dir", "desc")
    p.locator("#browse-sort-submit").click()
    p.wait_for_url(re.compile(r"_sort_desc=value_thb_million"))
    settle(p)
    assert "stage=approval" in p.url
    top = direct(mixed_warehouse, "SELECT max(value_thb_million) FROM investments WHERE stage = 'approval'")[0][0]
    header = p.locator("#browse-grid .ag-header-cell", has_text="value_thb_million ▼")
    col = header.get_attribute("col-id")
    first = p.locator(f"#browse-grid .ag-row[row-index='0'] .ag-cell[col-id='{col}']").inner_text()
    assert float(first) == pytest.approx(top)

    # The SQL shown opens as it is in the SQL editor.
    sql = p.locator("#browse-sql").inner_text()
    assert sql.startswith('SELECT *\nFROM "investments"\nWHERE "stage" = \'approval\'')
    href = p.locator("#browse-open-sql").get_attribute("href")
    assert urlsplit(href).path == "/sql" and parse_qs(urlsplit(href).query)["sql"] == [sql]
    p.locator("#browse-open-sql").click()
    # The editor's text is kept in #sql-editor, hidden once the code editor has drawn over it.
    p.wait_for_selector("#sql-editor", state="attached")
    assert p.locator("#sql-editor").input_value() == sql
    assert page.errors == [] and page.off_machine() == []


def test_thai_dates_in_be_the_add_filter_form_and_a_column_comment_as_the_headers_hint(server, page, mixed_warehouse):
    p = page.page
    p.goto(f"{server}/sql/browse/agreements?lang=th&_sort=signed_date")
    settle(p)
    assert p.locator("#browse-add-submit").inner_text() == "เพิ่มตัวกรอง"
    header = p.locator("#browse-grid .ag-header-cell", has_text="signed_date ▲")
    col = header.get_attribute("col-id")
    first = direct(mixed_warehouse, "SELECT min(signed_date) FROM agreements")[0][0]
    thai_months = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
    want = f"{first.day} {thai_months[first.month - 1]} {first.year + 543}"
    assert p.locator(f"#browse-grid .ag-row[row-index='0'] .ag-cell[col-id='{col}']").inner_text() == want

    header.hover()
    comment = direct(
        mixed_warehouse,
        "SELECT comment FROM duckdb_columns() WHERE table_name = 'agreements' AND column_name = 'signed_date'",
    )[0][0]
    p.wait_for_selector(".ag-tooltip")
    assert comment in p.locator(".ag-tooltip").inner_text()

    p.select_option("#browse-add-column", "agreement_type")
    p.select_option("#browse-add-op", "exact")
    p.locator("#browse-add-value").fill("MOU")
    p.locator("#browse-add-submit").click()
    p.wait_for_url(re.compile(r"agreement_type=MOU"))
    settle(p)
    mous = direct(mixed_warehouse, "SELECT count(*) FROM agreements WHERE agreement_type = 'MOU'")[0][0]
    assert p.locator("#browse-count").inner_text() == f"แถวที่ 1–{mous} จาก {mous} แถว"
    assert "agreement_type" in p.locator("#browse-filters").inner_text()
    assert "_sort=signed_date" in p.url  # the sort is kept
    p.locator("#browse-remove-0").click()
    p.wait_for_url(lambda url: "agreement_type" not in url)
    assert page.errors == [] and page.off_machine() == []


def test_a_bad_address_says_why_and_a_missing_table_is_a_404_page(server, page):
    p = page.page
    p.goto(f"{server}/sql/browse/investments?lang=en&year_ce=abc")
    settle(p, "#browse-problems")
    assert "year_ce='abc': the column is INTEGER; expected a whole number" in p.locator("#browse-problems").inner_text()
    r = p.goto(f"{server}/sql/browse/no_such_table?lang=th")
    assert r.status == 404
    settle(p, "#browse-not-found")
    assert "ไม่มีตารางหรือวิวชื่อ 'no_such_table'" in p.locator("#browse-not-found").inner_text()
    p.locator("#browse-back").click()
    settle(p, "#browse-index")


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("path", ["/sql/browse", "/sql/browse/investments?stage=approval", "/sql/browse/agreements"])
def test_no_serious_or_critical_axe_violation(server, page, path, lang):
    p = page.page
    p.set_viewport_size({"width": 1440, "height": 900})
    p.goto(f"{server}{path}{'&' if '?' in path else '?'}lang={lang}")
    settle(p, "#browse-index" if path == "/sql/browse" else "#browse-grid .ag-row")
    assert serious(axe(p)) == []
