"""Data: load history, reconciliation, rejects with reasons, sources, notes, data as-of."""

from __future__ import annotations

import datetime as dt

import dash
import polars as pl
from dash import Input, Output, State, callback, dcc, html
from dash_ag_grid import AgGrid

from contract.vocabulary import is_web_url
from dashboard import auth, views
from dashboard.components import titled
from dashboard.drill import source_link
from dashboard.filters import Filters
from dashboard.i18n import STRINGS, fmt_date, fmt_datetime, fmt_int, grid_locale, label, t
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
    """Every total a source states, beside what is recorded here (for all of it, whatever the filters); its
    source as an address (`url`), which `short_table` shows as a link."""
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
            "url": r["source_url"],
        })  # fmt: skip
    return rows


COUNTS = ("rows_read", "rows_loaded", "rows_duplicate", "rows_rejected")  # a load's rows, as the ETL counted them


def counted(frame: pl.DataFrame, columns: tuple[str, ...], lang: str) -> list[dict]:
    """The frame's rows, its counts written in the view's language (1,234)."""
    return [
        {k: fmt_int(v, lang) if k in columns and v is not None else v for k, v in r.items()}
        for r in frame.iter_rows(named=True)
    ]


def short_table(
    table_id: str,
    rows: list[dict],
    columns: list[tuple[str, str]],
    lang: str,
    numeric: tuple[str, ...] = (),
    words: tuple[str, ...] = (),
) -> html.Div:
    """A short table (dozens of rows, not thousands) drawn as HTML: every row and every word shown (cells
    wrap, never cut off), so it reads whole on screen, in print and in a screenshot, and needs no grid
    script. The column `url` is a source: a link to it when it is a plain http(s) address, else the text as
    code. Columns in `numeric` are figures (right-aligned, never wrapped), those in `words` short labels
    (never wrapped). No rows: one row that says so."""

    def kind(key: str) -> str | None:
        return "num" if key in numeric else "word" if key in words or key == "url" else None

    def shown(key: str, value: object):
        text = "" if value is None else str(value)
        if key != "url" or not text:
            return text
        if is_web_url(text):
            return html.A(t("col.source", lang), href=text, target="_blank", rel="noopener noreferrer")
        return html.Code(text)

    def cell(key: str, value: object) -> html.Td:
        return html.Td(shown(key, value), className=kind(key))

    head = html.Tr([html.Th(t(h, lang), scope="col", className=kind(c)) for c, h in columns])
    body = [html.Tr([cell(c, r.get(c)) for c, _ in columns]) for r in rows]
    if not body:
        body = [html.Tr(html.Td(t("data.none", lang), colSpan=len(columns)))]
    return html.Div(
        html.Table([html.Thead(head), html.Tbody(body)], id=table_id, className="short-table"),
        className="short-table-box",
    )


dash.register_page(__name__, path="/data", name="Data", title=titled("data"))


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
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": 20,
            "enableCellTextSelection": True,
            "localeText": grid_locale(lang),
        },
        style={"height": height},
        className="ag-theme-alpine",
    )


def build(f, w):
    lang = f.lang
    meta = w.meta
    loads = w.query_file("data_load_history")
    latest = w.query_file("data_reconciliation")
    rejects = w.query_file("data_rejects")
    sources = w.query_file("data_sources")  # every page the records cite, with the source register's words
    notes = w.query_file("data_notes", {"th": lang == "th"})
    # Dates in the view's language and era ("3 ธ.ค. 2568 15:29"), written here, not in SQL.
    loads = loads.with_columns(
        pl.col("loaded_at").map_elements(lambda m: fmt_datetime(m, lang, f.era), return_dtype=pl.String)
    )
    notes = notes.with_columns(
        pl.struct("as_of_year", "as_of_month", "as_of_date", "as_of_precision")
        .map_elements(lambda d: as_of_text(d, lang, f.era), return_dtype=pl.String)
        .alias("as_of")
    )
    # Links are written here, not in SQL: only a plain http(s) address becomes a link (drill.source_link).
    sources = sources.with_columns(
        pl.col("url").map_elements(lambda u: source_link(u, u), return_dtype=pl.String).alias("link"),
        pl.col("kind").map_elements(lambda k: label("source_kind", k, lang), return_dtype=pl.String),
        pl.struct(
            as_of_year="published_year",
            as_of_month="published_month",
            as_of_date="published_date",
            as_of_precision="published_precision",
        )
        .map_elements(lambda d: as_of_text(d, lang, f.era), return_dtype=pl.String)
        .alias("published"),
    ).select("publisher", "kind", "published", "link", "records")
    source_word = t("col.source", lang)
    notes = notes.with_columns(
        pl.col("source_url").map_elements(lambda u: source_link(u, source_word), return_dtype=pl.String).alias("link")
    )
    total_rejects = w.query_file("data_reject_count")["n"][0]
    cols_load = [("dataset", "data.col.dataset"), ("file", "data.col.file"), ("rows_read", "data.col.rows_read"),
                 ("rows_loaded", "data.col.rows_loaded"), ("rows_duplicate", "data.col.rows_duplicate"),
                 ("rows_rejected", "data.col.rows_rejected")]  # fmt: skip
    totals = stated_totals(w, f)
    cols_totals = [("as_of", "data.col.as_of"), ("stated_by", "data.col.stated_by"), ("counts", "data.col.counts"),
                   ("stated", "data.col.stated"), ("scope", "data.col.scope"), ("recorded", "data.col.recorded"),
                   ("possibly", "data.col.possibly"), ("url", "col.source")]  # fmt: skip
    add = "/data/add" + f.query_string()
    return [
        html.P(t("notice.data_as_of", lang, date=iso_date_text(meta.get("data_as_of"), lang, f.era)), className="notice"),
        *([html.P(dcc.Link(t("data.add", lang), href=add, id="data-add", className="button"))]
          if auth.can_open("/data/add") else []),
        counting(lang),
        html.Section([html.H2(t("data.stated_totals", lang)),
                      short_table("dt-stated-totals", totals, cols_totals, lang, ("stated", "recorded", "possibly"),
                                  ("counts",))],
                     className="card"),
        html.Section([html.H2(t("data.reconciliation", lang)),
                      short_table("dt-reconciliation", counted(latest, COUNTS, lang), cols_load, lang, COUNTS)],
                     className="card"),
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
                      table("dt-sources", sources, [("publisher", "data.col.publisher"), ("kind", "data.col.kind"),
                                                    ("published", "data.col.published"), ("link", "col.source"),
                                                    ("records", "data.col.records")], lang)],
                     className="card"),
        html.Section([html.H2(t("data.notes", lang)),
                      table("dt-notes", notes, [("as_of", "data.col.as_of"), ("text", "col.notes"), ("link", "col.source")], lang)],
                     className="card"),
    ]  # fmt: skip


