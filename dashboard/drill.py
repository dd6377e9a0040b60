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
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

import polars as pl

from contract.datasets import DATASETS, ENTRY_SHOWN
from contract.vocabulary import is_web_url
from dashboard import context
from dashboard.figures.theme import clean
from dashboard.filters import Filters
from dashboard.i18n import fmt_date, fmt_datetime, fmt_int, fmt_number, fmt_period, fmt_year, label, t
from dashboard.marks import Marks, qualified

LIMIT = 1000  # rows a drill-down shows at most
STATUS_KINDS = ("status", "delegation_status")  # vocabularies whose blank is shown as "not recorded"
FIRST = 200  # rows a page's records grid shows before any click

# dataset -> [(column, header string key, kind)]: what its grids, drill-downs and data files show (the contract's
# declaration; dashboard/columns.py reads each kind).
COLUMNS = {name: [(c.column, c.header, c.kind) for c in d.shown] for name, d in DATASETS.items() if d.shown}
# The columns of a record entered on the data steward's screen: who entered it, when (UTC), and the words of the
# source it came from. Blank for the records of the hand-curated files.
ENTERED = [(c.column, c.header, c.kind) for c in ENTRY_SHOWN]
# The columns the drill-down panel shows first: the source, then what an analyst reads first; the rest after.
PANEL_FIRST = {name: d.panel_first for name, d in DATASETS.items() if d.shown}


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


def params(f: Filters, drill: dict, limit: int | None = LIMIT) -> dict:
    return {**f.params(), **{f"d_{k}": v for k, v in drill.items()}, "limit": limit}


def records(dataset: str, f: Filters, drill: dict, limit: int | None = LIMIT) -> pl.DataFrame:
    return context.get().warehouse.query_file(f"{dataset}_records", params(f, drill, limit))


def names(kind: str, lang: str) -> dict[str, str]:
    """Names in `lang` the warehouse holds: "sector" code -> name, "province" English name -> name (cached
    with the warehouse version). A name missing in Thai is the English one; none: not in the dict."""
    sql = {
        "sector": "SELECT sector_code AS key, name_en, name_th FROM dim_sector",
        "province": "SELECT name_en AS key, name_en, name_th FROM dim_province",
    }[kind]
    frame = context.get().warehouse.query(sql, name=f"{kind} names")
    kept = _NAMED.get((kind, lang))
    if kept is not None and kept[0] is frame:  # the same answer of the same build: its dict, made once
        return kept[1]
    name = "name_th" if lang == "th" else "name_en"
    known = {r["key"]: r[name] or r["name_en"] for r in frame.iter_rows(named=True) if r[name] or r["name_en"]}
    _NAMED[(kind, lang)] = (frame, known)
    return known


# (kind, lang) -> (the warehouse's answer, the names made of it): a records grid asks once per row.
_NAMED: dict[tuple[str, str], tuple[pl.DataFrame, dict[str, str]]] = {}


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


@dataclass(frozen=True)
class View:
    """What a cell's text depends on: the view's language and era, and its filters (the partner links keep them)."""

    lang: str
    era: str
    f: Filters
    _profiles: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def side(self) -> str:
        """Which of a record's names the view shows: its Thai name in Thai, else its English one."""
        return "th" if self.lang == "th" else "en"

    def profile(self, partner_id: str) -> str:
        """The address of a partner's profile in this view, keeping its settings (made once per partner)."""
        got = self._profiles.get(partner_id)
        if got is None:
            got = self._profiles[partner_id] = "/partners" + self.f.without_notices().query_string(
                partner=(partner_id,)
            )
        return got


def mapped(frame: pl.DataFrame, cols: list[str], fn: Callable) -> pl.Series:
    """fn(*row) for each row of `cols`, computed once per distinct row: the screen's own formatting, vectorised."""
    keys = frame.select(cols).unique(maintain_order=True)
    keys = keys.with_columns(pl.Series("_text", [fn(*r) for r in keys.iter_rows()], dtype=pl.String))
    return frame.select(cols).join(keys, on=cols, how="left", nulls_equal=True, maintain_order="left")["_text"]


