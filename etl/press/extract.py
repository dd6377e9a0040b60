"""A press release -> candidate records in the raw contract's columns, each field with its span.

The text is cut into clauses (a line; an English sentence; a long Thai line at its discourse markers
such as นอกจากนี้, ทั้งนี้, พร้อมทั้ง). Each clause is read for what it states: a signing (an agreement), a
visit, meeting or fair (a delegation), an investment figure, a count stated only in aggregate. A field is
filled only from words found in the text, and its evidence is that span; what is guessed (a year from
the publication date, a date from the dateline) says so in the notes and has a lower confidence.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from contract.datasets import DATASETS
from etl.press import dates as D
from etl.press import names as N
from etl.press import numbers as Q
from etl.press.notes import Note, keyed

MAX_CHARS = 300_000  # the longest releases are a few thousand characters
Q_MULT = {"1": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}
COLUMNS = {k: [c for c in d.names if c != "synthetic"] for k, d in DATASETS.items() if d.extracted}

# --- what the words say ------------------------------------------------------------------------------------

AGREEMENT_TYPES = [
    ("MOU", r"บันทึกความเข้าใจ|บันทึกข้อตกลงความเข้าใจ|\bM\.?O\.?U\.?s?\b|\bMoUs?\b|[Mm]emorandum of [Uu]nderstanding|[Mm]emoranda of [Uu]nderstanding"),
    ("LOI", r"หนังสือแสดงเจตจ(?:ำ|ํา)นง|\bLOIs?\b|\bLoIs?\b|[Ll]etters? of [Ii]ntent"),
    ("MOC", r"บันทึกความร่วมมือ|\bMOCs?\b|\bMoCs?\b|[Mm]emorand(?:um|a) of [Cc]ooperat(?:ion|e)"),
    ("MOU", r"บันทึกข้อตกลง(?:ความร่วมมือ)?"),
    ("OTHER", r"[Bb]usiness alliance|[Jj]oint [Ss]tatement|[Jj]oint [Dd]eclaration|[Jj]oint [Aa]ction [Pp]lan|แถลงการณ์ร่วม|[Ff]ramework [Ee]xchange"),
    ("AGREEMENT", r"ความตกลง|ข้อตกลง|สัญญา|(?<![Mm]emorandum )\b[Aa]greements?\b"),
]  # fmt: skip
_TYPE_RX = [(t, re.compile(p)) for t, p in AGREEMENT_TYPES]
SIGN = re.compile(
    r"ลงนาม|ลงนามใน|เซ็น|แลกเปลี่ยน(?:บันทึก|หนังสือ)|\bsign(?:ed|s|ing)?\b|\binked\b|\bink(?:s|ing)?\b|\bconcluded\b|\bexchanged\b",
    re.I,
)
BETWEEN = re.compile(r"ระหว่าง|\bbetween\b|\bwith\b|กับ|ร่วมกับ", re.I)
PLACE_MARK = re.compile(r"(?:ณ|\bin\b|\bat\b)\s*(?:ศาลากลาง\S*\s*|[A-Z][a-z]+ (?:City )?Hall,?\s*)?$")
VENUE = re.compile(r"(?:ณ|ที่|ประจำ|\bin\b|\bat\b|\bto\b|\bfrom\b)\s*$", re.I)

DELEGATION_TRIGGER = re.compile(
    r"เดินทาง|เยือน|นำคณะ|คณะผู้แทน|คณะนักธุรกิจ|คณะนักลงทุน|คณะผู้บริหาร|ประชุมหารือ|หารือ|เข้าพบ|เข้าเยี่ยมคารวะ|"
    r"จับคู่ธุรกิจ|เจรจาธุรกิจ|ศึกษาดูงาน|ดูงาน|สัมมนา|งานแสดงสินค้า|มหกรรม|โรดโชว์|ต้อนรับ|"
    r"\bvisit(?:s|ed|ing)?\b|\bmission\b|\bdelegations?\b|\bmet\b|\bmeets?\b|\bmeeting\b|\btalks\b|\bcourtesy call\b|"
    r"\broad ?show\b|\bseminar\b|\bbusiness matching\b|\bexpo\b|\bfair\b|\bforum\b|\bexhibition\b|\btrade show\b|"
    r"\bstudy tour\b|\bsymposium\b|\bwelcomed\b|\btrip\b",
    re.I,
)
PURPOSES = [
    ("trade_fair", r"งานแสดงสินค้า|มหกรรม|\bExpo\b|\b[Ff]air\b|[Ee]xhibition|[Tt]rade [Ss]how"),
    ("business_matching", r"จับคู่ธุรกิจ|เจรจาธุรกิจ|[Bb]usiness[ -][Mm]atching|[Bb]usiness [Mm]eetings?"),
    ("investment_promotion", r"โรดโชว์|สัมมนา(?:ส่งเสริม)?การลงทุน|ส่งเสริมการลงทุน|ชักชวน|ดึงดูด(?:การ|นัก)ลงทุน|[Rr]oad ?[Ss]how|[Ii]nvestment (?:[Ss]eminar|[Pp]romotion)|[Ss]eminar"),
    ("site_visit", r"ศึกษาดูงาน|ดูงาน|[Ss]ite [Vv]isit|[Ss]tudy [Tt]our|[Ii]nspect(?:ed|ion)|[Tt]oured"),
    ("training", r"ฝึกอบรม|[Tt]raining"),
    ("signing", r"ลงนาม|\b[Ss]ign(?:ed|ing)\b"),
    ("policy_dialogue", r"ประชุม|หารือ|เข้าพบ|คารวะ|[Tt]alks|[Mm]eeting|\b[Mm]et\b|[Cc]ourtesy [Cc]all|[Dd]ialogue|[Ff]orum"),
]  # fmt: skip
_PURPOSE_RX = [(p, re.compile(r)) for p, r in PURPOSES]
OUTBOUND = re.compile(
    r"เดินทางไป(?:ยัง|เยือน)?|ไปยัง|ไปเยือน|ไปเยี่ยม|ไปร่วม|\b(?:travell?ed|went|flew|headed) to\b|\btrip to\b|\bvisit to\b|\bmission to\b|\bdelegation to\b",
    re.I,
)
INBOUND = re.compile(
    r"เดินทางมา|มาเยือน|มาเยี่ยม|มาร่วม|มาศึกษา|มาลงทุน|มาประเทศไทย|เยือนไทย|เยือนประเทศไทย|ต้อนรับ|"
    r"\b(?:to|in|visit(?:ed|s|ing)?|toured|arrived in) (?:Thailand|Bangkok)\b|\btour of [^.]{0,40}Thailand\b|"
    r"\bwelcomed\b|\bhosted\b",
    re.I,
)
PLANNED = re.compile(
    r"จะ|มีแผน|มีกำหนด|กำหนดการ|เตรียม|ที่จะจัดขึ้น|ที่จะถึง|\bwill\b|\bplans?\b|\bplanned\b|\bscheduled\b|"
    r"\bto be held\b|\bupcoming\b|\bforthcoming\b|\bis set to\b|\bare set to\b|\bexpected to\b",
    re.I,
)
HELD = re.compile(
    r"ได้(?:ประชุม|หารือ|เดินทาง|เยือน|นำ|จัด|ร่วม|พบ|เข้า|ต้อนรับ)|เมื่อวันที่|ที่ผ่านมา|\bmet\b|\bheld\b|\bvisited\b|"
    r"\bled\b|\btook place\b|\battended\b|\bwelcomed\b|\bhosted\b|\bjoined\b|\bwas\b|\bwere\b",
    re.I,
)
INVEST = re.compile(r"ลงทุน|บีโอไอ|BOI|[Ii]nvest|FDI|โครงการ|[Pp]rojects?", re.I)
STAGES = [
    ("application", r"ขอรับการส่งเสริม|ยื่นขอ|ยื่นคำขอ|คำขอ|[Aa]pplications?|[Aa]pplied|[Ss]ought|[Ff]iled|[Ss]ubmitted"),
    ("approval", r"อนุมัติ|ได้รับการส่งเสริม|[Rr]eceived (?:BOI )?(?:investment )?promotion|[Aa]pprov(?:ed|als?)|[Gg]ranted"),
    ("certificate", r"ออกบัตร|บัตรส่งเสริม|[Cc]ertificates?"),
    ("fba_permit", r"คนต่างด้าว|[Ff]oreign [Bb]usiness (?:Act|Committee)|ได้รับอนุญาต|อนุญาตให้|[Pp]ermi(?:ts?|ssion)|[Ll]icen[cs]es?"),
    ("fdi_flow", r"เงินลงทุนโดยตรง|ธนาคารแห่งประเทศไทย|[Bb]ank of Thailand|FDI (?:net )?(?:in)?flows?|[Dd]irect investment flows?"),
]  # fmt: skip
_STAGE_RX = [(s, re.compile(r)) for s, r in STAGES]
_PERIODS = [
    (re.compile(r"([0-9]{1,2}) เดือนแรก|(?:first|1st) (\w+) months", re.I), "months"),
    (re.compile(r"ครึ่งปีแรก|ครึ่งแรกของปี|(?:first half|H1)\b", re.I), "H1"),
    (re.compile(r"ครึ่งปีหลัง|(?:second half|H2)\b", re.I), "H2"),
    (re.compile(r"ไตรมาส(?:ที่)?\s?([1-4])|ไตรมาสแรก|\bQ([1-4])\b|(first|second|third|fourth) quarter", re.I), "Q"),
]
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_NUMWORD = {"three": 3, "six": 6, "nine": 9, "ten": 10, "eleven": 11, "eight": 8, "seven": 7, "five": 5, "four": 4,
            "two": 2}  # fmt: skip
LEVEL_WORDS = [
    ("local_government", r"รัฐบาลท้องถิ่น|องค์กรปกครองส่วนท้องถิ่น|จังหวัด|[Ll]ocal governments?|[Pp]refectures?|[Mm]unicipalities"),
    ("national_government;agency", r"รัฐบาลกลาง|หน่วยงานรัฐบาลกลาง|[Cc]entral government|[Nn]ational government|[Mm]inistries"),
    ("business_association;company", r"หน่วยงานเอกชน|ภาคเอกชน|เอกชน|[Pp]rivate(?: sector)?(?: bodies| organi[sz]ations)?|[Cc]ompanies"),
]  # fmt: skip
_LEVEL_RX = [(lv, re.compile(r)) for lv, r in LEVEL_WORDS]
_HONORIFIC_TH = re.compile(
    r"(?:นาย|นางสาว|นาง|ดร\.|ศาสตราจารย์|รองศาสตราจารย์|ผศ\.|รศ\.)\s?([\u0e00-\u0e7f]+\s[\u0e00-\u0e7f]+)"
    r"(?:\s(?P<title>(?:รอง)?(?:นายกรัฐมนตรี|รัฐมนตรี|อธิบดี|ผู้ว่า|เอกอัคราชทูต|ประธาน|นายก|เลขาธิการ|ผู้อำนวยการ|ปลัด|ผู้แทน|กงสุล|อัครราชทูต)[^\s(]*))?"
)
_TITLE_EN = (
    r"(?:Deputy )?(?:Prime Minister|(?:Industry|Commerce|Energy|Foreign) Minister|Minister of [A-Z][A-Za-z, ]+?|"
    r"Governor(?: of [A-Z][a-z]+(?: Prefecture)?)?|Mayor(?: of [A-Z][a-z]+)?|Ambassador(?: of Thailand to Japan)?|"
    r"(?:Deputy )?Secretary[- ]General(?: of the [A-Z]{2,5})?|Director[- ]General(?: of [A-Z][A-Za-z ]+?)?|"
    r"Chairman|President|CEO)"
)
_LEAD_EN = re.compile(
    rf"(?P<t1>{_TITLE_EN})\s(?P<n1>[A-Z][a-z]+(?:\s[A-Z][a-z]+){{1,2}})|"
    rf"(?:Mr\.?|Ms\.?|Mrs\.?|Dr\.?|H\.E\.)\s?(?P<n2>[A-Z][a-z]+(?:\s[A-Z][a-z]+){{1,2}})(?:,\s(?:the\s)?(?P<t2>{_TITLE_EN}))?"
)
_EVENT_EN = re.compile(
    r"(?:[A-Z][\w&'.-]*\s){1,6}(?:Expo|Fair|Forum|Summit|Seminar|Conference|Roadshow|Exhibition|Week|Show|Symposium|"
    r"Business Matching|Meeting & Exchange)(?:\s(?:19|20)[0-9]{2})?"
)
_SPLIT_TH = re.compile(
    r"\s(?=นอกจากนี้|ทั้งนี้|พร้อมทั้ง|อีกทั้ง|และในโอกาส|ในโอกาสนี้|ขณะที่|ต่อมา|ส่วนการ|สำหรับการ|ในขณะเดียวกัน|"
    r"อย่างไรก็ตาม|ทั้งยัง|โดยในปี|ด้าน(?:นาย|นาง|ดร\.)|นาย\S+\s\S+\s(?:กล่าว|เปิดเผย|เผย|ระบุ))"
)
_SPLIT_EN = re.compile(r"[.!?](?=\s+[\"“(]?[A-Z0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Ms|Mrs|Dr|No|Co|Ltd|Inc|St|Gen|Lt|Col|Prof|H\.E|U\.S|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    r"vs|etc|approx)|\b[A-Z])$"
)
_THAI = re.compile(r"[\u0e00-\u0e7f]")


# --- helpers -----------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    kind: str
    fields: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    at: int = 0  # where the clause starts (for ordering and merging)
    notes_key: tuple | None = None  # what identifies the record when two mentions are merged

    def put(self, column: str, value, text: str, start: int, end: int, rule: str, confidence: float) -> None:
        if value is None or value == "":
            return
        self.fields[column] = str(value)
        self.evidence[column] = {
            "start": start,
            "end": end,
            "text": text[start:end],
            "confidence": round(max(0.0, min(1.0, confidence)), 2),
            "rule": rule,
        }

    def as_dict(self) -> dict:
        fields = {c: self.fields.get(c) for c in COLUMNS[self.kind]}
        return {"fields": fields, "evidence": self.evidence, "notes": "; ".join(dict.fromkeys(self.notes)),
                "note_keys": keyed(self.notes)}  # fmt: skip


@dataclass
class Doc:
    text: str
    published: dt.date | None
    gaz: N.Gazetteer
    dates: list[D.DateMention]
    hits: list[N.Hit]
    counts: list[Q.Count]
    money: list[Q.Money]
    clauses: list[tuple[int, int]]
    dateline: D.DateMention | None = None
    dateline_place: N.Hit | None = None
    new_partners: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _starts: dict = field(default_factory=dict)

    def within(self, items, a: int, b: int):
        """The items (sorted by start) that lie inside [a, b): a binary search, not a scan."""
        held = self._starts.get(id(items))
        if held is None or held[0] is not items:
            held = self._starts[id(items)] = (items, [x.start for x in items])
        starts = held[1]
        lo = bisect.bisect_left(starts, a)
        hi = bisect.bisect_left(starts, b)
        return [x for x in items[lo:hi] if x.end <= b]

    @property
    def party_hits(self) -> list[N.Hit]:
        if "parties" not in self._starts:
            self._starts["parties"] = [h for h in self.hits if h.kind == "thai_party"]
        return self._starts["parties"]

    def partner_hits(self, a: int, b: int) -> list[N.Hit]:
        return [h for h in self.within(self.hits, a, b) if h.kind == "partner"]


def clauses(text: str) -> list[tuple[int, int]]:
    """Line, then English sentence, then a long Thai line at its discourse markers."""
    out = []
    pos = 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        if not line.strip():
            continue
        cuts = [a]
        for m in _SPLIT_EN.finditer(line):
            if not _ABBREV.search(line[: m.start()]) and not _THAI.match(line[m.start() - 1 : m.start()] or " "):
                cuts.append(a + m.end())
        if len(line) > 200 and _THAI.search(line):
            cuts += [a + m.end() for m in _SPLIT_TH.finditer(line)]
        cuts = sorted(set(cuts)) + [b]
        for x, y in itertools.pairwise(cuts):
            while x < y and text[x].isspace():
                x += 1
            if y > x:
                out.append((x, y))
    return out


def _clause_of(doc: Doc, pos: int) -> tuple[int, int]:
    i = bisect.bisect_right([a for a, _ in doc.clauses], pos) - 1
    if i >= 0 and doc.clauses[i][0] <= pos < doc.clauses[i][1]:
        return doc.clauses[i]
    return pos, pos


def _first(rx: re.Pattern, text: str, a: int, b: int) -> re.Match | None:
    return rx.search(text, a, b)


def _nearest(items, pos: int):
    return min(items, key=lambda x: abs(x.start - pos)) if items else None


_LEVEL_RANK = {"agency": 3, "business_association": 3, "company": 3, "university": 3, "local_government": 2,
               "national_government": 2, "aggregate": 1, "other": 1}  # fmt: skip


def _choose_partner(doc: Doc, a: int, b: int, anchor: int) -> tuple[N.Hit | None, float]:
    """The partner a clause is about: the most specific one, named after 'with'/'between', not a venue."""
    hits = doc.partner_hits(a, b)
    if not hits:
        return None, 0.0
    best: tuple[float, N.Hit] | None = None
    for h in hits:
        score = 0.0 if doc.gaz.is_country(h.id) else _LEVEL_RANK.get(doc.gaz.level(h.id) or "", 1)
        before = doc.text[max(a, h.start - 40) : h.start]
        if BETWEEN.search(before) and not doc.gaz.is_country(h.id):
            score += 1.5
        if re.search(
            r"(?:เอกอัครราชทูต|เอกอัคราชทูต|สถานเอกอัครราชทูต|ประจำ|[Aa]mbassador (?:to|in)|[Ee]mbassy in)\s*$", before
        ):
            score -= 2.5
        elif VENUE.search(doc.text[max(a, h.start - 12) : h.start]):
            score -= 1
        if doc.dateline and h.end <= doc.dateline.start and h.start >= a:
            score -= 2.5
        if re.search(r"ภายใต้|กำกับดูแลของ|under the|of the$", before[-25:]):
            score -= 1.5
        score -= abs(h.start - anchor) / 2000
        if best is None or score > best[0]:
            best = (score, h)
    assert best is not None  # hits is not empty
    conf = 0.9 if best[0] >= 2 else 0.7 if best[0] >= 0 else 0.5
    return best[1], conf


def _broader(gaz: N.Gazetteer, pid: str) -> bool:
    """A country or a prefecture: a new city named beside it is the more precise partner."""
    parent = gaz.parent(pid)
    return gaz.is_country(pid) or (gaz.level(pid) == "local_government" and (not parent or gaz.is_country(parent)))


def _put_partner(doc: Doc, c: Candidate, a: int, b: int, anchor: int) -> None:
    hit, conf = _choose_partner(doc, a, b, anchor)
    cities = [
        n
        for n in doc.new_partners
        if a <= n["start"] < b
        and n["level"] == "city"
        and PLACE_MARK.search(doc.text[max(a, n["start"] - 12) : n["start"]])
    ]
    if hit is not None and cities and _broader(doc.gaz, hit.id):
        if doc.gaz.level(hit.id) == "local_government" and not cities[0]["parent_id"]:
            cities[0]["parent_id"] = hit.id
        hit = None
    if hit is not None:
        c.put("partner", hit.id, doc.text, hit.start, hit.end, "partner_name", conf)
        parent = doc.gaz.parent(hit.id)
        if parent and doc.gaz.level(hit.id) == "local_government" and doc.gaz.level(parent) == "local_government":
            c.notes.append(Note("city_of", partner=hit.id, parent=parent))
        return
    news = sorted((n for n in doc.new_partners if a <= n["start"] < b), key=lambda n: n["level"] != "city")
    if news:
        n = news[0]
        c.notes.append(Note("new_partner", name=n["name"]))
        c.evidence["partner"] = {
            "start": n["start"],
            "end": n["end"],
            "text": doc.text[n["start"] : n["end"]],
            "confidence": 0.4,
            "rule": "new_partner",
        }


def _put_sectors(doc: Doc, c: Candidate, a: int, b: int, column: str = "sectors") -> None:
    hits = [h for h in doc.within(doc.hits, a, b) if h.kind == "sector"]
    if not hits:
        return
    codes = list(dict.fromkeys(h.id for h in hits))
    if column == "sector":
        codes = codes[:1]
    first, last = hits[0], [h for h in hits if h.id in codes][-1]
    c.put(column, ";".join(codes), doc.text, first.start, last.end, "sector_alias", 0.7)


def _put_date(doc: Doc, c: Candidate, column: str, men: D.DateMention, value: str | None, conf: float, rule: str):
    if value is None:
        return
    c.put(column, value, doc.text, men.start, men.end, rule or men.rule, min(conf, men.confidence))
    c.notes += [Note("column", column=column, note=n) for n in men.notes]


def _thai_party(doc: Doc, a: int, b: int, anchor: int) -> tuple[N.Hit | None, float]:
    hits = [h for h in doc.within(doc.hits, a, b) if h.kind == "thai_party"]
    if hits:
        # a department over its ministry; the one after 'between' first
        def score(h):
            s = 1 if "Department" in h.id or "Office" in h.id or "(" in h.id else 0
            s += 1 if BETWEEN.search(doc.text[max(a, h.start - 40) : h.start]) else 0
            return (s, -abs(h.start - anchor))

        return max(hits, key=score), 0.85
    every = doc.party_hits
    if every:
        top = Counter(h.id for h in every).most_common(1)[0][0]
        return next(h for h in every if h.id == top), 0.5
    return None, 0.0


# --- the four kinds of record ------------------------------------------------------------------------------


def _agreements(doc: Doc) -> list[Candidate]:
    t = doc.text
    out: list[Candidate] = []
    for a, b in doc.clauses:
        sign = _first(SIGN, t, a, b)
        types = [(m.start(), m.end(), ty) for ty, rx in _TYPE_RX for m in rx.finditer(t, a, b)]
        if not sign or not types:
            continue
        cs = doc.within(doc.counts, a, b)
        if any(x.counts == "partners" for x in cs) and any(x.counts == "agreements" for x in cs):
            continue  # a count in aggregate: stated totals
        types.sort()
        after = [x for x in types if x[0] >= sign.start()] or types
        start, end, ty = min(after, key=lambda x: (abs(x[0] - sign.start()), x[0]))
        # "บันทึกความเข้าใจ (MOU)": the acronym in brackets right after confirms it
        c = Candidate("agreements", at=a)
        c.put("agreement_type", ty, t, start, end, "agreement_word", 0.9)
        _put_partner(doc, c, a, b, start)
        party, pconf = _thai_party(doc, a, b, start)
        if party:
            c.put("thai_party", party.id, t, party.start, party.end, "thai_party_name", pconf)
        ds = [m for m in doc.within(doc.dates, a, b) if m.value and m.kind in ("day", "month", "year", "relative")]
        if ds:
            men = min(ds, key=lambda m: (abs(m.start - sign.start()), m.start))
            _put_date(doc, c, "signed_date", men, men.value, 0.9, "")
        elif (men := _context_date(doc, a, ("day", "month", "relative", "range"))) is not None:
            value = men.value
            if men.kind == "range":  # signed during a visit: only what the whole range shares
                first = men.value
                assert first is not None  # _context_date gives only mentions with a value
                last = men.end_value or first
                value = first[:7] if first[:7] == last[:7] else (first[:4] if first[:4] == last[:4] else None)
                c.notes.append(Note("column", column="signed_date", note=Note("during", first=first, last=last)))
            else:
                c.notes.append(Note("column", column="signed_date", note=Note("date_from_sentence_before")))
            _put_date(doc, c, "signed_date", men, value, 0.5, "context_date")
        fut = PLANNED.search(t, max(a, sign.start() - 25), sign.start())
        if fut:
            c.put("status", "planned", t, fut.start(), fut.end(), "future_tense", 0.6)
        _put_sectors(doc, c, a, b)
        back = BACK_REFERENCE.search(t, a, b)
        if out and back and "signed_date" not in c.fields:
            c.notes.append(Note("refers_back", words=back.group(0)))
            c.fields.pop("partner", None)
            c.evidence.pop("partner", None)
            _fill(out[-1], c)
            continue
        out.append(c)
    return _merge(out, ("agreement_type", "partner"), doc.gaz)


BACK_REFERENCE = re.compile(r"ดังกล่าว|ฉบับนี้|\b(?:the|this|that) (?:MOU|MoU|MOC|agreement|memorandum|pact|deal)\b", re.I)


def _fill(twin: Candidate, c: Candidate) -> None:
    for col, v in c.fields.items():
        if twin.fields.get(col) is None:
            twin.fields[col] = v
            twin.evidence[col] = c.evidence[col]
    for col, ev in c.evidence.items():  # a proposed new partner's span travels with the record
        if col not in twin.evidence and twin.fields.get(col) is None:
            twin.evidence[col] = ev
    twin.notes += c.notes


def _context_date(doc: Doc, a: int, kinds=("day", "month", "relative")) -> D.DateMention | None:
    """The last date stated shortly before a clause that gives none ("Following the talks, ... signed")."""
    before = [m for m in doc.within(doc.dates, max(0, a - 400), a) if m.value and m.kind in kinds]
    return before[-1] if before else None


def _agrees(gaz: N.Gazetteer | None, column: str, new, old) -> bool:
    """Two mentions may be one record: equal, one of them silent, or one partner inside the other."""
    if new is None or old is None or new == old:
        return True
    if column == "partner" and gaz is not None and old is not None:
        return _within(gaz, new, old) or _within(gaz, old, new)
    return False


def _within(gaz: N.Gazetteer, pid: str, other: str) -> bool:
    """pid is other or lies under it (a city under its prefecture and country)."""
    seen: set[str] = set()
    at: str | None = pid
    while at and at not in seen:
        if at == other:
            return True
        seen.add(at)
        at = gaz.parent(at) or (gaz.country(at) or "").lower() if not gaz.is_country(at) else None
    return False


def _merge(cands: list[Candidate], keys: tuple[str, ...], gaz: N.Gazetteer | None = None) -> list[Candidate]:
    """A later mention of the same record ("การลงนาม MOU ดังกล่าว") adds fields, not a second record."""
    kept: list[Candidate] = []
    for c in cands:
        twin = None
        for k in kept:
            same = all(_agrees(gaz, x, c.fields.get(x), k.fields.get(x)) for x in keys)
            date_key = next((x for x in ("signed_date", "start_date", "year") if x in COLUMNS[c.kind]), None)
            dates_ok = c.fields.get(date_key) in (None, k.fields.get(date_key)) or k.fields.get(date_key) is None
            event = c.fields.get("event")
            d = c.fields.get(date_key)
            one_day = (
                d is not None and d == k.fields.get(date_key) and c.fields.get("partner") == k.fields.get("partner")
            )
            if (same and dates_ok) or one_day or (event is not None and event == k.fields.get("event")):
                twin = k
                break
        if twin is None:
            kept.append(c)
            continue
        mine, theirs = c.fields.get("partner"), twin.fields.get("partner")
        if gaz is not None and mine and theirs and mine != theirs and _within(gaz, mine, theirs):
            twin.fields["partner"], twin.evidence["partner"] = mine, c.evidence["partner"]  # the more precise one
        _fill(twin, c)
    return kept


def _delegations(doc: Doc) -> list[Candidate]:
    t = doc.text
    out: list[Candidate] = []
    for a, b in doc.clauses:
        trig = _first(DELEGATION_TRIGGER, t, a, b)
        if not trig:
            continue
        c = Candidate("delegations", at=a)
        ranges = [m for m in doc.within(doc.dates, a, b) if m.kind == "range" and m.value]
        singles = [
            m
            for m in doc.within(doc.dates, a, b)
            if m.value
            and m.kind in ("day", "month", "year", "relative")
            and not _SINCE.search(t[max(a, m.start - 20) : m.start])
        ]
        if ranges:
            men = ranges[0]
            _put_date(doc, c, "start_date", men, men.value, 0.9, "date_range")
            if men.end_value:
                _put_date(doc, c, "end_date", men, men.end_value, 0.9, "date_range")
        elif singles:
            men = min(singles, key=lambda m: abs(m.start - trig.start()) + (500 if _announced(t, m) else 0))
            _put_date(doc, c, "start_date", men, men.value, 0.85, "")
        elif doc.dateline and doc.dateline.value and a <= doc.dateline.start + 400 and a >= doc.dateline.start - 200:
            _put_date(doc, c, "start_date", doc.dateline, doc.dateline.value, 0.6, "dateline")
        elif (men := _context_date(doc, a)) is not None and not PLANNED.search(t, a, b):
            _put_date(doc, c, "start_date", men, men.value, 0.4, "context_date")
            c.notes.append(Note("column", column="start_date", note=Note("date_from_sentence_before")))
        _put_partner(doc, c, a, b, trig.start())
        _direction(doc, c, a, b)
        _place(doc, c, a, b)
        _lead(doc, c, a, b)
        for n in doc.within(doc.counts, a, b):
            if n.counts in ("companies", "participants") and n.counts not in c.fields:
                c.put(n.counts, n.value, t, n.start, n.end, "count", 0.85)
                c.put(f"{n.counts}_qualifier", n.qualifier, t, n.start, n.end, "qualifier_word", 0.85)
        for p, rx in _PURPOSE_RX:
            m = rx.search(t, a, b)
            if m:
                c.put("purpose", p, t, m.start(), m.end(), "purpose_word", 0.6)
                break
        ev = _EVENT_EN.search(t, a, b)
        if ev:
            c.put("event", ev.group(0).strip(), t, ev.start(), ev.start() + len(ev.group(0).strip()), "event_name", 0.7)
        _status(doc, c, a, b, trig)
        _put_sectors(doc, c, a, b)
        out.append(c)
    out = [c for c in out if c.fields.get("start_date") or c.fields.get("event") or c.fields.get("companies")]
    return _merge(out, ("partner", "start_date", "purpose"), doc.gaz)


_SINCE = re.compile(r"(?:ตั้งแต่|นับตั้งแต่|ก่อตั้ง(?:ขึ้น)?(?:เมื่อ)?|\bsince\b|\bfounded in\b|\bestablished in\b)\s*$", re.I)
_ANNOUNCED = re.compile(r"(?:ประกาศ|เปิดเผย|แถลง|รายงาน|announced|said|reported|stated)(?:เมื่อ)?(?:วันที่|on)?\s*$", re.I)


def _announced(t: str, m: D.DateMention) -> bool:
    """A date that says when something was announced, not when the visit is."""
    return bool(_ANNOUNCED.search(t[max(0, m.start - 25) : m.start]))


def _direction(doc: Doc, c: Candidate, a: int, b: int) -> None:
    _direction_in(doc, c, a, b)
    if "direction" not in c.fields:  # the next sentence of the paragraph may say it ("In Thailand the delegation")
        i = bisect.bisect_left([x[0] for x in doc.clauses], b)
        nxt = [x for x in doc.clauses[i : i + 1] if "\n\n" not in doc.text[b : x[0]]]
        if nxt:
            _direction_in(doc, c, *nxt[0])
            if "direction" in c.fields:
                c.evidence["direction"]["confidence"] = 0.5


_AT = re.compile(r"(?<!เอกอัครราชทูต )(?<!เอกอัครราชทูต)ณ\s*(?:ศาลากลาง\S*\s*|ศาลาว่าการ\S*\s*)?$")


def _direction_in(doc: Doc, c: Candidate, a: int, b: int) -> None:
    t = doc.text
    # "ณ <place>" says where it happened, whoever's words ("เดินทางมา") the release uses
    places = [(h.start, h.end, h.kind == "province") for h in doc.within(doc.hits, a, b) if h.kind == "province"
              or (h.kind == "partner" and doc.gaz.level(h.id) == "local_government")]  # fmt: skip
    places += [(n["start"], n["end"], n["country"] == "TH") for n in doc.new_partners
               if a <= n["start"] < b and n["country"] and n["level"] in ("city", "prefecture")]  # fmt: skip
    for start, end, thai in sorted(places):
        if _AT.search(t[max(a, start - 30) : start]):
            c.put("direction", "inbound" if thai else "outbound", t, start, end, "venue", 0.75)
            return
    inb, outb = INBOUND.search(t, a, b), OUTBOUND.search(t, a, b)
    if inb and (not outb or inb.start() < outb.start()):
        c.put("direction", "inbound", t, inb.start(), inb.end(), "travel_word", 0.8)
        return
    if outb:
        c.put("direction", "outbound", t, outb.start(), outb.end(), "travel_word", 0.8)
        return
    if doc.dateline_place and a <= doc.dateline_place.start < b:
        h = doc.dateline_place
        way = "inbound" if h.kind == "province" else "outbound"
        c.put("direction", way, t, h.start, h.end, "dateline_place", 0.7)
        return
    for h in doc.within(doc.hits, a, b):
        if h.kind not in ("partner", "province"):
            continue
        if VENUE.search(t[max(a, h.start - 8) : h.start]):
            way = "inbound" if h.kind == "province" else "outbound"
            c.put("direction", way, t, h.start, h.end, "venue", 0.6)
            return
    for n in doc.new_partners:
        near = PLACE_MARK.search(t[max(a, n["start"] - 8) : n["start"]])
        if a <= n["start"] < b and n["country"] not in (None, "TH") and near:
            c.put("direction", "outbound", t, n["start"], n["end"], "venue", 0.5)
            return
    m = re.compile(r"ประเทศไทย|\bThailand\b|ในไทย").search(t, a, b)
    if m and re.search(r"(?:ณ|ที่|ใน|in|at)\s*$", t[max(a, m.start() - 6) : m.start()]):
        c.put("direction", "inbound", t, m.start(), m.end(), "venue", 0.6)


def _place_name(doc: Doc, h: N.Hit) -> str:
    if h.kind == "province":
        return doc.gaz.provinces[h.id]["name_en"]
    name = doc.gaz.partners[h.id]["name_en"]
    return re.sub(r"^City of |^The | Metropolis$| City$", "", name)


def _place(doc: Doc, c: Candidate, a: int, b: int) -> None:
    cands = []
    if doc.dateline_place and a <= doc.dateline_place.start < b:
        cands.append(doc.dateline_place)
    for h in doc.within(doc.hits, a, b):
        place = h.kind == "province" or (h.kind == "partner" and doc.gaz.level(h.id) == "local_government")
        if place and PLACE_MARK.search(doc.text[max(a, h.start - 30) : h.start]):
            cands.append(h)
    if cands:
        h = cands[0]
        c.put("city", _place_name(doc, h), doc.text, h.start, h.end, "venue", 0.6)


def _lead(doc: Doc, c: Candidate, a: int, b: int) -> None:
    t = doc.text
    m = _HONORIFIC_TH.search(t, a, b)
    e = _LEAD_EN.search(t, a, b)
    if m and (not e or m.start() <= e.start()):
        c.put("lead_name", m.group(1), t, m.start(1), m.end(1), "honorific", 0.6)
        if m.group("title"):
            c.put("lead_title", m.group("title"), t, m.start("title"), m.end("title"), "title_word", 0.5)
    elif e:
        g = "n1" if e.group("n1") else "n2"
        c.put("lead_name", e.group(g), t, e.start(g), e.end(g), "honorific", 0.5)
        tg = "t1" if e.group("t1") else "t2"
        if e.group(tg):
            c.put("lead_title", e.group(tg), t, e.start(tg), e.end(tg), "title_word", 0.5)


def _status(doc: Doc, c: Candidate, a: int, b: int, trig: re.Match) -> None:
    t = doc.text
    start, end = c.fields.get("start_date"), c.fields.get("end_date")
    if doc.published and start and len(start) == 10:
        first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end or start)
        if last < doc.published or first > doc.published:
            ev = c.evidence["end_date" if end else "start_date"]
            status = "held" if last < doc.published else "planned"
            c.put("status", status, t, ev["start"], ev["end"], "date_vs_publication", 0.7)
            return
    fut = [m for m in PLANNED.finditer(t, a, b)]
    held = [m for m in HELD.finditer(t, a, b)]
    if fut or held:
        near = min(fut + held, key=lambda m: abs(m.start() - trig.start()))
        status = "planned" if near in fut else "held"
        c.put("status", status, t, near.start(), near.end(), "tense_word", 0.7)
        return
    start = c.fields.get("start_date")
    if start and doc.published and len(start) == 10:
        ev = c.evidence["start_date"]
        status = "held" if dt.date.fromisoformat(start) < doc.published else "planned"
        c.put("status", status, t, ev["start"], ev["end"], "date_vs_publication", 0.5)


_ALL_FOREIGN = re.compile(r"ต่างชาติ|ต่างประเทศ|[Ff]oreign(?: direct)? investment|FDI|[Ff]oreign")
_ALL = re.compile(
    r"ทั้งสิ้น|ทั้งหมด|โดยรวม|ภาพรวม|ทุกสาขา|ทุกอุตสาหกรรม|[Oo]verall|[Ii]n total|[Tt]otal|"
    r"[Aa]ll (?:investors|applications|projects|sectors|industries)"
)


_EXPECTED = re.compile(
    r"คาดว่า|คาดการณ์|ตั้งเป้า|เป้าหมาย|ประมาณการ|\bexpect(?:s|ed)?\b|\btarget(?:s|ed)?\b|\bforecasts?\b|\bprojected\b|"
    r"\baims? (?:to|for)\b|\bcould\b|\bwould\b",
    re.I,
)


# A value of trade or output, not of investment ("มูลค่าการค้ากว่า 1.94 ล้านล้านบาท")
_NOT_INVESTMENT = re.compile(r"การค้า|ส่งออก|นำเข้า|\btrade\b|\bexports?\b|\bimports?\b|\bGDP\b|\bsales\b|ยอดขาย", re.I)


def _investments(doc: Doc) -> list[Candidate]:
    t = doc.text
    out: list[Candidate] = []
    for a, b in doc.clauses:
        money = doc.within(doc.money, a, b)
        if not money or not INVEST.search(t, a, b):
            continue
        money = [
            mo
            for mo in money
            if not _EXPECTED.search(t, max(a, mo.start - 50), mo.start)
            and not _NOT_INVESTMENT.search(t, max(a, mo.start - 25), mo.start)
        ]
        prev_end = a
        for i, mo in enumerate(money):
            nxt = money[i + 1].start if i + 1 < len(money) else b
            c = Candidate("investments", at=mo.start)
            c.put("value", mo.value, t, mo.start, mo.end, "amount", 0.9)
            c.put("unit", mo.unit, t, mo.start, mo.end, "unit_word", 0.9)
            c.put("currency", mo.currency, t, mo.start, mo.end, "currency_word", 0.9)
            if mo.qualifier != "exact":
                c.put("value_qualifier", mo.qualifier, t, mo.start, mo.end, "qualifier_word", 0.85)
            if mo.note:
                c.notes.append(mo.note)
            stages = [(m, s) for s, rx in _STAGE_RX for m in rx.finditer(t, a, b)]
            if stages:
                m, s = min(stages, key=lambda x: abs(x[0].start() - mo.start))
                c.put("stage", s, t, m.start(), m.end(), "stage_word", 0.8)
            _invest_count(doc, c, a, b, prev_end, mo)
            _invest_period(doc, c, (prev_end, nxt), (a, b), mo.start)
            _invest_partner(doc, c, a, prev_end, mo)
            secs = [x for x in doc.within(doc.hits, a, b) if x.kind == "sector" and x.end <= mo.start]
            if secs:
                s = secs[-1]
                c.put("sector", s.id, t, s.start, s.end, "sector_alias", 0.6)
            out.append(c)
            prev_end = mo.end
    return _same_figures(out)


def _close(a: tuple | None, b: tuple) -> bool:
    """Same currency and within 0.5% ("4.39 แสนล้าน" beside "439,100 ล้าน")."""
    return a is not None and a[0] == b[0] and abs(a[1] - b[1]) <= 0.005 * max(abs(a[1]), abs(b[1]))


def _same_figures(cands: list[Candidate]) -> list[Candidate]:
    """A headline figure repeated in the body ("4.39 แสนล้านบาท" and "439,100 ล้านบาท") is one figure."""
    kept: list[Candidate] = []
    for c in cands:
        f = c.fields
        amount = (f.get("currency"), round(float(f["value"]) * (Q_MULT.get(f.get("unit") or "1", 1.0)) / 1e6, 3))
        twin = next((k for k in kept if _close(k.notes_key, amount)), None) if amount[0] else None
        if twin is None:
            c.notes_key = amount
            kept.append(c)
            continue
        if len([v for v in c.fields.values() if v]) > len([v for v in twin.fields.values() if v]):
            c.notes_key = amount
            kept[kept.index(twin)] = c
    return kept


def _invest_count(doc: Doc, c: Candidate, a: int, b: int, prev_end: int, mo: Q.Money) -> None:
    t = doc.text
    counts = doc.within(doc.counts, a, b)
    found = [n for n in counts if n.counts == "projects" and prev_end <= n.start and n.end <= mo.start]
    found = found or [n for n in counts if n.counts == "projects" and abs(n.start - mo.end) < 60]
    unit = "projects"
    if not found and c.fields.get("stage") == "fba_permit":  # "ได้รับอนุญาต 99 ราย": permits
        found = [n for n in counts if n.counts == "companies" and prev_end <= n.start and n.end <= mo.start]
        unit = "permits"
    if found:
        n = found[-1]
        c.put("projects", n.value, t, n.start, n.end, "count", 0.85)
        c.put("count_unit", unit, t, n.start, n.end, "count_noun", 0.8)
        if n.qualifier != "exact":
            c.put("projects_qualifier", n.qualifier, t, n.start, n.end, "qualifier_word", 0.85)


def _invest_partner(doc: Doc, c: Candidate, a: int, prev_end: int, mo: Q.Money) -> None:
    """Whose figure: a partner named since the last figure, else 'foreign'/'overall' there, else the one before."""
    t = doc.text
    hits = doc.partner_hits(a, mo.start)
    own = [h for h in hits if h.start >= prev_end]
    if own:
        h = own[-1]
        c.put("partner", h.id, t, h.start, h.end, "partner_name", 0.75)
        return
    for rx, pid in ((_ALL_FOREIGN, "all-foreign"), (_ALL, "all-investors")):
        found = list(rx.finditer(t, prev_end, mo.start))
        m = found[-1] if found else None
        if m is not None and pid in doc.gaz.partners:
            c.put("partner", pid, t, m.start(), m.end(), "aggregate_word", 0.5)
            return
    if hits:
        h = hits[-1]
        c.put("partner", h.id, t, h.start, h.end, "partner_name", 0.5)


_COMPARED = re.compile(
    r"(?:ช่วงเดียวกันของ(?:ปี)?|เทียบกับ(?:ปี)?|จากปี|compared (?:with|to)|than in|same period (?:of|in|last)|a year earlier)\s*$",
    re.I,
)
_OWNED = re.compile(r"[^0-9\n]{0,12}?(?:บาท|baht|yen|dollars?)?[^0-9\n]{0,30}")


def _invest_period(doc: Doc, c: Candidate, seg: tuple[int, int], clause: tuple[int, int], pos: int) -> None:
    """Year and part of a year: said in the figure's own stretch of text, else in its clause, else just before."""
    t = doc.text
    a, b = clause
    usable = [
        m for m in doc.within(doc.dates, a, b) if m.value and not _COMPARED.search(t[max(a, m.start - 30) : m.start])
    ]
    end = next((x.end for x in doc.money if x.start == pos), pos)
    own = [m for m in usable if seg[0] <= m.start < seg[1] and m.start >= end]
    own = [m for m in own if _OWNED.fullmatch(t[end : m.start])]
    ds = own or [m for m in usable if seg[0] <= m.end <= pos] or usable
    lo_search = a
    if not ds:
        before = [
            m
            for m in doc.within(doc.dates, max(0, a - 600), a)
            if m.value
            and m.end <= a
            and a - m.end < 600
            and m.kind in ("month_range", "year", "month")
            and not _COMPARED.search(t[max(0, m.start - 30) : m.start])
        ]
        ds = before[-1:]
        if ds:
            lo_search = _clause_of(doc, ds[0].start)[0]
            c.notes.append(Note("column", column="year", note=Note("year_from_sentence_before")))
    mr = [m for m in ds if m.kind == "month_range"]
    if mr and mr[0].months:
        m = _nearest(mr, pos)
        c.put("year", m.value[:4], t, m.start, m.end, "month_range", m.confidence)
        lo, hi = m.months
        if (lo, hi) != (1, 12):
            c.put("period", f"{lo:02d}-{hi:02d}", t, m.start, m.end, "month_range", m.confidence)
        c.notes += m.notes
        return
    ys = [m for m in ds if m.kind in ("year", "month", "day", "relative")]
    if ys:
        m = _nearest(ys, pos)
        c.put("year", m.value[:4], t, m.start, m.end, m.rule, min(0.8, m.confidence))
        c.notes += [Note("column", column="year", note=n) for n in m.notes]
    for rx, kind in _PERIODS:
        p = rx.search(t, a, b) or rx.search(t, lo_search, a)
        if not p:
            continue
        if kind == "months":
            n = p.group(1) or p.group(2)
            n = int(n) if n and n.isdigit() else _NUMWORD.get((n or "").lower())
            if n and 1 <= n < 12:
                c.put("period", f"01-{n:02d}", t, p.start(), p.end(), "months_word", 0.8)
        elif kind == "Q":
            q = p.group(1) or p.group(2) or _ORD.get((p.group(3) or "").lower()) or 1
            c.put("period", f"Q{q}", t, p.start(), p.end(), "quarter_word", 0.8)
        else:
            c.put("period", kind, t, p.start(), p.end(), "half_word", 0.8)
        return


