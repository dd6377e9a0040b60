"""Investment: one measure at a time: by year, for part of a year, by partner, by sector, the EEC share."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, html

from dashboard import marks as mk
from dashboard import views
from dashboard.components import choice_links, mark_card, titled
from dashboard.i18n import fmt_int, label, t
from dashboard.pages._common import open_drill, render

dash.register_page(__name__, path="/investment", name="Investment", title=titled("investment"))
CHARTS = [c.id for c in views.PAGES["investment"]]


def measure_picker(frames, f) -> html.Div:
    """The measures with figures in this view, each with how many whole-year figures it has; one at a time."""
    lang = f.lang
    shown = mk.measure(frames, f)
    found = mk.measures(frames)
    choices = [(s, t("notice.measure_figures", lang, measure=label("stage", s, lang), n=fmt_int(n, lang)), None)
               for s, n, _ in found]  # fmt: skip
    if shown not in [c[0] for c in choices]:
        choices.insert(0, (shown, label("stage", shown, lang), None))
    return html.Div(
        [html.Span(t("notice.measure", lang) + ":", className="field-label", id="iv-stage-label"),
         choice_links("iv-stage", choices, shown, lambda s: f.without_notices().query_string(stage=s))],
        className="measure-picker", role="group", **{"aria-labelledby": "iv-stage-label"},
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
    Output("page-go", "data", allow_duplicate=True),
    *[Input(c, "clickData") for c in CHARTS],
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def show_records(*args):
    """A click on a mark: the URL names it (`drill=`), and the page opens its records beside the chart."""
    *clicks, search = args
    return open_drill(ctx.triggered_id, clicks[CHARTS.index(ctx.triggered_id)], search)
