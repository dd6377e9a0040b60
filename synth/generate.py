"""The synthetic generator's code: `write_synthetic` and the frames it writes (the tables it draws from are
in synth/tables.py; what the files hold is said in synth/__init__.py).
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path

import numpy as np
import polars as pl

import etl
from contract.vocabulary import THAI_MONTHS_ABBR, THAI_MONTHS_FULL
from synth.tables import (
    AGENCIES,
    AGGREGATES,
    AGREEMENT_COLUMNS,
    AGREEMENT_TYPE_P,
    AGREEMENT_TYPES,
    ASCII_DIGITS,
    BAD_KINDS,
    BLOCK_ROWS,
    CHUNK_ROWS,
    CITIES,
    COMPANY_COUNTRIES,
    COMPANY_COUNTRY_P,
    COMPANY_WORDS,
    COUNT_UNIT_SPELLINGS,
    COUNT_UNITS,
    COUNTRIES,
    COUNTRY_P,
    COVERAGE_SPELLINGS,
    CURRENCIES,
    DATE_FORMS,
    DAY_FORMS,
    DELEGATION_COLUMNS,
    DELEGATION_TH_HEADERS,
    DERIVATION_P,
    DERIVATIONS,
    DERIVED_SHARE,
    DIPS,
    DUPLICATE_NOTE,
    FEDERATIONS,
    FX_ANCHORS,
    FX_COLUMNS,
    G_AGENCY,
    G_AGGREGATE,
    G_CITY,
    G_COMPANY,
    G_COUNTRY,
    G_FEDERATION,
    G_PREFECTURE,
    G_UNIVERSITY,
    GRAIN_P,
    GRAIN_SCALE,
    GRAINS,
    GROUP_SHARE,
    HQ_PREFECTURES,
    IMPOSSIBLE_DATES,
    INBOUND_PROVINCES,
    INVESTMENT_COLUMNS,
    INVESTMENT_PROVINCES,
    LAST_DAY,
    LEAD_TITLES_IN,
    LEAD_TITLES_OUT,
    N_COMPANIES,
    N_UNIVERSITIES,
    NOTE_COLUMNS,
    NOTES,
    OTHER_NOTES,
    PARTNER_COLUMNS,
    PERIOD_P,
    PERIOD_SHARE,
    PERIOD_SPELLINGS,
    PERIODS,
    PREFECTURE_EXTRA_ALIASES,
    PREFECTURE_NAME_TH,
    PREFECTURE_RANK,
    PREFECTURES,
    PURPOSE_EVENT,
    PURPOSE_P,
    PURPOSES,
    QUALIFIER_SPELLINGS,
    QUALIFIER_WORDS,
    QUALIFIERS,
    REJECT_ID,
    REJECT_NOTE,
    REPEAT_SHARE,
    REPEAT_WINDOW,
    RESTATED_NOTE,
    SECTOR_COLUMNS,
    SECTOR_P,
    SECTORS,
    SHOWCASE,
    SHOWCASE_COMPANY,
    SPREAD_GRAIN_P,
    STAGE_P,
    STAGE_PER_UNIT,
    STAGE_SCALE,
    STAGE_SPELLINGS,
    STAGES,
    STATED_TOTAL_COLUMNS,
    STATED_TOTALS,
    STATUS_SPELLINGS,
    SUB_SECTORS,
    THAI_DIGITS,
    THAI_PARTIES,
    TRAVEL_DIPS,
    TRUE,
    TYPE_EN,
    TYPE_TH,
    UNITS,
    UNIVERSITY_FIELDS,
    UNKNOWN_PARTNERS,
    UNKNOWN_QUALIFIERS,
    UNKNOWN_SECTORS,
    URL,
    WHOLE_YEAR,
    XLSX_MAX_ROWS,
    YEARS,
)

REFERENCE_DIR = Path(etl.__file__).resolve().parent / "reference"  # Thai provinces, as the ETL reads them


# --- the entry point ------------------------------------------------------------


def write_synthetic(out_dir: Path, rows: int = 10_000, seed: int = 0) -> dict[str, int]:
    """Write synthetic raw files into `out_dir`; return {file name: data rows written}.

    `rows` is the exact number of investment rows (over investments_a.csv and
    investments_b.csv); agreements get about rows/50 (at least 30) and
    delegations about rows/30 (at least 40). The same arguments give the same
    bytes.
    """
    if not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
        raise ValueError(f"`rows` must be a non-negative integer, got {rows!r}")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"`seed` must be a non-negative integer, got {seed!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ctx = _Context(seed)
    layout = _InvestmentLayout(rows)
    written: dict[str, int] = {}
    # The investment scopes are drawn (numpy, mostly outside the GIL) while the other files are written;
    # each has its own random stream, so the bytes do not depend on the timing.
    with ThreadPoolExecutor(max_workers=1) as pool:
        scopes = pool.submit(_investment_scopes, ctx, layout.n_good, layout.n_base, layout.chunk_starts)
        written["partners.csv"] = _write_csv(ctx.partners.select(PARTNER_COLUMNS), out / "partners.csv")
        written["sectors.csv"] = _write_csv(ctx.sectors.select(SECTOR_COLUMNS), out / "sectors.csv")
        written["fx_rates.csv"] = _write_csv(ctx.fx_frame(), out / "fx_rates.csv")
        written.update(_write_agreements(ctx, out, max(30, rows // 50)))
        written.update(_write_delegations(ctx, out, max(40, rows // 30)))
        written.update(_write_investments(ctx, out, layout, scopes.result()))
    written["stated_totals.csv"] = _write_stated_totals(ctx, out, rows)
    written["notes.csv"] = _write_csv(_notes_frame(), out / "notes.csv")
    return written


# --- reference tables -------------------------------------------------------------


class _Context:
    """Reference tables of one seed and the arrays the fact generators draw from."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.partners = _partner_frame(self.rng("partners"))
        sectors = [(*s, None) for s in SECTORS] + list(SUB_SECTORS)
        self.sectors = pl.DataFrame(
            {
                "sector_code": [s[0] for s in sectors],
                "name_en": [s[1] for s in sectors],
                "name_th": [s[2] for s in sectors],
                "group": [s[3] for s in sectors],
                "parent_code": [s[5] for s in sectors],
                "aliases": [s[4] for s in sectors],
                "synthetic": [TRUE] * len(sectors),
            },
            schema=dict.fromkeys(SECTOR_COLUMNS, pl.String),
        )
        self.sector_codes = [s[0] for s in sectors]
        self.sector_p = np.array([SECTOR_P[c] for c in self.sector_codes])
        self.sector_p /= self.sector_p.sum()
        p = self.partners
        self.group = p["_group"].to_numpy()
        self.hint = p["_sector"].to_numpy()
        self.country = p["country"].to_numpy()
        self.partner_p = {name: _partner_weights(p, shares) for name, shares in GROUP_SHARE.items()}
        self.fx = _fx_rates(self.rng("fx"))
        self.provinces = pl.read_csv(REFERENCE_DIR / "provinces.csv", infer_schema=False)
        self.inv_year_p = _year_p(0.05, DIPS)
        self.inv = _InvestmentTables(
            p, sectors, self.sector_p, list(INVESTMENT_PROVINCES), self.partner_p["investments"], self.inv_year_p
        )
        self.inv_dip = np.array([DIPS.get(int(y), 1.0) for y in YEARS])

    def rng(self, *stream: str | int) -> np.random.Generator:
        keys = [self.seed] + [_stable_int(s) for s in stream]
        return np.random.default_rng(np.random.SeedSequence(keys))

    def fx_frame(self) -> pl.DataFrame:
        rows = [
            (str(int(y)), cur, f"{self.fx[cur][i]:.4f}", f"{URL}fx-{cur.lower()}-{int(y)}", TRUE)
            for cur in ("JPY", "USD", "CNY")
            for i, y in enumerate(YEARS)
        ]
        return pl.DataFrame(rows, schema=dict.fromkeys(FX_COLUMNS, pl.String), orient="row")


def _cdf(p) -> np.ndarray:
    c = np.cumsum(np.asarray(p, dtype=np.float64))
    return c / c[-1]


class _Sampler:
    """Draws of an index with probabilities p, each to within 2**-18: a lookup in a table of 2**18 cells
    (several times faster than Generator.choice, which searches the cumulative sums for every draw)."""

    BITS = 18

    def __init__(self, p) -> None:
        cells = (np.arange(1 << self.BITS) + 0.5) / (1 << self.BITS)
        self.table = np.minimum(np.searchsorted(_cdf(p), cells, side="right"), len(p) - 1).astype(np.int32)

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return self.table[rng.integers(0, 1 << self.BITS, n, dtype=np.uint32)]


class _Lists:
    """A list of row indices per key, packed: one member drawn per row at a time."""

    def __init__(self, lists: list[list[int]]) -> None:
        self.count = np.array([len(x) for x in lists], dtype=np.int64)
        self.offset = np.concatenate([[0], np.cumsum(self.count)[:-1]]).astype(np.int64)
        self.flat = np.array([i for x in lists for i in x] + [-1], dtype=np.int64)

    def pick(self, rng: np.random.Generator, keys: np.ndarray) -> np.ndarray:
        """A random member of each key's list; -1 where the list is empty."""
        count = self.count[keys]
        j = (rng.random(len(keys)) * count).astype(np.int64)
        return np.where(count > 0, self.flat[np.where(count > 0, self.offset[keys] + j, -1)], -1)


GROUP_NAMES = {
    G_COUNTRY: "country", G_AGGREGATE: "aggregate", G_PREFECTURE: "prefecture", G_CITY: "city", G_AGENCY: "agency",
    G_COMPANY: "company",
}  # fmt: skip
GROUP_MEDIAN = {G_PREFECTURE: 400.0, G_CITY: 150.0, G_AGENCY: 300.0, G_COMPANY: 150.0}  # THB million


