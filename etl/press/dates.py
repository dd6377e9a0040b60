"""Dates in running text, with their spans: every form the ETL reads, ranges, and relative dates.

Each mention is read into the string form `etl.normalize.parse_date` reads (`25/07/2560`, `07/2560`,
`2560`) and that function decides the value, so a date here means what it means in a raw file
(BE years from 2400, two-digit years BE, impossible days refused). A year the text leaves out is taken
from the publication date (past or future by the words around it) and the mention says so; a relative
date ("last week", "เดือนที่ผ่านมา") is given only as precisely as it is known: a week inside one month is
that month, never a made-up day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import polars as pl

from etl.normalize import BE_OFFSET, MONTH_SPELLINGS, THAI_DIGITS, parse_date
from etl.press.notes import Note

_DIGITS = str.maketrans(THAI_DIGITS, "0123456789")


def ascii_digits(text: str) -> str:
    """Thai digits -> ASCII, one character for one, so offsets stay the same."""
    return text.translate(_DIGITS)


def _month_alt() -> str:
    out = []
    for spelling, _ in MONTH_SPELLINGS:
        pat = re.escape(spelling)
        if spelling[0].isascii():
            pat = rf"(?<![A-Za-z]){pat}(?![A-Za-z])"
        out.append(pat)
    return "(?:" + "|".join(out) + ")"


_MONTH_OF = {s.lower(): m for s, m in MONTH_SPELLINGS}
MON = _month_alt()


def _day(n: str) -> str:
    return rf"(?<![0-9])(?P<{n}>[0-9]{{1,2}})(?:st|nd|rd|th)?(?![0-9])"


_ERA = r"(?:(?:พ\.\s?ศ\.|ค\.\s?ศ\.|B\.E\.|A\.D\.|BE|CE)\s*)?"


def _y4(n: str) -> str:
    return rf"{_ERA}(?P<{n}>[0-9]{{4}})(?![0-9])"


def _year(n: str) -> str:
    """A four-digit year, or two digits right after an abbreviated month ("มิ.ย.60")."""
    return rf"(?:{_ERA}(?P<{n}>[0-9]{{4}})|(?<=\.)(?P<{n}s>[0-9]{{2}}))(?![0-9])"


_SEP = r"\s*(?:-|–|—|ถึง(?:วันที่)?|to|until|till|through)\s*"
_SP = r"[ \t]*"

PAST = re.compile(
    r"ที่ผ่านมา|ที่แล้ว|เมื่อ|ได้(?:ร่วม|ลงนาม|เดินทาง|จัด|ประชุม|หารือ|นำ|เยือน|พบ)|ลงนามแล้ว|แล้ว|"
    r"\b(?:last|ago|earlier|was|were|had|held|signed|met|visited|led|took place|attended|inked|concluded|"
    r"opened|hosted|joined|welcomed|received|discussed|said|announced|called)\b",
    re.I,
)
FUTURE = re.compile(
    r"จะ|ที่จะถึง|ต่อไป|มีแผน|มีกำหนด|กำหนดการ|เตรียม|ในอนาคต|"
    r"\b(?:will|shall|next|upcoming|forthcoming|planned|plans?|scheduled|to be held|is set to|are set to|"
    r"expected to|aims? to|intends? to)\b",
    re.I,
)


@dataclass
class DateMention:
    start: int
    end: int
    kind: str  # day, range, month, month_range, year, relative
    value: str | None = None  # as a raw file would hold it: 2022-07-14, 2022-07, 2022
    end_value: str | None = None  # ranges: the last day (or month)
    precision: str | None = None  # day, month or year
    notes: list[str] = field(default_factory=list)
    rule: str = ""
    confidence: float = 0.9
    year_given: bool = True
    months: tuple[int, int] | None = None  # month ranges: first and last month


def _mon(text: str) -> int:
    return _MONTH_OF[text.lower().strip()]


# (rule, regex, kind); groups are read by name.
_P = [
    (
        "day_month_range",
        rf"{_day('d1')}{_SP}(?P<m1>{MON}){_SP}(?:{_year('y1')})?{_SEP}{_day('d2')}{_SP}(?P<m2>{MON}){_SP}(?:{_year('y2')})?",
        "range2",
    ),
    ("day_range", rf"{_day('d1')}{_SEP}{_day('d2')}{_SP}(?P<m1>{MON}){_SP},?{_SP}(?:{_year('y1')})?", "range1"),
    ("en_day_range", rf"(?P<m1>{MON}){_SP}{_day('d1')}{_SEP}{_day('d2')}(?:,?{_SP}{_y4('y1')})?", "range_en"),
    ("iso", r"(?<![0-9])(?P<y1>[0-9]{4})-(?P<m1n>[0-9]{1,2})-(?P<d1>[0-9]{1,2})(?![0-9])", "iso"),
    ("numeric", r"(?<![0-9/])(?P<d1>[0-9]{1,2})/(?P<m1n>[0-9]{1,2})/(?P<y1>[0-9]{4}|[0-9]{2})(?![0-9/])", "numeric"),
    ("day_month_year", rf"{_day('d1')}{_SP}(?P<m1>{MON}){_SP},?{_SP}(?:{_year('y1')})?", "dmy"),
    ("month_day_year", rf"(?P<m1>{MON}){_SP}{_day('d1')}(?:,?{_SP}{_y4('y1')})?", "mdy"),
    ("month_range", rf"(?P<m1>{MON}){_SEP}(?P<m2>{MON}){_SP},?{_SP}(?:{_year('y1')})?", "mrange"),
    ("month_year", rf"(?P<m1>{MON}){_SP},?{_SP}{_year('y1')}", "my"),
    (
        "year",
        r"(?:(?<![A-Za-z])(?:in|year|since|of|for|during)\s+|ปี(?!งบประมาณ)\s*(?:พ\.\s?ศ\.|ค\.\s?ศ\.)?\s*|"
        r"(?:พ\.\s?ศ\.|ค\.\s?ศ\.)\s*)(?P<y1>[0-9]{4})(?![0-9])",
        "year",
    ),
]
_KIND = {
    "range1": "range",
    "range2": "range",
    "range_en": "range",
    "mrange": "month_range",
    "my": "month",
    "year": "year",
}
_KIND |= {k: "day" for k in ("iso", "numeric", "dmy", "mdy")}
_COMPILED = [(r, re.compile(p, re.I), k) for r, p, k in _P]

_RELATIVE = [
    (r"เมื่อวานนี้|เมื่อวาน|\byesterday\b", ("day", -1)),
    (r"วันนี้|\btoday\b", ("day", 0)),
    (r"พรุ่งนี้|\btomorrow\b", ("day", 1)),
    (r"สัปดาห์ที่ผ่านมา|สัปดาห์ที่แล้ว|สัปดาห์ก่อน|อาทิตย์ที่แล้ว|\blast week\b", ("week", -1)),
    (r"สัปดาห์นี้|\bthis week\b|\bearlier this week\b", ("week", 0)),
    (r"สัปดาห์หน้า|\bnext week\b", ("week", 1)),
    (r"เดือนที่ผ่านมา|เดือนที่แล้ว|เดือนก่อน|\blast month\b", ("month", -1)),
    (r"เดือนนี้|\bthis month\b|\bearlier this month\b|\blater this month\b", ("month", 0)),
    (r"เดือนหน้า|\bnext month\b", ("month", 1)),
    (r"ปีที่ผ่านมา|ปีที่แล้ว|ปีก่อน|\blast year\b", ("year", -1)),
    (r"ปีนี้|\bthis year\b|\bearlier this year\b|\blater this year\b", ("year", 0)),
    (r"ปีหน้า|\bnext year\b", ("year", 1)),
]
_RELATIVE_C = [(re.compile(p, re.I), v) for p, v in _RELATIVE]
_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS_TH = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
_WEEKDAY = re.compile(
    r"(?:(?P<mod>last|next|this|on)\s+)?(?P<en>" + "|".join(_WEEKDAYS_EN) + r")\b"
    r"|วัน(?P<th>" + "|".join(_WEEKDAYS_TH) + r")(?P<thmod>ที่ผ่านมา|ที่แล้ว|หน้า|ที่จะถึงนี้|ที่จะถึง)",
    re.I,
)
_TAIL = re.compile(r"\s?(?:ที่ผ่านมา|ที่แล้ว|ที่จะถึงนี้|ที่จะถึง|นี้)")


def _cue(shadow: str, start: int, end: int) -> str | None:
    """'past', 'future' or None from the words just before and after a mention (same line)."""
    line_start = shadow.rfind("\n", 0, start) + 1
    line_end = shadow.find("\n", end)
    line_end = len(shadow) if line_end == -1 else line_end
    after = shadow[end : min(line_end, end + 12)]
    if re.match(r"\s?(?:ที่ผ่านมา|ที่แล้ว)", after):
        return "past"
    if re.match(r"\s?(?:ที่จะถึง|นี้\s*จะ)", after):
        return "future"
    before = shadow[max(line_start, start - 60) : start]
    fut = [m.end() for m in FUTURE.finditer(before)]
    past = [m.end() for m in PAST.finditer(before)]
    if fut and (not past or max(fut) > max(past)):
        return "future"
    if past:
        return "past"
    return None


def _pick_year(month: int, day: int | None, published: dt.date, cue: str | None) -> int:
    """The year of a day or month given without one, from the publication date and the tense."""
    best = None
    for y in (published.year - 1, published.year, published.year + 1):
        try:
            d = dt.date(y, month, day or 1)
        except ValueError:
            continue
        last = d if day else (dt.date(y + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
        if cue == "past" and d > published:
            continue
        if cue == "future" and last < published:
            continue
        dist = abs((d - published).days)
        if best is None or dist < best[0]:
            best = (dist, y)
    return best[1] if best else published.year


def _raw_form(y: str | None, m: int | None, d: int | None) -> str | None:
    """The string parse_date reads for these parts (year text as written: BE, CE or two digits)."""
    if y is None:
        return None
    if m is None:
        return y
    if d is None:
        return f"{m:02d}/{y}" if len(y) == 4 else None
    return f"{d}/{m}/{y}"


def find_dates(text: str, published: dt.date | None = None) -> list[DateMention]:
    """Every date mention in `text`, left to right, non-overlapping, values read by parse_date."""
    shadow = ascii_digits(text)
    taken: list[tuple[int, int]] = []
    found: list[tuple[DateMention, list[str | None]]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for rule, rx, kind in _COMPILED:
        for m in rx.finditer(shadow):
            a, b = m.span()
            while b > a and shadow[b - 1] in " ,\t":
                b -= 1
            if b <= a or not free(a, b):
                continue
            parts = _parts(m, kind)
            if parts is None:
                continue
            (y1, m1, d1), (y2, m2, d2), prec = parts
            if kind == "year" and not _plausible_year(y1):
                continue
            tail = _TAIL.match(shadow, b)
            if tail and kind not in ("year",):
                b = tail.end()
            mention = DateMention(a, b, kind=_KIND[kind])
            mention.rule = rule
            mention.precision = prec
            if m1 and m2 and kind == "mrange":
                mention.months = (m1, m2)
            y1 = y1 or y2
            y2 = y2 or y1
            if y1 is None:
                mention.year_given = False
                if published is None or m1 is None:
                    mention.notes.append(Note("no_year"))
                    mention.confidence = 0.0
                    taken.append((a, b))
                    found.append((mention, [None, None]))
                    continue
                cue = _cue(shadow, a, b)
                y = _pick_year(m1, d1, published, cue)
                y1 = y2 = str(y)
                if m2 is not None and m1 is not None and m2 < m1:
                    y2 = str(y + 1)
                mention.notes.append(Note(f"year_taken_{cue or 'nearest'}", year=y1, published=published.isoformat()))
                mention.confidence = 0.75
            taken.append((a, b))
            found.append((mention, [_raw_form(y1, m1, d1), _raw_form(y2, m2, d2) if kind != "year" else None]))
    if published is not None:
        for rel in _relatives(shadow, published, free):
            taken.append((rel.start, rel.end))
            found.append((rel, []))
    _resolve(found)
    out = [f for f, _ in found]
    out.sort(key=lambda x: x.start)
    return out


def _plausible_year(y: str | None) -> bool:
    if y is None:
        return False
    n = int(y)
    return 1950 <= n <= 2100 or 2493 <= n <= 2643


def _parts(m: re.Match, kind: str):
    """((year text, month, day) of the start, of the end, precision) or None."""
    d = m.groupdict()

    def year(n: str) -> str | None:
        return d.get(n) or d.get(f"{n}s")

    def num(n: str) -> int | None:
        return int(d[n]) if d.get(n) else None

    m1 = _mon(d["m1"]) if d.get("m1") else num("m1n")
    m2 = _mon(d["m2"]) if d.get("m2") else None
    if kind == "range2":
        return (year("y1"), m1, num("d1")), (year("y2"), m2, num("d2")), "day"
    if kind in ("range1", "range_en"):
        return (year("y1"), m1, num("d1")), (year("y1"), m1, num("d2")), "day"
    if kind in ("iso", "numeric", "dmy", "mdy"):
        return (year("y1"), m1, num("d1")), (None, None, None), "day"
    if kind == "mrange":
        return (year("y1"), m1, None), (year("y1"), m2, None), "month"
    if kind == "my":
        y = year("y1")
        if y is None or len(y) != 4:
            return None
        return (y, m1, None), (None, None, None), "month"
    if kind == "year":
        return (year("y1"), None, None), (None, None, None), "year"
    return None


def _resolve(found: list[tuple[DateMention, list[str | None]]]) -> None:
    """Read every raw form with etl.normalize.parse_date, in one frame."""
    forms = [f for _, fs in found for f in fs[:2]] if found else []
    if not forms:
        return
    frame = pl.DataFrame({"t": forms}, schema={"t": pl.String}).pipe(parse_date, "t", "d")
    rows = frame.to_dicts()
    i = 0
    for mention, fs in found:
        if not fs:
            continue
        vals = []
        for _ in range(2):
            r = rows[i]
            i += 1
            vals.append(_value(r))
        mention.value = vals[0]
        if mention.kind in ("range", "month_range"):
            mention.end_value = vals[1]
            if vals[1] is None or (vals[0] and vals[1] < vals[0]):
                mention.end_value = None
        if mention.value is None and mention.confidence > 0:
            mention.notes.append(Note("no_such_date"))
            mention.confidence = 0.0


def _value(r: dict) -> str | None:
    p = r["d_precision"]
    if p == "day" and r["d_date"] is not None:
        return r["d_date"].isoformat()
    if p == "month":
        return f"{r['d_year']:04d}-{r['d_month']:02d}"
    if p == "year":
        return f"{r['d_year']:04d}"
    return None


def _month_shift(d: dt.date, n: int) -> tuple[int, int]:
    k = d.year * 12 + d.month - 1 + n
    return k // 12, k % 12 + 1


def _relatives(shadow: str, published: dt.date, free) -> list[DateMention]:
    out: list[DateMention] = []
    for rx, (unit, n) in _RELATIVE_C:
        for m in rx.finditer(shadow):
            a, b = m.span()
            if not free(a, b) or any(not (b <= o.start or a >= o.end) for o in out):
                continue
            men = DateMention(a, b, "relative", rule=f"relative_{unit}", confidence=0.7, year_given=False)
            if unit == "day":
                men.value, men.precision = (published + dt.timedelta(days=n)).isoformat(), "day"
            elif unit == "week":
                monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=n)
                sunday = monday + dt.timedelta(days=6)
                if (monday.year, monday.month) == (sunday.year, sunday.month):
                    men.value, men.precision = f"{monday.year:04d}-{monday.month:02d}", "month"
                elif monday.year == sunday.year:
                    men.value, men.precision = f"{monday.year:04d}", "year"
                men.notes.append(Note("week_no_day", monday=monday.isoformat(), sunday=sunday.isoformat()))
            elif unit == "month":
                y, mo = _month_shift(published, n)
                men.value, men.precision = f"{y:04d}-{mo:02d}", "month"
            else:
                men.value, men.precision = f"{published.year + n:04d}", "year"
            men.notes.append(Note("relative_to_published", published=published.isoformat()))
            out.append(men)
    for m in _WEEKDAY.finditer(shadow):
        a, b = m.span()
        if not free(a, b) or any(not (b <= o.start or a >= o.end) for o in out):
            continue
        if m.group("en"):
            mod = (m.group("mod") or "").lower()
            if not mod:
                continue
            wd = _WEEKDAYS_EN.index(m.group("en").lower())
            cue = "future" if mod == "next" else ("past" if mod == "last" else _cue(shadow, a, b) or "past")
        else:
            wd = _WEEKDAYS_TH.index(m.group("th"))
            cue = "past" if m.group("thmod") in ("ที่ผ่านมา", "ที่แล้ว") else "future"
        delta = (published.weekday() - wd) % 7
        if cue == "past":
            # "on Tuesday" in a Tuesday's paper is that day; "last Tuesday" is the week before
            d = published - dt.timedelta(days=delta or (7 if (m.group("en") and mod == "last") or m.group("th") else 0))
        else:
            d = published + dt.timedelta(days=((wd - published.weekday()) % 7) or 7)
        men = DateMention(a, b, "relative", d.isoformat(), precision="day", rule="weekday", confidence=0.6)
        men.year_given = False
        men.notes.append(Note("weekday_last" if cue == "past" else "weekday_next"))
        out.append(men)
    return out


def be_year(ce: int) -> int:
    return ce + BE_OFFSET