def _stated_totals(doc: Doc) -> list[Candidate]:
    t = doc.text
    out: list[Candidate] = []
    for a, b in doc.clauses:
        cs = doc.within(doc.counts, a, b)
        pairs = []
        for i, x in enumerate(cs):
            if x.counts == "partners":
                y = cs[i + 1] if i + 1 < len(cs) else None
                if y is not None and y.counts == "agreements" and y.start - x.end < 20:
                    pairs.append((x, y))
            if x.counts == "agreements" and i + 1 < len(cs) and cs[i + 1].counts == "partners":
                y = cs[i + 1]
                if y.start - x.end < 30 and re.search(r"with|กับ", t[x.end : y.start], re.I):
                    pairs.append((y, x))
        if not pairs:
            out += _single_totals(doc, a, b, cs)
            continue
        party, pconf = _thai_party(doc, a, b, a)
        prev = a
        for part, agr in pairs:
            lo = min(part.start, agr.start)
            level_m = None
            for lv, rx in _LEVEL_RX:
                for m in rx.finditer(t, max(prev, lo - 60), lo):
                    if level_m is None or abs(m.start() - lo) < abs(level_m[0].start() - lo):
                        level_m = (m, lv)
            for n in (agr, part):
                c = Candidate("stated_totals", at=n.start)
                c.put("counts", n.counts, t, n.start, n.end, "count_noun", 0.85)
                c.put("value", n.value, t, n.start, n.end, "count", 0.9)
                if n.qualifier != "exact":
                    c.put("qualifier", n.qualifier, t, n.start, n.end, "qualifier_word", 0.85)
                if level_m:
                    m, lv = level_m
                    c.put("partner_level", lv, t, m.start(), m.end(), "level_word", 0.7)
                ctry = [h for h in doc.partner_hits(a, b) if doc.gaz.is_country(h.id)]
                if ctry:
                    h = _nearest(ctry, lo)
                    c.put("partner", h.id, t, h.start, h.end, "partner_name", 0.7)
                if party:
                    c.put("thai_party", party.id, t, party.start, party.end, "thai_party_name", pconf)
                    c.put(
                        "stated_by",
                        doc.gaz.parties.get(party.id, party.id),
                        t,
                        party.start,
                        party.end,
                        "thai_party_name",
                        pconf * 0.9,
                    )
                s = level_m[0].start() if level_m and level_m[0].start() < lo else lo
                e = max(part.end, agr.end)
                lang = "text_th" if _THAI.search(t[s:e]) else "text_en"
                c.put(lang, t[s:e], t, s, e, "clause", 0.8)
                if doc.published:
                    c.notes.append(
                        Note(
                            "column",
                            column="as_of",
                            note=Note("not_stated_release_of", published=doc.published.isoformat()),
                        )
                    )
                out.append(c)
            prev = max(part.end, agr.end)
    return out


