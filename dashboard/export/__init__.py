"""Exports for briefing slides: chart images, data files and a PowerPoint deck of the current view.

Every export takes the filter parameters of the page URL and is made from the
same queries, frames and figure functions as the screen (dashboard/views.py):

    images.py   PNG and SVG through kaleido (one Chromium per process, offline)
    data.py     the filtered records as CSV (UTF-8 with BOM) and XLSX (with a sheet about the data)
    deck.py     the deck: title, headline figures, one slide per chart (native PowerPoint charts)
    routes.py   GET /export/... on the app's server

Unlike a page, an export refuses what it does not understand (an unknown
parameter, a malformed year, a sector the warehouse does not hold) with a
message naming it: a briefing must not quietly show other numbers than asked.

Data is only ever data (the rules of dashboard/sql/results.py): a CSV text cell
that a spreadsheet would read as a formula gets an apostrophe in front, an XLSX
cell holds the text itself as a string, never a formula, a link or a number.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from urllib.parse import parse_qs

import polars as pl

from dashboard import context, views
from dashboard.db import Warehouse
from dashboard.export.images import ExportError, ImageUnavailable
from dashboard.filters import CHOICES, KNOWN, LIST_KEYS, STAGES, Filters
from dashboard.i18n import fmt_date, fmt_fiscal_year, fmt_year, label, t, year_label
from dashboard.sql.results import FORMULA_LEAD, WORKBOOK_OPTIONS

__all__ = [
    "ExportError", "ImageUnavailable", "Provenance", "csv_bytes", "describe", "filters", "provenance", "text_cells",
    "workbook",
]  # fmt: skip

NOUNS = {"sector": "sector", "country": "partner country", "partner": "partner", "level": "partner level"}


def filters(query: str | dict, allowed: tuple[str, ...] = ()) -> tuple[Filters, dict[str, str]]:
    """The view's filters from a query string or dict, and the export's own parameters (`allowed`).

    Raises ExportError naming every parameter that is unknown or malformed.
    """
    raw = parse_qs(query.lstrip("?"), keep_blank_values=True) if isinstance(query, str) else dict(query)
    raw = {k: v if isinstance(v, list) else [v] for k, v in raw.items()}
    own = {k: ",".join(str(x) for x in raw.pop(k)) for k in list(raw) if k in allowed}
    f = context.filters_from(raw)
    if f.notices:
        raise ExportError("; ".join(_problem(n.name, n.value, allowed) for n in f.notices))
    return f, own


def _problem(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if name not in KNOWN:
        return f"unknown parameter `{name}={value}`: exports take the page filters ({', '.join(KNOWN)})" + (
            f" and {', '.join(allowed)}" if allowed else ""
        )
    if name == "stage":
        return f"`stage={value}` must be one of {', '.join(STAGES)}"
    if name in ("year_from", "year_to"):
        return f"`{name}={value}` is not a year from 1900 to 2100 (CE) or 2443 to 2643 (BE), or comes after year_to"
    if name in CHOICES:
        return f"`{name}={value}` must be one of {', '.join(CHOICES[name])}"
    if name in LIST_KEYS:
        return f"`{name}={value}`: the warehouse holds no {NOUNS[name]} {value!r}"
    return f"`{name}={value}` was not understood"


def _names(w: Warehouse, lang: str) -> dict[tuple[str, str], str]:
    frame = w.query_file("choices")
    name = "name_th" if lang == "th" else "name_en"
    return {
        (r["kind"], r["value"]): r[name] or r["name_en"] or r["value"]
        for r in frame.iter_rows(named=True)
        if r["kind"] in ("sector", "country", "partner")
    }


def describe(f: Filters, w: Warehouse) -> list[tuple[str, str]]:
    """The filters in words, in the view's language: [(what, which)], every filter named, "All" when unset."""
    lang, era = f.lang, f.era
    names = _names(w, lang)
    every = t("common.all", lang)

    def year(y: int) -> str:
        return fmt_fiscal_year(y, era, lang) if f.period == "fy" else fmt_year(y, era)

    lo, hi = f.year_from, f.year_to
    if lo is not None and hi is not None:
        years = f"{year(lo)} – {year(hi)}"
    elif lo is not None:
        years = t("export.years_from", lang, year=year(lo))
    elif hi is not None:
        years = t("export.years_to", lang, year=year(hi))
    else:
        years = t("export.all_years", lang)
    if f.period == "cy" and (f.year_from or f.year_to):
        years += f" ({year_label(era, lang)})"

    def listed(kind: str, values: tuple[str, ...]) -> str:
        if not values:
            return t("common.all_sectors", lang) if kind == "sector" else every
        if kind == "level":
            return ", ".join(label("level", v, lang) for v in values)
        return ", ".join(
            f"{names.get((kind, v), v)} ({v})" if kind == "sector" else names.get((kind, v), v) for v in values
        )

    return [
        (t("export.years", lang), years),
        (t("filter.period", lang), t(f"period.{f.period}", lang)),
        (t("filter.sectors", lang), listed("sector", f.sector)),
        (t("filter.country", lang), listed("country", f.country)),
        (t("filter.partners", lang), listed("partner", f.partner)),
        (t("filter.level", lang), listed("level", f.level)),
        (t("notice.measure", lang), label("stage", f.stage, lang) if f.stage else t("export.measure_auto", lang)),
    ]


