"""Drill-down: the records behind a clicked chart mark, as grid rows with their sources.

The grid draws two columns as markdown (dash-ag-grid's renderer, with GitHub's extensions: links,
images, emphasis, and bare www. or http:// text made into links), so what goes into them from
data is written to be read as text: a source is a link only when it is a plain http(s) address
(contract.vocabulary.is_web_url, the load rule itself) and otherwise shown as code, which markdown reads
literally; a partner's name is the text of a link to its profile with every punctuation mark
escaped. Every other column is plain text, which the grid never interprets.

A clicked mark is named in the URL as `drill=<chart id>:<key>` (dashboard/filters.py): its key is the
mark's own drill JSON as `name=value` pairs in name order, so a link finds the same mark among the
chart's marks (`find`) and lists its records with that mark's own parameters.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote, unquote

import polars as pl

from contract.vocabulary import is_web_url
from dashboard import context
from dashboard.figures.theme import clean
from dashboard.filters import Filters
from dashboard.i18n import fmt_date, fmt_datetime, fmt_int, fmt_number, fmt_period, fmt_year, label, t
from dashboard.marks import Marks, qualified

LIMIT = 1000  # rows a drill-down shows at most
FIRST = 200  # rows a page's records grid shows before any click

# A record entered on the data steward's screen: who entered it, when (UTC), and the words of the source it came
# from. Blank for the records of the hand-curated files.
ENTERED = [
    ("entered_by", "col.entered_by", "text"),
    ("entered_at", "col.entered_at", "moment"),
    ("source_text", "col.source_text", "words"),
]

# dataset -> (query, [(column key, header string key, how to show it)])
COLUMNS = {
    "agreements": [
        ("date", "col.date", "date:signed"),
        ("agreement_type", "col.type", "enum:agreement_type"),
        ("partner", "col.partner", "partner"),
        ("level", "col.level", "enum:level"),
        ("thai_party", "col.thai_party", "thai_party"),
        ("status", "col.status", "enum:status"),
        ("title", "col.title", "title"),
        ("sectors", "col.sectors", "sectors"),
        ("source_url", "col.source", "link"),
        *ENTERED,
    ],
    "delegations": [
        ("date", "col.date", "date:start"),
        ("direction", "col.direction", "enum:direction"),
        ("purpose", "col.purpose", "enum:purpose"),
        ("partner", "col.partner", "partner"),
        ("city", "col.city", "city"),
        ("lead_name", "col.lead", "text"),
        ("event", "col.event", "text"),
        ("status", "col.status", "enum:delegation_status"),
        ("participants", "col.participants", "int"),
        ("participants_qualifier", "col.participants_qualifier", "enum:qualifier"),
        ("companies", "col.companies", "int"),
        ("companies_qualifier", "col.companies_qualifier", "enum:qualifier"),
        ("source_url", "col.source", "link"),
        *ENTERED,
    ],
    "investments": [
        ("year", "col.year", "year"),
        ("period", "col.period", "period"),
        ("stage", "col.stage", "enum:stage"),
        ("partner", "col.partner", "partner"),
        ("sector", "col.sectors", "sector"),
        ("projects", "col.count", "int"),
        ("count_unit", "col.count_unit", "enum:count_unit"),
        ("projects_qualifier", "col.count_qualifier", "enum:qualifier"),
        ("value_thb_million", "col.value_thb_million", "number"),
        ("value_qualifier", "col.value_qualifier", "enum:qualifier"),
        ("coverage", "col.coverage", "enum:coverage"),
        ("province", "col.province", "province"),
        ("source_url", "col.source", "link"),
        *ENTERED,
    ],
}


# The columns the drill-down panel shows first: the source, then what an analyst reads first; the rest after.
PANEL_FIRST = {
    "agreements": ("source_url", "date", "partner", "agreement_type", "title", "thai_party", "status"),
    "delegations": ("source_url", "date", "partner", "event", "direction", "status", "purpose", "participants"),
    "investments": ("source_url", "year", "partner", "value_thb_million", "value_qualifier", "period", "projects",
                    "count_unit", "projects_qualifier"),
}  # fmt: skip


NAME_MAX = 200  # characters of a name in a grid's cell
CELL_MAX = 1_000  # characters of any other text in a grid's cell (the data files hold all of it)
WORDS_MAX = 2_000  # characters of a record's source words: all the warehouse keeps (etl/staging/common.py)

_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark, each escapable in markdown


def md_text(text: str | None, limit: int = NAME_MAX) -> str:
    """Text from data as markdown that shows exactly it: punctuation escaped (no link, image, emphasis, entity
    or HTML can start), line breaks as spaces, control and direction characters out."""
    return _MD_PUNCTUATION.sub(r"\\\1", clean(text, limit))


def md_code(text: str | None) -> str:
    """Text as a markdown code span: shown as it is, never a link (bare addresses in plain markdown text are)."""
    s = clean(text)
    if not s:
        return ""
    fence = "`" * (max((len(r) for r in re.findall("`+", s)), default=0) + 1)
    return f"{fence} {s} {fence}"


def md_link(text: str, href: str) -> str:
    """A markdown link whose text is shown as it is, to `href` (a web address or a path of the app)."""
    return f"[{md_text(text)}](<{href}>)"


def source_link(url: str | None, text: str) -> str:
    """A source as a grid's markdown cell: a link when it is a plain http(s) address, else its text as code."""
    if not url:
        return ""
    return md_link(text, url) if is_web_url(url) else md_code(url)


