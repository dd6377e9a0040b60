"""Drill-down: the records behind a clicked chart mark, as grid rows with their sources."""

from __future__ import annotations

import polars as pl

from dashboard import context
from dashboard.filters import Filters
from dashboard.i18n import fmt_date, fmt_int, fmt_number, fmt_period, fmt_year, label, t

LIMIT = 1000  # rows a drill-down shows at most
FIRST = 200  # rows a page's records grid shows before any click

# dataset -> (query, [(column key, header string key, how to show it)])
COLUMNS = {
    "agreements": [
        ("date", "col.date", "date:signed"),
        ("agreement_type", "col.type", "enum:agreement_type"),
        ("partner", "col.partner", "partner"),
        ("level", "col.level", "enum:level"),
        ("thai_party", "col.thai_party", "text"),
        ("title", "col.title", "title"),
        ("sectors", "col.sectors", "text"),
        ("source_url", "col.source", "link"),
    ],
    "delegations": [
        ("date", "col.date", "date:start"),
        ("direction", "col.direction", "enum:direction"),
        ("purpose", "col.purpose", "enum:purpose"),
        ("partner", "col.partner", "partner"),
        ("city", "col.city", "text"),
        ("lead_name", "col.lead", "text"),
        ("event", "col.event", "text"),
        ("participants", "col.participants", "int"),
        ("companies", "col.companies", "int"),
        ("source_url", "col.source", "link"),
    ],
    "investments": [
        ("year", "col.year", "year"),
        ("period", "col.period", "period"),
        ("stage", "col.stage", "enum:stage"),
        ("partner", "col.partner", "partner"),
        ("sector", "col.sectors", "sector"),
        ("projects", "col.projects", "int"),
        ("value_thb_million", "col.value_thb_million", "number"),
        ("province", "col.province", "province"),
        ("source_url", "col.source", "link"),
    ],
}


def params(f: Filters, drill: dict, limit: int = LIMIT) -> dict:
    return {**f.params(), **{f"d_{k}": v for k, v in drill.items()}, "limit": limit}


def records(dataset: str, f: Filters, drill: dict, limit: int = LIMIT) -> pl.DataFrame:
    return context.get().warehouse.query_file(f"{dataset}_records", params(f, drill, limit))


def grid(dataset: str, frame: pl.DataFrame, f: Filters) -> tuple[list[dict], list[dict]]:
    """-> (columnDefs, rowData) in the view's language and era."""
    lang, era = f.lang, f.era
    cols = COLUMNS[dataset]
    defs = []
    for key, header, how in cols:
        d = {"field": key, "headerName": t(header, lang)}
        if how == "link":
            d.update(cellRenderer="markdown", linkTarget="_blank", width=110)
        elif how == "partner":
            d.update(cellRenderer="markdown")
        if how in ("int", "number"):
            d.update(type="rightAligned")
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
                row[key] = label(how.split(":")[1], r[key], lang)
            elif how == "partner":  # a link to the partner's profile, keeping the view's settings
                text = (r.get(f"partner_{name}") or r["partner_en"]).replace("[", "(").replace("]", ")")
                href = "/partners" + f.without_notices().query_string(partner=(r["partner_id"],))
                row[key] = f"[{text}]({href})"
            elif how == "title":
                row[key] = r.get(f"title_{name}") or r.get("title_en") or r.get("title_th") or ""
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
                row[key] = f"[{t('col.source', lang)}]({r[key]})" if r[key] else ""
            else:
                row[key] = r[key] if r[key] is not None else ""
        rows.append(row)
    return defs, rows


def from_click(click: dict | None, x_key: str | None, custom_keys: list[str]) -> dict:
    """A plotly clickData -> drill parameters (the clicked x value and the mark's customdata)."""
    if not click or not click.get("points"):
        return {}
    p = click["points"][0]
    out = {}
    if x_key:
        out[x_key] = p.get("x") if not isinstance(p.get("x"), str) or x_key != "year" else int(p["x"])
    custom = p.get("customdata") or []
    if not isinstance(custom, list):
        custom = [custom]
    for k, v in zip(custom_keys, custom, strict=False):
        if k and v is not None:
            out[k] = v
    return out
