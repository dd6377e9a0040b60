"""Column helpers several datasets share: dates, years, counts, links, flags."""

from __future__ import annotations

import polars as pl

from contract.datasets import ENUMS
from contract.vocabulary import URL_MAX
from etl.normalize import canonical_choice, lookup_key, parse_bool, parse_date, parse_int, web_url
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


def not_before(later: str, earlier: str, column: str, what: str, earlier_column: str | None = None) -> Rule:
    """`later` must not fall before `earlier`, compared at the precision both give; the reason names the
    earlier date by its column in the file (`earlier_column`, default <earlier>_date)."""
    ly, lm, ld = (pl.col(f"{later}_{p}") for p in ("year", "month", "date"))
    ey, em, ed = (pl.col(f"{earlier}_{p}") for p in ("year", "month", "date"))
    before = (
        (ly < ey)
        | ((ly == ey) & lm.is_not_null() & em.is_not_null() & (lm < em))
        | (ld.is_not_null() & ed.is_not_null() & (ld < ed))
    )
    return Rule(column, before, f"{what} is before the {earlier} date ({earlier_column or earlier + '_date'})")


def count_column(column: str) -> pl.Expr:
    return parse_int(src(column))


def count_rules(column: str, out: str | None = None, required: bool = False) -> list[Rule]:
    """Rules for a count read into `out` (default: the same name); a required count is not offered blank."""
    n = pl.col(out or column)
    blank = "" if required else ", or blank if unknown"
    return [
        Rule(column, given(column) & n.is_null(), f"expected a whole number (e.g. 30 or 1,200){blank}"),
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
    """A plain http(s) web address (contract.vocabulary.WEB_URL), the reason saying what is wrong with any other."""
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


# -- who entered a record, when, and the words it came from (sources.ENTRY) --------------------------------

ENTERED_BY_MAX = 200  # characters of a user name
SOURCE_TEXT_MAX = 2_000  # characters of the words a record came from (the steward's screen takes as many)
# C0 and C1 controls, the direction marks, overrides and isolates, and the byte-order mark: never part of text
# a person reads. Thai vowels and tone marks above and below a letter are combining marks, not controls: kept.
CONTROL_CHARS = r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
_ISO_MOMENT = r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d{1,9})?)?\s*([Zz]|[+-]\d{2}:?\d{2})?$"
MOMENT_EXAMPLES = "e.g. 2026-12-03T23:31:22Z, or 2026-12-03 23:31:22+07:00; no offset means UTC"


def free_text(column: str, limit: int) -> pl.Expr:
    """Text a person wrote, as one line: control and direction characters out, runs of white space one
    space, trimmed, at most `limit` characters (a longer text is cut before a whole letter with its marks and
    ends in "…"); blank -> null."""
    t = src(column).str.replace_all(CONTROL_CHARS, " ").str.replace_all(r"\s+", " ").str.strip_chars()
    head = t.str.slice(0, limit - 1)
    # A cut between a letter and its combining marks would leave the letter without them: cut before it.
    split = t.str.slice(limit - 1, 1).str.contains(r"^\p{M}")
    cut = pl.when(split).then(head.str.replace(r"\P{M}\p{M}*$", "")).otherwise(head).str.strip_chars_end() + "…"
    return pl.when(t.str.len_chars() == 0).then(None).when(t.str.len_chars() > limit).then(cut).otherwise(t)


def moment(column: str) -> pl.Expr:
    """An ISO 8601 timestamp -> a UTC Datetime (an offset is converted; none means UTC); null when unreadable
    or not a moment that exists."""
    t = raw(column)
    part = [t.str.extract(_ISO_MOMENT, i) for i in range(1, 5)]
    offset = (
        pl.when(part[3].is_null() | (part[3].str.to_uppercase() == "Z"))
        .then(pl.lit("+00:00"))
        .otherwise(part[3].str.replace(r"^([+-]\d{2}):?(\d{2})$", "$1:$2"))
    )
    iso = pl.concat_str([part[0], pl.lit("T"), part[1], part[2].fill_null(":00"), offset])
    return (
        iso.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f%:z", time_unit="us", strict=False)
        .dt.convert_time_zone("UTC")
        .dt.replace_time_zone(None)
    )


def entry_columns() -> dict[str, pl.Expr]:
    """entered_by, entered_at (UTC) and source_text, typed and cleaned."""
    return {
        "entered_by": free_text("entered_by", ENTERED_BY_MAX),
        "entered_at": moment("entered_at"),
        "source_text": free_text("source_text", SOURCE_TEXT_MAX),
    }


def entry_rules() -> list[Rule]:
    return [
        Rule(
            "entered_at",
            given("entered_at") & pl.col("entered_at").is_null(),
            f"expected when the record was entered as an ISO 8601 timestamp ({MOMENT_EXAMPLES})",
        ),
        Rule(
            "entered_at",
            pl.col("entered_at").dt.year().is_between(YEAR_MIN, YEAR_MAX).not_(),
            pl.format("year {} is outside {}-{}", pl.col("entered_at").dt.year(), YEAR_MIN, YEAR_MAX),
        ),
    ]


def canonical_parent(df: pl.DataFrame, id_column: str, parent_column: str) -> pl.DataFrame:
    """A parent named in another case or spacing than its own row's id (JP for jp) written as that id, so the
    warehouse's tree joins on it and a parent that loaded is never taken for a rejected one. A parent that no
    row's id matches is left as written (its rule rejects it)."""
    ids = (
        df.select(lookup_key(pl.col(id_column)).alias("_parent_key"), pl.col(id_column).alias("_parent_id"))
        .drop_nulls()
        .unique("_parent_key", keep="first", maintain_order=True)
    )
    return (
        df.with_columns(lookup_key(pl.col(parent_column)).alias("_parent_key"))
        .join(ids, on="_parent_key", how="left", maintain_order="left")
        .with_columns(pl.coalesce("_parent_id", parent_column).alias(parent_column))
        .drop("_parent_key", "_parent_id")
    )
