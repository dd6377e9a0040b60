"""etl.staging.notes on hand-made rows: a text, an optional as-of date and partner."""

from __future__ import annotations

from datetime import date

import pytest

from etl.staging import notes
from tests.etl.staging.helpers import run


def stage(*rows: dict):
    return run(notes, "notes", [{"note_id": f"n{i}", "text_en": "A note.", **r} for i, r in enumerate(rows, 1)])


def test_a_thai_note_loads_typed():
    r = stage(
        {"as_of": "31 มี.ค. 2567", "partner": "หอการค้าญี่ปุ่น กรุงเทพฯ", "text_en": " About 1,600 member companies. ",
         "text_th": "มีบริษัทสมาชิกประมาณ 1,600 บริษัท", "source_url": "https://www.example.or.th/"},
    )  # fmt: skip
    assert r.rejects.height == 0
    assert list(r.good.columns) == [*notes.OUTPUT, "_file", "_row"]
    row = r.row(1)
    assert (row["as_of_date"], row["as_of_year"], row["as_of_month"], row["as_of_precision"]) == (
        date(2024, 3, 31), 2024, 3, "day")  # fmt: skip
    assert row["partner_id"] == "jp-jcc-bangkok"
    assert row["text_en"] == "About 1,600 member companies."
    assert row["text_th"] == "มีบริษัทสมาชิกประมาณ 1,600 บริษัท"


def test_a_note_needs_no_date_partner_or_address():
    row = stage({}).row(1)
    assert row["as_of_date"] is None and row["as_of_precision"] is None and row["partner_id"] is None
    assert row["source_url"] is None and row["text_th"] is None


def test_an_as_of_month_or_year_keeps_its_precision():
    r = stage({"as_of": "2023-12"}, {"as_of": "ก.ค. 2561"}, {"as_of": "2565"})
    assert [(r.row(i)["as_of_year"], r.row(i)["as_of_month"], r.row(i)["as_of_precision"]) for i in (1, 2, 3)] == [
        (2023, 12, "month"), (2018, 7, "month"), (2022, None, "year")]  # fmt: skip


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ({"note_id": None}, "note_id", "a value is required here"),
        ({"text_en": "  "}, "text_en", "a value is required here"),
        ({"as_of": "yesterday"}, "as_of", "not a date that exists or that we can read"),
        ({"as_of": "2101-01-01"}, "as_of", "year 2101 is outside 1900-2100"),
        ({"partner": "Atlantis Prefecture"}, "partner", "unknown partner: not an id, name or alias in partners"),
        ({"partner": "jcc"}, "partner", "ambiguous partner: the name matches jp-jcc-bangkok, jp-jcci; use the id"),
        ({"source_url": "javascript:alert(1)"}, "source_url", "expected a web address starting with http"),
    ],
)  # fmt: skip
def test_what_is_rejected_and_why(row, column, reason):
    r = stage(row)
    assert r.good.height == 0
    assert r.column(1) == column
    assert r.reason(1).startswith(reason), r.reason(1)
