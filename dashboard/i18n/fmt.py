"""Strings, numbers, years, fiscal years, dates and periods for one language. Pure functions.

`lang` is "th" or "en" (anything else falls back to English); `era` is "be"
(Buddhist era, year + 543) or "ce". Years are always passed in CE, as the
warehouse stores them (`year_ce`); only the text shown changes. A missing
value (None or NaN) is shown as an en dash, "–".

The Thai government fiscal year runs 1 October to 30 September and is named
by the year it ends in: FY 2566 BE (FY2023) = 1 Oct 2022 - 30 Sep 2023.
"""

from __future__ import annotations

import math
import os
import re
from datetime import date, datetime

from dashboard.i18n.strings import ENUMS, MONTHS, STRINGS

LANGS = ("th", "en")
ERAS = ("be", "ce")
BE_OFFSET = 543  # Buddhist era year = CE year + 543
NO_VALUE = "–"
# Thai first: Sarabun and Noto Sans Thai also carry Latin letters, so one stack serves both
# languages (Thai names appear on English pages too). The app serves the webfont itself.
FONT_FAMILY = "Sarabun, 'Noto Sans Thai', Loma, sans-serif"

# An unknown key: in production t() shows the key itself (a visible gap, never a crash);
# in strict mode it raises KeyError. None = strict when running under pytest.
STRICT: bool | None = None

_TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_FROM_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _lang(lang: str | None) -> str:
    return lang if lang in STRINGS else "en"


def _strict() -> bool:
    return STRICT if STRICT is not None else "PYTEST_CURRENT_TEST" in os.environ


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and not math.isfinite(x))


class _KeepUnfilled(dict):
    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def t(key: str, lang: str, **params: object) -> str:
    """The string `key` in `lang`, its `{placeholders}` filled from `params`."""
    table = STRINGS[_lang(lang)]
    if key not in table:
        if _strict():
            raise KeyError(f"no string {key!r} in dashboard/i18n/strings.py ({_lang(lang)})")
        return key
    if _strict():
        return table[key].format(**params)
    return table[key].format_map(_KeepUnfilled(params))


def label(kind: str, value: str | None, lang: str) -> str:
    """The label of an enum value (kinds: the keys of ENUMS); an unknown value is shown as it is."""
    if value is None:
        return NO_VALUE
    return STRINGS[_lang(lang)].get(f"{kind}.{value}", str(value))


def options(kind: str, lang: str) -> list[dict[str, str]]:
    """`[{"label", "value"}]` for a dropdown of every value of an enum, in ENUMS order."""
    return [{"label": label(kind, v, lang), "value": v} for v in ENUMS[kind]]


def to_thai_digits(text: str) -> str:
    """2565 -> ๒๕๖๕ (only the digits change)."""
    return text.translate(_TO_THAI_DIGITS)


def fmt_int(n: float | None, lang: str, thai_digits: bool = False) -> str:
    """1234567 -> "1,234,567" in both languages (rounded to a whole number)."""
    if n is None or _missing(n):
        return NO_VALUE
    text = f"{round(n):,}"
    return to_thai_digits(text) if thai_digits else text


def fmt_number(x: float | None, lang: str, decimals: int = 1, thai_digits: bool = False) -> str:
    """1234.56 -> "1,234.6" in both languages (Thai government documents use `,` and `.`)."""
    if _missing(x):
        return NO_VALUE
    text = f"{x:,.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # -0.0 -> 0.0
    return to_thai_digits(text) if thai_digits else text


def fmt_thb_million(x: float | None, lang: str, decimals: int = 1, thai_digits: bool = False) -> str:
    """1234.5 -> "1,234.5 ล้านบาท" / "THB 1,234.5 million"."""
    if _missing(x):
        return NO_VALUE
    return t("fmt.thb_million", lang, x=fmt_number(x, lang, decimals, thai_digits))


def fmt_year(year_ce: int | None, era: str) -> str:
    """2022 -> "2565" (era "be") or "2022" (any other era)."""
    if year_ce is None or _missing(year_ce):
        return NO_VALUE
    return str(int(year_ce) + BE_OFFSET if era == "be" else int(year_ce))


def parse_year(text: str | int, era: str) -> int:
    """The CE year of a year as shown: parse_year("2565", "be") == 2022; Thai digits are read."""
    year = int(str(text).strip().translate(_FROM_THAI_DIGITS))
    return year - BE_OFFSET if era == "be" else year