STATIVE = re.compile(
    r"ปัจจุบัน|ขณะนี้|แล้ว|รวม|ทั้งหมด|\bcurrently\b|\balready\b|\bso far\b|\bto date\b|\bin all\b|\bhave\b|\bhas\b|"
    r"\boperate\b|\bsigned\b",
    re.I,
)


def _single_totals(doc: Doc, a: int, b: int, cs: list[Q.Count]) -> list[Candidate]:
    """A count a clause states on its own ("บริษัทจากไซตามะลงทุนในไทยแล้ว 77 บริษัท", "seven MOUs"), not a
    visit's companies (the clause has no visit words) and not an investment figure's projects."""
    t = doc.text
    if DELEGATION_TRIGGER.search(t, a, b) or not STATIVE.search(t, a, b):
        return []
    money = doc.within(doc.money, a, b)
    out = []
    for n in cs:
        if n.counts == "participants":
            continue
        if n.counts == "projects" and money and not re.search(r"ได้รับการส่งเสริม|received", t[a:b]):
            continue
        c = Candidate("stated_totals", at=n.start)
        c.put("counts", n.counts, t, n.start, n.end, "count_noun", 0.6)
        c.put("value", n.value, t, n.start, n.end, "count", 0.7)
        if n.qualifier != "exact":
            c.put("qualifier", n.qualifier, t, n.start, n.end, "qualifier_word", 0.8)
        hits = doc.partner_hits(a, b)
        if hits:
            h = _nearest(hits, n.start)
            c.put("partner", h.id, t, h.start, h.end, "partner_name", 0.5)
        lang = "text_th" if _THAI.search(t[a:b]) else "text_en"
        c.put(lang, t[a:b].strip(), t, a, a + len(t[a:b].strip()), "clause", 0.6)
        if doc.published:
            c.notes.append(
                Note("column", column="as_of", note=Note("not_stated_release_of", published=doc.published.isoformat()))
            )
        out.append(c)
    return out


