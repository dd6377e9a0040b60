"""etl.staging.agreements on hand-made rows: what loads, what is rejected and why, the bridge to sectors."""

from __future__ import annotations

from datetime import date

import pytest

from contract.datasets import ENUMS
from etl.staging import agreements
from tests.etl.staging.helpers import run

BASE = {"agreement_type": "MOU", "thai_party": "Department of Industrial Promotion", "partner": "jp"}


def stage(*rows: dict):
    return run(agreements, "agreements", [{"agreement_id": f"a{i}", "signed_date": "2023-05-01", **BASE, **r}
                                           for i, r in enumerate(rows, 1)])  # fmt: skip


def test_a_thai_row_loads_typed_with_every_output_column():
    r = stage(
        {
            "signed_date": "๑๔ ก.ค. ๒๕๖๕",
            "agreement_type": "บันทึกความเข้าใจ",
            "thai_party": "  กรมส่งเสริมอุตสาหกรรม ",
            "partner": "จังหวัดคานากาวะ",
            "sectors": "AUTO; electronics ;ยานยนต์สมัยใหม่",
            "title_th": "บันทึกความเข้าใจว่าด้วยความร่วมมือ",
            "status": "มีผล",
            "expiry_date": "2568",
            "source_url": "https://www.example.org/ข่าว/1",
            "synthetic": "ใช่",
        }
    )
    assert r.rejects.height == 0
    assert list(r.good.columns) == [*agreements.OUTPUT, "_file", "_row"]
    row = r.row(1)
    assert (row["signed_date"], row["signed_year"], row["signed_month"], row["signed_precision"]) == (
        date(2022, 7, 14), 2022, 7, "day")  # fmt: skip
    assert row["agreement_type"] == "MOU"
    assert row["thai_party"] == "กรมส่งเสริมอุตสาหกรรม"  # trimmed
    assert row["partner_id"] == "jp-kanagawa"
    assert row["sector_codes"] == ["AUTO", "EE"]  # AUTO named twice (code and Thai name) is one sector
    assert row["status"] == "active"
    assert (row["expiry_date"], row["expiry_year"], row["expiry_precision"]) == (None, 2025, "year")
    assert row["source_url"] == "https://www.example.org/ข่าว/1"
    assert row["is_synthetic"] is True
    assert row["title_en"] is None and row["notes"] is None


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("MOU", "MOU"), ("memorandum of understanding", "MOU"), ("Memorandum  of Cooperation", "MOC"),
     ("บันทึกความร่วมมือ", "MOC"), ("letter-of-intent", "LOI"), ("หนังสือแสดงเจตจำนง", "LOI"), ("覚書", "MOU"),
     ("ความตกลง", "AGREEMENT"), ("อื่นๆ", "OTHER"), (" loi ", "LOI")],
)  # fmt: skip
def test_agreement_type_spellings(written, canonical):
    assert stage({"agreement_type": written}).row(1)["agreement_type"] == canonical


