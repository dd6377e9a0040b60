"""Names in running text -> ids: partners (every name and alias, Thai, English, Japanese), sectors (by
their aliases), the Thai-side parties, Thai provinces (places in Thailand).

Names are found by literal search, longest first; where two overlap the longer one stays
("Japan External Trade Organization" is JETRO, not Japan). A Thai name must start and end on a word
boundary that PyThaiNLP's dictionary segmenter (newmm, with the word list its package ships) finds, so
"จีน" is not read inside another word; Latin names need a non-letter either side, and an all-capital
abbreviation (METI, COY, AI) must be written in capitals.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_RAW = ROOT / "data" / "raw"
PROVINCES = ROOT / "etl" / "reference" / "provinces.csv"

# The Thai-side bodies, spelled as agreements.csv spells thai_party, with the names releases use.
# A raw thai_parties file (name_en, name_th, abbreviation, aliases), when present, adds to these.
THAI_PARTIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Department of Industrial Promotion (DIPROM), Ministry of Industry": (
        "DIPROM",
        ("กรมส่งเสริมอุตสาหกรรม", "ดีพร้อม", "กสอ.", "DIPROM", "DIP", "Department of Industrial Promotion"),
    ),
    "Ministry of Industry": (
        "Ministry of Industry",
        ("กระทรวงอุตสาหกรรม", "อก.", "Ministry of Industry", "Industry Ministry", "Thai Ministry of Industry"),
    ),
    "Board of Investment (BOI)": (
        "BOI",
        (
            "สำนักงานคณะกรรมการส่งเสริมการลงทุน",
            "คณะกรรมการส่งเสริมการลงทุน",
            "บีโอไอ",
            "BOI",
            "Board of Investment",
            "Thailand Board of Investment",
        ),
    ),
    "Eastern Economic Corridor Office (EECO)": (
        "EECO",
        (
            "สำนักงานคณะกรรมการนโยบายเขตพัฒนาพิเศษภาคตะวันออก",
            "สกพอ.",
            "EECO",
            "EEC Office",
            "Eastern Economic Corridor Office",
        ),
    ),
    "Federation of Thai Industries (FTI)": (
        "FTI",
        ("สภาอุตสาหกรรมแห่งประเทศไทย", "ส.อ.ท.", "FTI", "Federation of Thai Industries"),
    ),
    "Bangkok Metropolitan Administration (BMA)": (
        "BMA",
        ("กรุงเทพมหานคร", "กทม.", "BMA", "Bangkok Metropolitan Administration"),
    ),
    "Department of International Trade Promotion (DITP), Ministry of Commerce": (
        "DITP",
        ("กรมส่งเสริมการค้าระหว่างประเทศ", "DITP", "Department of International Trade Promotion"),
    ),
    "Ministry of Commerce": ("Ministry of Commerce", ("กระทรวงพาณิชย์", "Ministry of Commerce", "Commerce Ministry")),
    "Department of Industrial Works (DIW), Ministry of Industry": (
        "DIW",
        ("กรมโรงงานอุตสาหกรรม", "DIW", "Department of Industrial Works"),
    ),
    "Industrial Estate Authority of Thailand (IEAT)": (
        "IEAT",
        ("การนิคมอุตสาหกรรมแห่งประเทศไทย", "กนอ.", "IEAT", "Industrial Estate Authority of Thailand"),
    ),
    "National Science and Technology Development Agency (NSTDA)": (
        "NSTDA",
        (
            "สำนักงานพัฒนาวิทยาศาสตร์และเทคโนโลยีแห่งชาติ",
            "สวทช.",
            "NSTDA",
            "National Science and Technology Development Agency",
        ),
    ),
    "Ministry of Energy": ("Ministry of Energy", ("กระทรวงพลังงาน", "Ministry of Energy", "Energy Ministry")),
    "Ministry of Foreign Affairs": ("MFA", ("กระทรวงการต่างประเทศ", "Ministry of Foreign Affairs of Thailand")),
    "Ministry of Higher Education, Science, Research and Innovation (MHESI)": (
        "MHESI",
        ("กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม", "อว.", "MHESI"),
    ),
    "Office of Small and Medium Enterprises Promotion (OSMEP)": (
        "OSMEP",
        ("สำนักงานส่งเสริมวิสาหกิจขนาดกลางและขนาดย่อม", "สสว.", "OSMEP"),
    ),
    "Office of Industrial Economics (OIE)": ("OIE", ("สำนักงานเศรษฐกิจอุตสาหกรรม", "สศอ.", "OIE")),
    "Government of Thailand": ("Government of Thailand", ("รัฐบาลไทย", "Royal Thai Government", "Thai government")),
}
# A name with one of these in front is the name of a place or body there, not a bare country.
_STRIP_TH = ("จังหวัด", "เมือง", "กรุง", "ประเทศ", "มณฑล", "นคร")
_STRIP_EN = re.compile(r"^(?:City of |The )|(?: Prefecture| City| Metropolis| Province)$")


@dataclass(frozen=True)
class Entry:
    surface: str
    kind: str  # partner, sector, thai_party, province
    id: str
    exact_case: bool


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    kind: str
    id: str
    surface: str


@dataclass
class Gazetteer:
    entries: list[Entry]
    partners: dict[str, dict]  # partner_id -> its partners.csv row
    sectors: dict[str, dict]
    provinces: dict[str, dict]
    parties: dict[str, str]  # thai_party -> abbreviation

    def level(self, pid: str) -> str | None:
        return (self.partners.get(pid) or {}).get("level")

    def country(self, pid: str) -> str | None:
        return (self.partners.get(pid) or {}).get("country")

    def parent(self, pid: str) -> str | None:
        return (self.partners.get(pid) or {}).get("parent_id") or None

    def is_country(self, pid: str) -> bool:
        p = self.partners.get(pid) or {}
        return p.get("level") == "national_government" and not p.get("parent_id")


def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(f)]


def _split(v: str) -> list[str]:
    return [x.strip() for x in (v or "").split(";") if x.strip()]


# What a release calls a country's people or firms ("Japanese companies"): the country itself.
DEMONYMS = {"jp": ("Japanese",), "cn": ("Chinese",), "tw": ("Taiwanese",), "sg": ("Singaporean",),
            "kr": ("South Korean", "Korean"), "us": ("American",), "de": ("German",), "nl": ("Dutch",),
            "ch": ("Swiss",), "ie": ("Irish",)}  # fmt: skip


def _variants(name: str) -> set[str]:
    out = {name}
    if name.startswith("Ministry of "):  # "Minister of Economy, Trade and Industry X" names the ministry
        out.add("Minister" + name[len("Ministry") :])
    m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name)  # "Japan External Trade Organization (JETRO)"
    if m:
        out |= {m.group(1).strip(), m.group(2).strip()}
    return {v for v in out if v}


def _entry(surface: str, kind: str, id_: str) -> Entry:
    letters = [c for c in surface if c.isalpha() and c.isascii()]
    exact = len(letters) >= 2 and all(c.isupper() for c in letters) and len(surface) <= 6
    return Entry(surface, kind, id_, exact or (len(surface) <= 3 and surface.isascii()))


@lru_cache(maxsize=8)
def load(raw: Path = DEFAULT_RAW) -> Gazetteer:
    """The names of data/raw's partners and sectors, the Thai parties and provinces."""
    raw = Path(raw)
    partners = {r["partner_id"]: r for f in sorted(raw.glob("partners*.csv")) for r in _read_csv(f)}
    sectors = {r["sector_code"]: r for f in sorted(raw.glob("sectors*.csv")) for r in _read_csv(f)}
    provinces = {r["province_code"]: r for r in _read_csv(PROVINCES)}
    entries: list[Entry] = []
    for pid, r in partners.items():
        names = {r.get("name_en", ""), r.get("name_th", ""), r.get("name_local", ""), *_split(r.get("aliases", ""))}
        for n in list(names):
            names |= _variants(n)
            if r.get("level") == "local_government":
                short = _STRIP_EN.sub("", n)
                if short != n and len(short) >= 4:
                    names.add(short)
                for pre in _STRIP_TH:
                    if n.startswith(pre) and len(n) - len(pre) >= 3:
                        names.add(n[len(pre) :])
        names |= set(DEMONYMS.get(pid, ()))
        entries += [_entry(n, "partner", pid) for n in names if n and len(n) >= 2]
    for code, r in sectors.items():
        names = {r.get("name_en", ""), r.get("name_th", ""), *_split(r.get("aliases", ""))}
        entries += [_entry(n, "sector", code) for n in names if n and len(n) >= 2]
    parties = {}
    for name, (abbr, spellings) in THAI_PARTIES.items():
        parties[name] = abbr
        entries += [_entry(s, "thai_party", name) for s in {name, *spellings}]
    for f in sorted(raw.glob("thai_parties*.csv")):
        for r in _read_csv(f):
            en = r.get("name_en")
            if not en:
                continue
            parties.setdefault(en, r.get("abbreviation") or en)
            forms = {en, r.get("name_th", ""), r.get("abbreviation", ""), *_split(r.get("aliases", ""))}
            entries += [_entry(s, "thai_party", en) for s in forms if s and len(s) >= 2]
    for code, r in provinces.items():
        names = {r["name_en"], r["name_th"], "จังหวัด" + r["name_th"], *_split(r.get("aliases", ""))}
        entries += [_entry(n, "province", code) for n in names if n and len(n) >= 2]
    # A partner's own name outranks the same spelling of another kind (ญี่ปุ่น the partner, not a sector).
    rank = {"partner": 0, "thai_party": 1, "province": 2, "sector": 3}
    entries.sort(key=lambda e: (-len(e.surface), rank[e.kind]))
    return Gazetteer(entries, partners, sectors, provinces, parties)


