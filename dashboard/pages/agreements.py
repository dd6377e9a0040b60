"""Agreements: by year and type, by partner level, by sector, and the records."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, html

from dashboard import views
from dashboard.components import chart_card, records_grid
from dashboard.drill import from_click
from dashboard.pages._common import drill_output, first_records, initial_grid, render

dash.register_page(__name__, path="/agreements", name="Agreements", title="Agreements")


def build(f, w):
    charts = views.PAGES["agreements"]
    frames, (first,) = views.load(w, charts, f, extra=[first_records("agreements", f)])
    q = f.without_notices().query_string()
    cards = [chart_card(c.id, c.draw(frames, f), f.lang, note=c.note(f) if c.note else None, exports=q) for c in charts]
    return [
        html.Div(cards, className="grid"),
        records_grid("ag-records", f.lang, *initial_grid("agreements", f, first)),
    ]


def layout(**query):
    return render("agreements", query, build)


@callback(
    Output("ag-records", "rowData"),
    Output("ag-records", "columnDefs"),
    Output("ag-records-title", "children"),
    Input("ag-by-year", "clickData"),
    Input("ag-by-level", "clickData"),
    Input("ag-by-sector", "clickData"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def show_records(by_year, by_level, by_sector, search):
    if ctx.triggered_id == "ag-by-year":
        return drill_output("agreements", search, from_click(by_year, "year", ["type"]))
    if ctx.triggered_id == "ag-by-level":
        return drill_output("agreements", search, from_click(by_level, None, ["level"]))
    return drill_output("agreements", search, from_click(by_sector, None, ["sector"]))
