"""etl.staging.sectors on hand-made rows: codes, groups, parents."""

from __future__ import annotations

import polars as pl
import pytest

from etl.staging import Refs, sectors
from tests.etl.staging.helpers import run

AUTO = {"sector_code": "AUTO", "name_en": "Next-generation automotive", "name_th": "ยานยนต์สมัยใหม่"}


def stage(*rows: dict):
    return run(sectors, "sectors", [{"name_en": "A sector", "name_th": "สาขา", **r} for r in rows])


def test_a_row_loads_typed():
    r = stage(
        {**AUTO, "group": "First S-Curve", "aliases": "automotive; ยานยนต์", "synthetic": "TRUE"},
        {"sector_code": "EV", "name_en": "Electric vehicles", "name_th": "ยานยนต์ไฟฟ้า", "parent_code": "AUTO",
         "group": "new s curve"},
    )  # fmt: skip
    assert r.rejects.height == 0
    assert list(r.good.columns) == [*sectors.OUTPUT, "_file", "_row"]
    assert r.row(1) | {"_file": None} == {
        "sector_code": "AUTO", "name_en": "Next-generation automotive", "name_th": "ยานยนต์สมัยใหม่",
        "sector_group": "first_s_curve", "parent_code": None, "aliases": ["automotive", "ยานยนต์"],
        "is_synthetic": True, "_file": None, "_row": 1,
    }  # fmt: skip
    assert (r.row(2)["sector_group"], r.row(2)["parent_code"]) == ("new_s_curve", "AUTO")
    assert r.good.filter(sectors.orphans(r.good)).height == 0


@pytest.mark.parametrize(
    ("written", "group"),
    [(None, "other"), ("  ", "other"), ("other", "other"), ("s-curve", "first_s_curve"),
     ("first_s_curve", "first_s_curve"), ("NEW S-CURVE", "new_s_curve")],
)  # fmt: skip
def test_group_spellings_and_blank_is_other(written, group):
    assert stage({**AUTO, "group": written}).row(1)["sector_group"] == group


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ({"sector_code": "AUTO PARTS"}, "sector_code", "a code is letters, digits, '.', '_' or '-' (e.g. AUTO)"),
        ({"sector_code": "ยานยนต์"}, "sector_code", "a code is letters, digits, '.', '_' or '-' (e.g. AUTO)"),
        ({"sector_code": "X", "name_th": None}, "name_th", "a value is required here"),
        ({"sector_code": "X", "group": "third s-curve"}, "group", "expected one of: first_s_curve, new_s_curve, other"),
        ({"sector_code": "X", "parent_code": "SPACE"}, "parent_code", "unknown parent: no sector has this sector_code"),
        ({"sector_code": "X", "parent_code": "X"}, "parent_code", "a sector cannot be its own parent"),
        ({"sector_code": "X", "synthetic": "2"}, "synthetic", "expected true or false"),
    ],
)  # fmt: skip
def test_what_is_rejected_and_why(row, column, reason):
    r = stage(AUTO, row)
    assert r.reason(1) is None
    assert (r.column(2), r.reason(2)) == (column, reason)


def test_a_rejected_parent_makes_its_children_orphans():
    r = stage({**AUTO, "group": "fourth"}, {"sector_code": "EV", "parent_code": "AUTO"})
    assert r.column(1) == "group"
    assert r.good.filter(sectors.orphans(r.good))["sector_code"].to_list() == ["EV"]


def test_a_parent_the_rule_accepts_is_not_an_orphan():
    r = stage(AUTO, {"sector_code": "EV", "parent_code": "auto"})
    assert r.rejects.height == 0  # the parent rule found AUTO
    assert r.good.filter(sectors.orphans(r.good)).height == 0
    assert r.good.filter(pl.col("sector_code") == "EV")["parent_code"].to_list() == ["AUTO"]  # as the code is


def test_lookup_and_publish_resolve_codes_names_and_aliases():
    r = stage({**AUTO, "aliases": "automotive;tech"}, {"sector_code": "EE", "name_en": "Smart electronics",
                                                       "name_th": "อิเล็กทรอนิกส์อัจฉริยะ", "aliases": "Tech"})  # fmt: skip
    refs = Refs()
    sectors.publish(r.good, refs)
    table = {k: (i, c) for k, i, c in refs.sectors.iter_rows()}
    assert table["auto"][0] == "AUTO" and table["ยานยนต์สมัยใหม่"][0] == "AUTO"
    assert table["smart electronics"][0] == "EE"
    assert table["tech"] == (None, "AUTO, EE")
