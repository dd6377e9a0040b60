"""Overview: headline figures and the trends, for the current filters."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, html

from dashboard import views
from dashboard.components import coverage_box, kpis, mark_card, records_grid, titled
from dashboard.pages._common import mark_box, render

dash.register_page(__name__, path="/", name="Overview", title=titled("overview"))
CHARTS = [c.id for c in views.PAGES["overview"]]


def build(f, w):
    charts = views.PAGES["overview"]
    frames, _ = views.load(w, charts, f, also=views.HEADLINE_QUERIES)
    return [
        kpis(views.headline(frames, f)),
        coverage_box(views.coverage_lines(frames["stated_totals"], f), f.lang, collapsed=True),
        html.Div([mark_card(c, frames, f) for c in charts], className="grid"),
        records_grid("ov-records", f.lang),
    ]


def layout(**query):
    return render("overview", query, build)


@callback(
    Output("ov-records-box", "children"),
    Output("ov-records-title", "children"),
    *[Input(c, "clickData") for c in CHARTS],
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def show_records(*args):
    *clicks, search = args
    return mark_box("ov-records", ctx.triggered_id, clicks[CHARTS.index(ctx.triggered_id)], search)
