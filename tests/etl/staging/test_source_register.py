"""etl.staging.source_register on hand-made rows: the register's own rules, and the rule it sets on records."""

from __future__ import annotations

from datetime import date

import pytest

from contract.datasets import DATASETS, ENUMS, REGISTERED
from etl.staging import Refs, source_register
from etl.staging.base import apply_rules
from tests.etl.staging.helpers import chunk, run

URL = "https://www.example.go.th/news/1"


def stage(*rows: dict):
    return run(source_register, "sources", [{"source_url": URL, "publisher": "DIPROM", "kind": "government", **r}
                                            for r in rows])  # fmt: skip


def test_a_thai_row_loads_typed():
    r = stage(
        {"publisher": "กรมส่งเสริมอุตสาหกรรม", "title": "ข่าวประชาสัมพันธ์", "published": "14 ก.ค. 2565",
         "language": " TH ", "kind": "รัฐบาล", "notes": "หน้าเว็บ"},
    )  # fmt: skip
    assert r.rejects.height == 0
    assert list(r.good.columns) == [*source_register.OUTPUT, "_file", "_row"]
    row = r.row(1)
    assert row["language"] == "th"
    assert row["kind"] == "government"
    assert (row["published_date"], row["published_year"], row["published_month"], row["published_precision"]) == (
        date(2022, 7, 14), 2022, 7, "day")  # fmt: skip
    assert row["title"] == "ข่าวประชาสัมพันธ์"


@pytest.mark.parametrize(
    ("written", "kind"),
    [("newspaper", "news"), ("ข่าว", "news"), ("Press", "news"), ("สถานทูต", "embassy"), ("BOI", "boi"),
     ("statistics", "statistics")],
)  # fmt: skip
def test_kind_spellings(written, kind):
    assert stage({"kind": written}).row(1)["kind"] == kind


def test_published_date_and_language_are_optional():
    row = stage({}).row(1)
    assert row["published_date"] is None and row["published_precision"] is None and row["language"] is None


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ({"publisher": ""}, "publisher", "a value is required here"),
        ({"kind": None}, "kind", "a value is required here"),
        ({"source_url": "example.go.th/news/1"}, "source_url", "expected a web address starting with http"),
        ({"source_url": "https://example.org/a b"}, "source_url", "a web address cannot hold spaces"),
        ({"source_url": "https://example.org/\u202eexe.gnp"}, "source_url", "a web address cannot hold spaces"),
        ({"published": "2565-13-01"}, "published", "not a date that exists or that we can read"),
        ({"language": "thai"}, "language", "expected a two-letter ISO 639-1 code such as en, th, ja, zh or ko"),
        ({"language": "ไท"}, "language", "expected a two-letter ISO 639-1 code"),
        ({"kind": "blog"}, "kind", "expected one of: " + ", ".join(ENUMS["source_kind"])),
    ],
)  # fmt: skip
def test_what_is_rejected_and_why(row, column, reason):
    r = stage(row)
    assert r.column(1) == column
    assert r.reason(1).startswith(reason), r.reason(1)


def test_publish_and_the_register_rule_on_records():
    r = stage({}, {"source_url": "https://www.example.go.th/news/2"})
    refs = Refs()
    assert source_register.register_rule("agreements", refs) == []  # no register: any address will do
    source_register.publish(r.good, refs)
    assert refs.sources.to_list() == [URL, "https://www.example.go.th/news/2"]
    assert source_register.register_rule("sources", refs) == []  # the register itself is not checked against itself
    assert "agreements" in REGISTERED
    rules = source_register.register_rule("agreements", refs)
    rows = [{"source_url": u} for u in (URL, f"  {URL} ", "https://www.example.go.th/news/3", None, URL.upper())]
    good, bad = apply_rules(chunk("agreements", rows), DATASETS["agreements"], rules)
    assert good["_row"].to_list() == [1, 2, 4]  # registered (trimmed), and no address at all
    assert bad["_row"].to_list() == [3, 5]  # an address is matched exactly as registered
    assert bad["column"].unique().to_list() == ["source_url"]
    assert bad["reason"][0].startswith("source not in the register: add a row for this address to sources.csv")