@dataclass(frozen=True)
class Provenance:
    """What every export says about itself: source, data as-of, synthetic or not, the view's link."""

    source: str
    as_of: str  # the data as-of date in the view's language and era ("" when unknown)
    synthetic: bool
    link: str
    prepared: str  # today, in the view's language and era


def _day(d: dt.date, f: Filters) -> str:
    return fmt_date(d.year, d.month, d, "day", f.lang, f.era)


def provenance(w: Warehouse, f: Filters, page: str, base_url: str) -> Provenance:
    meta = w.meta
    as_of = ""
    if meta.get("data_as_of"):
        try:
            as_of = _day(dt.date.fromisoformat(meta["data_as_of"]), f)
        except ValueError:
            as_of = meta["data_as_of"]
    link = base_url.rstrip("/") + views.PATHS.get(page, "/") + f.without_notices().query_string()
    return Provenance(
        source=t("export.source", f.lang, load=meta.get("load_id", "?")),
        as_of=as_of,
        synthetic=meta.get("synthetic") == "true",
        link=link,
        prepared=_day(dt.date.today(), f),
    )


# -- data files: text stays text -----------------------------------------------------

_LEAD = r"^[=+\-@\t\r]"  # FORMULA_LEAD as a regular expression


def _formula_like(col: str) -> pl.Expr:
    return pl.col(col).str.contains(_LEAD).fill_null(False)


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """The frame as CSV (UTF-8 with a byte-order mark): text cells neutralised, numbers as they are.
    Only the text columns that hold a cell to neutralise are rewritten (one look at each column's first
    characters first): most hold none, and rewriting every cell cost as much as finding them."""
    text = [c for c, dtype in frame.schema.items() if dtype == pl.String]
    found = frame.select(pl.col(c).str.head(1).is_in(FORMULA_LEAD).any() for c in text).row(0) if text else ()
    hot = [c for c, hit in zip(text, found, strict=True) if hit]
    safe = frame.with_columns(pl.when(_formula_like(c)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
                              for c in hot)  # fmt: skip
    safe = safe.rename({c: "'" + c for c in safe.columns if c.startswith(FORMULA_LEAD)})
    out = io.BytesIO()  # written as bytes: no second copy as a Python string
    safe.write_csv(out, include_bom=True)
    return out.getvalue()


def workbook(buf: io.BytesIO):
    """An xlsxwriter workbook that writes strings as strings (never as formulas, links or numbers)."""
    import xlsxwriter

    return xlsxwriter.Workbook(buf, {"in_memory": True, **WORKBOOK_OPTIONS})


def text_cells(wb, sheet: str, frame: pl.DataFrame, first_row: int = 1) -> None:
    """Mark the text cells of `frame` (written from `first_row` of `sheet`) that look like formulas with
    Excel's quote prefix, so that editing one keeps it text; the text itself is left as it is."""
    ws = wb.get_worksheet_by_name(sheet)
    quoted = wb.add_format({"quote_prefix": True})
    for j, (c, dtype) in enumerate(frame.schema.items()):
        if dtype != pl.String:
            continue
        hits = frame.select(pl.int_range(pl.len()).alias("i"), pl.col(c)).filter(_formula_like(c))
        for i, value in hits.iter_rows():
            ws.write_string(first_row + i, j, value, quoted)
