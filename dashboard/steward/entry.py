"""A steward's form -> one raw row in the contract's columns, or the reasons it cannot be written yet.

Dates are typed in either era: `2022-07-14`, `14/07/2565`, `14/7/2022`, `2565-07-14`, a month `2022-07`,
`07/2565`, a year `2017` or `2560` (a year from 2400 is Buddhist era, as the ETL reads it). A date read
here is written as the ETL's plain form in CE (`2022-07-14`, `2022-07`, `2017`), no more precise than
typed; anything else is written as typed, for the build to read or reject with its reason (a dry run
shows it before anything is applied).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from dashboard.steward.contract import DATES, ID_PREFIX, KEYS, LISTS, Contract
from dashboard.steward.files import cell, clean

BE_OFFSET = 543
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(?:(\d{1,2})[/.])?(\d{1,2})[/.](\d{4})$")
_URL_FORBIDDEN = set(' []<>"{}|\\^`')
SOURCE_TEXT_LIMIT = 2000


@dataclass(frozen=True)
class ReadDate:
    text: str  # as written to the raw file: 2022-07-14, 2022-07, 2017
    year: int
    month: int | None
    day: int | None


def read_date(typed: str | None) -> ReadDate | None:
    """A date typed in BE or CE -> its CE form to the precision typed; None when not read here."""
    text = clean(typed).translate(_THAI_DIGITS)
    if not text:
        return None
    m = _ISO.match(text)
    if m:
        year, month, day = int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None
    else:
        m = _DMY.match(text)
        if not m:
            return None
        day, month, year = int(m[1]) if m[1] else None, int(m[2]), int(m[3])
    if year >= 2400:
        year -= BE_OFFSET
    if not 1800 <= year <= 2200:
        return None
    try:
        if day:
            assert month is not None  # both patterns read a day only with its month
            return ReadDate(dt.date(year, month, day).isoformat(), year, month, day)
        if month:
            if not 1 <= month <= 12:
                return None
            return ReadDate(f"{year:04d}-{month:02d}", year, month, None)
    except ValueError:
        return None
    return ReadDate(f"{year:04d}", year, None, None)


def url_problem(url: str) -> str | None:
    """Why `url` is not a plain http(s) address the ETL accepts, or None."""
    if not url:
        return "no source address"
    if len(url) > 2000:
        return "longer than 2,000 characters"
    if any(ch in _URL_FORBIDDEN or ord(ch) < 32 or ch in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e" for ch in url):
        return 'spaces, control characters or one of [ ] < > " { } | \\ ^ ` are not allowed'
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not an http(s) address with a host"
    if parts.username or parts.password:
        return "a user name or password in the address is not allowed"
    return None


def next_id(dataset: str, used: set[str]) -> str:
    """The next free id of the dataset's form (AGR-0043 after AGR-0042), the width of the widest in use."""
    prefix = ID_PREFIX[dataset]
    numbers = [
        (len(u) - len(prefix), int(u[len(prefix) :]))
        for u in used
        if u.startswith(prefix) and u[len(prefix) :].isdigit()
    ]
    width = max((w for w, _ in numbers), default=4)
    n = max((v for _, v in numbers), default=0) + 1
    return f"{prefix}{n:0{width}d}"


def source_text(text: str | None, evidence: dict | None) -> str:
    """The words a record came from: the stretch of `text` from its first to its last evidence span (spans
    that do not match the text are left out), on one line, at most SOURCE_TEXT_LIMIT characters."""
    if not text or not isinstance(evidence, dict):
        return ""
    spans = []
    for ev in evidence.values():
        if isinstance(ev, dict) and isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int):
            s, e = ev["start"], ev["end"]
            if 0 <= s < e <= len(text) and (ev.get("text") in (None, text[s:e])):
                spans.append((s, e))
    if not spans:
        return ""
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    return clean(text[start:end], SOURCE_TEXT_LIMIT)


@dataclass
class Entry:
    dataset: str
    row: dict[str, str]  # column -> cell, contract columns and ENTRY_COLUMNS
    problems: list[str]  # why it cannot be written (empty: it can)
    readings: list[str]  # how each date was read ("signed_date 14/07/2565 -> 2022-07-14")


def make_entry(c: Contract, dataset: str, values: dict[str, object], *, source_url: str, used_ids: set[str],
               entered_by: str, entered_at: str, words: str = "") -> Entry:  # fmt: skip
    """The raw row of a form's `values` (column -> typed value; lists as lists), with the record's id given
    when blank, and the problems that keep it from being written: a missing required value, an id already
    in use, a source address the ETL would refuse. Values the ETL judges (a date not read here, a number)
    are written as typed, made safe."""
    key = KEYS[dataset]
    problems: list[str] = []
    readings: list[str] = []
    row: dict[str, str] = {}
    for name in c.columns(dataset):
        value = values.get(name)
        if name in LISTS and isinstance(value, (list, tuple)):
            value = ";".join(clean(v) for v in value if clean(v))
        text = clean(value)
        if name in DATES and text:
            read = read_date(text)
            if read is not None:
                if read.text != text:
                    readings.append(f"{name}: {text} -> {read.text}")
                text = read.text
        row[name] = cell(text)
    url = clean(source_url)
    why = url_problem(url)
    if why:
        problems.append(f"source_url {url!r}: {why}")
    row["source_url"] = cell(url)
    if "synthetic" in row:
        row["synthetic"] = ""
    if not row.get(key) and dataset in ID_PREFIX:
        row[key] = next_id(dataset, used_ids)
    elif row[key] in used_ids:
        problems.append(f"{key} {row[key]!r}: already used by another record; leave it blank for a new id")
    for name in sorted(c.required(dataset) - {"source_url"} - ({key} if dataset in ID_PREFIX else set())):
        if not row.get(name):
            problems.append(f"{name}: required")
    row["entered_by"] = cell(entered_by, 200)
    row["entered_at"] = entered_at
    row["source_text"] = cell(words, SOURCE_TEXT_LIMIT)
    return Entry(dataset, row, problems, readings)
