"""etl.staging.stated_totals on hand-made rows: counts a source states, with levels, parties, dates, qualifiers."""

from __future__ import annotations

import pytest

from contract.datasets import ENUMS
from etl.staging import stated_totals
from tests.etl.staging.helpers import run

BASE = {"as_of": "2022-07", "stated_by": "DIPROM", "partner": "jp", "counts": "agreements", "value": "22"}


def stage(*rows: dict):
    return run(stated_totals, "stated_totals", [{"total_id": f"st-{i}", **BASE, **r} for i, r in enumerate(rows, 1)])


def test_a_thai_row_loads_typed_with_every_output_column():
    r = stage(
        {"as_of": "ก.ค. 2565", "partner": "ญี่ปุ่น", "partner_level": "Prefecture; local government",
         "thai_party": "DIPROM; กรมส่งเสริมอุตสาหกรรม ;", "counts": "ความตกลง", "value": "๒๒",
         "qualifier": "มากกว่า", "period_from": "1 ม.ค. 2558", "text_th": "๒๒ ฉบับ",
         "source_url": "https://www.example.go.th/", "synthetic": "true"},
    )  # fmt: skip
    assert r.rejects.height == 0
    assert list(r.good.columns) == [*stated_totals.OUTPUT, "_file", "_row"]
    row = r.row(1)
    assert (row["as_of_date"], row["as_of_year"], row["as_of_month"], row["as_of_precision"]) == (
        None, 2022, 7, "month")  # fmt: skip
    assert row["partner_id"] == "jp"
    assert set(row["partner_levels"]) == {"local_government"}
    assert row["thai_parties"] == ["DIPROM", "กรมส่งเสริมอุตสาหกรรม"]
    assert (row["counts"], row["value"], row["qualifier"]) == ("agreements", 22, "at_least")
    assert (row["from_year"], row["from_month"], row["from_precision"]) == (2015, 1, "day")
    assert row["is_synthetic"] is True


def test_blank_levels_and_parties_are_empty_lists_and_a_blank_qualifier_is_exact():
    row = stage({}).row(1)
    assert (row["partner_levels"], row["thai_parties"], row["qualifier"]) == ([], [], "exact")
    assert row["from_date"] is None and row["from_precision"] is None


@pytest.mark.parametrize(
    ("written", "counts"),
    [("MOU", "agreements"), ("documents", "agreements"), ("bodies", "partners"), ("หน่วยงาน", "partners"),
     ("missions", "delegations"), ("คณะผู้แทน", "delegations"), ("firms", "companies"), ("บริษัท", "companies"),
     ("applications", "projects"), ("โครงการ", "projects"), ("Delegations", "delegations")],
)  # fmt: skip
def test_counts_spellings(written, counts):
    assert stage({"counts": written}).row(1)["counts"] == counts


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ({"stated_by": " "}, "stated_by", "a value is required here"),
        ({"value": None}, "value", "a value is required here"),
        ({"as_of": "2022-13"}, "as_of", "not a date that exists or that we can read"),
        ({"partner": "Atlantis Prefecture"}, "partner", "unknown partner: not an id, name or alias in partners"),
        ({"partner_level": "ward;prefecture"}, "partner_level",
         "expected a `;`-list of: " + ", ".join(ENUMS["level"])),
        ({"counts": "hectares"}, "counts", "expected one of: agreements, partners, delegations, companies, projects"),
        ({"value": "about 22"}, "value", "expected a whole number"),
        ({"value": "-22"}, "value", "a count cannot be negative"),
        ({"qualifier": "roughly-ish"}, "qualifier", "expected one of: exact, approx, at_least"),
        ({"period_from": "2015-00"}, "period_from", "not a date that exists or that we can read"),
        ({"as_of": "2019-01", "period_from": "2021-04-01"}, "as_of", "the as-of date is before the "),
        ({"as_of": "2021", "period_from": "2022"}, "as_of", "the as-of date is before the "),
        ({"source_url": "http://"}, "source_url", "not a plain web address"),
    ],
)  # fmt: skip
def test_what_is_rejected_and_why(row, column, reason):
    r = stage(row)
    assert r.good.height == 0
    assert r.column(1) == column
    assert r.reason(1).startswith(reason), r.reason(1)


def test_an_as_of_in_the_month_the_period_starts_passes():
    assert stage({"as_of": "2021-04", "period_from": "2021-04-15"}).rejects.height == 0


def test_the_as_of_reason_names_the_column_of_the_file():
    r = stage({"as_of": "2019-01", "period_from": "2021-04-01"})
    assert "period_from" in r.reason(1)


def test_the_reason_for_an_unreadable_value_offers_no_blank():
    r = stage({"value": "about 22"})
    assert "blank" not in r.reason(1)
