"""etl.staging.investments on hand-made rows: stages, parts of a year, counts and their units, values in baht."""

from __future__ import annotations

import pytest

from contract.datasets import ENUMS
from etl.staging import Refs, investments
from tests.etl.staging.helpers import run, world

BASE = {"year": "2022", "partner": "jp", "stage": "approval"}


def stage(*rows: dict, refs: Refs | None = None):
    return run(investments, "investments", [{"record_id": f"i{i}", **BASE, **r} for i, r in enumerate(rows, 1)], refs)


def test_a_thai_row_loads_typed_with_every_output_column():
    r = stage(
        {"year": "๒๕๖๕", "partner": "ญี่ปุ่น", "sector": "ยานยนต์สมัยใหม่", "period": "ไตรมาส 1", "stage": "อนุมัติ",
         "projects": "๑๒", "projects_qualifier": "ประมาณ", "value": "๑,๐๐๐", "value_qualifier": "อย่างน้อย",
         "currency": "เยน", "unit": "ล้าน", "province": "ชลบุรี", "jobs": "1,200", "coverage": "เฉพาะที่ระบุ",
         "source_url": "https://www.boi.go.th/ข่าว", "notes": "ตัวเลขเบื้องต้น", "synthetic": "no"},
    )  # fmt: skip
    assert r.rejects.height == 0
    assert list(r.good.columns) == [*investments.OUTPUT, "_file", "_row"]
    assert r.row(1) | {"_file": None} == {
        "record_id": "i1", "year": 2022, "partner_id": "jp", "sector_code": "AUTO", "period": "Q1", "month_from": 1,
        "month_to": 3, "is_full_year": False, "stage": "approval", "projects": 12, "count_unit": "projects",
        "projects_qualifier": "approx", "value": 1000.0, "value_qualifier": "at_least", "currency": "JPY",
        "unit": "million", "value_thb_million": 250.0, "province_code": "TH-20", "jobs": 1200,
        "coverage": "named_only", "source_url": "https://www.boi.go.th/ข่าว", "notes": "ตัวเลขเบื้องต้น",
        "is_synthetic": False, "_file": None, "_row": 1,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("value", "currency", "unit", "year", "millions"),
    [("5000", "บาท", "พัน", "2022", 5.0), ("12.5", "THB", None, "2022", 12.5e-6), ("2", "฿", "bn", "2022", 2000.0),
     ("1,000", "JPY", "million", "2022", 250.0), ("1000", "円", "m", "2566", 240.0), ("3", "usd", "billion", "2022",
     105_000.0), ("0", "THB", "million", "2022", 0.0)],
)  # fmt: skip
def test_values_in_baht_million_convert_by_unit_and_the_year_s_rate(value, currency, unit, year, millions):
    row = stage({"value": value, "currency": currency, "unit": unit, "year": year}).row(1)
    assert row["value_thb_million"] == pytest.approx(millions, rel=1e-12)


@pytest.mark.parametrize(
    ("period", "canonical", "months", "full"),
    [(None, None, (1, 12), True), ("ทั้งปี", None, (1, 12), True), ("01-12", None, (1, 12), True),
     ("FY", None, (1, 12), True), ("q3", "Q3", (7, 9), False), ("ไตรมาสที่ 4", "Q4", (10, 12), False),
     ("ครึ่งปีแรก", "H1", (1, 6), False), ("H2", "H2", (7, 12), False), ("1-9", "01-09", (1, 9), False),
     ("1–11", "01-11", (1, 11), False), ("๑-๖", "01-06", (1, 6), False)],
)  # fmt: skip
def test_parts_of_a_year_are_kept_apart_from_the_whole_year(period, canonical, months, full):
    row = stage({"period": period, "projects": "1"}).row(1)
    assert (row["period"], (row["month_from"], row["month_to"]), row["is_full_year"]) == (canonical, months, full)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("applications", "application"), ("ยื่นขอ", "application"), ("approved", "approval"), ("ออกบัตร", "certificate"),
     ("realised", "fdi_flow"), ("FDI flow", "fdi_flow"), ("ลงทุนจริง", "fdi_flow"), ("Foreign Business Act", "fba_permit"),
     ("registrations", "business_registration"), ("จดทะเบียนธุรกิจ", "business_registration")],
)  # fmt: skip
def test_stage_spellings(written, canonical):
    assert stage({"stage": written, "projects": "1"}).row(1)["stage"] == canonical


@pytest.mark.parametrize(
    ("stage_", "unit", "count_unit"),
    [("approval", None, "projects"), ("fba_permit", None, "permits"), ("business_registration", None, "registrations"),
     ("fba_permit", "ราย", "investors"), ("fba_permit", "permissions", "permits"), ("approval", "บริษัท", "companies"),
     ("other", None, "projects")],
)  # fmt: skip
def test_a_blank_count_unit_is_the_stage_s_own(stage_, unit, count_unit):
    row = stage({"stage": stage_, "count_unit": unit, "projects": "3", "notes": "what it measures"}).row(1)
    assert row["count_unit"] == count_unit


