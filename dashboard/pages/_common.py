"""What every page does around its charts: read the filters, guard the warehouse, drill down."""

from __future__ import annotations

from dash import html

from dashboard import context, drill, views
from dashboard.components import records_table, shell
from dashboard.db import WarehouseError
from dashboard.filters import Filters
from dashboard.i18n import fmt_int, t


def render(page: str, query: dict, build) -> html.Div:
    """layout(**query) of a page: `build(f, warehouse)` returns its content."""
    f = context.filters_from(query)
    w = context.get().warehouse
    try:
        meta = w.meta
        content = build(f, w)
    except WarehouseError as e:
        return shell(
            page, f, [html.Div(t("page.error", f.lang, error=str(e)), className="notice error", role="alert")], None
        )
    return shell(page, f, content, meta)


def count_text(n: int, lang: str, limit: int = drill.LIMIT) -> str:
    """A record count; at the grid's limit, say there are more."""
    return fmt_int(n, lang) + ("+" if n >= limit else "")


def drill_output(dataset: str, search: str | None, params: dict, clicked: bool = True):
    """-> (rowData, columnDefs, title) for the records grid."""
    f = context.filters_from(search)
    frame = drill.records(dataset, f, params)
    defs, rows = drill.grid(dataset, frame, f)
    key = "drill.records" if clicked else "drill.all_records"
    return rows, defs, t(key, f.lang, n=count_text(len(rows), f.lang))


def drill_box(grid_id: str, dataset: str, search: str | None, params: dict):
    """-> (the records grid, title) for a page that opened without records (`records_grid(..., rows=None)`)."""
    rows, defs, title = drill_output(dataset, search, params)
    return records_table(grid_id, rows, defs, lang=context.filters_from(search).lang), title


def first_records(dataset: str, f: Filters) -> tuple[str, dict]:
    """The query call for a page's records grid before any click (for Warehouse.query_many)."""
    return f"{dataset}_records", drill.params(f, {}, drill.FIRST)


def initial_grid(dataset: str, f: Filters, frame=None) -> tuple[list, list, str]:
    if frame is None:
        frame = drill.records(dataset, f, {}, limit=drill.FIRST)
    defs, rows = drill.grid(dataset, frame, f)
    return rows, defs, t("drill.all_records", f.lang, n=count_text(len(rows), f.lang, drill.FIRST))


def mark_params(chart_id: str, click: dict | None) -> tuple[str, dict]:
    """A click on a chart -> (the dataset of its records, the drill parameters of the clicked mark)."""
    params = drill.from_click(click)
    return params.pop("dataset", views.CHARTS[chart_id].dataset), params


def mark_records(chart_id: str, click: dict | None, search: str | None):
    """-> (rowData, columnDefs, title): exactly the records the clicked mark adds up."""
    dataset, params = mark_params(chart_id, click)
    return drill_output(dataset, search, params)


def mark_box(grid_id: str, chart_id: str, click: dict | None, search: str | None):
    """-> (the records grid, title) of the clicked mark, for a page that opened without records."""
    dataset, params = mark_params(chart_id, click)
    return drill_box(grid_id, dataset, search, params)