def params(f: Filters, drill: dict, limit: int = LIMIT) -> dict:
    return {**f.params(), **{f"d_{k}": v for k, v in drill.items()}, "limit": limit}


def records(dataset: str, f: Filters, drill: dict, limit: int = LIMIT) -> pl.DataFrame:
    return context.get().warehouse.query_file(f"{dataset}_records", params(f, drill, limit))


def names(kind: str, lang: str) -> dict[str, str]:
    """Names in `lang` the warehouse holds: "sector" code -> name, "province" English name -> name (cached
    with the warehouse version). A name missing in Thai is the English one; none: not in the dict."""
    sql = {
        "sector": "SELECT sector_code AS key, name_en, name_th FROM dim_sector",
        "province": "SELECT name_en AS key, name_en, name_th FROM dim_province",
    }[kind]
    frame = context.get().warehouse.query(sql, name=f"{kind} names")
    name = "name_th" if lang == "th" else "name_en"
    return {r["key"]: r[name] or r["name_en"] for r in frame.iter_rows(named=True) if r[name] or r["name_en"]}


def sector_names(codes: str | None, lang: str) -> str:
    """ "AGRI, FOOD" -> the sectors' names in `lang`, in that order and "; "-separated (a name may hold a
    comma, as in the data files); an unknown code is shown as it is."""
    if not codes:
        return ""
    known = names("sector", lang)
    return clean("; ".join(known.get(c, c) for c in codes.split(", ")), CELL_MAX)


def city_name(city: str | None, lang: str) -> str:
    """A city as the source gave it, or in Thai where it is a Thai province the warehouse names in Thai."""
    if not city:
        return ""
    return clean(names("province", lang).get(city, city) if lang == "th" else city, CELL_MAX)