def sectors_named(codes: str | None, known: dict[str, str]) -> str | None:
    """ "AUTO, EE" -> the sectors' names, "; "-separated (a name may hold a comma), as the records grid shows them."""
    return "; ".join(known.get(c, c) for c in codes.split(", ")) if codes else None


def _date_cell(r: dict, key: str, p: str, v: View) -> str:
    return fmt_date(r[f"{p}_year"], r[f"{p}_month"], r[f"{p}_date"], r[f"{p}_precision"], v.lang, v.era)


def _date_data(frame: pl.DataFrame, key: str, p: str, v: View) -> pl.Series:
    return mapped(
        frame,
        [f"{p}_year", f"{p}_month", f"{p}_date", f"{p}_precision"],
        lambda y, m, d, prec: fmt_date(y, m, d, prec, v.lang, v.era) if prec else None,
    )


def _partner_cell(r: dict, key: str, arg: str, v: View) -> str:
    """A link to the partner's profile, keeping the view's settings."""
    text = r.get(f"partner_{v.side}") or r["partner_en"]
    return md_link(text, v.profile(r["partner_id"]))


def _sectors_cell(r: dict, key: str, arg: str, v: View) -> str:
    return sector_names(r[key], v.lang)


def _sectors_data(frame: pl.DataFrame, key: str, arg: str, v: View) -> pl.Series:
    known = names("sector", v.lang)
    return mapped(frame, [key], lambda x: sectors_named(x, known))


def _city_cell(r: dict, key: str, arg: str, v: View) -> str:
    return city_name(r[key], v.lang)


def _city_data(frame: pl.DataFrame, key: str, arg: str, v: View) -> pl.Series:
    known = names("province", v.lang) if v.lang == "th" else {}
    return mapped(frame, [key], lambda x: known.get(x, x) if x else None)


def _text_cell(r: dict, key: str, arg: str, v: View):
    """Text as it is, less control and direction characters (the data files keep them)."""
    value = r[key]
    return clean(value, CELL_MAX) if isinstance(value, str) else "" if value is None else value


def _as_text(frame: pl.DataFrame, key: str, arg: str, v: View) -> pl.Series:
    return frame[key].cast(pl.String)


@dataclass(frozen=True)
class Kind:
    """How one kind of shown column (the contract's Shown.kind, e.g. "enum:status") is shown: its cell in a records
    grid, its typed column in a data file, and the grid column's options. Each function takes the row (or the
    frame), the column, the kind's argument (after the colon) and the view."""

    cell: Callable[[dict, str, str, View], object]
    data: Callable[[pl.DataFrame, str, str, View], pl.Series]
    options: Callable[[str], dict] = lambda key: {}


