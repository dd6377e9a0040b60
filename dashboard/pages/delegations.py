"""Delegations: by year and direction, by purpose, a timeline of missions and events, the records."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, html

from dashboard import views
from dashboard.components import chart_card, records_grid
from dashboard.drill import from_click
from dashboard.pages._common import drill_output, first_records, initial_grid, render

dash.register_page(__name__, path="/delegations", name="Delegations", title="Delegations")


def build(f, w):
    charts = views.PAGES["delegations"]
    frames, (first,) = views.load(w, charts, f, extra=[first_records("delegations", f)])
    q = f.without_notices().query_string()
    cards = {c.id: chart_card(c.id, c.draw(frames, f), f.lang, exports=q) for c in charts}
    return [
        html.Div([cards["dl-by-year"], cards["dl-by-purpose"]], className="grid"),
        cards["dl-timeline"],
        records_grid("dl-records", f.lang, *initial_grid("delegations", f, first)),
    ]


def layout(**query):
    return render("delegations", query, build)


@callback(
    Output("dl-records", "rowData"),
    Output("dl-records", "columnDefs"),
    Output("dl-records-title", "children"),
    Input("dl-by-year", "clickData"),
    Input("dl-by-purpose", "clickData"),
    Input("dl-timeline", "clickData"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def show_records(by_year, by_purpose, tl, search):
    if ctx.triggered_id == "dl-by-year":
        return drill_output("delegations", search, from_click(by_year, "year", ["direction"]))
    if ctx.triggered_id == "dl-by-purpose":
        return drill_output("delegations", search, from_click(by_purpose, None, ["purpose", "direction"]))
    return drill_output("delegations", search, from_click(tl, None, ["id"]))