def grid(dataset: str, frame: pl.DataFrame, f: Filters, first: tuple[str, ...] = ()) -> tuple[list[dict], list[dict]]:
    """-> (columnDefs, rowData) in the view's language and era; the columns `first` lead, in that order."""
    lang, era = f.lang, f.era
    cols = sorted(COLUMNS[dataset], key=lambda c: first.index(c[0]) if c[0] in first else len(first))
    # The steward's columns only where a record listed was entered there: three empty columns beside every
    # hand-curated record would say nothing (the data files keep them, blank, for a stable shape).
    if "entered_by" not in frame.columns or frame["entered_by"].null_count() == frame.height:
        cols = [c for c in cols if c not in ENTERED]
    defs = []
    for key, header, how in cols:
        d = {"field": key, "headerName": t(header, lang)}
        if how == "link":
            d.update(cellRenderer="markdown", linkTarget="_blank", width=110)
        elif how == "partner":
            d.update(cellRenderer="markdown")
        if how in ("int", "number"):
            d.update(type="rightAligned")
        elif how == "words":  # the whole of the words on hover; the cell shows their start
            d.update(tooltipField=key, width=320)
        defs.append(d)
    rows = []
    name = "th" if lang == "th" else "en"
    for r in frame.iter_rows(named=True):
        row = {}
        for key, _header, how in cols:
            if how.startswith("date:"):
                p = how.split(":")[1]
                row[key] = fmt_date(r[f"{p}_year"], r[f"{p}_month"], r[f"{p}_date"], r[f"{p}_precision"], lang, era)
            elif how.startswith("enum:"):
                row[key] = enum_text(how.split(":")[1], r[key], lang)
            elif how == "partner":  # a link to the partner's profile, keeping the view's settings
                text = r.get(f"partner_{name}") or r["partner_en"]
                row[key] = md_link(text, "/partners" + f.without_notices().query_string(partner=(r["partner_id"],)))
            elif how == "thai_party":
                row[key] = clean(thai_party(r, lang), CELL_MAX)
            elif how == "title":
                row[key] = clean(r.get(f"title_{name}") or r.get("title_en") or r.get("title_th"), CELL_MAX)
            elif how == "sectors":
                row[key] = sector_names(r[key], lang)
            elif how == "city":
                row[key] = city_name(r[key], lang)
            elif how == "sector":
                row[key] = r.get(f"sector_{name}") or r.get("sector_en") or t("common.all_sectors", lang)
            elif how == "province":
                row[key] = r.get(f"province_{name}") or ""
            elif how == "year":
                row[key] = fmt_year(r["year"], era)
            elif how == "period":
                row[key] = fmt_period(r["period"], lang)
            elif how == "int":
                row[key] = fmt_int(r[key], lang) if r[key] is not None else ""
            elif how == "number":
                row[key] = fmt_number(r[key], lang) if r[key] is not None else ""
            elif how == "link":
                row[key] = source_link(r[key], t("col.source", lang))
            elif how == "moment":
                row[key] = entered_at(r[key], lang, era)
            elif how == "words":
                row[key] = clean(r[key], WORDS_MAX) if r[key] else ""
            else:  # text as it is, less control and direction characters (data files keep them)
                row[key] = clean(r[key], CELL_MAX) if isinstance(r[key], str) else "" if r[key] is None else r[key]
        rows.append(row)
    return defs, rows


STATUS_KINDS = ("status", "delegation_status")


def entered_at(moment: dt.datetime | None, lang: str, era: str) -> str:
    """When a record was entered (the warehouse keeps UTC; the header says so), in the view's language and era:
    "3 ธ.ค. 2569 23:31" / "3 Dec 2026 23:31"; blank for a record not entered on the steward's screen. A moment
    with a time zone (the raw file's `...Z`) is put in UTC first."""
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return fmt_datetime(moment.replace(tzinfo=None), lang, era)


def thai_party(row: dict, lang: str) -> str:
    """The Thai side of an agreement in the view's language: in Thai its Thai name where the warehouse holds
    a cited one (thai_party_th), else the name as the source gives it."""
    return (row.get("thai_party_th") if lang == "th" else None) or row.get("thai_party") or ""


def enum_text(kind: str, value: str | None, lang: str) -> str:
    """An enum value's label; a status nobody recorded says so (never shown as expired or held)."""
    if value is None and kind in STATUS_KINDS:
        return t("common.not_recorded", lang)
    return label(kind, value, lang)


# Drill parameters a mark may carry (dashboard/marks.py) and what each must be: they reach DuckDB
# only as bound $d_* parameters, and a click's JSON that names anything else is ignored.
PARAMS = {
    "year": int, "month_from": int, "month_to": int, "full_year": bool, "type": str, "level": str, "sector": str,
    "partner": str, "under": str, "iso": str, "direction": str, "status": str, "purpose": str, "id": str,
    "per": str, "key": str, "stage": str, "count_unit": str, "series": str, "measure": str, "dataset": str,
}  # fmt: skip