KINDS: dict[str, Kind] = {
    "date": Kind(_date_cell, _date_data),  # date:<stem>: <stem>_year, _month, _date and _precision
    "enum": Kind(
        lambda r, key, vocab, v: enum_text(vocab, r[key], v.lang),
        lambda fr, key, vocab, v: mapped(
            fr, [key], lambda x: enum_text(vocab, x, v.lang) if x is not None or vocab in STATUS_KINDS else None
        ),
    ),
    "partner": Kind(
        _partner_cell,
        lambda fr, key, arg, v: fr.select(pl.coalesce(f"partner_{v.side}", "partner_en")).to_series(),
        lambda key: {"cellRenderer": "markdown"},
    ),
    "thai_party": Kind(  # in Thai its cited Thai name, else as the source gives it
        lambda r, key, arg, v: clean(thai_party(r, v.lang), CELL_MAX),
        lambda fr, key, arg, v: fr.select(
            pl.coalesce("thai_party_th", "thai_party") if v.side == "th" else pl.col("thai_party")
        ).to_series(),
    ),
    "title": Kind(
        lambda r, key, arg, v: clean(r.get(f"title_{v.side}") or r.get("title_en") or r.get("title_th"), CELL_MAX),
        lambda fr, key, arg, v: fr.select(pl.coalesce(f"title_{v.side}", "title_en", "title_th")).to_series(),
    ),
    "sectors": Kind(_sectors_cell, _sectors_data),  # a `, `-list of sector codes, named
    "city": Kind(_city_cell, _city_data),  # a Thai province named in the view's language; else as given
    "sector": Kind(  # one sector, named; none = the figure covers every sector
        lambda r, key, arg, v: r.get(f"sector_{v.side}") or r.get("sector_en") or t("common.all_sectors", v.lang),
        lambda fr, key, arg, v: fr.select(
            pl.coalesce(f"sector_{v.side}", "sector_en", pl.lit(t("common.all_sectors", v.lang)))
        ).to_series(),
    ),
    "province": Kind(
        lambda r, key, arg, v: r.get(f"province_{v.side}") or "",
        lambda fr, key, arg, v: fr[f"province_{v.side}"],
    ),
    "year": Kind(  # in the view's era
        lambda r, key, arg, v: fmt_year(r["year"], v.era),
        lambda fr, key, arg, v: fr["year"].cast(pl.Int32) + (543 if v.era == "be" else 0),
    ),
    "period": Kind(
        lambda r, key, arg, v: fmt_period(r["period"], v.lang),
        lambda fr, key, arg, v: mapped(fr, ["period"], lambda x: fmt_period(x, v.lang)),
    ),
    "int": Kind(
        lambda r, key, arg, v: fmt_int(r[key], v.lang) if r[key] is not None else "",
        lambda fr, key, arg, v: fr[key].cast(pl.Int64),
        lambda key: {"type": "rightAligned"},
    ),
    "number": Kind(
        lambda r, key, arg, v: fmt_number(r[key], v.lang) if r[key] is not None else "",
        lambda fr, key, arg, v: fr[key].cast(pl.Float64),
        lambda key: {"type": "rightAligned"},
    ),
    "link": Kind(  # a source: a link on the screen, the address itself in a data file
        lambda r, key, arg, v: source_link(r[key], t("col.source", v.lang)),
        _as_text,
        lambda key: {"cellRenderer": "markdown", "linkTarget": "_blank", "width": 110},
    ),
    "moment": Kind(  # when a record was entered (UTC; blank if not entered on the steward's screen)
        lambda r, key, arg, v: entered_at(r[key], v.lang, v.era),
        lambda fr, key, arg, v: mapped(fr, [key], lambda x: entered_at(x, v.lang, v.era) or None),
    ),
    "words": Kind(  # a record's source words: their start in the cell, the whole of them on hover
        lambda r, key, arg, v: clean(r[key], WORDS_MAX) if r[key] else "",
        _as_text,
        lambda key: {"tooltipField": key, "width": 320},
    ),
    "text": Kind(_text_cell, _as_text),
}


def kind_of(how: str) -> tuple[Kind, str]:
    """ "enum:status" -> (the enum kind, "status")."""
    name, _, arg = how.partition(":")
    return KINDS[name], arg


def grid(dataset: str, frame: pl.DataFrame, f: Filters, first: tuple[str, ...] = ()) -> tuple[list[dict], list[dict]]:
    """-> (columnDefs, rowData) in the view's language and era; the columns `first` lead, in that order."""
    view = View(f.lang, f.era, f)
    cols = sorted(COLUMNS[dataset], key=lambda c: first.index(c[0]) if c[0] in first else len(first))
    # The steward's columns only where a record listed was entered there: three empty columns beside every
    # hand-curated record would say nothing (the data files keep them, blank, for a stable shape).
    if "entered_by" not in frame.columns or frame["entered_by"].null_count() == frame.height:
        cols = [c for c in cols if c not in ENTERED]
    shown = [(key, header, *kind_of(how)) for key, header, how in cols]
    defs = [{"field": key, "headerName": t(header, f.lang), **kind.options(key)} for key, header, kind, _ in shown]
    rows = [{key: kind.cell(r, key, arg, view) for key, _h, kind, arg in shown} for r in frame.iter_rows(named=True)]
    return defs, rows


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