def partner_names(rows: list[dict]) -> Gazetteer:
    """A gazetteer over partner rows given by the caller (a warehouse's partners), with the usual rest."""
    base = load()
    entries = [e for e in base.entries if e.kind != "partner"]
    partners = {r["partner_id"]: {k: (v or "") for k, v in r.items()} for r in rows}
    for pid, r in partners.items():
        names = {r.get("name_en", ""), r.get("name_th", ""), r.get("name_local", ""), *_split(r.get("aliases", ""))}
        for n in list(names):
            names |= _variants(n)
        names |= set(DEMONYMS.get(pid, ()))
        entries += [_entry(n, "partner", pid) for n in names if n and len(n) >= 2]
    rank = {"partner": 0, "thai_party": 1, "province": 2, "sector": 3}
    entries.sort(key=lambda e: (-len(e.surface), rank[e.kind]))
    return Gazetteer(entries, partners, base.sectors, base.provinces, base.parties)


_THAI = re.compile(r"[\u0e00-\u0e7f]")


def thai_boundaries(text: str) -> set[int]:
    """Offsets where PyThaiNLP's newmm segmenter puts a word boundary (plus every non-Thai one)."""
    # Only what the package ships: no download (offline mode), nothing written to a data folder.
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    from pythainlp.tokenize import word_tokenize

    cuts = {0, len(text)}
    pos = 0
    for tok in word_tokenize(text, engine="newmm", keep_whitespace=True):
        pos += len(tok)
        cuts.add(pos)
    return cuts


