"""Delegations: by year, direction and status, by purpose, a timeline of missions and events, the records."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, html

from dashboard import views
from dashboard.components import mark_card, records_grid, titled
from dashboard.pages._common import first_records, initial_grid, open_drill, render

dash.register_page(__name__, path="/delegations", name="Delegations", title=titled("delegations"))
CHARTS = [c.id for c in views.PAGES["delegations"]]


def build(f, w):
    charts = views.PAGES["delegations"]
    frames, (first,) = views.load(w, charts, f, extra=[first_records("delegations", f)])
    cards = {c.id: mark_card(c, frames, f) for c in charts}
    return [
        html.Div([cards["dl-by-year"], cards["dl-by-purpose"]], className="grid"),
        cards["dl-timeline"],
        records_grid("dl-records", f.lang, *initial_grid("delegations", f, first)),
    ]


def layout(**query):
    return render("delegations", query, build, CHARTS)


@callback(
    Output("page-go", "data", allow_duplicate=True),
    *[Input(c, "clickData") for c in CHARTS],
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def show_records(*args):
    """A click on a mark: the URL names it (`drill=`), and the page opens its records beside the chart."""
    *clicks, search = args
    return open_drill(ctx.triggered_id, clicks[CHARTS.index(ctx.triggered_id)], search)
