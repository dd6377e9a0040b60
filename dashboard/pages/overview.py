"""Overview: headline figures and the trends, for the current filters."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, html

from dashboard import views
from dashboard.components import coverage_box, kpis, mark_card, titled
from dashboard.pages._common import open_drill, render

dash.register_page(__name__, path="/", name="Overview", title=titled("overview"))
CHARTS = [c.id for c in views.PAGES["overview"]]


def build(f, w):
    charts = views.PAGES["overview"]
    frames, _ = views.load(w, charts, f, also=views.HEADLINE_QUERIES)
    return [
        kpis(views.headline(frames, f)),
        coverage_box(views.coverage_lines(frames["stated_totals"], f), f.lang, collapsed=True),
        html.Div([mark_card(c, frames, f) for c in charts], className="grid"),
    ]


def layout(**query):
    return render("overview", query, build, CHARTS)


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