# --- unknown names -----------------------------------------------------------------------------------------

_NEW_EN = re.compile(
    r"\b(?:City of|Prefecture of|Governor of|Mayor of) (?P<a>[A-Z][a-z]{2,}(?:[ -][A-Z][a-z]+)?)|"
    r"\b(?P<b>[A-Z][a-z]{2,}(?:[ -][A-Z][a-z]+)?) (?P<lv>Prefecture|City|Prefectural Government)\b"
)
_NEW_TH = re.compile(
    r"(?P<lv>จังหวัด|เมือง|มณฑล)(?P<n>[\u0e00-\u0e7f]{3,24}?)(?=\s|$|[,()]|ของ|ประเทศ|และ|กับ|ใน|เพื่อ|ซึ่ง|โดย|ที่|ได้)"
)
_NEW_JA = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ff]{1,10}[県市府都]")
_NOT_NAMES_TH = r"ทั่ว|ต่าง|อื่น|นั้น|นี้|ใหญ่|เล็ก|ท่า|หลวง|ใหม่|สำคัญ|หลัก|ชายแดน|รอง|พี่|คู่|แห่ง|อุตสาหกรรม|เป้าหมาย"
_NOT_NAMES = {"Capital", "Host", "Sister", "Smart", "Partner", "Port", "This", "The", "Each", "Every", "Industrial", "Japanese",
              "Thai", "Local", "Model", "Garden", "Eco", "Your"}  # fmt: skip


