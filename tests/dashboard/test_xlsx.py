"""XLSX files an analyst can work with, opened as they would be: with openpyxl, and converted by
LibreOffice, the spreadsheet on the project machines. Dates known to the day are date cells shown in the
view's era (Buddhist in the Thai view), other dates the text their source gives; a table with filter
buttons, a frozen header and fitted widths; sectors by name; the About sheet first."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from dashboard.export.data import DATE_FORMATS, WIDTH_MAX, WIDTH_MIN

TH_BE = "[$-107041E]d mmm yyyy"  # Thai locale (041E), Thai Buddhist calendar (07)


@pytest.fixture(scope="module")
def sql(mixed_warehouse: Path):
    con = duckdb.connect(str(mixed_warehouse), read_only=True)
    yield lambda q: con.execute(q).fetchall()
    con.close()


def fetch(app_client, url: str) -> bytes:
    r = app_client[1].get(url)
    assert r.status_code == 200, (url, r.status_code, r.data[:300])
    return r.data


def sheet(data: bytes, index: int = 1):
    return load_workbook(io.BytesIO(data)).worksheets[index]


def column(ws, header: str) -> list:
    headers = [c.value for c in ws[1]]
    j = headers.index(header)
    return [row[j] for row in ws.iter_rows(min_row=2)]


def test_the_thai_format_is_the_buddhist_calendar_one():
    assert DATE_FORMATS["th"]["be"] == TH_BE
    assert DATE_FORMATS["th"]["ce"] == "[$-101041E]d mmm yyyy"  # calendar 01: Gregorian, Thai month names


def test_agreement_dates_known_to_the_day_are_date_cells_the_rest_text(app_client, sql):
    ws = sheet(fetch(app_client, "/export/data/agreements.xlsx?lang=th&era=be"))
    assert ws.title == "ข้อมูล"
    ids, dates = column(ws, "รหัส"), column(ws, "วันที่")
    years, months = column(ws, "ปี (พ.ศ.)"), column(ws, "เดือน")
    truth = {a: (d, y, m, p) for a, d, y, m, p in sql(
        "SELECT agreement_id, signed_date, signed_year, signed_month, signed_precision FROM fact_agreement")}  # fmt: skip
    assert len(ids) == len(truth)
    kinds = set()
    for i, cell, year, month in zip(ids, dates, years, months, strict=True):
        day, y, m, precision = truth[i.value]
        kinds.add(precision)
        assert year.value == y + 543 and month.value == m  # the year and month the warehouse keeps
        if precision == "day":
            assert cell.is_date and cell.value == dt.datetime(day.year, day.month, day.day)
            assert cell.number_format == TH_BE
        else:  # never a padded false day
            assert not cell.is_date and isinstance(cell.value, str)
            assert cell.value == (str(y + 543) if precision == "year" else cell.value)
    assert kinds >= {"day", "year"}
    assert "2560" in {c.value for c in dates}


def test_english_dates_are_date_cells_with_english_months(app_client):
    ws = sheet(fetch(app_client, "/export/data/delegations.xlsx?lang=en&era=ce"))
    cells = [c for c in column(ws, "Date") if c.is_date]
    assert cells and {c.number_format for c in cells} == {"[$-409]d mmm yyyy"}
    assert "Year (CE)" in [c.value for c in ws[1]]


@pytest.mark.parametrize("dataset", ["agreements", "delegations", "investments"])
def test_a_table_with_filter_buttons_a_frozen_header_and_fitted_widths(app_client, dataset):
    ws = sheet(fetch(app_client, f"/export/data/{dataset}.xlsx?lang=th&era=be"))
    assert ws.freeze_panes == "A2"
    (table,) = ws.tables.values()
    last = ws.cell(row=ws.max_row, column=ws.max_column).coordinate
    assert table.ref == f"A1:{last}" and table.autoFilter.ref == f"A1:{last}"
    widths = {j: d.width for d in ws.column_dimensions.values() for j in range(d.min, d.max + 1)}
    assert sorted(widths) == list(range(1, ws.max_column + 1))  # every column given its width
    assert all(WIDTH_MIN <= w <= WIDTH_MAX + 2 for w in widths.values()), widths
    assert len(set(widths.values())) > 3  # fitted to each column, not one width for all


def test_the_about_sheet_comes_first_and_says_how_dates_are_written(app_client):
    wb = load_workbook(io.BytesIO(fetch(app_client, "/export/data/agreements.xlsx?lang=en&era=be")))
    assert wb.sheetnames == ["About", "Data"]
    about = dict(wb["About"].iter_rows(values_only=True))
    assert about["Rows"] == wb["Data"].max_row - 1
    assert "Date cells show Christian-era years" in about["Dates"]  # an English BE view, said in words
    th = dict(sheet(fetch(app_client, "/export/data/agreements.xlsx?lang=th&era=be"), 0).iter_rows(values_only=True))
    assert "ปี (พ.ศ.)" in th["วันที่"]


def test_sectors_are_named_in_the_views_language(app_client, sql):
    names = dict(sql("SELECT sector_code, name_th FROM dim_sector"))
    ws = sheet(fetch(app_client, "/export/data/agreements.xlsx?lang=th"))
    listed = {name for c in column(ws, "สาขาอุตสาหกรรม") if c.value for name in c.value.split("; ")}
    assert listed and listed <= set(names.values())
    assert not listed & set(names)  # no codes


def test_chart_numbers_give_a_timelines_days_as_date_cells(app_client, sql):
    data = fetch(app_client, "/export/chart/dl-timeline.xlsx?lang=th&era=be")
    ws = sheet(data)
    starts, ends, keys = column(ws, "วันเริ่ม"), column(ws, "วันสิ้นสุด"), column(ws, "รหัส")
    truth = dict(sql("SELECT delegation_id, start_date FROM fact_delegation WHERE start_date IS NOT NULL"))
    assert starts and all(c.is_date and c.number_format == TH_BE for c in [*starts, *ends])
    for key, start in zip(keys, starts, strict=True):
        assert start.value.date() == truth[key.value]
    assert ws.freeze_panes == "A2" and next(iter(ws.tables.values())).autoFilter.ref.startswith("A1:")
    # A chart without days has no date columns
    header = [c.value for c in sheet(fetch(app_client, "/export/chart/ag-by-year.xlsx?lang=th"))[1]]
    assert "วันเริ่ม" not in header


def libreoffice_csv(xlsx: Path, out: Path, as_shown: bool) -> list[list[str]]:
    """The data sheet (the second) of `xlsx` as LibreOffice writes it to CSV: cells as shown, or their values."""
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.fail("LibreOffice is missing: the Debian packages libreoffice-calc (and -impress) provide soffice")
    options = f"44,34,76,1,,1054,false,false,{'true' if as_shown else 'false'},false,false,2"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{out}/profile", "--headless", "--convert-to",
         f"csv:Text - txt - csv (StarCalc):{options}", "--outdir", str(out), str(xlsx)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(out)},
    )  # fmt: skip
    written = list(out.glob(f"{xlsx.stem}*.csv"))
    assert done.returncode == 0 and len(written) == 1, (done.stdout, done.stderr)
    text = written[0].read_text(encoding="utf-8")
    written[0].unlink()
    return list(csv.reader(io.StringIO(text)))


def test_libreoffice_reads_the_thai_dates_as_dates_in_the_buddhist_era(app_client, sql, tmp_path):
    book = tmp_path / "agreements.xlsx"
    book.write_bytes(fetch(app_client, "/export/data/agreements.xlsx?lang=th&era=be"))
    shown = libreoffice_csv(book, tmp_path, as_shown=True)
    values = libreoffice_csv(book, tmp_path, as_shown=False)
    assert shown[0][:4] == ["รหัส", "วันที่", "ปี (พ.ศ.)", "เดือน"]
    by_id = {r[0]: (r[1], v[1]) for r, v in zip(shown[1:], values[1:], strict=True)}
    day = {a: d for a, d in sql("SELECT agreement_id, signed_date FROM fact_agreement WHERE signed_precision = 'day'")}
    assert by_id["AGR-1"][0] == "14 ก.ค. 2565"  # as the screen shows it
    for agreement, (as_shown, value) in by_id.items():
        if agreement in day:  # a date: its value is written in LibreOffice's own date form, not as the text shown
            d = day[agreement]
            assert as_shown.endswith(str(d.year + 543)) and value != as_shown
            assert str(d.year) in value
        else:  # text: the same either way
            assert value == as_shown