def as_of_text(d: dict, lang: str, era: str) -> str:
    """A note's date to its precision ("ก.ค. 2565", "2562"); none: empty."""
    if d["as_of_year"] is None and d["as_of_date"] is None:
        return ""
    return fmt_date(d["as_of_year"], d["as_of_month"], d["as_of_date"], d["as_of_precision"] or "year", lang, era)


def iso_date_text(value: str | None, lang: str, era: str) -> str:
    """ "2025-11-27" -> "27 พ.ย. 2568" / "27 Nov 2025"; anything else as it is."""
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return value or "–"
    return fmt_date(None, None, day, "day", lang, era)


def audit_time(value: str | None, lang: str, era: str) -> str:
    """An audit record's ISO time (UTC) in the server's zone, in the view's language and era."""
    try:
        moment = dt.datetime.fromisoformat(value or "")
    except ValueError:
        return value or ""
    return fmt_datetime(moment, lang, era, seconds=True)


AUDIT_SHOWN = 500


def audit_word(column: str, value: object, lang: str) -> str:
    """An event's name or outcome in the page's language; a word this page has no string for stays as written
    (the CSV keeps every word as the trail holds it)."""
    key = f"data.audit.{column}.{value}"
    return t(key, lang) if key in STRINGS["en"] else str(value or "")


AUDIT_COLUMNS = ("seq", "time", "event", "outcome", "user", "role", "addr", "detail")


def audit_section(lang: str) -> html.Section | None:
    """For admins only: the audit trail, read when asked (its latest events, whether its chain is whole), and
    the CSV of all of it. Its ids start with admin-, so its callback answers admins only (dashboard/auth/roles.py)."""
    if not auth.allows("admin"):
        return None
    from dashboard.auth.page import say

    return html.Section(
        [html.H2(say("audit", lang)),
         html.Div([html.Button(say("audit_show", lang), id="admin-audit-show", n_clicks=0),
                   html.A("audit.csv", href="/admin/audit.csv", id="admin-audit-csv", style={"marginLeft": "1rem"})]),
         html.Div(id="admin-audit-verdict"),
         AgGrid(id="admin-audit-grid", rowData=[],
                columnDefs=[{"field": c, "headerName": t(f"data.audit.{c}", lang)} for c in AUDIT_COLUMNS],
                defaultColDef={"resizable": True, "sortable": True, "filter": True},
                dashGridOptions={"pagination": True, "paginationPageSize": 20, "enableCellTextSelection": True,
                                 "localeText": grid_locale(lang)},
                style={"height": "420px"}, className="ag-theme-alpine")],
        className="card", id="admin-audit-section",
    )  # fmt: skip


@callback(
    Output("admin-audit-grid", "rowData"),
    Output("admin-audit-verdict", "children"),
    Input("admin-audit-show", "n_clicks"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def show_audit(_clicks, search):
    """The latest events, newest first, and the verdict on the whole chain."""
    if not auth.allows("admin"):  # the request was checked already; a second look costs nothing
        return [], None
    from flask import current_app

    from dashboard import context
    from dashboard.auth.page import say

    f = context.filters_from(search)
    lang = f.lang
    trail = current_app.extensions[auth.KEY].trail
    verdict = trail.verify()
    records = trail.read()
    rows = [
        {"seq": r.get("seq"), "time": audit_time(r.get("time"), lang, f.era), "event": audit_word("event", r.get("event"), lang), "outcome": audit_word("outcome", r.get("outcome"), lang),
         "user": r.get("user"), "role": r.get("role"), "addr": r.get("addr"),
         "detail": r.get("sql") or r.get("path") or r.get("name") or r.get("reason") or ""}
        for r in reversed(records[-AUDIT_SHOWN:])
    ]  # fmt: skip
    intro = html.P(say("audit_intro", lang, n=fmt_int(len(rows), lang), total=fmt_int(len(records), lang)))
    if verdict.ok:
        check = html.P(say("audit_ok", lang, n=verdict.lines, head=verdict.head[:16]), className="notice")
    else:
        check = html.P(say("audit_broken", lang, problem=verdict.problem), className="notice error", role="alert")
    return rows, [html.Div(check, id="admin-audit-check"), intro]


def layout(**query):
    return render("data", query, lambda f, w: [*build(f, w), audit_section(f.lang)])