def _new_partners(doc: Doc) -> list[dict]:
    t = doc.text
    taken = bytearray(len(t) + 1)
    for h in doc.hits:
        taken[h.start : h.end] = b"\x01" * (h.end - h.start)
    country = Counter(doc.gaz.country(h.id) for h in doc.hits if h.kind == "partner").most_common(1)
    ctry = country[0][0] if country else None
    out: list[dict] = []

    def add(s: int, e: int, level: str | None, c: str | None) -> None:
        if any(taken[s:e]):
            return
        taken[s:e] = b"\x01" * (e - s)
        out.append({"name": t[s:e], "start": s, "end": e, "country": c, "level": level, "parent_id": None})

    for m in _NEW_EN.finditer(t):
        g = "a" if m.group("a") else "b"
        name = m.group(g)
        if name.split()[0] in _NOT_NAMES:
            continue
        lv = m.group("lv") or ("Prefecture" if "Prefecture" in m.group(0) or "Governor" in m.group(0) else "City")
        add(m.start(), m.end(), "prefecture" if "Prefect" in lv else "city", ctry)
    for m in _NEW_TH.finditer(t):
        lv = m.group("lv")
        if re.match(_NOT_NAMES_TH, m.group("n")):
            continue
        if lv == "เมือง" and not re.match(r"[\u0e00-\u0e7f]*(?:ะ|ิ|โอะ|กะ|ชิ|ระ|โตะ|มะ)$", m.group("n")):
            continue  # เมือง is also the word for a town: only a Japanese-sounding name follows
        level = {"จังหวัด": "prefecture", "เมือง": "city", "มณฑล": "province"}[lv]
        add(m.start(), m.end("n"), level, ctry)
    for m in _NEW_JA.finditer(t):
        level = {"県": "prefecture", "府": "prefecture", "都": "prefecture", "市": "city"}[m.group(0)[-1]]
        add(m.start(), m.end(), level, "JP")
    # a city's prefecture: a prefecture named just after it ("..., Kumamoto Prefecture")
    for n in out:
        if n["level"] != "city":
            continue
        _a, b = _clause_of(doc, n["start"])
        for h in doc.partner_hits(n["end"], min(b, n["end"] + 60)):
            if (
                doc.gaz.level(h.id) == "local_government"
                and doc.gaz.parent(h.id) not in (None, "")
                and h.id.count("-") == 1
            ):
                n["parent_id"] = h.id
                break
            if doc.gaz.level(h.id) == "local_government":
                n["parent_id"] = h.id
                break
    return out


