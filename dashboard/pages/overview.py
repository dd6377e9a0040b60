"""Overview: headline figures and the trends, for the current filters."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, html

from dashboard import views
from dashboard.components import chart_card, kpis, records_grid
from dashboard.drill import from_click
from dashboard.pages._common import drill_box, render

dash.register_page(__name__, path="/", name="Overview", title="Overview")


def build(f, w):
    charts = views.PAGES["overview"]
    frames, (head,) = views.load(w, charts, f, extra=[(views.HEADLINE_QUERY, f.params())])
    q = f.without_notices().query_string()
    return [
        kpis([(k.id, k.label, k.text) for k in views.headline(head, f)]),
        html.Div([chart_card(c.id, c.draw(frames, f), f.lang, exports=q) for c in charts], className="grid"),
        records_grid("ov-records", f.lang),
    ]


def layout(**query):
    return render("overview", query, build)


@callback(
    Output("ov-records-box", "children"),
    Output("ov-records-title", "children"),
    Input("ov-agreements", "clickData"),
    Input("ov-delegations", "clickData"),
    Input("ov-investment", "clickData"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def show_records(agr, dele, inv, search):
    if ctx.triggered_id == "ov-agreements":
        return drill_box("ov-records", "agreements", search, from_click(agr, "year", ["type"]))
    if ctx.triggered_id == "ov-delegations":
        return drill_box("ov-records", "delegations", search, from_click(dele, "year", ["direction"]))
    return drill_box("ov-records", "investments", search, {**from_click(inv, "year", ["stage"]), "full_year": True})
