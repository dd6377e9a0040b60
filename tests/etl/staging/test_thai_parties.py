"""etl.staging.thai_parties on hand-made rows: Thai names, and spellings that stand for one party only."""

from __future__ import annotations

import pytest

from etl.staging import thai_parties
from tests.etl.staging.helpers import run

DIPROM = {"name_en": "Department of Industrial Promotion", "name_th": "กรมส่งเสริมอุตสาหกรรม",
          "source_url": "https://www.dip.go.th/"}  # fmt: skip
SHARED = "a name, abbreviation or alias here is also another party's: each spelling may stand for one party"


def stage(*rows: dict):
    return run(thai_parties, "thai_parties", list(rows))


def test_a_row_loads_typed():
    r = stage({**DIPROM, "abbreviation": " DIPROM ", "aliases": "Dept. of Industrial Promotion; กสอ.;"})
    assert r.rejects.height == 0
    assert list(r.good.columns) == [*thai_parties.OUTPUT, "_file", "_row"]
    assert r.good.select(thai_parties.OUTPUT).row(0) == (
        "Department of Industrial Promotion", "กรมส่งเสริมอุตสาหกรรม", "DIPROM",
        ["Dept. of Industrial Promotion", "กสอ."], "https://www.dip.go.th/",
    )  # fmt: skip


def test_a_party_may_repeat_its_own_spelling():
    r = stage({**DIPROM, "abbreviation": "diprom", "aliases": "DIPROM; Department of  Industrial Promotion"})
    assert r.rejects.height == 0


@pytest.mark.parametrize(
    "other",
    [
        {"name_en": "DIPROM", "name_th": "กรมอื่น"},  # another party's name is this one's abbreviation
        {"name_en": "Board of Investment", "name_th": "บีโอไอ", "abbreviation": "diprom"},  # case-blind
        {"name_en": "Board of Investment", "name_th": "บีโอไอ", "aliases": "BOI; Diprom "},  # space-blind
        {"name_en": "Board of Investment", "name_th": "บีโอไอ", "aliases": "department  of industrial PROMOTION"},
    ],
)
def test_a_spelling_two_parties_share_rejects_both(other):
    r = stage({**DIPROM, "abbreviation": "DIPROM"}, {"source_url": "https://www.boi.go.th/", **other})
    assert r.good.height == 0
    assert [r.column(1), r.column(2)] == ["aliases", "aliases"]
    assert r.reason(1) == r.reason(2) == SHARED


def test_parties_without_a_shared_spelling_both_load():
    r = stage({**DIPROM, "abbreviation": "DIPROM"},
              {"name_en": "Office of the Board of Investment", "name_th": "สำนักงานคณะกรรมการส่งเสริมการลงทุน",
               "abbreviation": "BOI", "source_url": "https://www.boi.go.th/"})  # fmt: skip
    assert r.rejects.height == 0 and r.good.height == 2


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ({"name_th": "Department of Industrial Promotion"}, "name_th", "expected the name in Thai script"),
        ({"name_th": None}, "name_th", "a value is required here"),
        ({"source_url": None}, "source_url", "a value is required here"),
        ({"source_url": "https://www.dip.go.th/<script>"}, "source_url", "not a plain web address"),
        ({"name_en": " "}, "name_en", "a value is required here"),
    ],
)  # fmt: skip
def test_what_is_rejected_and_why(row, column, reason):
    r = stage({**DIPROM, **row})
    assert r.column(1) == column
    assert r.reason(1).startswith(reason), r.reason(1)