def test_signed_fiscal_year_starts_in_october_and_needs_a_month():
    r = stage({"signed_date": "2022-09-30"}, {"signed_date": "2022-10-01"}, {"signed_date": "2022-10"},
              {"signed_date": "2022"})  # fmt: skip
    assert [r.row(i)["signed_fiscal_year"] for i in (1, 2, 3, 4)] == [2022, 2023, 2023, None]
    assert [r.row(i)["signed_precision"] for i in (1, 2, 3, 4)] == ["day", "day", "month", "year"]
    assert r.row(3)["signed_date"] is None and r.row(3)["signed_month"] == 10


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ({"agreement_id": None}, "agreement_id", "a value is required here"),
        ({"thai_party": "   "}, "thai_party", "a value is required here"),
        ({"partner": None}, "partner", "a value is required here"),
        ({"signed_date": "2023-02-30"}, "signed_date", "not a date that exists or that we can read"),
        ({"signed_date": "31 เม.ย. 2566"}, "signed_date", "not a date that exists or that we can read"),
        ({"signed_date": "1899-12-31"}, "signed_date", "year 1899 is outside 1900-2100"),
        ({"agreement_type": "treaty"}, "agreement_type", "expected one of: MOU, LOI, MOC, AGREEMENT, OTHER"),
        ({"partner": "Atlantis Prefecture"}, "partner", "unknown partner: not an id, name or alias in partners"),
        ({"partner": "JCC"}, "partner", "ambiguous partner: the name matches jp-jcc-bangkok, jp-jcci; use the id"),
        ({"sectors": "AUTO;SPACE"}, "sectors", "unknown sector SPACE: not a code, name or alias in sectors"),
        ({"sectors": "tech"}, "sectors", "ambiguous sector tech: matches DIGI, EE; use the code"),
        ({"status": "dormant"}, "status", "expected one of: " + ", ".join(ENUMS["status"])),
        ({"expiry_date": "2023-04-30"}, "expiry_date", "the expiry date is before the signed date (signed_date)"),
        ({"expiry_date": "2023-04"}, "expiry_date", "the expiry date is before the signed date (signed_date)"),
        ({"expiry_date": "2022"}, "expiry_date", "the expiry date is before the signed date (signed_date)"),
        ({"source_url": "www.example.org"}, "source_url", "expected a web address starting with http:// or https://"),
        ({"synthetic": "maybe"}, "synthetic", "expected true or false"),
    ],
)  # fmt: skip
def test_what_is_rejected_and_why(row, column, reason):
    r = stage(row)
    assert r.good.height == 0
    assert r.column(1) == column
    assert r.reason(1).startswith(reason), r.reason(1)


def test_the_rejected_value_is_the_text_as_written():
    r = stage({"partner": "  Atlantis  Prefecture "}, {"sectors": "AUTO; SPACE"})
    assert r.value(1) == "  Atlantis  Prefecture "
    assert r.value(2) == "SPACE"  # the list item that failed, not the whole list


def test_the_first_broken_rule_is_the_one_reported():
    r = stage({"agreement_id": None, "signed_date": "nonsense", "partner": "Atlantis"})
    assert r.rejects.height == 1
    assert (r.column(1), r.reason(1)) == ("agreement_id", "a value is required here")


@pytest.mark.parametrize("expiry", ["2023-05-01", "2023-05", "2023", "2023-05-31", "2030-01-01"])
def test_an_expiry_not_before_the_signing_at_the_precision_both_give_passes(expiry):
    assert stage({"signed_date": "2023-05-01", "expiry_date": expiry}).rejects.height == 0


def test_a_month_precise_signing_and_an_expiry_in_that_month_pass():
    r = stage({"signed_date": "2023-05", "expiry_date": "2023-05-01"},
              {"signed_date": "2023", "expiry_date": "2023-01-01"})  # fmt: skip
    assert r.rejects.height == 0


def test_names_resolve_case_and_space_blind_by_id_name_local_name_and_alias():
    r = stage({"partner": "KANAGAWA   prefecture"}, {"partner": "神奈川県"}, {"partner": "kanagawa-ken"},
              {"partner": "jp-kanagawa"})  # fmt: skip
    assert [r.row(i)["partner_id"] for i in (1, 2, 3, 4)] == ["jp-kanagawa"] * 4


def test_bridge_lists_each_agreement_sector_once_and_only_for_loaded_rows():
    r = stage({"sectors": "EV;AUTO;ev"}, {"sectors": None}, {"sectors": "AUTO", "partner": "Atlantis"})
    bridge = r.extra["bridge_agreement_sector"]
    assert bridge.rows() == [("a1", "EV"), ("a1", "AUTO")]
    assert r.row(2)["sector_codes"] is None


def test_blank_optional_columns_load_as_null_and_synthetic_blank_is_false():
    row = stage({}).row(1)
    assert row["status"] is None and row["expiry_date"] is None and row["sector_codes"] is None
    assert row["is_synthetic"] is False