class _InvestmentTables:
    """What investment scopes are drawn from: who holds figures, who belongs to whom, sector trees, sizes."""

    def __init__(
        self, p: pl.DataFrame, sectors: list[tuple], sector_p, provinces: list[str], partner_p, year_p
    ) -> None:
        ids = p["partner_id"].to_list()
        self.index = {pid: i for i, pid in enumerate(ids)}
        group = p["_group"].to_numpy()
        parents = [self.index[x] if x else -1 for x in p["parent_id"].to_list()]
        countries = [self.index[c[0]] for c in COUNTRIES]
        aggregates = {a[0]: self.index[a[0]] for a in AGGREGATES}
        members = {self.index[a[0]]: countries if a[4] is None else [self.index[c] for c in a[4]] for a in AGGREGATES}
        holders = [i for i in range(len(ids)) if group[i] in GROUP_NAMES]
        children: dict[int, list[int]] = {}
        for i in holders:
            if parents[i] >= 0:
                children.setdefault(parents[i], []).append(i)
        up, down = [], []
        for i in range(len(ids)):
            if parents[i] >= 0:
                up.append([parents[i]])
            elif group[i] == G_COUNTRY:  # the aggregates that hold a country
                up.append([a for a, m in members.items() if i in m])
            elif group[i] == G_AGGREGATE:  # another aggregate: all-investors holds all-foreign, the rest overlap
                up.append([a for a in aggregates.values() if a != i])
            else:
                up.append([])
            down.append(members[i] if group[i] == G_AGGREGATE else children.get(i, []))
        self.up, self.down = _Lists(up), _Lists(down)
        self.holders = np.array(holders, dtype=np.int64)
        grain_p = np.zeros((len(ids), len(GRAINS)))
        for g, name in GROUP_NAMES.items():
            grain_p[group == g] = GRAIN_P[name]
        self.partner_grain = _Sampler((np.asarray(partner_p)[:, None] * grain_p).ravel())  # partner * 4 + grain

        # Sectors: index len(sectors) stands for all sectors. A sector's relatives are its parent and
        # sub-sectors; a sector without either goes with any other sector, as in a breakdown.
        codes = [s[0] for s in sectors]
        n = len(codes)
        rel = []
        for i, s in enumerate(sectors):
            family = [codes.index(s[5])] if s[5] else []
            family += [j for j, t in enumerate(sectors) if t[5] == s[0]]
            rel.append(family or [j for j in range(n) if j != i])
        rel.append(list(range(n)))
        self.sector_rel = _Lists(rel)
        self.n_sectors = n
        self.n_provinces = len(provinces)
        prov_p = np.array([INVESTMENT_PROVINCES[c] for c in provinces])
        self.sector, self.province = _Sampler(sector_p), _Sampler(prov_p)
        self.stage = _Sampler(STAGE_P)
        self.currency, self.unit = _Sampler((0.86, 0.09, 0.04, 0.01)), _Sampler((0.86, 0.06, 0.04, 0.04))
        self.qualifier = _Sampler((0.94, 0.01, 0.03, 0.02))  # blank, exact written out, approx, at_least
        self.coverage = _Sampler((0.988, 0.002, 0.01))  # blank, complete written out, named_only
        self.spread_grain = _Sampler(SPREAD_GRAIN_P)
        self.stage_year_period = _Sampler(np.einsum("i,j,k->ijk", STAGE_P, year_p, PERIOD_P).ravel())

        # typical value of a total, THB million
        median = np.array([GROUP_MEDIAN.get(int(g), 100.0) for g in group])
        for i, c in enumerate(COUNTRIES):
            median[countries[i]] = 3_000.0 * (COUNTRY_P[c[0]] / 0.125) ** 0.7
        for a in AGGREGATES:
            median[aggregates[a[0]]] = a[5]
        self.median = median


def _stable_int(s: str | int) -> int:
    """A stream name as an integer for SeedSequence, the same in every process (unlike hash())."""
    if isinstance(s, int):
        return s
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little")


def _partner_frame(rng: np.random.Generator) -> pl.DataFrame:
    rows: list[dict] = []

    def add(pid, name_en, name_th, name_local, country, level, subdivision, parent, aliases, group, sector, city):
        rows.append(
            {
                "partner_id": pid, "name_en": name_en, "name_th": name_th, "name_local": name_local,
                "country": country, "level": level, "subdivision": subdivision, "parent_id": parent,
                "aliases": aliases, "source_url": f"{URL}partner/{pid}", "synthetic": TRUE,
                "_group": group, "_sector": sector, "_city": city,
            }
        )  # fmt: skip

    for pid, iso, en, local, th, aliases, capital in COUNTRIES:
        add(pid, en, th, local, iso, "national_government", None, None, aliases, G_COUNTRY, -1, capital)
    for aid, en, th, aliases, _, _ in AGGREGATES:
        add(aid, en, th, None, "ZZ", "aggregate", None, None, aliases, G_AGGREGATE, -1, None)
    for num, romaji, en, local, th_bare, capital in PREFECTURES:
        name_th = PREFECTURE_NAME_TH.get(romaji, "จังหวัด" + th_bare)
        short = en.removesuffix(" Prefecture")
        bare_local = local[:-1] if local[-1] in "都府県" else None  # 神奈川県 -> 神奈川; not 北海道
        aliases = [short, f"{short}-ken", bare_local] if en.endswith(" Prefecture") else [bare_local]
        if romaji in ("osaka", "kyoto"):  # -fu, not -ken
            aliases = [bare_local]
        aliases += list(PREFECTURE_EXTRA_ALIASES.get(romaji, ()))
        if th_bare != name_th:
            aliases.append(th_bare)
        aliases = list(dict.fromkeys(a for a in aliases if a and a != en))
        add(
            f"jp-{romaji}", en, name_th, local, "JP", "local_government", f"JP-{num}", "jp",
            ";".join(aliases), G_PREFECTURE, -1, capital,
        )  # fmt: skip
    for cid, en, local, th, num, parent, extra in CITIES:
        city = en.removesuffix(" City")
        aliases = ";".join(filter(None, [f"City of {city}", f"{city}-shi", *extra.split(";")]))
        add(
            f"jp-{cid}", en, th, local, "JP", "local_government", f"JP-{num}", f"jp-{parent}", aliases, G_CITY, -1, city
        )
    for aid, en, local, th, level, aliases in AGENCIES:
        add(f"jp-{aid}", en, th, local, "JP", level, None, "jp", aliases, G_AGENCY, -1, "Tokyo")
    for fid, en, local, th, aliases in FEDERATIONS:
        city = "Bangkok" if fid == "jcc-bangkok" else "Tokyo"
        add(f"jp-{fid}", en, th, local, "JP", "business_association", None, "jp", aliases, G_FEDERATION, -1, city)

    sector_index = {s[0]: i for i, s in enumerate((*SECTORS, *SUB_SECTORS))}
    capitals = {p[1]: p[5] for p in PREFECTURES}
    pref_num = {p[1]: p[0] for p in PREFECTURES}
    hq_ids = list(HQ_PREFECTURES) + [p for p in PREFECTURE_RANK if p not in HQ_PREFECTURES]
    hq_p = np.array(list(HQ_PREFECTURES.values()) + [0.0] * (len(hq_ids) - len(HQ_PREFECTURES)))
    hq_p[len(HQ_PREFECTURES) :] = (1 - hq_p.sum()) / (len(hq_ids) - len(HQ_PREFECTURES))
    capital_of = {c[0]: c[6] for c in COUNTRIES}

    word_p = np.array([SECTOR_P[w[1]] for w in COMPANY_WORDS])
    words = rng.choice(len(COMPANY_WORDS), N_COMPANIES, p=word_p / word_p.sum())
    countries = rng.choice(len(COMPANY_COUNTRIES), N_COMPANIES, p=COMPANY_COUNTRY_P)
    hqs = rng.choice(len(hq_ids), N_COMPANIES, p=hq_p)
    for k in range(N_COMPANIES):
        word, sector, jword, tword = COMPANY_WORDS[words[k]]
        n = f"{k + 1:03d}"
        country = COMPANY_COUNTRIES[countries[k]]
        japanese = country == "jp"
        hq = hq_ids[hqs[k]]
        add(
            f"syn-co-{n}",
            f"Synthetic {word} Co. {n}",
            f"บริษัท ซินเทติก {tword} {n} จำกัด",
            f"シンセティック{jword}株式会社 {n}" if japanese else None,
            country.upper(),
            "company",
            f"JP-{pref_num[hq]}" if japanese else None,
            country,
            f"Synthetic {word} {n};SYN-{word.upper().replace(' ', '')}-{n}",
            G_COMPANY,
            sector_index[sector],
            capitals[hq] if japanese else capital_of[country],
        )
    fields = rng.integers(0, len(UNIVERSITY_FIELDS), N_UNIVERSITIES)
    hqs = rng.choice(len(hq_ids), N_UNIVERSITIES, p=hq_p)
    for k in range(N_UNIVERSITIES):
        field, sector, jfield, tfield = UNIVERSITY_FIELDS[fields[k]]
        n = f"{k + 1:02d}"
        hq = hq_ids[hqs[k]]
        add(
            f"syn-univ-{n}",
            f"Synthetic University of {field} {n}",
            f"มหาวิทยาลัย{tfield}ซินเทติก {n}",
            f"シンセティック{jfield}大学 {n}",
            "JP",
            "university",
            f"JP-{pref_num[hq]}",
            "jp",
            f"SU{field[:4].upper()}-{n}",
            G_UNIVERSITY,
            sector_index[sector],
            capitals[hq],
        )
    schema = dict.fromkeys(PARTNER_COLUMNS, pl.String) | {"_group": pl.Int8, "_sector": pl.Int16, "_city": pl.String}
    return pl.DataFrame(rows, schema=schema)


