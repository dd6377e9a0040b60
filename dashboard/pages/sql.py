"""SQL: an editor, the saved example queries, the warehouse's tables, views and columns with
their comments beside it; the answer in a grid with its row count, time and truncation; CSV and
XLSX of exactly the rows shown.

The query runs in the SQL worker process (dashboard/sql), like /api/sql: same checks, time limit
and row cap. The schema list is an ordinary dashboard query (db.py), cached per warehouse version.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dash
from dash import Input, Output, State, callback, clientside_callback, ctx, dcc, html
from dash_ag_grid import AgGrid

from dashboard import context
from dashboard.components import titled
from dashboard.i18n import fmt_int, grid_locale, t
from dashboard.pages._common import render
from dashboard.sql.api import runner, who
from dashboard.sql.examples import BY_NAME, EXAMPLES
from dashboard.sql.results import cell_text, to_csv, to_xlsx
from dashboard.sql.runner import SqlError, SqlResult

dash.register_page(__name__, path="/sql", name="SQL", title=titled("sql"))

SCHEMA_SQL = Path(__file__).resolve().parents[1] / "sql" / "schema.sql"
FIRST_SQL = "SELECT *\nFROM agreements\nORDER BY signed_on DESC\nLIMIT 100"
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


def layout(**query):
    return render("sql", query, build)


def build(f, w) -> list:
    lang = f.lang
    s = context.get().settings
    intro = t("sql.intro", lang, rows=fmt_int(s.sql_row_cap, lang), seconds=f"{s.sql_timeout_s:g}")
    editor = html.Section(
        [
            html.P(intro, className="notice"),
            html.Label(
                [
                    html.Span(t("sql.examples", lang), className="field-label"),
                    dcc.Dropdown(
                        id="sql-example",
                        options=[{"label": e.title(lang), "value": e.name} for e in EXAMPLES],
                        placeholder=t("sql.examples_placeholder", lang),
                        clearable=True,
                    ),
                ],
                className="field",
            ),
            html.Label(
                [
                    html.Span(t("sql.editor", lang), className="field-label"),
                    dcc.Textarea(id="sql-editor", value=FIRST_SQL, spellCheck=False, style=_EDITOR),
                ],
                className="field",
                style={"display": "block"},
            ),
            html.Div(
                [
                    html.Button(t("sql.run", lang), id="sql-run", n_clicks=0, style=_RUN),
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
                            className="ag-theme-alpine",
                        ),
                        id="sql-grid-box",
                        hidden=True,
                    ),
                ],
                type="default",
                delay_show=200,
            ),
        ],
        className="card",
    )
    return [html.Div([editor, schema_panel(w, lang)], style=_COLUMNS)]


def schema_panel(w, lang: str) -> html.Aside:
    """Every table and view with its comment, its columns with type and comment."""
    frame = w.query(SCHEMA_SQL.read_text(encoding="utf-8"), name="warehouse schema")
    items = []
    for (name, kind, comment), cols in frame.group_by(["name", "kind", "comment"], maintain_order=True):
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
                        style={"cursor": "pointer", "margin": "0.3rem 0"},
                    ),
                    html.Table(
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
                    ),
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
    if not result.rows:
        return t("sql.no_rows", lang) + f" ({fmt_int(result.elapsed_ms, lang)} ms)"
    return t("sql.result", lang, n=fmt_int(len(result.rows), lang), ms=fmt_int(result.elapsed_ms, lang))


@callback(Output("sql-editor", "value"), Input("sql-example", "value"), prevent_initial_call=True)
def pick_example(name):
    """A saved query picked from the list replaces the editor's text."""
    return BY_NAME[name].sql if name in BY_NAME else dash.no_update


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
        alert = html.Div(t("sql.error", lang, error=str(e)), className="notice error", id="sql-error-text")
        return [], [], "", None, alert, None, True, True
    rows, defs = grid(result)
    truncated = None
    if result.truncated:
        truncated = html.Div(
            t("sql.truncated", lang, n=fmt_int(len(rows), lang)), className="notice", id="sql-truncated-text"
        )
    last = {"sql": sql, "truncated": result.truncated, "ran_at": dt.datetime.now().isoformat(timespec="seconds")}
    return rows, defs, status(result, lang), truncated, None, last, False, False


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
