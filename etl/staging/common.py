"""Column helpers several datasets share: dates, years, counts, links, flags."""

from __future__ import annotations

import polars as pl

from etl.normalize import URL_MAX, canonical_choice, parse_bool, parse_date, parse_int, web_url
from etl.sources import ENUMS
from etl.staging.base import RAW, Rule, given, raw, src

YEAR_MIN, YEAR_MAX = 1900, 2100
DATE_EXAMPLES = "e.g. 2022-07-14, 14/07/2565, 14 ก.ค. 2565, 2018-07 or 2017"


def dates(frame: pl.DataFrame, column: str, prefix: str) -> pl.DataFrame:
    """Add <prefix>_date, _year, _month, _precision read from the input text of `column`."""
    # Parse each distinct text once (dates repeat a lot), then join the parts back.
    values = frame.select(src(column).unique()).pipe(parse_date, RAW + column, prefix)
    return frame.join(values, on=RAW + column, how="left", nulls_equal=True, coalesce=True)


def date_rules(column: str, prefix: str) -> list[Rule]:
    y = pl.col(f"{prefix}_year")
    return [
        Rule(
            column,
            given(column) & pl.col(f"{prefix}_precision").is_null(),
            f"not a date that exists or that we can read ({DATE_EXAMPLES}; years before 2400 are CE, "
            "from 2400 Buddhist era; two-digit years are Buddhist era)",
        ),
        Rule(column, ~y.is_between(YEAR_MIN, YEAR_MAX), pl.format("year {} is outside {}-{}", y, YEAR_MIN, YEAR_MAX)),
    ]


def not_before(later: str, earlier: str, column: str, what: str) -> Rule:
    """`later` must not fall before `earlier`, compared at the precision both give."""
    ly, lm, ld = (pl.col(f"{later}_{p}") for p in ("year", "month", "date"))
    ey, em, ed = (pl.col(f"{earlier}_{p}") for p in ("year", "month", "date"))
    before = (
        (ly < ey)
        | ((ly == ey) & lm.is_not_null() & em.is_not_null() & (lm < em))
        | (ld.is_not_null() & ed.is_not_null() & (ld < ed))
    )
    return Rule(column, before, f"{what} is before the {earlier} date ({earlier}_date)")


def count_column(column: str) -> pl.Expr:
    return parse_int(src(column))


def count_rules(column: str, out: str | None = None) -> list[Rule]:
    """Rules for a count read into `out` (default: the same name)."""
    n = pl.col(out or column)
    return [
        Rule(column, given(column) & n.is_null(), "expected a whole number (e.g. 30 or 1,200), or blank if unknown"),
        Rule(column, n < 0, "a count cannot be negative"),
    ]


def amount_rules(column: str, out: str | None = None) -> list[Rule]:
    n = pl.col(out or column)
    return [
        Rule(
            column,
            given(column) & (n.is_null() | ~n.is_finite()),
            "expected a number (e.g. 1,234.5), or blank if unknown",
        ),
        Rule(column, n < 0, "a value cannot be negative"),
    ]


def choice_rule(column: str, out: str, allowed: tuple[str, ...], blank_ok: bool = True) -> Rule:
    bad = given(column) & pl.col(out).is_null()
    return Rule(column, bad, f"expected one of: {', '.join(allowed)}")


def choice(column: str, allowed: tuple[str, ...], aliases: dict[str, str] | None = None) -> pl.Expr:
    return canonical_choice(src(column), allowed, aliases)


# How exactly a source gives a number: "about 40" is approx, "more than 30" at_least.
QUALIFIER_ALIASES = {
    "about": "approx", "approximately": "approx", "around": "approx", "roughly": "approx", "~": "approx",
    "ca": "approx", "ประมาณ": "approx", "ราว": "approx", "ราว ๆ": "approx",
    "over": "at_least", "more than": "at_least", "at least": "at_least", "min": "at_least", ">=": "at_least",
    "กว่า": "at_least", "มากกว่า": "at_least", "อย่างน้อย": "at_least", "ไม่ต่ำกว่า": "at_least",
    "as stated": "exact", "ตามที่ระบุ": "exact",
}  # fmt: skip


def qualifier(column: str) -> pl.Expr:
    """exact, approx or at_least from the input text of `column`; blank is exact."""
    return pl.when(given(column)).then(choice(column, ENUMS["qualifier"], QUALIFIER_ALIASES)).otherwise(pl.lit("exact"))


def qualifier_rule(column: str, out: str | None = None) -> Rule:
    return choice_rule(column, out or column, ENUMS["qualifier"])


def url_rule(column: str = "source_url") -> Rule:
    """A plain http(s) web address (etl.normalize.WEB_URL), the reason saying what is wrong with any other."""
    v = raw(column)
    reason = (
        pl.when(~v.str.contains(r"^https?://"))
        .then(pl.lit("expected a web address starting with http:// or https://"))
        .when(v.str.contains(r"[\s\p{C}]"))
        .then(pl.lit("a web address cannot hold spaces, line breaks or invisible characters (control or "
                     "direction marks such as U+202E): copy the address from the browser's address bar"))
        .when(v.str.contains(r"^https?://[^/?#]*@"))
        .then(pl.lit("a web address with a user name or password (user:password@host) is not accepted: "
                     "give the page's address without them"))
        .when(v.str.len_chars() > URL_MAX)
        .then(pl.lit(f"a web address longer than {URL_MAX:,} characters is not accepted"))
        .otherwise(pl.lit("not a plain web address: a host name (www.example.org) and then only the characters "
                          'of a URL; [ ] < > " { } | \\ ^ ` must be percent-encoded (%5B for [)'))
    )  # fmt: skip
    return Rule(column, given(column) & ~web_url(v), reason)


def synthetic_column() -> pl.Expr:
    return parse_bool(src("synthetic"))


def synthetic_rule() -> Rule:
    return Rule("synthetic", given("synthetic") & pl.col("is_synthetic").is_null(), "expected true or false")


def text(column: str) -> pl.Expr:
    return raw(column)