def _fold(text: str) -> str:
    """ASCII letters to lower case, every other character kept: offsets do not move."""
    return text.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"))


def find_names(text: str, gaz: Gazetteer, cuts: set[int] | None = None) -> list[Hit]:
    """Every name of the gazetteer in `text`, non-overlapping (the longer name wins).

    The word boundaries are worked out (PyThaiNLP loads its dictionary, about two seconds the first
    time) only when a short Thai name needs them."""
    folded = _fold(text)
    lazy: dict[str, set[int]] = {} if cuts is None else {"cuts": cuts}

    def boundaries() -> set[int]:
        if "cuts" not in lazy:
            lazy["cuts"] = thai_boundaries(text)
        return lazy["cuts"]

    occupied = bytearray(len(text) + 1)
    hits: list[Hit] = []
    for e in gaz.entries:
        hay, needle = (text, e.surface) if e.exact_case else (folded, _fold(e.surface))
        i = hay.find(needle)
        while i != -1:
            j = i + len(needle)
            if not any(occupied[i:j]) and _bounded(text, i, j, boundaries):
                hits.append(Hit(i, j, e.kind, e.id, text[i:j]))
                occupied[i:j] = b"\x01" * (j - i)
            i = hay.find(needle, i + 1)
    hits.sort(key=lambda h: h.start)
    return hits


def _bounded(text: str, i: int, j: int, boundaries) -> bool:
    first, last = text[i], text[j - 1]
    before = text[i - 1] if i > 0 else " "
    after = text[j] if j < len(text) else " "
    if first.isascii() and first.isalnum() and before.isascii() and before.isalnum():
        return False
    if last.isascii() and last.isalnum() and after.isascii() and after.isalnum():
        return False
    if j - i >= 5:  # a Thai name this long is evidence enough; the segmenter may join it to a neighbour
        return True
    if _THAI.match(first) and _THAI.match(before) and i not in boundaries():
        return False
    return not (_THAI.match(last) and _THAI.match(after) and last != "." and j not in boundaries())
