"""Values as analysts write them -> typed values. Pure Polars expressions.

Every function takes a String expression and returns an expression (or a dict
of named expressions); none of them collects, loops over rows or raises. A
value that cannot be read becomes null, and the staging step compares it with
the raw text to tell a blank (unknown) from an unreadable value (a reject).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypeVar

import polars as pl

from contract.vocabulary import THAI_MONTHS_ABBR, THAI_MONTHS_FULL, URL_MAX, WEB_URL

if TYPE_CHECKING:
    from polars.expr.whenthen import ChainedThen, Then

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
BE_OFFSET = 543  # Buddhist era year = CE year + 543
BE_THRESHOLD = 2400  # a four-digit year at or above this is Buddhist era

_EN_FULL = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december")  # fmt: skip
# Every spelling of each month: Thai full, abbreviated with and without the last dot, English.
# MONTH_SPELLINGS sorts them longest first so "กรกฎาคม" wins over "ก.ค."; matching is case-blind.
_MONTHS: dict[int, tuple[str, ...]] = {
    m + 1: (full, abbr, abbr.rstrip("."), en, f"{en[:3]}.")
    for m, (full, abbr, en) in enumerate(zip(THAI_MONTHS_FULL, THAI_MONTHS_ABBR, _EN_FULL, strict=True))
}
_SHORT_EN = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_SPELLINGS: list[tuple[str, int]] = sorted(
    [(s, m) for m, names in _MONTHS.items() for s in names]
    + [(s, i + 1) for i, s in enumerate(_SHORT_EN)]
    + [("sept", 9), ("sept.", 9)],
    key=lambda p: -len(p[0]),
)


def thai_digits(e: pl.Expr) -> pl.Expr:
    """๒๕๖๕ -> 2565 (only the digits change)."""
    return e.str.replace_many(list(THAI_DIGITS), [str(i) for i in range(10)])


def clean_text(e: pl.Expr) -> pl.Expr:
    """Trim, fold runs of white space (incl. non-breaking) to one space; '' -> null."""
    t = e.str.replace_all(r"[\s\u00a0\u200b]+", " ").str.strip_chars()
    return pl.when(t == "").then(None).otherwise(t)


def lookup_key(e: pl.Expr) -> pl.Expr:
    """The form names are matched in: case- and white-space-insensitive."""
    return clean_text(e).str.to_lowercase()


def _numeric_text(e: pl.Expr) -> pl.Expr:
    """Trim, drop thousands separators and spaces, Thai digits to ASCII: literal
    operations only (no regular expressions), as these run on every row."""
    t = e.str.strip_chars().str.replace_all(",", "", literal=True).str.replace_all(" ", "", literal=True)
    return thai_digits(t.str.replace_all("\u00a0", "", literal=True))


def parse_number(e: pl.Expr) -> pl.Expr:
    """'1,234.5', '๑,๒๓๔', ' 12 ', '1.2E+06' -> Float64; blank, unreadable or nan -> null.

    'inf' reads as infinity: the staging rules reject values that are not finite."""
    return _numeric_text(e).cast(pl.Float64, strict=False).fill_nan(None)


def parse_int(e: pl.Expr) -> pl.Expr:
    """A whole number ('1,200', '๑๒', '12.0' as Excel writes it); a fraction -> null."""
    return _numeric_text(e).str.replace(r"\.0+$", "").cast(pl.Int64, strict=False)


def ce_year(text: pl.Expr) -> pl.Expr:
    """Year text to CE: four-digit BE years (>= 2400) lose 543; two-digit years
    are BE (`60` -> 2560 -> 2017), as in Thai press dates like `6 มิ.ย.60`."""
    y = text.cast(pl.Int64, strict=False)
    return (
        pl.when(text.str.len_chars() == 2)
        .then(y + 2500 - BE_OFFSET)
        .when(y >= BE_THRESHOLD)
        .then(y - BE_OFFSET)
        .otherwise(y)
    )


def parse_year(e: pl.Expr) -> pl.Expr:
    """'2565', '๒๕๖๕', '2019', '2019.0' -> CE year (Int64); anything else -> null."""
    t = thai_digits(clean_text(e)).str.replace(r"\.0+$", "")
    return pl.when(t.str.contains(r"^[0-9]{4}$")).then(ce_year(t))


def _month_tokens(t: pl.Expr) -> pl.Expr:
    """Lower-case, and replace month names by ' M<nn> ' so one regex reads every spelling."""
    pats = [s for s, _ in MONTH_SPELLINGS]
    reps = [f" M{m:02d} " for _, m in MONTH_SPELLINGS]
    return t.str.to_lowercase().str.replace_many(pats, reps, ascii_case_insensitive=False, leftmost=True)


# [0-9], not \d: \d matches any Unicode digit (full-width, Arabic-Indic), which a cast cannot read.
_D, _M, _Y = r"([0-9]{1,2})", r"([0-9]{1,2})", r"([0-9]{4}|[0-9]{2})"
# (regex, which groups are day, month, year; precision). Tried in order.
_DATE_PATTERNS: list[tuple[str, tuple[int | None, int | None, int], str]] = [
    (
        r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ t][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?$",
        (3, 2, 1),
        "day",
    ),
    (rf"^{_D}[/.\-]{_M}[/.\-]{_Y}$", (1, 2, 3), "day"),
    (rf"^{_D} ?M([0-9][0-9]) ?,? ?{_Y}$", (1, 2, 3), "day"),
    (rf"^M([0-9][0-9]) ?{_D},? ?([0-9]{{4}})$", (2, 1, 3), "day"),
    (r"^([0-9]{4})-([0-9]{1,2})$", (None, 2, 1), "month"),
    (r"^([0-9]{1,2})/([0-9]{4})$", (None, 1, 2), "month"),
    (rf"^M([0-9][0-9]) ?,? ?{_Y}$", (None, 1, 2), "month"),
    (r"^([0-9]{4})$", (None, None, 1), "year"),
]


def parse_date(frame: FrameT, column: str, prefix: str) -> FrameT:
    """Read the dates of `column` as analysts write them; keep the precision the text gives.

    Adds `<prefix>_year` (CE), `<prefix>_month` (null unless month or day
    precision), `<prefix>_date` (null unless day precision: never a padded
    false day) and `<prefix>_precision` ('day', 'month', 'year'). Unreadable
    or impossible dates (31/02/2565) give nulls everywhere.

    Accepts ISO `2022-07-14` (with an Excel time part), day-first `14/07/2565`
    `14/7/2022` `14-7-22`, `14 ก.ค. 2565`, `14 กรกฎาคม 2565`, `6 มิ.ย.60`,
    `14 July 2022`, `July 14, 2022`, month precision `2018-07` `07/2018`
    `ก.ค. 2561` `July 2018`, year precision `2017` `2560`, and Excel serial day
    numbers (`44756`). Two-digit years are Buddhist era (`60` = 2560 = 2017).

    A frame step (use with `.pipe`), not one expression: each stage is
    materialised as a column so the expression tree stays small.
    """
    t = thai_digits(clean_text(pl.col(column)))
    tok = clean_text(_month_tokens(t).str.replace_all(r"\s*([,/])\s*", "$1"))
    frame = frame.with_columns(_dt=tok, _dserial=t.str.extract(r"^([0-9]{5})(?:\.0+)?$", 1).cast(pl.Int64))
    pi: Then | ChainedThen | None = None
    for i, (pat, _, _) in enumerate(_DATE_PATTERNS):
        hit = pl.col("_dt").str.contains(pat)
        pi = pl.when(hit).then(i) if pi is None else pi.when(hit).then(i)
    frame = frame.with_columns(_dp=pi)

    def part(slot: int) -> pl.Expr:
        out = pl.lit(None, pl.String)
        for i, (pat, groups, _) in enumerate(_DATE_PATTERNS):
            g = groups[slot]
            if g is not None:
                out = pl.when(pl.col("_dp") == i).then(pl.col("_dt").str.extract(pat, g)).otherwise(out)
        return out

    precs = [p for _, _, p in _DATE_PATTERNS]
    frame = frame.with_columns(
        _dd=part(0).cast(pl.Int64, strict=False),
        _dm=part(1).cast(pl.Int64, strict=False),
        _dy=part(2),
        _dprec=pl.col("_dp").replace_strict(list(range(len(precs))), precs, default=None, return_dtype=pl.String),
    )
    # Convert the year to CE *before* building the date: 29/02/2563 is a real
    # day in 2020, and building it in 2563 first would lose it.
    frame = frame.with_columns(_dy=ce_year(pl.col("_dy")))
    iso = pl.format(
        "{}-{}-{}",
        pl.col("_dy").cast(pl.String).str.zfill(4),
        pl.col("_dm").fill_null(1).cast(pl.String).str.zfill(2),
        pl.col("_dd").fill_null(1).cast(pl.String).str.zfill(2),
    )
    frame = frame.with_columns(
        _dok=iso.str.to_date("%Y-%m-%d", strict=False).is_not_null() & pl.col("_dy").is_between(1000, 9999),
        _dbuilt=iso.str.to_date("%Y-%m-%d", strict=False),
        # Excel serial day numbers (1900 date system): day 25569 is 1970-01-01.
        _dserial=(pl.col("_dserial") - 25569).cast(pl.Date),
    )
    ok, serial, prec = pl.col("_dok"), pl.col("_dserial"), pl.col("_dprec")
    return frame.with_columns(
        pl.coalesce(pl.when(ok & (prec == "day")).then(pl.col("_dbuilt")), serial).alias(f"{prefix}_date"),
        pl.coalesce(pl.when(ok).then(pl.col("_dy")), serial.dt.year().cast(pl.Int64)).alias(f"{prefix}_year"),
        pl.coalesce(pl.when(ok & (prec != "year")).then(pl.col("_dm")), serial.dt.month().cast(pl.Int64)).alias(
            f"{prefix}_month"
        ),
        pl.when(serial.is_not_null()).then(pl.lit("day")).when(ok).then(prec).alias(f"{prefix}_precision"),
    ).drop("_dt", "_dserial", "_dp", "_dd", "_dm", "_dy", "_dprec", "_dok", "_dbuilt")


def fiscal_year(year: pl.Expr, month: pl.Expr) -> pl.Expr:
    """Thai government fiscal year (1 Oct - 30 Sep, named by the year it ends in).

    Null when the month is unknown: a year-only date cannot be placed in one.
    """
    return pl.when(month.is_not_null()).then(year + (month >= 10).cast(pl.Int64))


def canonical_choice(e: pl.Expr, allowed: tuple[str, ...], aliases: dict[str, str] | None = None) -> pl.Expr:
    """Case- and space-blind match against accepted values (plus aliases); else null."""

    def key(text: str) -> str:
        return re.sub(r"[\s\-]+", "_", text.strip().lower())

    table = {key(a): a for a in allowed}
    for k, v in (aliases or {}).items():
        table[key(k)] = v
    looked_up = lookup_key(e).str.replace_all(r"[\s\-]+", "_")
    return looked_up.replace_strict(list(table), list(table.values()), default=None, return_dtype=pl.String)


def parse_period(e: pl.Expr) -> dict[str, pl.Expr]:
    """'' -> whole year; Q1-Q4, H1, H2 (Thai ไตรมาส 1 too); month range '1-9' -> '01-09'.

    Returns `period` (canonical text, null = the whole year), `month_from`,
    `month_to`, and `ok` (false when a non-blank value is unreadable).
    """
    t = (
        thai_digits(clean_text(e))
        .str.to_uppercase()
        .str.replace_all(r"\s+", "")
        .str.replace_all("–", "-", literal=True)
    )
    t = t.str.replace(r"^ไตรมาส(ที่)?", "Q").str.replace(r"^ครึ่งปี(แรก|หลัง)$", "H$1")
    t = t.str.replace("^Hแรก$", "H1").str.replace("^Hหลัง$", "H2")
    q = t.str.extract(r"^Q([1-4])$", 1).cast(pl.Int64)
    h = t.str.extract(r"^H([12])$", 1).cast(pl.Int64)
    a = t.str.extract(r"^([0-9]{1,2})[-–]([0-9]{1,2})$", 1).cast(pl.Int64)
    b = t.str.extract(r"^([0-9]{1,2})[-–]([0-9]{1,2})$", 2).cast(pl.Int64)
    whole = t.is_null() | t.is_in(["FY", "FULL", "YEAR", "ทั้งปี", "01-12", "1-12"])
    rng_ok = a.is_between(1, 12) & b.is_between(1, 12) & (a <= b)
    m_from = pl.when(whole).then(1).when(q.is_not_null()).then(q * 3 - 2).when(h.is_not_null()).then(h * 6 - 5)
    m_from = m_from.when(rng_ok).then(a)
    m_to = pl.when(whole).then(12).when(q.is_not_null()).then(q * 3).when(h.is_not_null()).then(h * 6)
    m_to = m_to.when(rng_ok).then(b)
    period = (
        pl.when(whole)
        .then(None)
        .when(q.is_not_null() | h.is_not_null())
        .then(t)
        .when(rng_ok)
        .then(pl.format("{}-{}", a.cast(pl.String).str.zfill(2), b.cast(pl.String).str.zfill(2)))
    )
    return {"period": period, "month_from": m_from, "month_to": m_to, "ok": m_from.is_not_null()}


def split_list(e: pl.Expr) -> pl.Expr:
    """'AUTO; EE ;FOOD' -> ['AUTO', 'EE', 'FOOD']: a ';'-list (names may hold commas); blanks dropped."""
    parts = clean_text(e).str.split(";")
    return parts.list.eval(pl.element().str.strip_chars().filter(pl.element().str.len_chars() > 0))


UNIT_MULTIPLIER = {"1": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}
UNIT_ALIASES = {
    "": "1",
    "one": "1",
    "units": "1",
    "baht": "1",
    "k": "thousand",
    "thousands": "thousand",
    "000": "thousand",
    "พัน": "thousand",
    "m": "million",
    "mn": "million",
    "mil": "million",
    "millions": "million",
    "ล้าน": "million",
    "b": "billion",
    "bn": "billion",
    "billions": "billion",
    "พันล้าน": "billion",
}
CURRENCY_ALIASES = {
    "baht": "THB",
    "บาท": "THB",
    "฿": "THB",
    "yen": "JPY",
    "เยน": "JPY",
    "¥": "JPY",
    "円": "JPY",
    "us$": "USD",
    "$": "USD",
    "dollar": "USD",
    "ดอลลาร์": "USD",
    "ดอลลาร์สหรัฐ": "USD",
    "yuan": "CNY",
    "rmb": "CNY",
    "หยวน": "CNY",
}


def parse_currency(e: pl.Expr) -> pl.Expr:
    """ISO 4217 code (three letters, any case) or a common name -> code; else null."""
    k = lookup_key(e)
    code = pl.when(k.str.contains(r"^[a-z]{3}$")).then(k.str.to_uppercase())
    alias = k.replace_strict(list(CURRENCY_ALIASES), list(CURRENCY_ALIASES.values()), default=None)
    return pl.coalesce(alias, code)


def parse_unit(e: pl.Expr) -> pl.Expr:
    """'million', 'ล้าน', 'bn', blank -> canonical unit ('1' for blank); else null."""
    k = pl.coalesce(lookup_key(e), pl.lit(""))
    table = {**{u: u for u in UNIT_MULTIPLIER}, **UNIT_ALIASES}
    return k.replace_strict(list(table), list(table.values()), default=None, return_dtype=pl.String)


def parse_bool(e: pl.Expr) -> pl.Expr:
    """'true', 'yes', '1', 'y', 'ใช่' -> True; blank/'false'/'no'/'0' -> False; else null."""
    k = pl.coalesce(lookup_key(e), pl.lit("false"))
    truthy = ["true", "t", "yes", "y", "1", "ใช่", "synthetic"]
    falsy = ["false", "f", "no", "n", "0", "ไม่ใช่"]
    return pl.when(k.is_in(truthy)).then(True).when(k.is_in(falsy)).then(False)


# --- web addresses ----------------------------------------------------------------------------------------


# A plain web address: http or https, a host name, an optional port, then a path, query or fragment of
# the characters a URL may hold (RFC 3986) or letters of any script (Thai paths are written unencoded).
# Nothing else: no spaces, line breaks, control or direction characters, no user name or password
# (`http://user:pw@host` shows one host and opens another), and none of [ ] < > " { } | \ ^ `, so an
# address can never carry markdown or HTML into a page that shows it as a link.
def web_url(e: pl.Expr) -> pl.Expr:
    """True where the text is a plain web address (WEB_URL, at most URL_MAX characters)."""
    return e.str.contains(WEB_URL) & (e.str.len_chars() <= URL_MAX)