def test_blank_qualifiers_are_exact_and_blank_coverage_is_complete():
    row = stage({"projects": "3"}).row(1)
    assert (row["projects_qualifier"], row["value_qualifier"], row["coverage"]) == ("exact", "exact", "complete")
    assert row["value"] is None and row["value_thb_million"] is None and row["currency"] is None
    assert row["unit"] == "1"


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ({"year": None, "projects": "1"}, "year", "a value is required here"),
        ({"year": "22", "projects": "1"}, "year", "expected a four-digit year, CE (2022) or Buddhist era (2565)"),
        ({"year": "1850", "projects": "1"}, "year", "year 1850 is outside 1900-2100"),
        ({"partner": "Atlantis", "projects": "1"}, "partner", "unknown partner: not an id, name or alias in partners"),
        ({"sector": "tech", "projects": "1"}, "sector", "ambiguous sector: the name matches DIGI, EE; use the id"),
        ({"sector": "NANO", "projects": "1"}, "sector", "unknown sector: not an id, name or alias in sectors"),
        ({"period": "13-14", "projects": "1"}, "period",
         "expected blank (whole year), Q1-Q4, H1, H2 or a month range like 01-09"),
        ({"period": "09-01", "projects": "1"}, "period",
         "expected blank (whole year), Q1-Q4, H1, H2 or a month range like 01-09"),
        ({"stage": "pledged", "projects": "1"}, "stage", "expected one of: " + ", ".join(ENUMS["stage"])),
        ({"stage": "other", "projects": "1"}, "notes", "stage other needs a note saying what the figure measures"),
        ({"projects": "3.5"}, "projects", "expected a whole number (e.g. 30 or 1,200), or blank if unknown"),
        ({"projects": "-1"}, "projects", "a count cannot be negative"),
        ({"projects": "1", "count_unit": "hectares"}, "count_unit", "expected one of: " + ", ".join(ENUMS["count_unit"])),
        ({"projects": "1", "projects_qualifier": "maybe"}, "projects_qualifier", "expected one of: exact, approx"),
        ({"value": "1", "currency": "THB", "value_qualifier": "±10%"}, "value_qualifier", "expected one of: exact"),
        ({"projects": "1", "coverage": "most"}, "coverage", "expected one of: complete, named_only"),
        ({"value": "one million", "currency": "THB"}, "value", "expected a number (e.g. 1,234.5), or blank if unknown"),
        ({"value": "inf", "currency": "THB"}, "value", "expected a number (e.g. 1,234.5), or blank if unknown"),
        ({"value": "-3", "currency": "THB"}, "value", "a value cannot be negative"),
        ({}, "value", "give projects, value or both"),
        ({"value": "3"}, "currency", "a value needs its currency (e.g. THB)"),
        ({"value": "3", "currency": "baht?"}, "currency", "expected a currency code such as THB, JPY or USD"),
        ({"value": "3", "currency": "THB", "unit": "kilo"}, "unit", "expected 1, thousand, million or billion"),
        ({"value": "3", "currency": "USD", "year": "2023"}, "currency", "no exchange rate for USD in 2023: add it to fx_rates"),
        ({"value": "3", "currency": "EUR"}, "currency", "no exchange rate for EUR in 2022: add it to fx_rates"),
        ({"projects": "1", "province": "Atlantis"}, "province", "unknown province: not an id, name or alias in the province list"),
        ({"projects": "1", "jobs": "many"}, "jobs", "expected a whole number"),
        ({"projects": "1", "source_url": "https://example.org/a\tb"}, "source_url", "a web address cannot hold spaces"),
        ({"projects": "1", "synthetic": "sometimes"}, "synthetic", "expected true or false"),
    ],
)  # fmt: skip
def test_what_is_rejected_and_why(row, column, reason):
    r = stage(row)
    assert r.good.height == 0
    assert r.column(1) == column
    assert r.reason(1).startswith(reason), r.reason(1)


def test_the_offending_value_of_an_other_stage_without_a_note_is_the_stage():
    r = stage({"stage": "Other", "projects": "1"})
    assert (r.column(1), r.value(1)) == ("notes", "other")


def test_a_count_alone_or_a_value_alone_is_enough():
    r = stage({"projects": "0"}, {"value": "0.5", "currency": "THB"}, {"jobs": "10", "value": "1", "currency": "THB"})
    assert r.rejects.height == 0 and r.good.height == 3


def test_a_baht_value_needs_no_rate_and_others_need_one_without_rates_loaded():
    refs = Refs(partners=world().partners, sectors=world().sectors, fx=None)
    r = stage({"value": "3", "currency": "THB"}, {"value": "3", "currency": "JPY"}, refs=refs)
    assert r.row(1)["value_thb_million"] == 3e-6
    assert r.reason(2) == "no exchange rate for JPY in 2022: add it to fx_rates"


def test_provinces_resolve_by_code_english_and_thai_name_and_alias():
    r = stage(*({"projects": "1", "province": p} for p in ("TH-20", "chon buri", "ชลบุรี", "Chonburi", "th-20")))
    assert [r.row(i)["province_code"] for i in range(1, 6)] == ["TH-20"] * 5


def test_the_same_text_in_many_rows_reads_the_same():
    """The module types each distinct text once and joins it back: every row must get its own row's reading."""
    rows = [{"year": y, "stage": s, "period": p, "projects": str(n)}
            for n, (y, s, p) in enumerate([("2565", "FBA", "Q1"), ("2022", "approval", None), ("2565", "approval", "Q1"),
                                           ("2022", "FBA", None)] * 3)]  # fmt: skip
    r = stage(*rows)
    got = r.good.sort("_row").select("year", "stage", "period", "projects").rows()
    assert got == [(2022, {"FBA": "fba_permit", "approval": "approval"}[s], p, n)
                   for n, (_, s, p) in enumerate((row["year"], row["stage"], row["period"]) for row in rows)]  # fmt: skip