# --- the document ------------------------------------------------------------------------------------------


def _find_dateline(doc: Doc) -> None:
    """A date at the head of a line after a place ("โตเกียว ประเทศญี่ปุ่น/(6 มิ.ย.60)", "TOKYO, June 6 -")."""
    t = doc.text
    for m in doc.dates:
        if m.precision != "day" or not m.value:
            continue
        ls = t.rfind("\n", 0, m.start) + 1
        prefix = t[ls : m.start]
        if len(prefix) <= 60 and re.search(r"[/,(–-]\s*\(?\s*$", prefix) and not re.search(r"[.!?]", prefix):
            places = [h for h in doc.hits if ls <= h.start and h.end <= m.start and h.kind in ("partner", "province")]
            doc.dateline = m
            doc.dateline_place = places[0] if places else None
            return


def _language(text: str) -> str:
    thai = len(_THAI.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "th" if thai >= latin * 0.5 and thai > 0 else "en"


def publication_date(text: str) -> tuple[dt.date, str] | None:
    """A date standing on a line of its own near the top ("วันพุธที่ 7 มิถุนายน 2560", "June 7, 2017"), as
    web pages print their publication date; None when there is none or two disagree."""
    head = text[:800]
    found = []
    for m in D.find_dates(head, None):
        if m.kind != "day" or not m.value or not m.year_given:
            continue
        ls = head.rfind("\n", 0, m.start) + 1
        le = head.find("\n", m.end)
        le = len(head) if le == -1 else le
        rest = (head[ls : m.start] + head[m.end : le]).strip()
        if len(rest) <= 14 and re.fullmatch(r"(?:วัน\S*ที่|[A-Za-z]+day,?|Published:?|เผยแพร่:?|โพสต์:?)?\s*", rest):
            found.append((dt.date.fromisoformat(m.value), head[ls:le].strip()))
    if len({d for d, _ in found}) != 1:
        return None
    return found[0]


def _date_arg(published) -> dt.date | None:
    if published is None or published == "":
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    try:
        return dt.date.fromisoformat(str(published).strip())
    except ValueError as e:
        raise ValueError(f"published: {published!r} is not a date written YYYY-MM-DD") from e


def extract_text(
    text: str,
    *,
    published=None,
    url: str | None = None,
    language: str | None = None,
    partners: list[dict] | None = None,
    file: str | None = None,
    title: str | None = None,
    raw: str | None = None,
) -> dict:
    """Candidate records of one press release (see /the press JSON contract in the README)."""
    text = "" if text is None else str(text)
    if len(text) > MAX_CHARS:
        raise ValueError(
            f"{file or 'the text'}: {len(text):,} characters, more than a press release ({MAX_CHARS:,} at most)"
        )
    pub = _date_arg(published)
    published_from = "argument" if pub else None
    read_warning = None
    if pub is None and (found := publication_date(text)) is not None:
        pub, span = found
        published_from = "text"
        read_warning = Note("published_from_text", published=pub.isoformat(), words=span)
    gaz = N.partner_names(partners) if partners is not None else N.load(N.Path(raw) if raw else N.DEFAULT_RAW)
    hits = N.find_names(text, gaz)
    doc = Doc(
        text=text,
        published=pub,
        gaz=gaz,
        dates=D.find_dates(text, pub),
        hits=hits,
        counts=Q.find_counts(text),
        money=Q.find_money(text),
        clauses=clauses(text),
    )
    _find_dateline(doc)
    doc.new_partners = _new_partners(doc)
    if read_warning:
        doc.warnings.append(read_warning)
    if pub is None:
        doc.warnings.append(Note("no_published"))
    undated = [m for m in doc.dates if m.value is None]
    for m in undated:
        doc.warnings.append(Note("date_unread", words=text[m.start : m.end], at=m.start, why=list(m.notes)))
    result = {
        "file": file,
        "text": text,
        "language": language or _language(text),
        "source": {
            "url": url,
            "published": pub.isoformat() if pub else None,
            "published_from": published_from,
            "title": title,
        },
        "agreements": [],
        "delegations": [],
        "investments": [],
        "stated_totals": [],
        "new_partners": doc.new_partners,
        "warnings": doc.warnings,
        "warning_keys": keyed(doc.warnings),
    }
    for kind, fn in (
        ("agreements", _agreements),
        ("delegations", _delegations),
        ("investments", _investments),
        ("stated_totals", _stated_totals),
    ):
        cands = fn(doc)
        for c in cands:
            if url:
                c.fields["source_url"] = url
        result[kind] = [c.as_dict() for c in cands]
    return result


def extract_file(path, *, published=None, url: str | None = None, raw: str | None = None) -> dict:
    """extract_text of a .txt, .html or .docx file (see etl.press.reader)."""
    from etl.press.reader import read_release

    p = N.Path(path)
    text, title = read_release(p)
    return extract_text(text, published=published, url=url, file=p.name, title=title, raw=raw)
