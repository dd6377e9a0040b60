"""etl.staging.partners on hand-made rows: ids, countries, levels, subdivisions, parents and aggregates."""

from __future__ import annotations

import polars as pl
import pytest

from etl.staging import Refs, partners
from tests.etl.staging.helpers import run

JAPAN = {"partner_id": "jp", "name_en": "Japan", "country": "JP", "level": "national_government"}


def stage(*rows: dict):
    return run(partners, "partners", [{"name_en": "A partner", "country": "JP", "level": "agency", **r} for r in rows])


def test_a_thai_and_japanese_row_loads_typed():
    r = stage(
        JAPAN,
        {
            "partner_id": "jp-kanagawa",
            "name_en": "Kanagawa Prefecture",
            "name_th": " จังหวัดคานากาวะ ",
            "name_local": "神奈川県",
            "country": "jp",
            "level": "Prefecture",
            "subdivision": "jp-14",
            "parent_id": "jp",
            "aliases": "Kanagawa-ken; คานางาวะ ;;",
            "source_url": "https://www.pref.kanagawa.jp/",
            "synthetic": "no",
        },
    )
    assert r.rejects.height == 0
    assert list(r.good.columns) == [*partners.OUTPUT, "_file", "_row"]
    row = r.row(2)
    assert row["name_th"] == "จังหวัดคานากาวะ"
    assert (row["country"], row["level"], row["subdivision"]) == ("JP", "local_government", "JP-14")
    assert row["aliases"] == ["Kanagawa-ken", "คานางาวะ"]
    assert row["is_synthetic"] is False
    assert r.good.filter(partners.orphans(r.good)).height == 0


@pytest.mark.parametrize(
    ("written", "level"),
    [("national government", "national_government"), ("Central Government", "national_government"),
     ("country", "national_government"), ("city", "local_government"), ("local-government", "local_government"),
     ("federation", "business_association"), ("Business Association", "business_association"),
     ("COMPANY", "company"), ("university", "university"), ("aggregate", "aggregate")],
)  # fmt: skip
def test_level_spellings(written, level):
    assert stage({"partner_id": "p", "level": written}).row(1)["level"] == level


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ({"partner_id": "jp yokohama"}, "partner_id", "an id is letters, digits, '.', '_' or '-'"),
        ({"partner_id": "-jp"}, "partner_id", "an id is letters, digits, '.', '_' or '-'"),
        ({"partner_id": "ญี่ปุ่น"}, "partner_id", "an id is letters, digits, '.', '_' or '-'"),
        ({"partner_id": "p", "name_en": " "}, "name_en", "a value is required here"),
        ({"partner_id": "p", "country": "XX"}, "country", "expected an ISO 3166-1 alpha-2 country code"),
        ({"partner_id": "p", "country": "Japan"}, "country", "expected an ISO 3166-1 alpha-2 country code"),
        ({"partner_id": "p", "level": "ministry"}, "level", "expected one of: national_government, local_government"),
        ({"partner_id": "p", "subdivision": "Kanagawa"}, "subdivision", "expected an ISO 3166-2 code (e.g. JP-14)"),
        ({"partner_id": "p", "subdivision": "TH-20"}, "subdivision", "subdivision TH-20 is not in country JP"),
        ({"partner_id": "p", "parent_id": "jp-atlantis"}, "parent_id", "unknown parent: no partner has this partner_id"),
        ({"partner_id": "p", "parent_id": "p"}, "parent_id", "a partner cannot be its own parent"),
        ({"partner_id": "p", "level": "aggregate", "country": "ZZ", "parent_id": "jp"}, "parent_id",
         "an aggregate (a total over several investors) cannot belong to another partner"),
        ({"partner_id": "p", "source_url": "https://user:pw@example.org/"}, "source_url",
         "a web address with a user name or password"),
        ({"partner_id": "p", "synthetic": "perhaps"}, "synthetic", "expected true or false"),
    ],
)  # fmt: skip
def test_what_is_rejected_and_why(row, column, reason):
    r = stage(JAPAN, row)
    assert r.reason(1) is None
    assert r.column(2) == column
    assert r.reason(2).startswith(reason), r.reason(2)


def test_no_partner_may_belong_to_an_aggregate():
    r = stage(
        {"partner_id": "all-foreign", "name_en": "All foreign investors", "country": "ZZ", "level": "aggregate"},
        {"partner_id": "jp", "country": "JP", "level": "country", "parent_id": "ALL-FOREIGN"},
    )
    assert r.reason(1) is None
    assert r.reason(2) == "the parent is an aggregate (a total over several investors), which no partner can belong to"


def test_the_countries_come_from_the_refs():
    r = run(partners, "partners", [{"partner_id": "jp", "name_en": "Japan", "country": "JP", "level": "country"}],
            Refs(countries=pl.DataFrame({"code": ["TH", "ZZ"]})))  # fmt: skip
    assert r.column(1) == "country"


def test_a_parent_rejected_makes_its_children_orphans():
    r = stage(
        {"partner_id": "jp", "name_en": "Japan", "country": "JP", "level": "nation"},  # rejected: level
        {"partner_id": "jp-kanagawa", "level": "local_government", "parent_id": "jp"},
        {"partner_id": "jp-yokohama", "level": "city", "parent_id": "jp-kanagawa"},
    )
    assert r.column(1) == "level"
    assert r.good.filter(partners.orphans(r.good))["partner_id"].to_list() == ["jp-kanagawa"]


def test_a_parent_the_rule_accepts_is_not_an_orphan():
    r = stage(JAPAN, {"partner_id": "jp-kanagawa", "level": "local_government", "parent_id": "JP"})
    assert r.rejects.height == 0  # the parent rule found jp
    assert r.good.filter(partners.orphans(r.good)).height == 0
    assert r.good.filter(pl.col("partner_id") == "jp-kanagawa")["parent_id"].to_list() == ["jp"]  # as the id is


def test_lookup_resolves_ids_names_and_aliases_and_marks_shared_ones_ambiguous():
    r = stage(
        {"partner_id": "jp-jcc-bangkok", "name_en": "Japanese Chamber of Commerce, Bangkok", "aliases": "JCC;เจซีซี"},
        {"partner_id": "jp-jcci", "name_en": "Japan Chamber of Commerce and Industry", "name_local": "日本商工会議所",
         "aliases": "JCC"},
    )  # fmt: skip
    table = {k: (i, c) for k, i, c in partners.lookup(r.good).iter_rows()}
    assert table["jp-jcc-bangkok"] == ("jp-jcc-bangkok", "jp-jcc-bangkok")
    assert table["japanese chamber of commerce, bangkok"][0] == "jp-jcc-bangkok"
    assert table["日本商工会議所"][0] == "jp-jcci"
    assert table["เจซีซี"][0] == "jp-jcc-bangkok"
    assert table["jcc"] == (None, "jp-jcc-bangkok, jp-jcci")
    refs = Refs()
    partners.publish(r.good, refs)
    assert refs.partners.sort("key").equals(partners.lookup(r.good).sort("key"))
