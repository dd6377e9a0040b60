"""SQL: an editor (CodeMirror with completion of the warehouse's tables, views and columns, their comments
as hints; Ctrl+Enter runs; a button lays the query out), tabs of open queries, the user's history and saved
queries (their own, everyone's shared ones and the ten examples), the warehouse's tables, views and columns
with their comments beside it; the answer in a grid with its row count, time and truncation; CSV and XLSX
of exactly the rows shown; a chart of the answer (x, y, series; bars or lines) as PNG, SVG or a slide; the
query's plan as a tree. The URL (`?sql=...`) reopens a query and its answer.

The query runs in the SQL worker process (dashboard/sql), like /api/sql: same checks, time limit
and row cap, and so does its plan (EXPLAIN). The schema list is an ordinary dashboard query (db.py), cached
per warehouse version; the page draws each table's name, kind and comment, and its columns when it is first
opened, so the page's first answer carries none. The editor's script is loaded by this page alone, and what it
completes is fetched beside it, kept by the browser per warehouse build (dashboard/sql/editor.py).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import partial

import dash
from dash import MATCH, Input, Output, State, callback, clientside_callback, ctx, dcc, html
from dash.exceptions import PreventUpdate
from dash_ag_grid import AgGrid

from dashboard import context
from dashboard.components import graph_config, titled
from dashboard.db import WarehouseError
from dashboard.i18n import fmt_datetime, fmt_int, grid_locale, t
from dashboard.pages._common import render
from dashboard.sql import chart as sqlchart
from dashboard.sql.api import history, runner, who
from dashboard.sql.editor import catalogue_url, schema, script_url
from dashboard.sql.examples import BY_NAME
from dashboard.sql.history import BadQuery, owner
from dashboard.sql.results import cell_text, to_csv, to_xlsx
from dashboard.sql.runner import SqlError, SqlResult

dash.register_page(__name__, path="/sql", name="SQL", title=titled("sql"))

FIRST_SQL = "SELECT *\nFROM agreements\nORDER BY signed_on DESC\nLIMIT 100"
MAX_URL_SQL = 20_000  # characters of a query the URL may carry
NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
           "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL")  # fmt: skip
_COLUMNS = {"display": "grid", "gridTemplateColumns": "minmax(0, 1fr) minmax(16rem, 24rem)", "gap": "1rem",
            "alignItems": "start"}  # fmt: skip
_EDITOR = {"width": "100%", "minHeight": "13rem", "fontFamily": "ui-monospace, 'DejaVu Sans Mono', monospace",
           "fontSize": "0.9rem", "boxSizing": "border-box", "resize": "vertical"}  # fmt: skip
_BAR = {"display": "flex", "flexWrap": "wrap", "gap": "0.5rem", "alignItems": "center", "margin": "0.5rem 0"}
_BUTTON = {"font": "inherit", "padding": "0.3rem 0.9rem", "borderRadius": "4px", "border": "1px solid var(--line)",
           "background": "#fff", "cursor": "pointer"}  # fmt: skip
_RUN = {**_BUTTON, "background": "var(--accent)", "borderColor": "var(--accent)", "color": "#fff", "fontWeight": 700}


def layout(sql: str | None = None, **query):
    """`?sql=` opens that query in a tab and runs it (the URL of a tab's query and its answer)."""
    text = sql if isinstance(sql, str) and 0 < len(sql) <= MAX_URL_SQL else None
    return render("sql", query, partial(build, sql=text))


def saved_options(lang: str) -> list[dict]:
    """The saved queries this user may open: their own, everyone's shared ones, the built-in examples."""
    me = owner()
    out = []
    for q in history().visible(me, lang):
        if not q.owner:
            label = q.name
        else:
            whose = t("sqled_mine", lang) if q.owner == me else q.owner
            label = f"{q.name} ({whose}, {t('sqled_shared' if q.shared else 'sqled_private', lang)})"
        out.append({"label": label, "value": q.key, "title": q.description})
    return out


def build(f, w, sql: str | None = None) -> list:
    lang = f.lang
    s = context.get().settings
    intro = t("sql.intro", lang, rows=fmt_int(s.sql_row_cap, lang), seconds=f"{s.sql_timeout_s:g}")
    editor = html.Section(
        [
            html.P(intro, className="notice"),
            html.Div(
                [
                    # One button per open query, drawn in the browser from the tabs' store (below).
                    html.Div(
                        id="sqled-tabbar", n_clicks=0, style={"display": "flex", "flexWrap": "wrap", "gap": "0.3rem"}
                    ),
                    html.Button(
                        "+",
                        id="sqled-tab-new",
                        n_clicks=0,
                        style=_BUTTON,
                        title=t("sqled_tab_new", lang),
                        **{"aria-label": t("sqled_tab_new", lang)},
                    ),
                    html.Button(
                        "×",
                        id="sqled-tab-close",
                        n_clicks=0,
                        style=_BUTTON,
                        title=t("sqled_tab_close", lang),
                        **{"aria-label": t("sqled_tab_close", lang)},
                    ),
                    dcc.Link(
                        t("sqled_browse", lang),
                        href="/sql/browse" + f.query_string(),
                        id="sqled-browse",
                        className="sqled-browse",
                    ),
                ],
                role="group",
                **{"aria-label": t("sqled_tabs", lang)},
                style={**_BAR, "marginTop": 0},
            ),
            html.Label(
                [
                    html.Span(t("sql.examples", lang), className="field-label"),
                    dcc.Dropdown(
                        id="sql-example",
                        options=saved_options(lang),
                        placeholder=t("sql.examples_placeholder", lang),
                        clearable=True,
                    ),
                ],
                className="field",
            ),
            html.Label(
                [
                    html.Span(t("sql.editor", lang), className="field-label"),
                    dcc.Textarea(id="sql-editor", value=sql or FIRST_SQL, spellCheck=False, style=_EDITOR),
                ],
                className="field",
                style={"display": "block"},
            ),
            html.Div(id="sqled-host", **{"data-src": script_url(), "data-label": t("sql.editor", lang)}),
            html.Small(t("sqled_keys", lang), className="chart-note"),
            html.Div(
                [
                    html.Button(
                        t("sql.run", lang), id="sql-run", n_clicks=0, style=_RUN, title=t("sqled_run_key", lang)
                    ),
                    html.Button(t("sqled_format", lang), id="sqled-format", n_clicks=0, style=_BUTTON),
                    html.Button(t("sqled_explain", lang), id="sqled-explain", n_clicks=0, style=_BUTTON),
                    html.Button(t("button.download_csv", lang), id="sql-csv", n_clicks=0, disabled=True, style=_BUTTON),
                    html.Button(
                        t("button.download_xlsx", lang), id="sql-xlsx", n_clicks=0, disabled=True, style=_BUTTON
                    ),
                    html.Span(id="sql-status", role="status"),
                ],
                style=_BAR,
            ),
            dcc.Download(id="sql-download"),
            dcc.Store(id="sql-last"),
            dcc.Store(id="sqled-tabs-store", storage_type="local"),
            dcc.Store(id="sqled-url-sql", data={"sql": sql, "known": bool(sql and history().has_run(owner(), sql))}),
            dcc.Store(id="sqled-catalogue", data=catalogue_url(w)),  # where the editor fetches it
            dcc.Store(id="sqled-words", data=t("sqled_tab_name", lang, n="{n}")),
            html.Div(id="sqled-noop", hidden=True),
            dcc.Loading(
                [
                    html.Div(id="sql-error", role="alert"),
                    html.Div(id="sql-truncated"),
                    html.P(t("ui.sql.empty", lang), id="sql-empty", className="chart-note"),
                    html.Div(
                        AgGrid(
                            id="sql-grid",
                            rowData=[],
                            columnDefs=[],
                            defaultColDef={"resizable": True, "sortable": True, "filter": True, "minWidth": 90},
                            dashGridOptions={
                                "enableCellTextSelection": True,
                                "ensureDomOrder": True,
                                "localeText": grid_locale(lang),
                            },
                            style={"height": "460px"},
                            className="ag-theme-alpine grid-at-once",  # the answer asked for: drawn wherever it is
                        ),
                        id="sql-grid-box",
                        hidden=True,
                    ),
                ],
                type="default",
                delay_show=200,
            ),
            html.Div(id="sqled-plan", className="sqled-plan"),
            chart_section(lang),
        ],
        className="card",
    )
    side = html.Div([saved_panel(lang), history_panel(lang, f.era), schema_panel(w, lang)])
    return [html.Div([editor, side], style=_COLUMNS)]


def chart_section(lang: str) -> html.Section:
    def pick(key: str, id_: str, clearable: bool = False):
        return html.Label([html.Span(t(key, lang), className="field-label"),
                           dcc.Dropdown(id=id_, options=[], clearable=clearable)], className="field",
                          style={"minWidth": "11rem"})  # fmt: skip

    return html.Section(
        [
            html.H2(t("sqled_chart", lang), id="sqled-chart-title"),
            html.Div(
                [
                    pick("sqled_chart_x", "sqled-x"),
                    pick("sqled_chart_y", "sqled-y"),
                    pick("sqled_chart_series", "sqled-series", clearable=True),
                    html.Label(
                        [
                            html.Span(t("sqled_chart_kind", lang), className="field-label"),
                            dcc.Dropdown(
                                id="sqled-kind",
                                value="bar",
                                clearable=False,
                                options=[
                                    {"label": t("sqled_chart_bar", lang), "value": "bar"},
                                    {"label": t("sqled_chart_line", lang), "value": "line"},
                                ],
                            ),
                        ],
                        className="field",
                        style={"minWidth": "8rem"},
                    ),
                ],
                style=_BAR,
            ),
            html.Div(id="sqled-chart-error", role="status"),
            # The chart (dcc.Graph) is put here once there is one to draw: a page opened with none is sent
            # without plotly.js (dashboard/app.py, PLOTLY_LOCALE), which the chart then brings.
            html.Div(id="sqled-graph-box"),
            html.Div(
                [
                    html.Button(t("sqled_png", lang), id="sqled-png", n_clicks=0, style=_BUTTON),
                    html.Button(t("sqled_svg", lang), id="sqled-svg", n_clicks=0, style=_BUTTON),
                    html.Button(t("sqled_slide", lang), id="sqled-slide", n_clicks=0, style=_BUTTON),
                ],
                style=_BAR,
            ),
            dcc.Download(id="sqled-chart-download"),
        ],
        id="sqled-chart",
        hidden=True,
        **{"aria-labelledby": "sqled-chart-title"},
    )


def saved_panel(lang: str) -> html.Aside:
    return html.Aside(
        [
            html.H2(t("sqled_save_title", lang)),
            html.Label(
                [
                    html.Span(t("sqled_name", lang), className="field-label"),
                    dcc.Input(id="sqled-save-name", type="text", maxLength=200, style={"width": "100%"}),
                ],
                className="field",
                style={"display": "block"},
            ),
            html.Label(
                [
                    html.Span(t("sqled_description", lang), className="field-label"),
                    dcc.Textarea(id="sqled-save-description", maxLength=2000, style={"width": "100%"}),
                ],
                className="field",
                style={"display": "block"},
            ),
            html.Label(
                [
                    html.Span(t("sqled_who_sees", lang), className="field-label"),
                    dcc.Dropdown(
                        id="sqled-save-shared",
                        value="private",
                        clearable=False,
                        options=[
                            {"label": t("sqled_only_me", lang), "value": "private"},
                            {"label": t("sqled_share", lang), "value": "shared"},
                        ],
                    ),
                ],
                className="field",
                style={"display": "block"},
            ),
            html.Div(
                [
                    html.Button(t("sqled_save", lang), id="sqled-save", n_clicks=0, style=_BUTTON),
                    html.Button(t("sqled_delete", lang), id="sqled-delete", n_clicks=0, style=_BUTTON),
                ],
                style=_BAR,
            ),
            html.Div(id="sqled-save-status", role="status"),
        ],
        id="sqled-saved",
        className="card",
    )


def history_panel(lang: str, era: str) -> html.Aside:
    return html.Aside(
        [
            html.H2(t("sqled_history", lang)),
            html.Label(
                [
                    html.Span(t("sqled_history_search", lang), className="field-label"),
                    dcc.Input(id="sqled-history-search", type="search", debounce=True, style={"width": "100%"}),
                ],
                className="field",
                style={"display": "block"},
            ),
            html.Ol(
                history_items(lang, era),
                id="sqled-history",
                n_clicks=0,
                style={"maxHeight": "40vh", "overflowY": "auto", "paddingLeft": "1.2rem"},
            ),
        ],
        id="sqled-history-box",
        className="card",
    )


def history_items(lang: str, era: str, search: str = "") -> list:
    """The user's runs, newest first (times in the view's era): a button each, which puts its query in the editor."""
    items = []
    for r in history().runs(owner(), search):
        when = fmt_datetime(dt.datetime.fromisoformat(r.ran_at), lang, era, seconds=True)
        outcome = (t("sqled_history_error", lang) if r.error else
                   t("sqled_history_rows", lang, n=fmt_int(r.rows, lang), ms=fmt_int(r.ms, lang)))  # fmt: skip
        first = " ".join(r.sql.split())
        items.append(
            html.Li(
                html.Button(
                    [
                        html.Small(f"{when} · {outcome}"),
                        html.Br(),
                        html.Code(first[:160] + ("…" if len(first) > 160 else "")),
                    ],
                    className="sqled-history-line",
                    style={
                        "font": "inherit",
                        "textAlign": "left",
                        "background": "none",
                        "border": "none",
                        "padding": "0.2rem 0",
                        "cursor": "pointer",
                        "width": "100%",
                    },
                    **{"data-sql": r.sql},
                )
            )
        )
    return items or [html.Li(t("sqled_history_none", lang), className="chart-note history-none")]  # no number


def schema_panel(w, lang: str) -> html.Aside:
    """Every table and view with its kind and comment; its columns, with type and comment, are drawn when it
    is first opened (`schema_columns`)."""
    items = []
    for name, kind, comment in schema(w).select("name", "kind", "comment").unique(maintain_order=True).iter_rows():
        items.append(
            html.Details(
                [
                    html.Summary(
                        [
                            html.Code(name, style={"fontWeight": 700}),
                            " ",
                            html.Small(t(f"sql.kind.{kind}", lang)),
                            html.Div(comment or "", style={"fontSize": "0.8rem", "color": "var(--muted)"}),
                        ],
                        id={"type": "sql-schema-open", "name": name},
                        n_clicks=0,
                        style={"cursor": "pointer", "margin": "0.3rem 0"},
                    ),
                    html.Div(id={"type": "sql-schema-columns", "name": name}),
                ],
                id=f"sql-schema-{name}",
            )
        )
    return html.Aside(
        [html.H2(t("sql.schema", lang)), html.P(t("sql.schema_hint", lang), className="chart-note"), *items],
        id="sql-schema",
        className="card",
        style={"maxHeight": "80vh", "overflowY": "auto"},
    )


def column_table(w, name: str) -> html.Table | None:
    """A table's or view's columns with their types and comments (None: the warehouse has no such relation)."""
    frame = schema(w)
    cols = frame.filter(frame["name"] == name)
    if cols.is_empty():
        return None
    return html.Table(
        [
            html.Tr(
                [
                    html.Td(html.Code(c["column_name"])),
                    html.Td(html.Small(c["data_type"])),
                    html.Td(c["column_comment"] or "", style={"fontSize": "0.8rem"}),
                ]
            )
            for c in cols.iter_rows(named=True)
        ],
        style={"fontSize": "0.85rem", "borderSpacing": "0.4rem 0.15rem"},
    )


# A table's summary was clicked (or taken with Enter or Space, which click it too): the first time it opens,
# its columns are drawn under it; later the columns shown stay as they are.
@callback(
    Output({"type": "sql-schema-columns", "name": MATCH}, "children"),
    Input({"type": "sql-schema-open", "name": MATCH}, "n_clicks"),
    State({"type": "sql-schema-columns", "name": MATCH}, "children"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def schema_columns(n_clicks, shown, search):
    name = ctx.triggered_id["name"] if isinstance(ctx.triggered_id, dict) else None
    drawn = isinstance(shown, dict) and shown.get("type") == "Table"
    if not n_clicks or drawn or not isinstance(name, str):
        raise PreventUpdate
    try:
        table = column_table(context.get().warehouse, name)
    except WarehouseError as e:  # said where the columns would be; the next opening asks again
        return html.P(t("page.error", context.filters_from(search).lang, error=str(e)), role="alert")
    if table is None:
        raise PreventUpdate
    return table


def grid(result: SqlResult) -> tuple[list[dict], list[dict]]:
    """rowData and columnDefs: fields c0, c1, ... (column names may repeat or hold dots)."""
    defs = [
        {"field": f"c{i}", "headerName": name, "headerTooltip": typ,
         **({"cellStyle": {"textAlign": "right"}} if typ.startswith(NUMERIC) else {})}
        for i, (name, typ) in enumerate(zip(result.columns, result.types, strict=True))
    ]  # fmt: skip
    rows = [
        {f"c{i}": (cell_text(v) if isinstance(v, list | dict) else v) for i, v in enumerate(row)} for row in result.rows
    ]
    return rows, defs


def status(result: SqlResult, lang: str) -> str:
    """The answer's row count and time, and whether it was kept from an earlier run (its time is then the
    request's own, not the query's)."""
    if not result.rows:
        text = t("sql.no_rows", lang) + f" ({fmt_int(result.elapsed_ms, lang)} ms)"
    else:
        text = t("sql.result", lang, n=fmt_int(len(result.rows), lang), ms=fmt_int(result.elapsed_ms, lang))
    return f"{text} ({t('sql.kept', lang)})" if result.kept else text


@callback(Output("sql-editor", "value"), Input("sql-example", "value"), prevent_initial_call=True)
def pick_example(key):
    """A saved query picked from the list replaces the editor's text (one the user may open)."""
    if not isinstance(key, str):
        return dash.no_update
    if key in BY_NAME:
        return BY_NAME[key].sql
    q = history().saved(owner(), key)
    return q.sql if q is not None else dash.no_update


@callback(
    Output("sql-grid", "rowData"),
    Output("sql-grid", "columnDefs"),
    Output("sql-status", "children"),
    Output("sql-truncated", "children"),
    Output("sql-error", "children"),
    Output("sql-last", "data"),
    Output("sql-csv", "disabled"),
    Output("sql-xlsx", "disabled"),
    Input("sql-run", "n_clicks"),
    State("sql-editor", "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def run_query(_clicks, sql, search):
    lang = context.filters_from(search).lang
    try:
        result = runner().run(sql or "", who=who())
    except SqlError as e:
        if e.status != 503 and (sql or "").strip():
            history().record(owner(), sql, rows=None, ms=0, error=str(e))
        return [], [], "", None, error_alert(e, lang), None, True, True
    history().record(owner(), sql, rows=len(result.rows), ms=result.elapsed_ms, truncated=result.truncated)
    rows, defs = grid(result)
    truncated = None
    if result.truncated:
        truncated = html.Div(
            t("sql.truncated", lang, n=fmt_int(len(rows), lang)), className="notice", id="sql-truncated-text"
        )
    last = {"sql": sql, "truncated": result.truncated, "ran_at": dt.datetime.now().isoformat(timespec="seconds")}
    return rows, defs, status(result, lang), truncated, None, last, False, False


def error_alert(e: SqlError, lang: str) -> html.Div:
    """The error in words, and where DuckDB placed it (line and column, also marked in the editor)."""
    text = t("sql.error", lang, error=str(e))
    at = e.at or {}
    data = {}
    if at.get("line") and at.get("col"):
        text += " " + t("sqled_at", lang, line=fmt_int(at["line"], lang), col=fmt_int(at["col"], lang))
        data = {"data-line": str(at["line"]), "data-col": str(at["col"]), "data-length": str(at.get("length", 1))}
    return html.Div(text, className="notice error", id="sql-error-text", **data)


# The grid shows once it has columns (a grid without them is an empty header row); before, a line says where the
# answer goes. A clientside callback, hashed into the Content-Security-Policy.
clientside_callback(
    "function (defs) { var none = !defs || !defs.length; return [none, !none]; }",
    Output("sql-grid-box", "hidden"),
    Output("sql-empty", "hidden"),
    Input("sql-grid", "columnDefs"),
)


@callback(
    Output("sql-download", "data"),
    Input("sql-csv", "n_clicks"),
    Input("sql-xlsx", "n_clicks"),
    State("sql-grid", "rowData"),
    State("sql-grid", "columnDefs"),
    State("sql-last", "data"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def download(_csv, _xlsx, row_data, column_defs, last, search):
    """The rows in the grid as CSV (UTF-8 with BOM) or XLSX, the query and its time beside them."""
    if not column_defs or not last:
        return dash.no_update
    kind = "csv" if ctx.triggered_id == "sql-csv" else "xlsx"
    content = download_file(kind, row_data or [], column_defs, last, context.filters_from(search).lang)
    return dcc.send_bytes(content, f"query.{kind}")


def download_file(kind: str, row_data: list[dict], column_defs: list[dict], last: dict, lang: str) -> bytes:
    columns = [d["headerName"] for d in column_defs]
    rows = [[r.get(d["field"]) for d in column_defs] for r in row_data]
    if kind == "csv":
        return to_csv(columns, rows)
    about = [
        (t("sql.about.sql", lang), last["sql"] or ""),
        (t("sql.about.run_at", lang), last["ran_at"]),
        (t("sql.about.rows", lang), str(len(rows))),
        (t("sql.about.truncated", lang), t(f"sql.about.truncated_{'yes' if last['truncated'] else 'no'}", lang)),
        (t("sql.about.as_of", lang), context.get().warehouse.meta.get("data_as_of", "")),
    ]
    return to_xlsx(columns, rows, about, sheet=t("sql.sheet.result", lang), about_sheet=t("sql.sheet.about", lang))


# -- the editor: loaded by this page alone, drawn over the textarea -----------------------------------------
# Clientside callbacks (their text is hashed into the Content-Security-Policy). The script's address has its
# content's hash in it (dashboard/sql/editor.py); it is fetched once, when the page first shows.
# What the editor completes is fetched beside the script (the browser keeps it per warehouse build): keywords
# complete at once, the warehouse's tables, views and columns as soon as it arrives.
clientside_callback(
    """function (url) {
        var host = document.getElementById('sqled-host');
        if (!host) { return window.dash_clientside.no_update; }
        var kept = window.__sqlCatalogue || {};  // the page drawn again (a filter change): no second fetch
        var catalogue = kept.url === url ? kept.data : null;
        if (url && !catalogue && window.fetch) {
            fetch(url, {credentials: 'same-origin'})
                .then(function (r) { return r.ok ? r.json() : null; })
                .then(function (data) {
                    if (!Array.isArray(data)) { return; }
                    catalogue = data;
                    window.__sqlCatalogue = {url: url, data: data};
                    if (window.SqlEditor) { window.SqlEditor.setCatalogue('sql-editor', data); }
                })
                .catch(function () { return null; });
        }
        var attach = function () {
            window.SqlEditor.attach('sql-editor', {label: host.getAttribute('data-label'), catalogue: catalogue});
        };
        if (window.SqlEditor) { attach(); return ''; }
        var src = host.getAttribute('data-src');
        var old = document.querySelector('script[data-sqled]');
        if (old) { old.addEventListener('load', attach); return ''; }
        var s = document.createElement('script');
        s.src = src; s.async = true; s.setAttribute('data-sqled', '1');
        s.addEventListener('load', attach);
        document.head.appendChild(s);
        return '';
    }""",
    Output("sqled-noop", "children"),
    Input("sqled-catalogue", "data"),
)
# The page set the query (a saved query, history, a tab): the editor shows it.
clientside_callback(
    """function (text) { if (window.SqlEditor) { window.SqlEditor.sync('sql-editor', text); }
        return window.dash_clientside.no_update; }""",
    Output("sqled-noop", "title"),
    Input("sql-editor", "value"),
)
clientside_callback(
    """function (n) { if (n && window.SqlEditor) { window.SqlEditor.format('sql-editor'); }
        return window.dash_clientside.no_update; }""",
    Output("sqled-noop", "className"),
    Input("sqled-format", "n_clicks"),
    prevent_initial_call=True,
)
# An error DuckDB placed at a line and column is marked there in the editor.
clientside_callback(
    """function (alert) {
        if (!window.SqlEditor) { return window.dash_clientside.no_update; }
        var p = alert && alert.props ? alert.props : null;
        var at = p && p['data-line'] ? {line: +p['data-line'], col: +p['data-col'], length: +p['data-length']} : null;
        window.SqlEditor.markError('sql-editor', at, p ? String(p.children || '') : '');
        return window.dash_clientside.no_update;
    }""",
    Output("sqled-noop", "role"),
    Input("sql-error", "children"),
    prevent_initial_call=True,
)
# The URL names the query that ran (?sql=...): a copied link, a bookmark or a reload reopens it and its answer.
clientside_callback(
    """function (last) {
        if (!last || !last.sql) { return window.dash_clientside.no_update; }
        var q = new URLSearchParams(window.location.search);
        q.set('sql', last.sql);
        window.history.replaceState(window.history.state, '', window.location.pathname + '?' + q.toString());
        return window.dash_clientside.no_update;
    }""",
    Output("sqled-noop", "lang"),
    Input("sql-last", "data"),
    prevent_initial_call=True,
)

# -- tabs: several open queries, kept in the browser ----------------------------------------------------------
# {"tabs": [{"id": n, "sql": text}], "active": id, "next": n}. Opening the page with ?sql= opens (or finds) a
# tab of that query and runs it; picking a tab shows its query; the editor's text is kept in the active tab.
clientside_callback(
    """function (urlSql, picked, added, closed, text, store, runs) {
        var nu = window.dash_clientside.no_update;
        var trig = (window.dash_clientside.callback_context.triggered || []).map(function (t) { return t.prop_id; });
        var s = store && store.tabs && store.tabs.length ? JSON.parse(JSON.stringify(store)) : null;
        var find = function (id) { return s.tabs.filter(function (t) { return t.id === id; })[0]; };
        if (!s) { s = {tabs: [{id: 1, sql: text || ''}], active: 1, next: 2}; }
        var show = nu, run = nu;
        if (trig.indexOf('sqled-url-sql.data') >= 0 || !trig.length || trig[0] === '.') {
            var u = urlSql && urlSql.sql;
            if (u) {
                var same = s.tabs.filter(function (t) { return t.sql === u; })[0];
                if (!same) { same = {id: s.next++, sql: u}; s.tabs.push(same); }
                s.active = same.id; show = u;
                // Run it when this user ran it before, or the link is the dashboard's own; a link from
                // elsewhere only opens the query (another site cannot make an analyst's browser run SQL).
                var own = document.referrer && document.referrer.indexOf(window.location.origin + '/') === 0;
                if (urlSql.known || own) { run = (runs || 0) + 1; }
            } else { show = find(s.active) ? find(s.active).sql : (text || ''); }
        } else if (trig.indexOf('sqled-tab-new.n_clicks') >= 0) {
            var t = {id: s.next++, sql: ''}; s.tabs.push(t); s.active = t.id; show = '';
        } else if (trig.indexOf('sqled-tab-close.n_clicks') >= 0) {
            if (s.tabs.length > 1) {
                var i = s.tabs.indexOf(find(s.active));
                s.tabs.splice(i, 1);
                s.active = s.tabs[Math.max(0, i - 1)].id; show = find(s.active).sql;
            } else { s.tabs[0].sql = ''; show = ''; }
        } else if (trig.indexOf('sqled-tabbar.n_clicks') >= 0) {
            // the tab button clicked (or pressed with Enter or Space) is the focused one
            var el = document.activeElement;
            picked = el && el.closest('#sqled-tabbar') ? +el.getAttribute('data-tab') : null;
            if (!find(picked) || picked === s.active) { return [nu, nu, nu]; }
            s.active = picked; show = find(picked).sql;
        } else if (trig.indexOf('sql-editor.value') >= 0) {
            var a = find(s.active);
            if (!a || a.sql === text) { return [nu, nu, nu]; }
            a.sql = text || '';
        }
        return [s, show === text ? nu : show, run];
    }""",
    Output("sqled-tabs-store", "data"),
    Output("sql-editor", "value", allow_duplicate=True),
    Output("sql-run", "n_clicks", allow_duplicate=True),
    Input("sqled-url-sql", "data"),
    Input("sqled-tabbar", "n_clicks"),
    Input("sqled-tab-new", "n_clicks"),
    Input("sqled-tab-close", "n_clicks"),
    Input("sql-editor", "value"),
    State("sqled-tabs-store", "data"),
    State("sql-run", "n_clicks"),
    prevent_initial_call="initial_duplicate",
)
# The tab bar: one tab per open query, named by its first line.
clientside_callback(
    """function (s, none) {
        if (!s || !s.tabs) { return []; }
        return s.tabs.map(function (t, i) {
            var line = (t.sql || '').split('\\n').map(function (l) { return l.trim(); })
                .filter(function (l) { return l && l.indexOf('--') !== 0; })[0] || '';
            var name = line ? (line.length > 28 ? line.slice(0, 27) + '…' : line) : none.replace('{n}', i + 1);
            var on = t.id === s.active;
            return {type: 'Button', namespace: 'dash_html_components', props: {
                children: name, 'data-tab': String(t.id), 'aria-pressed': on ? 'true' : 'false', title: t.sql || '',
                className: 'sqled-tab', style: {font: 'inherit', padding: '0.25rem 0.7rem', borderRadius: '4px',
                border: '1px solid var(--line)', cursor: 'pointer', background: on ? 'var(--accent)' : '#fff',
                color: on ? '#fff' : 'inherit', fontWeight: on ? 700 : 400}}};
        });
    }""",
    Output("sqled-tabbar", "children"),
    Input("sqled-tabs-store", "data"),
    State("sqled-words", "data"),
)


# -- the plan ---------------------------------------------------------------------------------------------


@callback(
    Output("sqled-plan", "children"),
    Input("sqled-explain", "n_clicks"),
    State("sql-editor", "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def explain(_clicks, sql, search):
    """DuckDB's plan of the query (EXPLAIN, through the same checks and worker) as a tree."""
    lang = context.filters_from(search).lang
    try:
        result = runner().run(f"EXPLAIN (FORMAT JSON) {sql or ''}", who=who())
        plans = [json.loads(value) for _key, value in result.rows]
    except SqlError as e:
        return error_alert(e, lang)
    except ValueError:
        return html.Div(t("sqled_plan_unreadable", lang), className="notice error")
    nodes = [n for p in plans for n in (p if isinstance(p, list) else [p])]
    return html.Section(
        [
            html.H2(t("sqled_plan", lang)),
            html.P(t("sqled_plan_hint", lang), className="chart-note"),
            html.Ul(
                [plan_node(n) for n in nodes],
                className="sqled-tree",
                role="tree",
                **{"aria-label": t("sqled_plan", lang)},
            ),
        ],
        id="sqled-plan-tree",
    )


def plan_node(node: dict) -> html.Li:
    """One operator: its name, what DuckDB says of it (table, filters, projections, estimated rows), its inputs."""
    info = node.get("extra_info") or {}
    details = []
    for key, value in info.items():
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        details.append(html.Div([html.Span(f"{key}: ", className="sqled-plan-key"), shown]))
    children = [c for c in node.get("children") or [] if isinstance(c, dict)]
    return html.Li(
        [
            html.Strong(str(node.get("name", "?")).replace("_", " ")),
            html.Div(details, className="sqled-plan-info") if details else None,
            html.Ul([plan_node(c) for c in children], role="group") if children else None,
        ],
        role="treeitem",
        **{"aria-expanded": "true"} if children else {},
    )


# -- history and saved queries --------------------------------------------------------------------------


@callback(
    Output("sqled-history", "children"),
    Input("sql-last", "data"),
    Input("sql-error", "children"),
    Input("sqled-history-search", "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def show_history(_last, _error, searched, search):
    f = context.filters_from(search)
    return history_items(f.lang, f.era, str(searched or "")[:500])


# A line of history clicked (or pressed): its query in the editor. The clicked button is the focused one.
clientside_callback(
    """function (n) {
        var el = document.activeElement;
        var line = el && el.closest('#sqled-history') ? el.closest('button') : null;
        return line && line.hasAttribute('data-sql') ? line.getAttribute('data-sql') : window.dash_clientside.no_update;
    }""",
    Output("sql-editor", "value", allow_duplicate=True),
    Input("sqled-history", "n_clicks"),
    prevent_initial_call=True,
)


@callback(
    Output("sqled-save-status", "children"),
    Output("sql-example", "options"),
    Input("sqled-save", "n_clicks"),
    Input("sqled-delete", "n_clicks"),
    State("sqled-save-name", "value"),
    State("sqled-save-description", "value"),
    State("sqled-save-shared", "value"),
    State("sql-editor", "value"),
    State("sql-example", "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def save_query(_save, _delete, name, description, shared, sql, picked, search):
    """Save the editor's query under a name (private, or shared with everyone), or delete the picked one of
    the user's own."""
    lang = context.filters_from(search).lang
    me = owner()
    if ctx.triggered_id == "sqled-delete":
        done = history().delete(me, str(picked or ""))
        message = t("sqled_deleted" if done else "sqled_delete_none", lang)
        return html.Span(message, id="sqled-save-message"), saved_options(lang)
    try:
        q = history().save(me, str(name or ""), str(description or ""), str(sql or ""), shared == "shared")
    except BadQuery as e:
        return html.Span(t("sqled_save_error", lang, error=str(e)), id="sqled-save-message",
                         className="notice error"), dash.no_update  # fmt: skip
    key = "sqled_saved_shared" if q.shared else "sqled_saved_private"
    return html.Span(t(key, lang, name=q.name), id="sqled-save-message"), saved_options(lang)


# -- a chart of the answer ------------------------------------------------------------------------------


def result_of(row_data: list[dict] | None, column_defs: list[dict] | None) -> tuple[list[str], list[str], list[list]]:
    """(columns, types, rows) of the answer in the grid, values as the grid holds them."""
    defs = column_defs or []
    columns = [str(d.get("headerName", "")) for d in defs]
    types = [str(d.get("headerTooltip", "")) for d in defs]
    rows = [[r.get(d["field"]) for d in defs] for r in row_data or []]
    return columns, types, rows


@callback(
    Output("sqled-x", "options"),
    Output("sqled-x", "value"),
    Output("sqled-y", "options"),
    Output("sqled-y", "value"),
    Output("sqled-series", "options"),
    Output("sqled-series", "value"),
    Output("sqled-chart", "hidden"),
    Input("sql-grid", "columnDefs"),
    prevent_initial_call=True,
)
def chart_choices(column_defs):
    """x and series from any column, y from the numeric ones; first guesses: the last numeric column as y
    (a count or a sum after its keys), the first other column as x."""
    columns, types, _ = result_of([], column_defs)
    numeric = [i for i, typ in enumerate(types) if sqlchart.is_numeric(typ)]
    if not columns or not numeric:
        return [], None, [], None, [], None, True
    every = [{"label": c, "value": i} for i, c in enumerate(columns)]
    y = numeric[-1]
    x = next((i for i in range(len(columns)) if i != y), y)
    return every, x, [every[i] for i in numeric], y, every, None, False


@callback(
    Output("sqled-graph-box", "children"),
    Output("sqled-chart-error", "children"),
    Input("sqled-x", "value"),
    Input("sqled-y", "value"),
    Input("sqled-series", "value"),
    Input("sqled-kind", "value"),
    State("sql-grid", "rowData"),
    State("sql-grid", "columnDefs"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def draw_chart(x, y, series, kind, row_data, column_defs, search):
    if x is None or y is None:
        return None, None
    f = context.filters_from(search)
    columns, types, rows = result_of(row_data, column_defs)
    try:
        fig = sqlchart.figure(columns, types, rows, x=x, y=y, series=series, kind=kind or "bar", lang=f.lang)
    except sqlchart.ChartError as e:
        return None, html.Div(str(e), className="notice", id="sqled-chart-message")
    height = fig["layout"].get("height")  # its box holds the chart's room while it waits to be seen
    box = {"minHeight": f"{height}px"} if isinstance(height, int) else None
    return dcc.Graph(id="sqled-graph", figure=fig, config=graph_config(f.lang), style=box), None


@callback(
    Output("sqled-chart-download", "data"),
    Input("sqled-png", "n_clicks"),
    Input("sqled-svg", "n_clicks"),
    Input("sqled-slide", "n_clicks"),
    State("sqled-x", "value"),
    State("sqled-y", "value"),
    State("sqled-series", "value"),
    State("sqled-kind", "value"),
    State("sql-grid", "rowData"),
    State("sql-grid", "columnDefs"),
    State("sql-last", "data"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def download_chart(_png, _svg, _slide, x, y, series, kind, row_data, column_defs, last, search):
    """The chart on the screen as PNG or SVG (the chart-image code), or a slide with the SQL in its notes."""
    if x is None or y is None or not last:
        return dash.no_update
    lang = context.filters_from(search).lang
    columns, types, rows = result_of(row_data, column_defs)
    try:
        fig = sqlchart.figure(columns, types, rows, x=x, y=y, series=series, kind=kind or "bar", lang=lang)
    except sqlchart.ChartError:
        return dash.no_update
    which = {"sqled-png": "png", "sqled-svg": "svg", "sqled-slide": "pptx"}.get(ctx.triggered_id)
    if which == "pptx":
        from urllib.parse import urlencode

        from dashboard.security import public_base

        link = public_base(context.get().settings).rstrip("/") + "/sql?" + urlencode({"lang": lang, "sql": last["sql"]})
        return dcc.send_bytes(sqlchart.slide(fig, last["sql"] or "", lang, link), "query-chart.pptx")
    if which in ("png", "svg"):
        return dcc.send_bytes(sqlchart.image(fig, which), f"query-chart.{which}")
    return dash.no_update