def from_click(click: dict | None) -> dict:
    """A plotly clickData -> the clicked mark's drill parameters (its customdata: JSON from dashboard/marks.py)."""
    if not click or not click.get("points"):
        return {}
    custom = click["points"][0].get("customdata")
    if isinstance(custom, list):
        custom = custom[0] if custom else None
    try:
        got = json.loads(custom) if isinstance(custom, str) else {}
    except ValueError:
        return {}
    if not isinstance(got, dict):
        return {}
    return checked(got)


def checked(got: dict) -> dict:
    """Drill parameters as PARAMS allows them: any other name, or a value of another type, is left out."""
    return {k: v for k, v in got.items() if k in PARAMS and isinstance(v, PARAMS[k]) and not (
        PARAMS[k] is int and isinstance(v, bool))}  # fmt: skip


# -- the clicked mark in the URL: drill=<chart id>:<key> --------------------------------------------


def _value_text(v) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v)


def mark_key(drill_json: str) -> str:
    """A mark's drill JSON -> its key in the URL: "type=MOU;year=2019" (names in order, values %-escaped)."""
    got = json.loads(drill_json)
    return ";".join(f"{k}={quote(_value_text(v), safe='')}" for k, v in sorted(got.items()))


def url_value(chart_id: str, drill_json: str) -> str:
    """The `drill=` value of a chart's mark."""
    return f"{chart_id}:{mark_key(drill_json)}"


def split(value: str) -> tuple[str, str]:
    """A `drill=` value -> (chart id, mark key)."""
    chart_id, _, key = value.partition(":")
    return chart_id, key


def key_text(key: str) -> str:
    """A mark key as a person reads it in a notice: its values unescaped."""
    return ";".join(unquote(part) for part in key.split(";"))


def find(m: Marks, key: str) -> dict | None:
    """The mark of `m` whose key is `key` (its row of the marks frame), or None: not in this view."""
    for row in m.frame.iter_rows(named=True):
        if row["drill"] and mark_key(row["drill"]) == key:
            return row
    return None


def _counted(n: float, what: str, text: str, lang: str) -> str:
    one = n == 1 and lang == "en"
    return t(f"drill.n_{what}" + ("_one" if one else ""), lang, n=text)


def mark_number(m: Marks, row: dict, dataset: str, lang: str) -> str:
    """The mark's number as its chart shows it, with its qualifier and what it counts or measures:
    "5 agreements" / "5 ฉบับ", "at least 180.0 THB million", "about 66.7%"."""
    text = qualified(row["y"], row["qualifier"], lang, m.number)
    params = json.loads(row["drill"])
    if m.kind == "lines":
        return t("drill.n_share", lang, n=text)
    if m.kind == "timeline":
        return _counted(row["y"], "days", text, lang)
    if m.sums and m.number == "float":
        return t("drill.n_thb_million", lang, n=text)
    if m.sums:
        unit = params.get("count_unit")
        return f"{text} {label('count_unit', unit, lang)}" if unit else text
    what = params.get("dataset", dataset)
    return _counted(row["y"], what if what in ("agreements", "delegations") else "records", text, lang)


def mark_title(m: Marks, row: dict, dataset: str, lang: str) -> str:
    """What was clicked and its number: "MOU · 2562: 5 agreements" (the series first when the chart has several,
    or when it names whose figures a sum adds up)."""
    several = m.sums or m.frame["series_key"].n_unique() > 1
    name = f"{row['series']} · {row['x']}" if several and row["series"] else str(row["x"])
    return f"{clean(name, NAME_MAX)}: {mark_number(m, row, dataset, lang)}"


def mark_lines(m: Marks, row: dict, lang: str) -> list[str]:
    """What the mark adds up, as its chart's hover says it: its detail, and for a sum of figures how many."""
    lines = [clean(row["detail"], CELL_MAX)] if row["detail"] else []
    if m.sums:
        lines.append(t("hover.adds_up", lang, n=fmt_int(row["records"], lang), s=fmt_int(row["sources"] or 0, lang)))
    return lines