def _zipf(n: int, s: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def _partner_weights(p: pl.DataFrame, shares: dict[int, float]) -> np.ndarray:
    """Probability of each partner row: a group's share, Zipf-like inside it."""
    ids = p["partner_id"].to_list()
    group = p["_group"].to_numpy()
    w = np.zeros(len(ids))
    for g, share in shares.items():
        members = np.flatnonzero(group == g)
        if g == G_COUNTRY:
            inner = np.array([COUNTRY_P[ids[i]] for i in members])
        elif g == G_PREFECTURE:
            rank = [PREFECTURE_RANK.index(ids[i].removeprefix("jp-")) for i in members]
            inner = 1.0 / (np.array(rank) + 1.0) ** 0.9
        elif g == G_COMPANY:
            japanese = np.array([p["country"][int(i)] == "JP" for i in members])
            inner = _zipf(len(members), 0.8) * np.where(japanese, 2.0, 1.0)
        else:
            inner = _zipf(len(members), 1.0)
        w[members] = share * inner / inner.sum()
    return w / w.sum()


def _fx_rates(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Baht per unit by year (index of YEARS): smooth curves, a seeded wobble of about 1%."""

    def curve(name: str) -> np.ndarray:
        xs, ys = zip(*FX_ANCHORS[name], strict=True)
        return np.interp(YEARS, xs, ys)

    wobble = 1 + 0.01 * np.convolve(rng.standard_normal(len(YEARS) + 2), np.ones(3) / 3, mode="valid")
    usd = curve("USD") * wobble
    return {
        "THB": np.ones(len(YEARS)),
        "USD": usd,
        "JPY": usd / curve("JPY_PER_USD"),
        "CNY": usd / curve("CNY_PER_USD"),
    }


def _year_p(growth: float, dips: dict[int, float]) -> np.ndarray:
    w = np.exp(growth * (YEARS - YEARS[0])) * np.array([dips.get(int(y), 1.0) for y in YEARS])
    return w / w.sum()


# --- cell formatting (vectorised) ---------------------------------------------------


def _nulls(values: np.ndarray, mask: np.ndarray) -> pl.Series:
    """values as a series, null where mask is true."""
    return pl.Series(values).scatter(np.flatnonzero(mask), None)


def _take(values, idx: np.ndarray) -> pl.Series:
    """values[idx] as a String series; idx -1 gives null."""
    s = pl.Series(list(values) + [None], dtype=pl.String)
    return s.gather(np.where(idx < 0, len(values), idx))


def _kinds(rng: np.random.Generator, n: int, share: float, p, force: bool) -> np.ndarray:
    """Per row: -1 (plain) or the index of a messy kind drawn with weights p.

    With `force`, each kind appears at least once (when there is room), so a
    small file still shows every form.
    """
    p = np.asarray(p, dtype=float) / np.sum(p)
    kind = np.full(n, -1, dtype=np.int8)
    messy = rng.random(n) < share
    kind[messy] = rng.choice(len(p), int(messy.sum()), p=p)
    if force and n >= 2 * len(p):
        kind[rng.choice(n, len(p), replace=False)] = np.arange(len(p))
    return kind


def _thai_digits(e: pl.Expr) -> pl.Expr:
    return e.str.replace_many(ASCII_DIGITS, THAI_DIGITS)


def _grouped(ip: pl.Expr) -> pl.Expr:
    """A non-negative integer with thousands separators: 1234567 -> '1,234,567'."""

    def top(k: int) -> pl.Expr:
        return (ip // 10 ** (3 * k)).cast(pl.String)

    def grp(k: int) -> pl.Expr:
        return ((ip // 10 ** (3 * k)) % 1000).cast(pl.String).str.zfill(3)

    return (
        pl.when(ip >= 10**12)
        .then(pl.concat_str([top(4), grp(3), grp(2), grp(1), grp(0)], separator=","))
        .when(ip >= 10**9)
        .then(pl.concat_str([top(3), grp(2), grp(1), grp(0)], separator=","))
        .when(ip >= 10**6)
        .then(pl.concat_str([top(2), grp(1), grp(0)], separator=","))
        .when(ip >= 10**3)
        .then(pl.concat_str([top(1), grp(0)], separator=","))
        .otherwise(ip.cast(pl.String))
    )


def _number(q: str, decimals: str | int, kind: str) -> pl.Expr:
    """Format the scaled integer column `q` (value * 10**decimals).

    `kind` column: -1 plain, 0 thousands separators, 1 Thai digits, 2 both.
    """
    q_, k = pl.col(q), pl.col(kind)
    d = pl.lit(decimals) if isinstance(decimals, int) else pl.col(decimals)
    scale = pl.when(d == 2).then(100).when(d == 1).then(10).otherwise(1)
    ip = q_ // scale
    frac = (q_ % scale).cast(pl.String)
    frac = pl.when(d == 2).then(frac.str.zfill(2)).otherwise(frac)
    whole = pl.when((k == 0) | (k == 2)).then(_grouped(ip)).otherwise(ip.cast(pl.String))
    s = pl.when(d > 0).then(pl.concat_str([whole, pl.lit("."), frac])).otherwise(whole)
    return pl.when(k >= 1).then(_thai_digits(s)).otherwise(s)


def _plain_number(q: str, decimals: str) -> pl.Expr:
    """The scaled integer column `q` as a plain decimal: 1234 with 1 decimal -> '123.4'.

    Through a float, which is exact here (the nearest double prints back as the
    decimal) and several times faster than string arithmetic.
    """
    d = pl.col(decimals)
    scaled = pl.col(q).cast(pl.Float64) / pl.when(d == 2).then(100.0).otherwise(10.0)
    return pl.when(d == 0).then(pl.col(q).cast(pl.String)).otherwise(scaled.cast(pl.String))


def _messy_column(df: pl.DataFrame, plain: pl.Expr, messy: pl.Expr, kind: np.ndarray) -> pl.Series:
    """`plain` for every row; `messy` where kind >= 0, computed on those few rows only."""
    out = df.select(plain.alias("v")).to_series()
    pos = np.flatnonzero(kind >= 0)
    if pos.size:
        out = out.scatter(pos, df[pos].select(messy.alias("v")).to_series())
    return out


def _date_expr(y: str = "y", m: str = "m", d: str = "d", form: str = "form") -> pl.Expr:
    """Format year/month/day columns in the DATE_FORMS form given by the index column `form`."""
    Y, M, D, F = pl.col(y), pl.col(m), pl.col(d), pl.col(form)
    ys, be = Y.cast(pl.String), (Y + 543).cast(pl.String)
    ms, ds = M.cast(pl.String), D.cast(pl.String)
    m2, d2 = ms.str.zfill(2), ds.str.zfill(2)
    abbr = M.replace_strict(dict(enumerate(THAI_MONTHS_ABBR, 1)), return_dtype=pl.String)
    full = M.replace_strict(dict(enumerate(THAI_MONTHS_FULL, 1)), return_dtype=pl.String)
    thai_abbr = pl.concat_str([ds, abbr, be], separator=" ")
    forms = {
        "iso": pl.concat_str([ys, m2, d2], separator="-"),
        "dmy_be": pl.concat_str([d2, m2, be], separator="/"),
        "dmy_ce": pl.concat_str([ds, ms, ys], separator="/"),
        "thai_abbr_be": thai_abbr,
        "thai_full_be": pl.concat_str([ds, full, be], separator=" "),
        "thai_abbr_be2": pl.concat_str([ds, abbr, ((Y + 543) % 100).cast(pl.String).str.zfill(2)], separator=" "),
        "thai_digits": _thai_digits(thai_abbr),
        "month_iso": pl.concat_str([ys, m2], separator="-"),
        "month_thai_be": pl.concat_str([abbr, be], separator=" "),
        "year": ys,
    }
    assert tuple(forms) == tuple(DATE_FORMS)
    names = list(forms)
    expr = pl.when(F == 0).then(forms[names[0]])
    for i, name in enumerate(names[1:], 1):
        expr = expr.when(F.eq(i)).then(forms[name])
    return expr.otherwise(None)


def _date_forms(rng, n: int, share: float, force: bool, precision: bool = True) -> np.ndarray:
    """Index into DATE_FORMS per row: mostly ISO, `share` of rows in a messy form."""
    messy = {
        "dmy_be": 0.2, "dmy_ce": 0.15, "thai_abbr_be": 0.15, "thai_full_be": 0.1, "thai_abbr_be2": 0.08,
        "thai_digits": 0.05, "month_iso": 0.1, "month_thai_be": 0.07, "year": 0.1,
    }  # fmt: skip
    if not precision:
        messy = {k: v for k, v in messy.items() if k in DAY_FORMS}
    order = list(DATE_FORMS)
    k = _kinds(rng, n, share, list(messy.values()), force)
    codes = np.array([order.index(name) for name in messy], dtype=np.int8)
    return np.where(k < 0, 0, codes[np.maximum(k, 0)]).astype(np.int8)


def _random_dates(rng, years: np.ndarray, last: date = LAST_DAY) -> np.ndarray:
    start = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    length = ((years - 1969).astype("datetime64[Y]").astype("datetime64[D]") - start).astype(np.int64)
    dates = start + (rng.random(len(years)) * length).astype(np.int64)
    return np.minimum(dates, np.datetime64(last))


def _ymd(dates: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    m = (dates.astype("datetime64[M]") - dates.astype("datetime64[Y]").astype("datetime64[M]")).astype(np.int64) + 1
    d = (dates - dates.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    return y, m, d


def _partner_refs(ctx: _Context, idx: np.ndarray, rng, share: float, force: bool, thai: bool = False) -> pl.Series:
    """How a fact row names its partner: the id, or a name in odd case and spacing."""
    ref = ctx.partners["partner_id"].gather(idx)
    # name_en, name_th, alias, name_local; the cp874 file can hold no Japanese
    p = (0.1, 0.5, 0.0, 0.0) if thai else (0.4, 0.3, 0.2, 0.1)
    kind = _kinds(rng, len(idx), share, p, force and not thai)
    pos = np.flatnonzero(kind >= 0)
    if pos.size == 0:
        return ref
    names = ctx.partners.select("name_en", "name_th", "name_local", "aliases")[idx[pos]]
    n = len(pos)
    df = names.with_columns(
        k=pl.Series(kind[pos]),
        case=pl.Series(rng.integers(0, 3, n) if not thai else np.zeros(n, np.int64)),
        space=pl.Series(rng.integers(0, 3, n) if not thai else np.zeros(n, np.int64)),
        r=pl.Series(rng.integers(0, 1000, n)),
    )
    aliases = pl.col("aliases").str.split(";")
    alias = aliases.list.get(pl.col("r") % aliases.list.len(), null_on_oob=True)
    pick = (
        pl.when((pl.col("k") == 1) & pl.col("name_th").is_not_null())
        .then(pl.col("name_th"))
        .when((pl.col("k") == 2) & alias.is_not_null())
        .then(alias)
        .when((pl.col("k") == 3) & pl.col("name_local").is_not_null())
        .then(pl.col("name_local"))
        .otherwise(pl.col("name_en"))
    )
    values = df.select(_odd_case_and_spaces(pick)).to_series()
    return ref.scatter(pos, values)


def _odd_case_and_spaces(e: pl.Expr) -> pl.Expr:
    cased = (
        pl.when(pl.col("case") == 1)
        .then(e.str.to_uppercase())
        .when(pl.col("case") == 2)
        .then(e.str.to_lowercase())
        .otherwise(e)
    )
    return (
        pl.when(pl.col("space") == 1)
        .then(pl.concat_str([pl.lit("  "), cased, pl.lit(" ")]))
        .when(pl.col("space") == 2)
        .then(cased.str.replace(" ", "  ", literal=True))
        .otherwise(cased)
        .alias("v")
    )


def _sector_refs(ctx: _Context, idx: np.ndarray, rng, share: float, force: bool) -> pl.Series:
    """One sector per row (investments): the code, or its English/Thai name, an alias, lower case."""
    ref = _take(ctx.sector_codes, idx)
    kind = _kinds(rng, len(idx), share, (0.45, 0.15, 0.25, 0.15), force)
    pos = np.flatnonzero((kind >= 0) & (idx >= 0))
    if pos.size == 0:
        return ref
    n = len(pos)
    df = ctx.sectors.select("sector_code", "name_en", "name_th", "aliases")[idx[pos]].with_columns(
        k=pl.Series(kind[pos]),
        case=pl.Series(rng.integers(0, 3, n)),
        space=pl.Series(np.where(rng.random(n) < 0.3, 1, 0)),
        r=pl.Series(rng.integers(0, 1000, n)),
    )
    aliases = pl.col("aliases").str.split(";")
    alias = aliases.list.get(pl.col("r") % aliases.list.len(), null_on_oob=True)
    pick = (
        pl.when(pl.col("k") == 0)
        .then(pl.col("name_en"))
        .when(pl.col("k") == 1)
        .then(pl.col("name_th"))
        .when(pl.col("k") == 2)
        .then(alias)
        .otherwise(pl.col("sector_code").str.to_lowercase())
    )
    return ref.scatter(pos, df.select(_odd_case_and_spaces(pick)).to_series())


def _sector_lists(ctx: _Context, rng, n: int, hint: np.ndarray, blank: float, share: float, force: bool) -> pl.Series:
    """`;`-lists of 1-3 sector codes; messy rows use '; ', English names or lower case."""
    k = len(ctx.sector_codes)
    first = rng.choice(k, n, p=ctx.sector_p)
    first = np.where((hint >= 0) & (rng.random(n) < 0.7), hint, first)
    more = rng.choice(k, (n, 2), p=ctx.sector_p)
    more[:, 0] = np.where(more[:, 0] == first, (first + 1) % k, more[:, 0])  # a second code differs
    count = rng.choice(3, n, p=(0.6, 0.3, 0.1)) + 1
    kind = _kinds(rng, n, share, (0.4, 0.4, 0.2), force)
    count = np.where(kind == 0, np.maximum(count, 2), count)  # '; ' needs two codes to show
    b = np.where(count >= 2, more[:, 0], -1)
    c = np.where((count >= 3) & (more[:, 1] != first) & (more[:, 1] != b), more[:, 1], -1)  # no code twice
    blank_rows = np.flatnonzero((rng.random(n) < blank) & (kind < 0))
    codes = ctx.sector_codes
    parts = [_take(codes, x) for x in (first, b, c)]
    out = pl.select(pl.concat_str(parts, separator=";", ignore_nulls=True)).to_series()
    pos = np.flatnonzero(kind >= 0)  # the few messy lists, written apart
    if pos.size:
        names = ctx.sectors["name_en"].to_list()
        sub = [x.gather(pos) for x in parts]
        named = [_take(names, x[pos]) for x in (first, b, c)]
        k_ = pl.lit(pl.Series(kind[pos]))
        messy = (
            pl.when(k_ == 0)
            .then(pl.concat_str(sub, separator="; ", ignore_nulls=True))
            .when(k_ == 1)
            .then(pl.concat_str(named, separator=";", ignore_nulls=True))
            .otherwise(pl.concat_str(sub, separator=";", ignore_nulls=True).str.to_lowercase())
        )
        out = out.scatter(pos, pl.select(messy).to_series())
    return out.scatter(blank_rows, None).alias("sectors")


def _province_refs(ctx: _Context, rng, vidx: np.ndarray, force: bool) -> pl.Series:
    """Province of an investment (index into INVESTMENT_PROVINCES, -1 blank): by name, TH-xx code, Thai name or alias."""
    prov = ctx.provinces
    codes = list(INVESTMENT_PROVINCES)
    rows = prov.filter(pl.col("province_code").is_in(codes))
    rows = rows.sort(pl.col("province_code").replace_strict({c: i for i, c in enumerate(codes)}, return_dtype=pl.Int32))
    first_alias = rows["aliases"].str.split(";").list.first()
    choices = []
    for i in range(len(codes)):  # 4 spellings per province
        choices += [rows["name_en"][i], rows["province_code"][i], rows["name_th"][i], first_alias[i]]
    spelling = rng.choice(4, len(vidx), p=(0.5, 0.25, 0.2, 0.05))
    given = np.flatnonzero(vidx >= 0)
    if force and given.size >= 8:
        spelling[rng.choice(given, 4, replace=False)] = np.arange(4)
    return _take(choices, np.where(vidx >= 0, vidx * 4 + spelling, -1))


def _spell(rng, codes: np.ndarray, spellings: tuple[tuple[str | None, ...], ...], share: float) -> pl.Series:
    """Coded values as text: the canonical spelling (first of each tuple), or in `share` of rows another one.

    `codes` index into `spellings`; -1 is blank.
    """
    count = np.array([len(t) for t in spellings], dtype=np.int64)
    flat = [x for t in spellings for x in t]
    first = np.append(np.concatenate([[0], np.cumsum(count)[:-1]]), len(flat))  # code -1: the null at the end
    idx = first[codes]
    if share > 0:
        pos = np.flatnonzero((rng.random(codes.size, dtype=np.float32) < share) & (codes >= 0))
        c = codes[pos]
        idx[pos] += np.where(count[c] > 1, 1 + (rng.random(pos.size) * (count[c] - 1)).astype(np.int64), 0)
    return pl.Series([*flat, None], dtype=pl.String).gather(idx)


# --- facts ------------------------------------------------------------------------


def _special_counts(total: int, singles: int, minimum: int) -> int:
    """How many rows of each special kind: about 0.1% of rows in all, at least one each."""
    if total < minimum:
        return 0
    return max(1, round(total * 0.001 / (singles + 4)))


def _interleave(rng, good: pl.DataFrame, special: pl.DataFrame) -> pl.DataFrame:
    """Special rows inserted at random places among the good ones (order of the good kept)."""
    if special.height == 0:
        return good
    key_good = np.arange(good.height, dtype=np.int64) * 2 + 1
    key_special = rng.integers(0, good.height + 1, special.height) * 2
    both = pl.concat([good, special.select(good.columns)])
    key = np.concatenate([key_good, key_special])
    return both.with_columns(_k=pl.Series(key)).sort("_k", maintain_order=True).drop("_k")


def _specials(
    base: pl.DataFrame,
    kinds: tuple[str, ...],
    per_kind: int,
    mutate,
    conflict,
) -> pl.DataFrame:
    """Deliberately bad rows (`kinds` with REJECT_NOTE) and exact duplicates from clean `base` rows.

    `base` has per_kind * (len(kinds) + 1) rows; `mutate(kind, row, j)` spoils a
    row, `conflict(row)` changes a copy's content for the conflicting duplicate.
    """
    rows = base.to_dicts()
    out: list[dict] = []
    it = iter(rows)
    for kind in kinds:
        for j in range(per_kind):
            row = next(it)
            row["notes"] = REJECT_NOTE.format(kind=kind)
            if kind == "conflicting_duplicate":
                out += [row, conflict(dict(row))]
            else:
                out.append(mutate(kind, row, j))
    for _ in range(per_kind):
        row = next(it)
        row["notes"] = DUPLICATE_NOTE
        out += [row, dict(row)]
    return pl.DataFrame(out, schema=base.schema)


def _agreement_frame(ctx: _Context, rng, ids: list[str], messy: bool, force: bool) -> pl.DataFrame:
    """Agreements with the contract's columns (strings) plus `_signed` and `_expiry` dates."""
    n = len(ids)
    share = 0.05 if messy else 0.0
    years = YEARS[rng.choice(len(YEARS), n, p=_year_p(0.08, TRAVEL_DIPS))]
    signed = np.sort(_random_dates(rng, years))
    y, m, d = _ymd(signed)
    pidx = rng.choice(ctx.partners.height, n, p=ctx.partner_p["agreements"])
    typ = rng.choice(len(AGREEMENT_TYPES), n, p=AGREEMENT_TYPE_P)
    party = rng.choice(len(THAI_PARTIES), n, p=_zipf(len(THAI_PARTIES), 0.9))
    party_thai = rng.random(n) < 0.25
    term = np.array([2, 3, 5, 0])[rng.choice(4, n, p=(0.1, 0.4, 0.4, 0.1))]
    form = _date_forms(rng, n, share, force)
    day_precision = np.isin(form, [list(DATE_FORMS).index(x) for x in DAY_FORMS])  # else no exact expiry
    ey = y + term
    ed = np.where((m == 2) & (d == 29), 28, d)
    expiry_key = ey * 10000 + m * 100 + ed
    status = np.where(expiry_key < 20250701, 1, 0)  # expired, else active
    status = np.where(term == 0, 0, status)
    status = np.where((y >= 2025) & (rng.random(n) < 0.3), 3, status)  # planned
    status = np.where(rng.random(n) < 0.03, 2, status)  # terminated
    status = np.where(rng.random(n) < 0.05, -1, status)
    sectors = _sector_lists(ctx, rng, n, ctx.hint[pidx], 0.05, share, force)
    first_sector = sectors.str.split(";").list.first().str.strip_chars()
    p = ctx.partners
    df = pl.DataFrame(
        {
            "agreement_id": pl.Series(ids, dtype=pl.String),
            "y": y, "m": m, "d": d,
            "form": form,
            "ey": _nulls(ey, (term == 0) | ~day_precision), "em": m, "ed": ed,
            "eform": np.where(rng.random(n) < (0.1 if messy else 0.0), 1, 0).astype(np.int8),
            "agreement_type": _take(AGREEMENT_TYPES, typ),
            "thai_party": pl.select(
                pl.when(pl.Series(party_thai))
                .then(_take([t[1] for t in THAI_PARTIES], party))
                .otherwise(_take([t[0] for t in THAI_PARTIES], party))
            ).to_series(),
            "partner": _partner_refs(ctx, pidx, rng, share, force),
            "sectors": sectors,
            "type_en": _take(TYPE_EN, typ),
            "type_th": _take(TYPE_TH, typ),
            "party_en": _take([t[0] for t in THAI_PARTIES], party),
            "party_th": _take([t[1] for t in THAI_PARTIES], party),
            "p_en": p["name_en"].gather(pidx),
            "p_th": p["name_th"].gather(pidx),
            "sec": first_sector,
            "status": _take(("active", "expired", "terminated", "planned"), status),
            "no_title_en": rng.random(n) < 0.1,
            "no_title_th": rng.random(n) < 0.1,
        }
    )  # fmt: skip
    sector_en = dict(zip(ctx.sector_codes, ctx.sectors["name_en"].str.to_lowercase(), strict=True))
    sector_th = dict(zip(ctx.sector_codes, ctx.sectors["name_th"], strict=True))
    known = pl.col("sec").is_in(ctx.sector_codes)
    sec_en = pl.when(known).then(pl.col("sec").replace_strict(sector_en, default="")).otherwise(pl.lit("industrial"))
    sec_th = pl.when(known).then(pl.col("sec").replace_strict(sector_th, default="")).otherwise(pl.lit("อุตสาหกรรม"))
    return df.select(
        "agreement_id",
        _date_expr().alias("signed_date"),
        "agreement_type",
        "thai_party",
        "partner",
        "sectors",
        pl.when(pl.col("no_title_en"))
        .then(None)
        .otherwise(
            pl.concat_str(
                [
                    pl.col("type_en"), pl.lit(" on "), sec_en, pl.lit(" cooperation between "), pl.col("party_en"),
                    pl.lit(" and "), pl.col("p_en"), pl.lit(" (synthetic)"),
                ]
            )
        )
        .alias("title_en"),
        pl.when(pl.col("no_title_th"))
        .then(None)
        .otherwise(
            pl.concat_str(
                [
                    pl.col("type_th"), pl.lit("ความร่วมมือด้าน"), sec_th, pl.lit(" ระหว่าง"), pl.col("party_th"),
                    pl.lit("กับ"), pl.col("p_th").fill_null(pl.col("p_en")), pl.lit(" (ข้อมูลสังเคราะห์)"),
                ]
            )
        )
        .alias("title_th"),
        "status",
        _date_expr("ey", "em", "ed", "eform").alias("expiry_date"),
        pl.concat_str([pl.lit(URL), pl.col("agreement_id")]).alias("source_url"),
        pl.lit(None, dtype=pl.String).alias("notes"),
        pl.lit(TRUE).alias("synthetic"),
        pl.date(pl.col("y"), pl.col("m"), pl.col("d")).alias("_signed"),
        pl.date(pl.col("ey"), pl.col("em"), pl.col("ed")).alias("_expiry"),
    )  # fmt: skip


def _write_agreements(ctx: _Context, out: Path, total: int) -> dict[str, int]:
    rng = ctx.rng("agreements")
    kinds = BAD_KINDS["agreements"]
    per_kind = _special_counts(total, len(kinds) - 1, 30)
    n_special = per_kind * (len(kinds) + 3)
    n_good = total - n_special
    n_xlsx = min(XLSX_MAX_ROWS, max(5, n_good // 10))
    n_csv = n_good - n_xlsx
    good = _agreement_frame(ctx, rng, [f"agr-{i:06d}" for i in range(1, n_csv + 1)], True, True)
    base = _agreement_frame(
        ctx, rng, [f"agr-{i:06d}" for i in range(n_csv + 1, n_csv + 1 + per_kind * (len(kinds) + 1))], False, False
    )
    base = base.select(AGREEMENT_COLUMNS)

    def mutate(kind: str, row: dict, j: int) -> dict:
        if kind == "unknown_partner":
            row["partner"] = UNKNOWN_PARTNERS[j % len(UNKNOWN_PARTNERS)]
        elif kind == "unknown_sector":
            row["sectors"] = UNKNOWN_SECTORS[j % len(UNKNOWN_SECTORS)]
        elif kind == "impossible_date":
            row["signed_date"] = IMPOSSIBLE_DATES[j % len(IMPOSSIBLE_DATES)]
        elif kind == "expiry_before_signed":
            signed = date.fromisoformat(row["signed_date"])
            row["expiry_date"] = date(signed.year - 1, signed.month, min(signed.day, 28)).isoformat()
            row["status"] = "expired"
        elif kind == "unknown_agreement_type":
            row["agreement_type"] = ("MEMO", "contract?", "NDA")[j % 3]
        return row

    def conflict(row: dict) -> dict:
        row["agreement_type"] = "LOI" if row["agreement_type"] != "LOI" else "MOU"
        return row

    special = _specials(base, kinds, per_kind, mutate, conflict)
    csv = _interleave(rng, good.select(AGREEMENT_COLUMNS), special)
    xlsx_ids = [f"agr-x-{i:04d}" for i in range(1, n_xlsx + 1)]
    xlsx = _agreement_frame(ctx, rng, xlsx_ids, False, False)
    return {
        "agreements.csv": _write_csv(csv, out / "agreements.csv"),
        "agreements_x.xlsx": _write_agreements_xlsx(xlsx, out / "agreements_x.xlsx"),
    }


def _write_agreements_xlsx(df: pl.DataFrame, path: Path) -> int:
    """Agreements as an analyst's workbook: real Excel dates, TRUE as a boolean cell."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": "Synthetic agreements", "author": "etl.synth", "created": datetime(2025, 1, 1)})
    ws = wb.add_worksheet("agreements")
    bold = wb.add_format({"bold": True})
    date_fmt = wb.add_format({"num_format": "d mmm yyyy"})
    for c, name in enumerate(AGREEMENT_COLUMNS):
        ws.write_string(0, c, name, bold)
    for r, row in enumerate(df.iter_rows(named=True), 1):
        for c, name in enumerate(AGREEMENT_COLUMNS):
            value = row[name]
            if name == "signed_date":
                ws.write_datetime(r, c, datetime.combine(row["_signed"], datetime.min.time()), date_fmt)
            elif name == "expiry_date" and row["_expiry"] is not None:
                ws.write_datetime(r, c, datetime.combine(row["_expiry"], datetime.min.time()), date_fmt)
            elif name == "synthetic":
                ws.write_boolean(r, c, True)
            elif value is not None:
                ws.write_string(r, c, value)
    ws.set_column(0, len(AGREEMENT_COLUMNS) - 1, 18)
    wb.close()
    return df.height


def _delegation_frame(ctx: _Context, rng, ids: list[str], messy: bool, force: bool, thai: bool = False) -> pl.DataFrame:
    n = len(ids)
    share = 0.05 if messy else 0.0
    years = YEARS[rng.choice(len(YEARS), n, p=_year_p(0.07, TRAVEL_DIPS))]
    coming = rng.random(n) < 0.02  # announced for the year after the data ends
    if force and n:
        coming[rng.integers(0, n)] = True
    years = np.where(coming, LAST_DAY.year + 1, years)
    start = np.sort(_random_dates(rng, years, date(LAST_DAY.year + 1, 12, 31)))
    y, m, d = _ymd(start)
    days = np.array([0, 1, 2, 3, 4, 5, 6, 9])[rng.choice(8, n, p=(0.15, 0.15, 0.2, 0.2, 0.12, 0.1, 0.05, 0.03))]
    ey, em, ed = _ymd(start + days)
    if thai:  # a Thai analyst's file: Thai dates
        order = list(DATE_FORMS)
        names = ("iso", "dmy_be", "thai_abbr_be", "thai_full_be", "thai_abbr_be2", "thai_digits", "month_thai_be")
        form = np.array([order.index(x) for x in names], dtype=np.int8)[
            rng.choice(len(names), n, p=(0.05, 0.3, 0.35, 0.15, 0.07, 0.05, 0.03))
        ]
    else:
        form = _date_forms(rng, n, share, force)
    day_precision = np.isin(form, [list(DATE_FORMS).index(x) for x in DAY_FORMS])
    no_end = ~day_precision | (rng.random(n) < 0.1)
    outbound = rng.random(n) < 0.55
    pidx = rng.choice(ctx.partners.height, n, p=ctx.partner_p["delegations"])
    purpose = rng.choice(len(PURPOSES), n, p=PURPOSE_P)
    participants = np.maximum(2, np.round(rng.lognormal(np.log(25), 0.7, n))).astype(np.int64)
    business = np.isin(purpose, [0, 2, 5])
    companies = np.minimum(participants, np.round(participants * np.where(business, 0.6, 0.15) * rng.random(n) * 1.5))
    companies = companies.astype(np.int64)
    num_kind = _kinds(rng, n, 0.03 if messy else 0.0, (0.4, 0.6), force)  # thousands / Thai digits
    num_kind = np.where(num_kind == 0, 2 if thai else 0, num_kind).astype(np.int8)
    lead = rng.integers(1, 5000, n)
    no_participants = rng.random(n) < 0.1
    no_companies = rng.random(n) < 0.15

    # status: held only up to the year the data ends; planned mostly for the last year and the next
    u = rng.random(n)
    last = LAST_DAY.year
    held_p = np.where(y < last, 0.80, np.where(y == last, 0.45, 0.0))
    planned_p = np.where(y < last, 0.02, np.where(y == last, 0.35, 0.80))
    cancelled_p = np.where(y <= last, 0.03, 0.05)
    status = np.select([u < held_p, u < held_p + planned_p, u < held_p + planned_p + cancelled_p], [0, 1, 2], -1)
    if force and n:  # starts are sorted: the latest (a coming one) planned, the earliest held
        status[-1] = 1
        if n > 1 and y[0] <= last:
            status[0] = 0
    qualifier_p = np.cumsum([0.01, 0.05, 0.03])  # exact (written out), approx, at_least
    p_q = np.searchsorted(qualifier_p, rng.random(n), side="right")
    c_q = np.searchsorted(qualifier_p, rng.random(n), side="right")
    p_q = np.where((p_q < 3) & ~no_participants, p_q, -1)
    c_q = np.where((c_q < 3) & ~no_companies, c_q, -1)
    spelled = 0.3 if thai else 0.15 if messy else 0.0

    inbound_codes = list(INBOUND_PROVINCES)
    prov = ctx.provinces.filter(pl.col("province_code").is_in(inbound_codes))
    prov_name = dict(zip(prov["province_code"], prov["name_th" if thai else "name_en"], strict=True))
    p_in = np.array(list(INBOUND_PROVINCES.values()))
    in_city = _take([prov_name[c] for c in inbound_codes], rng.choice(len(inbound_codes), n, p=p_in / p_in.sum()))
    titles_out = [t[1 if thai else 0] for t in LEAD_TITLES_OUT]
    titles_in = [t[1 if thai else 0] for t in LEAD_TITLES_IN]
    t_out = _take(titles_out, rng.choice(len(titles_out), n))
    t_in = _take(titles_in, rng.choice(len(titles_in), n))
    sectors = _sector_lists(ctx, rng, n, ctx.hint[pidx], 0.08, share, force and not thai)
    if thai:
        ref_kind = rng.choice(3, n, p=(0.45, 0.45, 0.1))  # id, Thai name, English name
        p = ctx.partners
        partner = pl.select(
            pl.when(pl.Series(ref_kind == 1) & p["name_th"].gather(pidx).is_not_null())
            .then(p["name_th"].gather(pidx))
            .when(pl.Series(ref_kind == 2))
            .then(p["name_en"].gather(pidx))
            .otherwise(p["partner_id"].gather(pidx))
        ).to_series()
    else:
        partner = _partner_refs(ctx, pidx, rng, share, force)
    df = pl.DataFrame(
        {
            "delegation_id": pl.Series(ids, dtype=pl.String),
            "y": y, "m": m, "d": d, "form": form,
            "ey": _nulls(ey, no_end), "em": em, "ed": ed,
            "eform": np.where(day_precision, form, 0).astype(np.int8),
            "outbound": outbound,
            "partner": partner,
            "home": ctx.partners["_city"].gather(pidx),
            "in_city": in_city,
            "t_out": t_out, "t_in": t_in,
            "lead": lead,
            "participants": _nulls(participants, no_participants),
            "companies": _nulls(companies, no_companies),
            "status": _spell(rng, status, STATUS_SPELLINGS, spelled),
            "participants_qualifier": _spell(rng, p_q, QUALIFIER_SPELLINGS, spelled),
            "companies_qualifier": _spell(rng, c_q, QUALIFIER_SPELLINGS, spelled),
            "num_kind": num_kind,
            "purpose": _take(PURPOSES, purpose),
            "event_name": _take(PURPOSE_EVENT, purpose),
            "has_event": rng.random(n) < 0.5,
            "sectors": sectors,
        }
    )  # fmt: skip
    lead_name = (
        pl.concat_str([pl.lit("บุคคลสังเคราะห์ "), pl.col("lead").cast(pl.String).str.zfill(4)])
        if thai
        else pl.concat_str([pl.lit("Synthetic Person "), pl.col("lead").cast(pl.String).str.zfill(4)])
    )
    event = pl.concat_str(
        [pl.lit("กิจกรรมสังเคราะห์: " if thai else "Synthetic "), pl.col("event_name"), pl.lit(" "), pl.col("y")]
    )
    return df.select(
        "delegation_id",
        _date_expr().alias("start_date"),
        _date_expr("ey", "em", "ed", "eform").alias("end_date"),
        pl.when(pl.col("outbound")).then(pl.lit("outbound")).otherwise(pl.lit("inbound")).alias("direction"),
        "partner",
        pl.when(pl.col("outbound")).then(pl.col("home")).otherwise(pl.col("in_city")).alias("city"),
        lead_name.alias("lead_name"),
        pl.when(pl.col("outbound")).then(pl.col("t_out")).otherwise(pl.col("t_in")).alias("lead_title"),
        _number("participants", 0, "num_kind").alias("participants"),
        _number("companies", 0, "num_kind").alias("companies"),
        "purpose",
        "sectors",
        pl.when(pl.col("has_event")).then(event).otherwise(None).alias("event"),
        "status",
        "participants_qualifier",
        "companies_qualifier",
        pl.concat_str([pl.lit(URL), pl.col("delegation_id")]).alias("source_url"),
        pl.lit(None, dtype=pl.String).alias("notes"),
        pl.lit(TRUE).alias("synthetic"),
    ).select(DELEGATION_COLUMNS)


def _write_delegations(ctx: _Context, out: Path, total: int) -> dict[str, int]:
    rng = ctx.rng("delegations")
    kinds = BAD_KINDS["delegations"]
    per_kind = _special_counts(total, len(kinds) - 1, 40)
    n_special = per_kind * (len(kinds) + 3)
    n_good = total - n_special
    n_th = max(5, n_good // 20)
    n_csv = n_good - n_th
    good = _delegation_frame(ctx, rng, [f"del-{i:06d}" for i in range(1, n_csv + 1)], True, True)
    n_base = per_kind * (len(kinds) + 1)
    base = _delegation_frame(ctx, rng, [f"del-{i:06d}" for i in range(n_csv + 1, n_csv + 1 + n_base)], False, False)

    def mutate(kind: str, row: dict, j: int) -> dict:
        if kind == "unknown_partner":
            row["partner"] = UNKNOWN_PARTNERS[j % len(UNKNOWN_PARTNERS)]
        elif kind == "unknown_sector":
            row["sectors"] = UNKNOWN_SECTORS[j % len(UNKNOWN_SECTORS)]
        elif kind == "impossible_date":
            row["start_date"] = IMPOSSIBLE_DATES[j % len(IMPOSSIBLE_DATES)]
            row["end_date"] = None
        elif kind == "end_before_start":
            start = date.fromisoformat(row["start_date"])
            row["end_date"] = date.fromordinal(start.toordinal() - 3 - j % 5).isoformat()
        elif kind == "negative_participants":
            row["participants"] = str(-int(row["participants"] or 12))
        elif kind == "unknown_status":
            row["status"] = ("postponed", "เลื่อน", "TBC")[j % 3]
        elif kind == "unknown_qualifier":
            row["participants_qualifier" if j % 2 == 0 else "companies_qualifier"] = UNKNOWN_QUALIFIERS[j % 3]
        return row

    def conflict(row: dict) -> dict:
        row["participants"] = str(int(row["participants"] or 10) + 7)
        return row

    special = _specials(base, kinds, per_kind, mutate, conflict)
    csv = _interleave(rng, good, special)
    th = _delegation_frame(ctx, rng, [f"del-th-{i:05d}" for i in range(1, n_th + 1)], True, False, thai=True)
    th = th.rename(DELEGATION_TH_HEADERS)
    text = th.write_csv()
    (out / "delegations_th.csv").write_bytes(text.encode("cp874"))
    return {"delegations.csv": _write_csv(csv, out / "delegations.csv"), "delegations_th.csv": th.height}


SCOPE_FIELDS = ("stage", "yi", "period", "pidx", "sidx", "vidx")
SCOPE_DTYPES = (np.int8, np.int8, np.int8, np.int32, np.int8, np.int8)
OTHER, FDI_FLOW, FBA_PERMIT, BUSINESS_REGISTRATION = (
    STAGES.index(s) for s in ("other", "fdi_flow", "fba_permit", "business_registration")
)


def _draw_scopes(ctx: _Context, rng, n: int, spread: int = 0):
    """n scopes drawn independently, as sources state them (spread 0); or, to draw again for a taken scope,
    spread ever wider (spread 1, 2, ...): any partner with figures, mostly in a sector and a province, more
    and more often in part of a year.

    In blocks of BLOCK_ROWS: temporaries of many millions of rows cost more to allocate than to fill."""
    out = {f: np.empty(n, dtype=dt) for f, dt in zip(SCOPE_FIELDS, SCOPE_DTYPES, strict=True)}
    for lo in range(0, n, BLOCK_ROWS):
        hi = min(n, lo + BLOCK_ROWS)
        for f, values in zip(SCOPE_FIELDS, _draw_block(ctx, rng, hi - lo, spread), strict=True):
            out[f][lo:hi] = values
    return out


def _draw_block(ctx: _Context, rng, n: int, spread: int):
    t = ctx.inv
    if spread == 0:
        partner_grain = t.partner_grain.draw(rng, n)
        pidx, grain = partner_grain // len(GRAINS), partner_grain % len(GRAINS)
        syp = t.stage_year_period.draw(rng, n)
        stage, yi, period = syp // (len(YEARS) * len(PERIOD_P)), syp // len(PERIOD_P) % len(YEARS), syp % len(PERIOD_P)
        sector = t.sector.draw(rng, n)
        hint = ctx.hint[pidx]
        sector = np.where((hint >= 0) & (rng.random(n, dtype=np.float32) < 0.8), hint, sector)
        province = t.province.draw(rng, n)
    else:
        stage = t.stage.draw(rng, n)
        pidx = t.holders[rng.integers(0, len(t.holders), n)]
        yi = rng.integers(0, len(YEARS), n)
        whole = rng.random(n, dtype=np.float32) < max(0.3, 0.8 - 0.1 * spread)
        period = np.where(whole, WHOLE_YEAR, rng.integers(0, WHOLE_YEAR, n))
        grain = t.spread_grain.draw(rng, n)
        sector = rng.integers(0, t.n_sectors, n)
        province = rng.integers(0, t.n_provinces, n)
    sidx = np.where((grain == 1) | (grain == 3), sector, -1)
    vidx = np.where(grain >= 2, province, -1)
    return stage, yi, period, pidx, sidx, vidx


def _scope_code(ctx: _Context, sc: dict[str, np.ndarray]) -> np.ndarray:
    """One integer per scope (stage, year, months, partner, sector, province): equal scopes, equal codes."""
    t = ctx.inv
    n = len(sc["stage"])
    code = np.empty(n, dtype=np.int64)
    sizes = (len(YEARS), WHOLE_YEAR + 1, ctx.partners.height, t.n_sectors + 1, t.n_provinces + 1)
    for lo in range(0, n, BLOCK_ROWS):
        part = slice(lo, min(n, lo + BLOCK_ROWS))
        c = sc["stage"][part].astype(np.int64)
        for f, size in zip(SCOPE_FIELDS[1:], sizes, strict=True):
            c = c * size + (sc[f][part].astype(np.int64) + (1 if f in ("sidx", "vidx") else 0))
        code[part] = c
    return code


def _sort_with_rows(code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """-> (codes sorted, the row of each; equal codes in row order): one sort of (code, row) packed in an
    int64 (scope codes stay below 2**30, rows below 2**33), several times faster than a stable argsort."""
    shift = max(1, int(code.size).bit_length())
    keys = np.left_shift(code, shift)
    keys |= np.arange(code.size, dtype=np.int64)
    keys.sort()
    c = keys >> shift
    keys &= (1 << shift) - 1
    return c, keys


def _first_of_each(code: np.ndarray, seen: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """-> (true where `seen` or an earlier row has the same code, the distinct codes of both sorted)."""
    c, row = _sort_with_rows(code if seen is None else np.concatenate([seen, code]))
    again = np.zeros(c.size, dtype=bool)
    np.equal(c[1:], c[:-1], out=again[1:])
    repeated = np.empty(code.size, dtype=bool)
    if seen is None:
        repeated[row] = again
    else:
        mine = row >= seen.size
        repeated[row[mine] - seen.size] = again[mine]
    return repeated, c[~again]


def _contains(taken: np.ndarray, code: np.ndarray) -> np.ndarray:
    """Whether each code is in the sorted array `taken` (looked up in order: faster than at random)."""
    c, row = _sort_with_rows(code)
    out = np.zeros(code.size, dtype=bool)
    if taken.size:
        out[row] = taken[np.minimum(np.searchsorted(taken, c), taken.size - 1)] == c
    return out


def _derive(ctx: _Context, rng, sc: dict[str, np.ndarray], n_free: int) -> None:
    """Let DERIVED_SHARE of the first n_free rows restate the scope of a row shortly before them, one thing changed."""
    for lo in range(0, n_free, BLOCK_ROWS):
        _derive_block(ctx, rng, {f: v[lo : min(n_free, lo + BLOCK_ROWS)] for f, v in sc.items()})


def _derive_block(ctx: _Context, rng, sc: dict[str, np.ndarray]) -> None:
    t = ctx.inv
    n = len(sc["stage"])
    derived = rng.random(n, dtype=np.float32) < DERIVED_SHARE
    primary = np.flatnonzero(~derived)
    before = np.searchsorted(primary, np.arange(n))  # primary rows before each row
    rows = np.flatnonzero(derived & (before > 0))
    if rows.size == 0:
        return
    k = before[rows]
    src = primary[k - 1 - np.minimum(rng.integers(0, 8, rows.size), k - 1)]
    for f in SCOPE_FIELDS:
        sc[f][rows] = sc[f][src]
    how = rng.choice(len(DERIVATIONS), rows.size, p=DERIVATION_P)
    for d, name in enumerate(DERIVATIONS):
        r = rows[how == d]
        if name == "period":  # another part of the same year, or the whole year
            sc["period"][r] = (sc["period"][r] + 1 + rng.integers(0, WHOLE_YEAR, r.size)) % (WHOLE_YEAR + 1)
        elif name in ("partner_up", "partner_down"):
            lists = t.up if name == "partner_up" else t.down
            other = lists.pick(rng, sc["pidx"][r].astype(np.int64))
            sc["pidx"][r] = np.where(other >= 0, other, sc["pidx"][r])  # none: drawn again as a repeat
        elif name == "sector":  # a parent or sub-sector, or another sector of a breakdown
            s = sc["sidx"][r].astype(np.int64)
            sc["sidx"][r] = t.sector_rel.pick(rng, np.where(s >= 0, s, t.n_sectors))
        elif name == "province":  # another province, or the partner's figure for no province
            v = sc["vidx"][r]
            drop = (v >= 0) & (rng.random(r.size) < 0.5)
            sc["vidx"][r] = np.where(drop, -1, t.province.draw(rng, r.size))
        else:  # the same scope at another stage
            stage = t.stage.draw(rng, r.size)
            stage = np.where(stage == OTHER, 0, stage)
            sc["stage"][r] = np.where(stage == sc["stage"][r], (stage + 1) % OTHER, stage)


def _showcase(ctx: _Context, rng, sc: dict[str, np.ndarray], n_good: int) -> int:
    """Write SHOWCASE into the first rows (as many as fit); -> how many."""
    t = ctx.inv
    p = ctx.partners
    autos = p.filter((pl.col("level") == "company") & (pl.col("country") == "JP") & (pl.col("_sector") == 0))
    company = autos["partner_id"][0] if autos.height else p.filter(pl.col("level") == "company")["partner_id"][0]
    year = int(rng.integers(2016, 2025))
    periods = {x: i for i, x in enumerate(PERIODS)}
    provinces = list(INVESTMENT_PROVINCES)
    k = min(len(SHOWCASE), n_good)
    for i, (partner, stage, dy, period, sector, province, *_) in enumerate(SHOWCASE[:k]):
        sc["stage"][i] = STAGES.index(stage)
        sc["yi"][i] = year + dy - YEARS[0]
        sc["period"][i] = WHOLE_YEAR if period is None else periods[period]
        sc["pidx"][i] = t.index[company if partner == SHOWCASE_COMPANY else partner]
        sc["sidx"][i] = -1 if sector is None else ctx.sector_codes.index(sector)
        sc["vidx"][i] = -1 if province is None else provinces.index(province)
    return k


def _investment_scopes(ctx: _Context, n_good: int, n_base: int, chunk_starts: list[int]) -> dict[str, np.ndarray]:
    """Scopes of every investment row: the n_good good rows (SHOWCASE first), then the n_base rows the bad rows
    and exact duplicates are made of. Each scope is unique but for the deliberate repeats: `repeat` is the
    row a row restates (-1: none), always in the same chunk; `show` the SHOWCASE entry of a row (-1: none)."""
    rng = ctx.rng("investments", "scopes")
    n = n_good + n_base
    sc = _draw_scopes(ctx, rng, n)
    if n == 0:
        return {**sc, "repeat": np.zeros(0, dtype=np.int64), "show": np.zeros(0, dtype=np.int16)}
    _derive(ctx, rng, sc, n_good)
    k = _showcase(ctx, rng, sc, n_good)
    base = sc["stage"][n_good:]
    base[base == OTHER] = 0  # the base of bad rows: their notes are taken by the test markers
    repeated, taken = _first_of_each(_scope_code(ctx, sc))
    seen = [taken]  # sorted codes of the scopes taken: one large array, and the few taken since
    spread = 0
    while repeated.any() and spread < 100:
        spread += 1
        rows = np.flatnonzero(repeated)
        new = _draw_scopes(ctx, rng, rows.size, spread)
        new["stage"][(rows >= n_good) & (new["stage"] == OTHER)] = 0
        code = _scope_code(ctx, new)
        if rows.size * 4 > seen[0].size:
            again, taken = _first_of_each(code, np.sort(np.concatenate(seen)))
            seen = [taken]
        else:  # a few against many: look each up
            again = _first_of_each(code)[0]
            for taken in seen:
                again |= _contains(taken, code)
            seen.append(np.sort(code[~again]))
        ok = ~again
        placed = rows[ok]
        for f in SCOPE_FIELDS:
            sc[f][placed] = new[f][ok]
        repeated[placed] = False

    # deliberate repeats: the same scope (and, in the frame, the same figure) stated again
    repeat = np.full(n, -1, dtype=np.int32)
    starts = np.array(sorted(set(chunk_starts)), dtype=np.int64)
    if n_good > k + 1:
        rows = np.unique(rng.integers(k + 1, n_good, round(n_good * REPEAT_SHARE)))
        first = starts[np.searchsorted(starts, rows, side="right") - 1]
        keep = rows > first
        rows, first = rows[keep], first[keep]
        repeat[rows] = np.maximum(rows - 1 - rng.integers(0, REPEAT_WINDOW, rows.size), first)
        if k == len(SHOWCASE) and starts[np.searchsorted(starts, k, side="right") - 1] == 0:
            repeat[k] = 0  # the row after the showcase restates its first row
        rows = np.flatnonzero(repeat >= 0)
        src = repeat[rows]
        while (repeat[src] >= 0).any():  # restate the first statement, not a restatement
            src = np.where(repeat[src] >= 0, repeat[src], src)
        repeat[rows] = src
        for f in SCOPE_FIELDS:
            sc[f][rows] = sc[f][src]
    show = np.full(n, -1, dtype=np.int16)
    show[:k] = np.arange(k)
    return {**sc, "repeat": repeat, "show": show}


def _investment_frame(ctx: _Context, rng, start: int, sc: dict[str, np.ndarray], messy: bool, force: bool):
    """Investment rows inv-<start+1..> of the scopes `sc` (a slice of _investment_scopes), all columns as strings."""
    n = len(sc["stage"])
    share = 1.0 if messy else 0.0
    t = ctx.inv
    stage = sc["stage"].astype(np.int64)
    yi = sc["yi"].astype(np.int64)
    year = YEARS[yi]
    period = sc["period"].astype(np.int64)
    pidx = sc["pidx"].astype(np.int64)
    sidx = sc["sidx"].astype(np.int64)
    vidx = sc["vidx"].astype(np.int64)
    show = sc["show"]
    repeat = np.where(sc["repeat"] >= 0, sc["repeat"] - start, -1)
    group = ctx.group[pidx]
    company = group == G_COMPANY
    grain = (sidx >= 0).astype(np.int64) + 2 * (vidx >= 0)

    # value in THB million: the partner's size, trend with dips, stage, grain; parts of a year smaller
    trend = (1 + 0.06 * (year - YEARS[0])) * ctx.inv_dip[yi] * PERIOD_SHARE[period]
    median = t.median[pidx] * STAGE_SCALE[stage] * np.where(company, 1.0, GRAIN_SCALE[grain])
    sigma = np.where(company, 1.3, 1.0)
    v_thb = median * trend * rng.lognormal(0.0, 1.0, n) ** sigma
    projects = np.where(
        company,
        np.where(rng.random(n, dtype=np.float32) < 0.95, 1, 2),
        np.maximum(1, np.round(v_thb / (STAGE_PER_UNIT[stage] * rng.lognormal(0, 0.5, n)))),
    ).astype(np.int64)
    fdi = stage == FDI_FLOW
    showcase = show >= 0
    no_value = (rng.random(n, dtype=np.float32) < 0.04) & ~showcase
    u = rng.random(n, dtype=np.float32)
    no_projects = np.where(showcase, fdi, ~no_value & (u < np.where(fdi, 0.85, 0.05)))
    japan = ctx.country[pidx] == "JP"
    china = ctx.country[pidx] == "CN"
    cur = t.currency.draw(rng, n)
    cur = np.where((cur == 1) & ~japan, 2, cur)
    cur = np.where((cur == 3) & ~china, 0, cur)
    cur = np.where(china & (rng.random(n, dtype=np.float32) < 0.2), 3, cur)
    unit = t.unit.draw(rng, n)
    jobs = np.where(company, rng.lognormal(np.log(100), 1.0, n), projects * rng.lognormal(np.log(60), 0.7, n))
    jobs = np.maximum(1, np.round(jobs)).astype(np.int64)
    no_jobs = rng.random(n, dtype=np.float32) < 0.35

    # what the count counts, how exact the figures are, what they cover (codes; -1 blank)
    u = rng.random(n, dtype=np.float32)
    fba = stage == FBA_PERMIT
    registration = stage == BUSINESS_REGISTRATION
    count_unit = np.full(n, -1, dtype=np.int64)
    count_unit[fba & (u < 0.30)] = COUNT_UNITS.index("investors")
    count_unit[fba & (u >= 0.30) & (u < 0.45)] = COUNT_UNITS.index("permits")
    count_unit[registration & (u < 0.05)] = COUNT_UNITS.index("registrations")
    count_unit[~fba & ~registration & (u < 0.03)] = COUNT_UNITS.index("projects")
    value_q = t.qualifier.draw(rng, n) - 1  # -1 blank (exact), else an index into QUALIFIERS
    projects_q = t.qualifier.draw(rng, n) - 1
    coverage = t.coverage.draw(rng, n) - 1
    note = np.full(n, -1, dtype=np.int64)
    other = np.flatnonzero(stage == OTHER)
    note[other] = rng.integers(0, len(OTHER_NOTES), other.size)
    for i in np.flatnonzero(showcase):
        *_, cu, vq, pq, cov = SHOWCASE[show[i]]
        count_unit[i] = -1 if cu is None else COUNT_UNITS.index(cu)
        value_q[i] = -1 if vq is None else QUALIFIERS.index(vq)
        projects_q[i] = -1 if pq is None else QUALIFIERS.index(pq)
        coverage[i] = -1 if cov is None else ("complete", "named_only").index(cov)

    # a repeat states the figure of the row it restates
    rows = np.flatnonzero(repeat >= 0)
    if rows.size:
        src = repeat[rows]
        for a in (v_thb, projects, no_value, no_projects, cur, unit, jobs, no_jobs, count_unit, value_q,
                  projects_q, coverage, note):  # fmt: skip
            a[rows] = a[src]
    value_q = np.where(no_value, -1, value_q)
    projects_q = np.where(no_projects, -1, projects_q)
    count_unit = np.where(no_projects, -1, count_unit)

    rates = np.stack([ctx.fx[c] for c in CURRENCIES])  # currency x year
    v_cur = v_thb / rates[cur, yi]
    unit = np.where((unit == 3) & (v_cur < 1000), 0, unit)
    decimals = np.array([1, 0, 0, 2], dtype=np.int8)[unit]
    scale = np.array([10.0, 1000.0, 1e6, 0.1])[unit]
    q = np.maximum(1, np.round(v_cur * scale)).astype(np.int64)

    k_year = _kinds(rng, n, 0.025 * share, (0.8, 0.2), force)  # BE, Thai-digit BE
    # value: thousands separators (only shows from 1,000 up), Thai digits, both
    k_value = _kinds(rng, n, 0.03 * share, (0.75, 0.2, 0.05), False)
    if force and n >= 50:
        big = np.flatnonzero(((q // np.array([10, 1, 1, 100])[unit]) >= 1000) & ~no_value)
        if big.size >= 2:
            k_value[rng.choice(big, 2, replace=False)] = [0, 2]
        k_value[rng.choice(np.flatnonzero(~no_value))] = 1
    k_int = _kinds(rng, n, 0.015 * share, (0.7, 0.3), force)
    if force and n >= 50:
        k_int[rng.choice(np.flatnonzero(~no_projects))] = 1
    df = pl.DataFrame(
        {
            "i": np.arange(start + 1, start + n + 1, dtype=np.int64),
            "year": year,
            "k_year": k_year,
            "partner": _partner_refs(ctx, pidx, rng, 0.02 * share, force),
            "sector": _sector_refs(ctx, sidx, rng, 0.02 * share, force),
            "period": _spell(rng, period, PERIOD_SPELLINGS, 0.03 * share),
            "stage": _spell(rng, stage, STAGE_SPELLINGS, 0.03 * share),
            "projects": _nulls(projects, no_projects),
            "count_unit": _spell(rng, count_unit, COUNT_UNIT_SPELLINGS, 0.4 * share),
            "projects_qualifier": _spell(rng, projects_q, QUALIFIER_SPELLINGS, 0.6 * share),
            "q": _nulls(q, no_value),
            "value_qualifier": _spell(rng, value_q, QUALIFIER_SPELLINGS, 0.6 * share),
            "dec": decimals,
            "k_value": k_value,
            "k_int": k_int,
            "currency": _take(CURRENCIES, np.where(no_value, -1, cur)),
            "unit": _take(UNITS, np.where(no_value, -1, unit)),
            "province": _province_refs(ctx, rng, vidx, force),
            "jobs": _nulls(jobs, no_jobs),
            "coverage": _spell(rng, coverage, COVERAGE_SPELLINGS, 0.5 * share),
            "notes": _take(OTHER_NOTES, note),
        }
    )
    restated = rows[note[rows] < 0]  # a repeat's notes say which figure it restates (an `other` one, what it is)
    if restated.size:
        ids = [RESTATED_NOTE.format(id=f"inv-{start + r + 1:08d}") for r in repeat[restated]]
        df = df.with_columns(df["notes"].scatter(restated, ids))
    df = df.with_columns(record_id=pl.concat_str([pl.lit("inv-"), pl.col("i").cast(pl.String).str.zfill(8)]))
    be = (pl.col("year") + 543).cast(pl.String)
    projects_s, jobs_s = pl.col("projects").cast(pl.String), pl.col("jobs").cast(pl.String)
    messy = {
        "year": (
            pl.col("year").cast(pl.String),
            pl.when(pl.col("k_year") == 0).then(be).otherwise(_thai_digits(be)),  # 2565 / ๒๕๖๕
            k_year,
        ),
        "projects": (projects_s, _thai_digits(projects_s), np.where(k_int == 1, k_int, -1)),
        "value": (_plain_number("q", "dec"), _number("q", "dec", "k_value"), k_value),
        "jobs": (
            jobs_s,
            pl.when(pl.col("k_int") == 0).then(_grouped(pl.col("jobs"))).otherwise(_thai_digits(jobs_s)),
            k_int,
        ),
    }
    df = df.with_columns(
        **{name: _messy_column(df, plain, fancy, kind) for name, (plain, fancy, kind) in messy.items()}
    )
    return df.select(
        *INVESTMENT_COLUMNS[:-3],
        pl.concat_str([pl.lit(URL), pl.col("record_id")]).alias("source_url"),
        "notes",
        pl.lit(TRUE).alias("synthetic"),
    )


class _InvestmentLayout:
    """Where the investment rows go: n_good good rows over two files in chunks, the bad rows made of n_base more."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.kinds = BAD_KINDS["investments"]
        self.per_kind = _special_counts(rows, len(self.kinds) - 1, 50)
        self.n_good = rows - self.per_kind * (len(self.kinds) + 3)
        self.n_base = self.per_kind * (len(self.kinds) + 1)
        n_a = self.n_good // 2
        self.files = (("investments_a.csv", 0, n_a, False), ("investments_b.csv", n_a, self.n_good, True))
        self.chunks = {name: list(range(lo, hi, CHUNK_ROWS)) or [lo] for name, lo, hi, _ in self.files}
        self.chunk_starts = [s for c in self.chunks.values() for s in c]


def _write_investments(ctx: _Context, out: Path, layout: _InvestmentLayout, scopes: dict) -> dict[str, int]:
    rows, kinds, per_kind = layout.rows, layout.kinds, layout.per_kind
    n_good, n_base, files, chunks = layout.n_good, layout.n_base, layout.files, layout.chunks

    def part(lo: int, hi: int) -> dict[str, np.ndarray]:
        return {k: v[lo:hi] for k, v in scopes.items()}

    def mutate(kind: str, row: dict, j: int) -> dict:
        if kind == "unknown_partner":
            row["partner"] = UNKNOWN_PARTNERS[j % len(UNKNOWN_PARTNERS)]
        elif kind == "unknown_sector":
            row["sector"] = ("NANO", "SPACE", "Quantum computing")[j % 3]
        elif kind == "negative_value":
            row.update(value=f"-{row['value'] or '125.5'}", currency=row["currency"] or "THB")
            row["unit"] = row["unit"] or "million"
        elif kind == "value_without_currency":
            row.update(value=row["value"] or "88.8", currency=None)
        elif kind == "no_projects_or_value":
            row.update(projects=None, value=None, currency=None, unit=None)
        elif kind == "currency_without_fx_rate":
            row.update(value=row["value"] or "42.0", currency="EUR", unit=row["unit"] or "million")
        elif kind == "invalid_period":
            row["period"] = ("Q5", "13-15", "H3")[j % 3]
        elif kind == "missing_year":
            row["year"] = None
        elif kind == "other_stage_without_note":
            row.update(stage="other", notes=None, record_id=REJECT_ID.format(id=row["record_id"], kind=kind))
        elif kind == "unknown_qualifier":
            row["value_qualifier" if j % 2 == 0 else "projects_qualifier"] = UNKNOWN_QUALIFIERS[j % 3]
        elif kind == "unknown_count_unit":
            row["count_unit"] = ("tonnes", "ตัน", "shares")[j % 3]
        return row

    def conflict(row: dict) -> dict:
        row["projects"] = str(int(row["projects"] or 1) + 1)
        return row

    special = pl.DataFrame()
    if per_kind:
        rng = ctx.rng("investments", "special")
        base = _investment_frame(ctx, rng, n_good, part(n_good, n_good + n_base), False, False)
        special = _specials(base, kinds, per_kind, mutate, conflict)

    written = {}
    for name, lo, hi, bom in files:
        starts = chunks[name]
        with open(out / name, "wb") as fh:
            for c, s in enumerate(starts):
                e = min(hi, s + CHUNK_ROWS)
                rng = ctx.rng("investments", s)
                frame = _investment_frame(ctx, rng, s, part(s, e), True, s == 0)
                if name == "investments_b.csv" and c == len(starts) - 1:
                    frame = _interleave(ctx.rng("investments", "interleave"), frame, special)
                frame.write_csv(fh, include_header=c == 0, include_bom=bom and c == 0)
        written[name] = (hi - lo) + (special.height if name == "investments_b.csv" else 0)
    assert sum(written.values()) == rows, (written, rows)
    return written


def _stated_totals_frame(ctx: _Context, rows: int) -> pl.DataFrame:
    """The rows of STATED_TOTALS, their numbers in the ballpark of the records (a source's, not a count of them)."""
    rng = ctx.rng("stated_totals")
    base = {"agreements": max(30, rows // 50), "delegations": max(40, rows // 30)}
    out = []
    for tid, as_of, by, partner, level, parties, counts, qualifier, since, size, en, th in STATED_TOTALS:
        kind = ("delegations" if counts in ("missions", "delegations", "คณะผู้แทน") else
                "partners" if counts == "partners" else
                "agreements" if counts in ("agreements", "MOU", "documents") else "other")  # fmt: skip
        jitter = rng.uniform(0.8, 1.5)
        if kind in ("agreements", "delegations"):
            value = max(1, round(base[kind] * size * jitter))
        elif kind == "partners":
            value = min(size, max(1, round(out[-1][-1] * 0.7 * jitter)))  # partners of the agreements above
        else:
            value = int(round(size * jitter, -1))
        spelled = zip(QUALIFIERS, QUALIFIER_SPELLINGS, strict=True)
        q = next((c for c, spellings in spelled if qualifier in spellings), None)
        word_en, word_th = QUALIFIER_WORDS.get(q, ("", ""))
        text_en = f"[synthetic] {by}: {word_en}{value:,} {en}."
        text_th = f"[ข้อมูลสังเคราะห์] {word_th}{value:,} {th}"
        out.append([tid, as_of, by, partner, level, parties, counts, f"{value:,}", qualifier, since, text_en,
                    text_th, f"{URL}{tid}", None, TRUE, value])  # fmt: skip
    columns = dict.fromkeys(STATED_TOTAL_COLUMNS, pl.String) | {"_value": pl.Int64}
    return pl.DataFrame(out, schema=columns, orient="row")


def _write_stated_totals(ctx: _Context, out: Path, rows: int) -> int:
    good = _stated_totals_frame(ctx, rows).drop("_value")
    bad = []
    for j, kind in enumerate(BAD_KINDS["stated_totals"]):
        tid = f"st-9{j + 1:02d}"
        row = good.row(j, named=True) | {
            "total_id": tid,
            "source_url": URL + tid,
            "notes": REJECT_NOTE.format(kind=kind),
        }
        if kind == "unknown_partner":
            row["partner"] = UNKNOWN_PARTNERS[1]
        elif kind == "unknown_partner_level":
            row["partner_level"] = "ward;prefecture"
        elif kind == "unknown_counts":
            row["counts"] = "hectares"
        elif kind == "as_of_before_period_from":
            row.update(as_of="2019-01", period_from="2021-04-01")
        bad.append(row)
    return _write_csv(pl.concat([good, pl.DataFrame(bad, schema=good.schema)]), out / "stated_totals.csv")


# --- notes ----------------------------------------------------------------------


def _notes_frame() -> pl.DataFrame:
    return pl.DataFrame(
        [(*r, f"{URL}{r[0]}") for r in NOTES], schema=dict.fromkeys(NOTE_COLUMNS, pl.String), orient="row"
    )


def _write_csv(df: pl.DataFrame, path: Path) -> int:
    df.write_csv(path)
    return df.height


def expected_rows(rows: int) -> dict[str, int]:
    """Data rows per fact dataset for `rows` (without writing anything)."""
    return {"agreements": max(30, rows // 50), "delegations": max(40, rows // 30), "investments": rows}
