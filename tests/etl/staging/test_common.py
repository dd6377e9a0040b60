"""etl.staging.common, the column helpers datasets share: text a person wrote, moments, web addresses."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from contract.vocabulary import URL_MAX
from etl.staging.base import RAW
from etl.staging.common import CONTROL_CHARS, entry_columns, entry_rules, free_text, moment, qualifier, url_rule


def one(column: str, values: list, expr: pl.Expr) -> list:
    return pl.DataFrame({RAW + column: values}, schema={RAW + column: pl.String}).select(expr).to_series().to_list()


@pytest.mark.parametrize(
    ("text", "shown"),
    [("  นาย\u200fสมชาย\n\tใจดี  ", "นาย สมชาย…"), ("นาย\u200fสมชาย", "นาย สมชาย"), ("a\u202eb\u2066c\ufeff", "a b c"), ("", None), ("  ", None),
     (None, None), ("ก" * 8 + "ที่x", "ก" * 8 + "…"),  # never a letter cut from its marks: cut before it
     ("ก" * 9 + "ที่", "ก" * 9 + "…"), ("x" * 10, "x" * 10), ("x" * 11, "x" * 9 + "…"), ("abcdefgh ij", "abcdefgh…")],
)  # fmt: skip
def test_free_text_is_one_clean_line_of_at_most_the_limit(text, shown):
    assert one("t", [text], free_text("t", 10)) == [shown]


def test_moments_are_utc_and_unreadable_ones_null():
    values = ["2026-12-03T23:31:22Z", "2026-12-03 23:31:22+07:00", "2026-12-03T23:31", "2026-12-03T23:31:22.5+0530",
              "2026-02-30T10:00:00Z", "2026-12-03", "yesterday", None]  # fmt: skip
    assert one("entered_at", values, moment("entered_at")) == [
        datetime(2026, 12, 3, 23, 31, 22), datetime(2026, 12, 3, 16, 31, 22), datetime(2026, 12, 3, 23, 31),
        datetime(2026, 12, 3, 18, 1, 22, 500000), None, None, None, None]  # fmt: skip


def test_entry_rules_reject_an_unreadable_or_far_off_moment():
    df = pl.DataFrame({RAW + c: v for c, v in {"entered_by": ["a", "b", "c"], "source_text": [None] * 3,
                       "entered_at": ["2026-12-03T10:00:00Z", "3 Dec 2026", "0001-01-01T00:00:00Z"]}.items()},
                      schema={RAW + c: pl.String for c in ("entered_by", "source_text", "entered_at")})  # fmt: skip
    df = df.with_columns(**entry_columns())
    flags = df.select([r.bad.fill_null(False).alias(str(i)) for i, r in enumerate(entry_rules())]).rows()
    assert flags == [(False, False), (True, False), (False, True)]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [(None, "exact"), ("", "exact"), ("about", "approx"), ("ราว ๆ", "approx"), ("~", "approx"),
     ("More than", "at_least"), (">=", "at_least"), ("ไม่ต่ำกว่า", "at_least"), ("as stated", "exact"),
     ("give or take", None)],
)  # fmt: skip
def test_qualifier_spellings_and_blank_is_exact(written, canonical):
    assert one("q", [written], qualifier("q")) == [canonical]


@pytest.mark.parametrize(
    ("url", "reason"),
    [("https://www.boi.go.th/index.php?page=news&lang=th", None), ("http://example.org", None),
     ("https://th.example.org/ข่าว/การลงทุน", None), (None, None), ("", None),
     ("www.boi.go.th", "expected a web address starting with http:// or https://"),
     ("https://example.org/a b", "a web address cannot hold spaces"),
     ("https://example.org/\u202egnp.exe", "a web address cannot hold spaces"),
     ("https://user:pw@example.org/", "a web address with a user name or password"),
     ("https://example.org/" + "a" * URL_MAX, f"a web address longer than {URL_MAX:,} characters is not accepted"),
     ("https://example.org/[x]", "not a plain web address"), ("https://", "not a plain web address")],
)  # fmt: skip
def test_url_rule(url, reason):
    rule = url_rule()
    df = pl.DataFrame({RAW + "source_url": [url]}, schema={RAW + "source_url": pl.String})
    bad, why = df.select(
        rule.bad.fill_null(False), pl.lit(rule.reason) if isinstance(rule.reason, str) else rule.reason
    ).row(0)
    assert bad is (reason is not None)
    if reason:
        assert why.startswith(reason), why


def test_control_characters_do_not_include_thai_marks():
    import re

    assert not re.search(CONTROL_CHARS, "ที่ตั้ง ๑๒๓ กรุงเทพฯ")
    assert re.search(CONTROL_CHARS, "a\u200eb")
