"""Agreements: by year and type, by partner level, by sector, what sources state in total, and the records."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, html

from dashboard import views
from dashboard.components import coverage_box, mark_card, records_grid, titled
from dashboard.pages._common import first_records, initial_grid, open_drill, render

dash.register_page(__name__, path="/agreements", name="Agreements", title=titled("agreements"))
CHARTS = [c.id for c in views.PAGES["agreements"]]


def build(f, w):
    charts = views.PAGES["agreements"]
    frames, (first,) = views.load(w, charts, f, also=("stated_totals",), extra=[first_records("agreements", f)])
    return [
        coverage_box(
            lines := views.coverage_lines(frames["stated_totals"], f, ("agreements", "partners")),
            f.lang,
            collapsed=len(lines) > 3,
        ),  # a long list opens from one line, as on the Overview
        html.Div([mark_card(c, frames, f) for c in charts], className="grid"),
        records_grid("ag-records", f.lang, *initial_grid("agreements", f, first)),
    ]


def layout(**query):
    return render("agreements", query, build, CHARTS)


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
