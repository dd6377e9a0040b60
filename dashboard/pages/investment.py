"""Investment: one measure at a time: by year, for part of a year, by partner, by sector, the EEC share."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from dashboard import context, views
from dashboard import marks as mk
from dashboard.components import mark_card, titled
from dashboard.i18n import fmt_int, label, t
from dashboard.pages._common import open_drill, render

dash.register_page(__name__, path="/investment", name="Investment", title=titled("investment"))
CHARTS = [c.id for c in views.PAGES["investment"]]


def measure_picker(frames, f) -> html.Div:
    """The measures with figures in this view, each with how many whole-year figures it has; one at a time."""
    lang = f.lang
    shown = mk.measure(frames, f)
    found = mk.measures(frames)
    options = [{"label": t("notice.measure_figures", lang, measure=label("stage", s, lang), n=fmt_int(n, lang)),
                "value": s} for s, n, _ in found]  # fmt: skip
    if shown not in [o["value"] for o in options]:
        options.insert(0, {"label": label("stage", shown, lang), "value": shown})
    return html.Div(
        [html.Span(t("notice.measure", lang) + ":", className="field-label"),
         dcc.RadioItems(id="iv-stage", options=options, value=shown, inline=True)],
        className="measure-picker",
    )  # fmt: skip


def build(f, w):
    charts = views.PAGES["investment"]
    # No records grid: the figures behind each mark open beside the charts on a click (the drill-down panel).
    frames, _ = views.load(w, charts, f)
    return [
        measure_picker(frames, f),
        html.Div([mark_card(c, frames, f) for c in charts], className="grid"),
    ]


def layout(**query):
    return render("investment", query, build, CHARTS)


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("iv-stage", "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def pick_measure(stage, search):
    """A measure picked: the view's URL says so (a link reopens it; exports and the deck follow)."""
    f = context.filters_from(search)
    if not stage or stage == f.stage:
        return no_update
    return f.without_notices().query_string(stage=stage)


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    *[Input(c, "clickData") for c in CHARTS],
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def show_records(*args):
    """A click on a mark: the URL names it (`drill=`), and the page opens its records beside the chart."""
    *clicks, search = args
    return open_drill(ctx.triggered_id, clicks[CHARTS.index(ctx.triggered_id)], search)
