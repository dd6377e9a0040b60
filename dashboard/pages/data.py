"""Data: load history, reconciliation, rejects with reasons, sources, notes, data as-of."""

from __future__ import annotations

import dash
import polars as pl
from dash import html
from dash_ag_grid import AgGrid

from dashboard import views
from dashboard.filters import Filters
from dashboard.i18n import fmt_int, label, t
from dashboard.marks import qualified
from dashboard.pages._common import render

COUNTING_RULES = 7  # counting.1 .. counting.7 in dashboard/i18n/strings.py


def counting(lang: str) -> html.Section:
    """How figures are counted: the rules every chart, headline and export follows, in the view's language."""
    return html.Section(
        [html.H2(t("counting.title", lang)),
         html.Ol([html.Li(t(f"counting.{i}", lang)) for i in range(1, COUNTING_RULES + 1)])],
        className="card", id="counting",
    )  # fmt: skip


def stated_totals(w, f) -> list[dict]:
    """Every total a source states, beside what is recorded here (for all of it, whatever the filters)."""
    frame = w.query_file("stated_totals", Filters(lang=f.lang, era=f.era).params())
    rows = []
    for r in frame.iter_rows(named=True):
        rows.append({
            "as_of": views.stated_when(r, f),
            "stated_by": r["stated_by"],
            "counts": label("counts", r["counts"], f.lang),
            "stated": qualified(r["value"], r["qualifier"], f.lang),
            "scope": views.stated_scope(r, f),
            "recorded": fmt_int(r["recorded"], f.lang) if r["comparable"] else "–",
            "possibly": fmt_int(r["possibly"], f.lang) if r["comparable"] and r["possibly"] else "",
            "link": f"[{t('col.source', f.lang)}]({r['source_url']})" if r["source_url"] else "",
        })  # fmt: skip
    return rows


dash.register_page(__name__, path="/data", name="Data", title="Data")


def table(grid_id: str, frame, columns: list[tuple[str, str]], lang: str, height: str = "320px"):
    return AgGrid(
        id=grid_id,
        rowData=frame.to_dicts(),
        columnDefs=[
            {
                "field": c,
                "headerName": t(h, lang),
                **({"cellRenderer": "markdown", "linkTarget": "_blank"} if c == "link" else {}),
            }
            for c, h in columns
        ],
        defaultColDef={"resizable": True, "sortable": True, "filter": True},
        dashGridOptions={"pagination": True, "paginationPageSize": 20, "enableCellTextSelection": True},
        style={"height": height},
        className="ag-theme-alpine",
    )


def build(f, w):
    lang = f.lang
    meta = w.meta
    loads = w.query(
        "SELECT strftime(loaded_at, '%Y-%m-%d %H:%M') AS loaded_at, dataset, file, rows_read, rows_loaded, rows_duplicate, "
        "rows_rejected FROM etl_load ORDER BY loaded_at DESC, dataset, file LIMIT 500",
        name="load history",
    )
    latest = w.query(
        "SELECT dataset, file, rows_read, rows_loaded, rows_duplicate, rows_rejected FROM etl_load "
        "WHERE load_id = (SELECT value FROM meta WHERE key = 'load_id') ORDER BY dataset, file",
        name="reconciliation",
    )
    rejects = w.query(
        'SELECT dataset, file, "row", "column", value, reason FROM etl_reject ORDER BY dataset, file, "row" LIMIT 2000',
        name="rejects",
    )
    sources = w.query(
        "SELECT source_url AS url, '[' || source_url || '](' || source_url || ')' AS link, count(*) AS records FROM ("
        "SELECT source_url FROM fact_agreement UNION ALL SELECT source_url FROM fact_delegation "
        "UNION ALL SELECT source_url FROM fact_investment UNION ALL SELECT source_url FROM source_note "
        "UNION ALL SELECT source_url FROM stated_total) "
        "WHERE source_url IS NOT NULL GROUP BY source_url ORDER BY records DESC, source_url LIMIT 2000",
        name="sources",
    )
    notes = w.query(
        "SELECT coalesce(as_of_year::VARCHAR, '') AS as_of, CASE WHEN $th THEN coalesce(text_th, text_en) ELSE text_en END AS text, "
        "'[' || $src || '](' || source_url || ')' AS link FROM source_note ORDER BY as_of_year DESC NULLS LAST, note_id",
        {"th": lang == "th", "src": t("col.source", lang)},
        name="notes",
    )
    total_rejects = w.query("SELECT count(*) AS n FROM etl_reject", name="reject count")["n"][0]
    cols_load = [("dataset", "data.col.dataset"), ("file", "data.col.file"), ("rows_read", "data.col.rows_read"),
                 ("rows_loaded", "data.col.rows_loaded"), ("rows_duplicate", "data.col.rows_duplicate"),
                 ("rows_rejected", "data.col.rows_rejected")]  # fmt: skip
    totals = stated_totals(w, f)
    cols_totals = [("as_of", "data.col.as_of"), ("stated_by", "data.col.stated_by"), ("counts", "data.col.counts"),
                   ("stated", "data.col.stated"), ("scope", "data.col.scope"), ("recorded", "data.col.recorded"),
                   ("possibly", "data.col.possibly"), ("link", "col.source")]  # fmt: skip
    return [
        html.P(t("notice.data_as_of", lang, date=meta.get("data_as_of", "–")), className="notice"),
        counting(lang),
        html.Section([html.H2(t("data.stated_totals", lang)),
                      table("dt-stated-totals", pl.DataFrame(totals), cols_totals, lang)], className="card"),
        html.Section([html.H2(t("data.reconciliation", lang)), table("dt-reconciliation", latest, cols_load, lang)], className="card"),
        html.Section(
            [html.H2(f"{t('data.rejects', lang)} ({fmt_int(total_rejects, lang)})"),
             table("dt-rejects", rejects, [("dataset", "data.col.dataset"), ("file", "data.col.file"), ("row", "data.col.row"),
                                           ("column", "data.col.column"), ("value", "data.col.value"),
                                           ("reason", "data.col.reason")], lang, "420px")],
            className="card",
        ),
        html.Section([html.H2(t("data.load_history", lang)),
                      table("dt-loads", loads, [("loaded_at", "data.col.loaded_at"), *cols_load], lang)], className="card"),
        html.Section([html.H2(t("data.sources", lang)),
                      table("dt-sources", sources, [("link", "col.source"), ("records", "data.col.rows_loaded")], lang)],
                     className="card"),
        html.Section([html.H2(t("data.notes", lang)),
                      table("dt-notes", notes, [("as_of", "col.year"), ("text", "col.notes"), ("link", "col.source")], lang)],
                     className="card"),
    ]  # fmt: skip


def layout(**query):
    return render("data", query, build)
