"""Counts and money in running text, with their qualifiers ("กว่า 30 ราย" is at least 30).

Units and currencies are read with the ETL's own tables (etl.normalize.UNIT_ALIASES and
CURRENCY_ALIASES); the Thai multiples of a million that the contract has no unit for (หมื่นล้าน,
แสนล้าน, ล้านล้าน) are written as billions with the value scaled, and say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.normalize import CURRENCY_ALIASES, UNIT_ALIASES
from etl.press.dates import ascii_digits
from etl.press.notes import Note

_QUAL = (
    r"(?P<q>กว่า|มากกว่า|ไม่ต่ำกว่า|ไม่น้อยกว่า|เกินกว่า|ประมาณ|ราว|ราวๆ|ราว ๆ|เกือบ|"
    r"more than|over|at least|upwards of|in excess of|some|about|around|approximately|nearly|almost|roughly|"
    r"an estimated)?\s*"
)
QUALIFIER = {
    "กว่า": "at_least", "มากกว่า": "at_least", "ไม่ต่ำกว่า": "at_least", "ไม่น้อยกว่า": "at_least",
    "เกินกว่า": "at_least", "more than": "at_least", "over": "at_least", "at least": "at_least",
    "upwards of": "at_least", "in excess of": "at_least", "ประมาณ": "approx", "ราว": "approx", "ราวๆ": "approx",
    "ราว ๆ": "approx", "เกือบ": "approx", "some": "approx", "about": "approx", "around": "approx",
    "approximately": "approx", "nearly": "approx", "almost": "approx", "roughly": "approx",
    "an estimated": "approx",
}  # fmt: skip
_NUM = r"(?P<n>(?<![0-9.,])[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|(?<![0-9.,])[0-9]+(?:\.[0-9]+)?)"
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
_WORD = r"(?P<w>\b(?:" + "|".join(_WORDS) + r")\b)"

# What a count counts, by the word after the number.
NOUNS = {
    "companies": r"ราย|บริษัท|กิจการ|ผู้ประกอบการ|companies|company|firms|businesses|enterprises|exhibitors|SMEs",
    "participants": r"คน|ท่าน|ราย(?=\s*(?:เข้าร่วม))|นักลงทุน|นักธุรกิจ|people|persons|participants|delegates|members|attendees|officials|executives|visitors|investors|business ?people|entrepreneurs",
    "projects": r"โครงการ|projects|project|applications",
    "agreements": r"ฉบับ|MOUs|MoUs|agreements|documents|memoranda|MOCs|LOIs",
    "partners": r"แห่ง|หน่วยงาน|จังหวัด|prefectures|local governments|organisations|organizations|agencies|bodies|partners",
}  # fmt: skip
_COUNT = re.compile(
    _QUAL
    + r"(?:"
    + _NUM
    + r"|"
    + _WORD
    + r")\s*(?P<gq>กว่า)?\s*(?:(?P<adj>[A-Za-z]+(?: [A-Za-z]+)?|ญี่ปุ่น|ไทย|ต่างชาติ)\s*)?(?P<noun>"
    + "|".join(f"(?P<{k}>{v})" for k, v in NOUNS.items())
    + r")(?![A-Za-z])",
    re.I,
)

_UNITS_EXTRA = {"หมื่นล้าน": ("billion", 10), "แสนล้าน": ("billion", 100), "ล้านล้าน": ("billion", 1000),
                "trillion": ("billion", 1000), "พันล้าน": ("billion", 1), "ล้าน": ("million", 1)}  # fmt: skip
_UNIT = r"(?P<u>ล้านล้าน|แสนล้าน|หมื่นล้าน|พันล้าน|ล้าน|trillion|billion|million|thousand|bn|mn|mil|m|b|k)"
_CUR = r"(?P<c>บาท|baht|THB|เยน|yen|JPY|ดอลลาร์สหรัฐ(?:ฯ)?|ดอลลาร์|US\s?dollars?|dollars?|USD|US\$|หยวน|yuan|CNY|RMB|EUR|euros?|ยูโร)"
_CUR_BEFORE = r"(?P<cb>US\$|\$|¥|฿|THB|JPY|USD|CNY|EUR|€)"
_MONEY = re.compile(
    r"(?:" + _QUAL + r"(?:" + _CUR_BEFORE + r"\s?)?" + _NUM + r"\s*(?:" + _UNIT + r"(?![A-Za-z]))?\s*(?:" + _CUR
    + r"(?![A-Za-z]))?)",
    re.I,
)  # fmt: skip
_CURRENCY_MORE = {"us dollar": "USD", "us dollars": "USD", "dollars": "USD", "ดอลลาร์สหรัฐฯ": "USD", "€": "EUR",
                  "euro": "EUR", "euros": "EUR", "ยูโร": "EUR", "us$": "USD"}  # fmt: skip


@dataclass
class Count:
    start: int
    end: int
    value: int
    counts: str  # companies, participants, projects, agreements, partners
    qualifier: str  # exact, approx, at_least
    adjective: str | None


@dataclass
class Money:
    start: int
    end: int
    value: str  # as written, without separators (scaled when a Thai multiple has no unit of its own)
    unit: str  # 1, thousand, million, billion
    currency: str
    qualifier: str
    note: str | None


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _fmt(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


def find_counts(text: str) -> list[Count]:
    shadow = ascii_digits(text)
    out = []
    for m in _COUNT.finditer(shadow):
        if m.group("n"):
            n = _number(m.group("n"))
            if n != int(n):
                continue
            value = int(n)
            if "," not in m.group("n") and not m.group("q") and (1950 <= value <= 2100 or 2490 <= value <= 2650):
                continue  # a year ("in 2017 Japanese companies"), not a count
        else:
            value = _WORDS[m.group("w").lower()]
        # a year or a money amount is not a count ("2560 คน" is read, "2,000 ล้าน" is not: no noun)
        counts = next(k for k in NOUNS if m.group(k))
        q = (m.group("q") or "").lower()
        qual = QUALIFIER.get(q, "exact")
        if m.group("gq"):
            qual = "at_least"
        start = m.start("q") if m.group("q") else (m.start("n") if m.group("n") else m.start("w"))
        out.append(Count(start, m.end(), value, counts, qual, m.group("adj")))
    return out


def find_money(text: str) -> list[Money]:
    shadow = ascii_digits(text)
    out = []
    for m in _MONEY.finditer(shadow):
        cur_text = m.group("c") or m.group("cb")
        if not cur_text or not m.group("n"):
            continue
        cur_key = re.sub(r"\s+", " ", cur_text.lower())
        currency = (
            CURRENCY_ALIASES.get(cur_key)
            or _CURRENCY_MORE.get(cur_key)
            or (cur_key.upper() if re.fullmatch(r"[a-z]{3}", cur_key) else None)
        )
        if currency is None:
            continue
        value = _number(m.group("n"))
        note = None
        u = (m.group("u") or "").lower()
        if u in _UNITS_EXTRA:
            unit, scale = _UNITS_EXTRA[u]
            if scale != 1:
                note = Note("value_scaled", word=m.group("u"), scale=scale)
                value *= scale
        else:
            unit = UNIT_ALIASES.get(u, u) if u else "1"
            if unit not in ("1", "thousand", "million", "billion"):
                continue
        q = (m.group("q") or "").lower()
        start = m.start("q") if m.group("q") else (m.start("cb") if m.group("cb") else m.start("n"))
        end = m.end("c") if m.group("c") else (m.end("u") if m.group("u") else m.end("n"))
        out.append(Money(start, end, _fmt(value), unit, currency, QUALIFIER.get(q, "exact"), note))
    return out
