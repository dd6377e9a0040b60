"""etl.staging.delegations on hand-made rows: directions, dates, counts with their qualifiers, status, sectors."""

from __future__ import annotations

from datetime import date

import pytest

from contract.datasets import ENUMS
from etl.staging import delegations
from tests.etl.staging.helpers import run

BASE = {"start_date": "2023-05-10", "direction": "outbound", "partner": "jp"}
WHOLE = "expected a whole number (e.g. 30 or 1,200), or blank if unknown"


def stage(*rows: dict):
    return run(delegations, "delegations", [{"delegation_id": f"d{i}", **BASE, **r} for i, r in enumerate(rows, 1)])


def test_a_thai_row_loads_typed_with_every_output_column():
    r = stage(
        {"start_date": "10 พ.ค. 2566", "end_date": "๑๔ พ.ค. ๒๕๖๖", "direction": "ไทยเยือน",
         "partner": "จังหวัดคานากาวะ", "city": "โยโกฮามะ", "lead_name": "นายสมชาย ใจดี",
         "lead_title": "อธิบดีกรมส่งเสริมอุตสาหกรรม", "participants": "๔๐", "participants_qualifier": "ประมาณ",
         "companies": "1,200", "companies_qualifier": "ไม่ต่ำกว่า", "purpose": "จับคู่ธุรกิจ",
         "sectors": "EV; automotive", "event": "งานจับคู่ธุรกิจ", "status": "จัดแล้ว",
         "source_url": "https://www.example.go.th/ข่าว", "notes": "หมายเหตุ", "synthetic": "ไม่ใช่"},
    )  # fmt: skip
    assert r.rejects.height == 0
    assert list(r.good.columns) == [*delegations.OUTPUT, "_file", "_row"]
    row = r.row(1)
    assert (row["start_date"], row["end_date"], row["start_fiscal_year"]) == (
        date(2023, 5, 10),
        date(2023, 5, 14),
        2023,
    )
    assert (row["direction"], row["partner_id"], row["purpose"], row["status"]) == (
        "outbound", "jp-kanagawa", "business_matching", "held")  # fmt: skip
    assert (row["participants"], row["participants_qualifier"], row["companies"], row["companies_qualifier"]) == (
        40, "approx", 1200, "at_least")  # fmt: skip
    assert row["sector_codes"] == ["EV", "AUTO"]
    assert row["lead_title"] == "อธิบดีกรมส่งเสริมอุตสาหกรรม"
    assert row["is_synthetic"] is False


@pytest.mark.parametrize(
    ("column", "written", "canonical"),
    [("direction", "in", "inbound"), ("direction", "เยือนไทย", "inbound"), ("direction", "ขาออก", "outbound"),
     ("direction", "Outgoing", "outbound"), ("status", "took place", "held"), ("status", "กำหนดการ", "planned"),
     ("status", "Called off", "cancelled"), ("status", "canceled", "cancelled"), ("status", "ยกเลิก", "cancelled"),
     ("purpose", "ศึกษาดูงาน", "site_visit"), ("purpose", "exhibition", "trade_fair"), ("purpose", "roadshow",
     "investment_promotion"), ("purpose", "ลงนาม", "signing"), ("purpose", "policy dialogue", "policy_dialogue")],
)  # fmt: skip
def test_spellings(column, written, canonical):
    assert stage({column: written}).row(1)[column] == canonical


def test_blank_status_is_not_recorded_and_blank_qualifiers_are_exact():
    row = stage({"participants": "12"}).row(1)
    assert row["status"] is None and row["purpose"] is None
    assert (row["participants_qualifier"], row["companies_qualifier"]) == ("exact", "exact")
    assert row["companies"] is None


def test_counts_as_excel_writes_them_and_fiscal_years():
    r = stage({"participants": "12.0", "start_date": "2022-09-30"}, {"start_date": "2022-10"},
              {"start_date": "2565"})  # fmt: skip
    assert r.row(1)["participants"] == 12
    assert [r.row(i)["start_fiscal_year"] for i in (1, 2, 3)] == [2022, 2023, None]


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ({"direction": None}, "direction", "a value is required here"),
        ({"direction": "sideways"}, "direction", "expected one of: outbound, inbound"),
        ({"start_date": "30/02/2566"}, "start_date", "not a date that exists or that we can read"),
        ({"partner": "Unknown partner"}, "partner", "unknown partner: not an id, name or alias in partners"),
        ({"end_date": "2023-05-09"}, "end_date", "the end date is before the start date (start_date)"),
        ({"end_date": "2023-04"}, "end_date", "the end date is before the start date (start_date)"),
        ({"end_date": "2101"}, "end_date", "year 2101 is outside 1900-2100"),
        ({"participants": "ประมาณ 40"}, "participants", WHOLE),
        ({"participants": "12.5"}, "participants", WHOLE),
        ({"participants": "-3"}, "participants", "a count cannot be negative"),
        ({"participants_qualifier": "give or take"}, "participants_qualifier", "expected one of: exact, approx, at_least"),
        ({"companies": "a few"}, "companies", WHOLE),
        ({"companies": "-1"}, "companies", "a count cannot be negative"),
        ({"companies_qualifier": "±10%"}, "companies_qualifier", "expected one of: exact, approx, at_least"),
        ({"status": "postponed"}, "status", "expected one of: held, planned, cancelled"),
        ({"purpose": "sightseeing"}, "purpose", "expected one of: " + ", ".join(ENUMS["purpose"])),
        ({"sectors": "AUTO;NANO"}, "sectors", "unknown sector NANO: not a code, name or alias in sectors"),
        ({"source_url": "https://example.org/\u200fx"}, "source_url", "a web address cannot hold spaces"),
        ({"synthetic": "?"}, "synthetic", "expected true or false"),
    ],
)  # fmt: skip
def test_what_is_rejected_and_why(row, column, reason):
    r = stage(row)
    assert r.good.height == 0
    assert r.column(1) == column
    assert r.reason(1).startswith(reason), r.reason(1)


def test_a_mission_of_one_day_and_one_within_a_month_precise_start_pass():
    r = stage({"end_date": "2023-05-10"}, {"start_date": "2023-10", "end_date": "2023-10-03"})
    assert r.rejects.height == 0


def test_bridge_lists_each_delegation_sector_once_for_loaded_rows_only():
    r = stage({"sectors": "EE; electronics;EV"}, {"sectors": "EV", "direction": "?"}, {})
    assert r.extra["bridge_delegation_sector"].rows() == [("d1", "EE"), ("d1", "EV")]