def year_label(era: str, lang: str) -> str:
    """ "พ.ศ." / "ค.ศ." in Thai, "BE" / "CE" in English."""
    return t("fmt.era.be" if era == "be" else "fmt.era.ce", lang)


def fiscal_year_ce(year: int, month: int) -> int:
    """The Thai government fiscal year (CE, named by the year it ends in) of a month: Oct 2022 -> 2023."""
    return year + 1 if month >= 10 else year


def fmt_fiscal_year(fy_ce: int | None, era: str, lang: str) -> str:
    """FY2023: "ปีงบประมาณ 2566" / "FY 2566" (era "be"), "ปีงบประมาณ ค.ศ. 2023" / "FY2023" (era "ce")."""
    if _missing(fy_ce):
        return NO_VALUE
    era = "be" if era == "be" else "ce"
    return t(f"fmt.fiscal_year.{era}", lang, year=fmt_year(fy_ce, era))


def month_name(m: int, lang: str, short: bool = True) -> str:
    """7 -> "ก.ค." / "Jul" (short) or "กรกฎาคม" / "July"."""
    if not 1 <= m <= 12:
        raise ValueError(f"month must be 1-12, got {m!r}")
    return MONTHS[_lang(lang)]["short" if short else "full"][m - 1]


def fmt_date(year: int | None, month: int | None, day_date: date | None, precision: str, lang: str, era: str) -> str:
    """A date shown to its precision, never more exact than its source.

    day: "14 ก.ค. 2565" / "14 Jul 2022" (era "ce"; "14 Jul 2565" with era "be");
    month: "ก.ค. 2565" / "Jul 2022"; year: "2565" / "2022". A day-precision
    date without `day_date` falls back to its month, a month without `month` to its year.
    """
    if precision not in ("day", "month", "year"):
        raise ValueError(f"precision must be day, month or year, got {precision!r}")
    if day_date is not None:
        year = day_date.year if year is None else year
        month = day_date.month if month is None else month
    if precision == "day" and day_date is not None:
        return f"{day_date.day} {month_name(day_date.month, lang)} {fmt_year(day_date.year, era)}"
    if precision in ("day", "month") and month is not None and year is not None:
        return f"{month_name(month, lang)} {fmt_year(year, era)}"
    return fmt_year(year, era)


def fmt_datetime(moment: datetime | None, lang: str, era: str, seconds: bool = False) -> str:
    """A moment to the minute (or second): "3 ธ.ค. 2568 15:29" / "3 Dec 2025 15:29" (era "ce"), as it is given
    (a moment with a time zone is shown in the server's own zone)."""
    if moment is None:
        return NO_VALUE
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    clock = moment.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{fmt_date(None, None, moment.date(), 'day', lang, era)} {clock}"


_QUARTER = re.compile(r"Q([1-4])")
_HALF = re.compile(r"H([12])")
_MONTHS = re.compile(r"(\d{1,2})(?:-(\d{1,2}))?")


def fmt_period(period: str | None, lang: str) -> str:
    """The part of a year a statistic covers: None -> "ทั้งปี" / "full year"; "Q1" -> "ไตรมาส 1" / "Q1";
    "H1" -> "ครึ่งปีแรก" / "H1"; "01-09" -> "ม.ค.–ก.ย." / "Jan–Sep". Anything else is shown as it is."""
    if period is None or not period.strip():
        return t("fmt.full_year", lang)
    p = period.strip().upper()
    if m := _QUARTER.fullmatch(p):
        return t("fmt.quarter", lang, n=m[1])
    if m := _HALF.fullmatch(p):
        return t(f"fmt.half.{m[1]}", lang)
    if (m := _MONTHS.fullmatch(p)) and all(1 <= int(g) <= 12 for g in m.groups() if g):
        first, last = int(m[1]), int(m[2] or m[1])
        if first == last:
            return month_name(first, lang)
        return f"{month_name(first, lang)}–{month_name(last, lang)}"
    return period


def plotly_locale(lang: str) -> dict:
    """Layout settings for a figure in `lang`: `fig.update_layout(**plotly_locale(lang))`.

    Both languages group thousands with `,` and mark decimals with `.`; one font
    stack (Thai first) serves both, since Thai names appear on English pages too.
    """
    return {"separators": ".,", "font": {"family": FONT_FAMILY}}
