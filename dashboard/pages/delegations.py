"""Delegations: by year and direction, by purpose, a timeline of missions and events, the records."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, html

from dashboard.components import chart_card, records_grid
from dashboard.drill import from_click
from dashboard.figures.charts import ranked_bars, stacked_by_year, timeline
from dashboard.i18n import label, t
from dashboard.pages._common import drill_output, first_records, initial_grid, render

dash.register_page(__name__, path="/delegations", name="Delegations", title="Delegations")


def build(f, w):
    lang, era, p = f.lang, f.era, f.params()
    by_year, by_purpose, recent, first = w.query_many(
        [("delegations_by_year", p), ("delegations_by_purpose", p), ("delegations_timeline", p),
         first_records("delegations", f)]
    )  # fmt: skip
    grid = records_grid("dl-records", lang, *initial_grid("delegations", f, first))
    return [
        html.Div(
            [
                chart_card("dl-by-year", stacked_by_year(
                    by_year, value="delegations", category="direction", category_kind="direction",
                    title=t("chart.delegations_by_year", lang), y_title=t("axis.delegations", lang), lang=lang, era=era,
                    fiscal=f.period == "fy"), lang),
                chart_card("dl-by-purpose", ranked_bars(
                    by_purpose, key="purpose", labels=[label("purpose", v, lang) for v in by_purpose["purpose"]],
                    value="delegations", category="direction", category_kind="direction",
                    title=t("chart.delegations_by_purpose", lang), x_title=t("axis.delegations", lang), lang=lang), lang),
            ],
            className="grid",
        ),
        chart_card("dl-timeline", timeline(recent, title=t("chart.delegations_timeline", lang), lang=lang, era=era), lang),
        grid,
    ]  # fmt: skip


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
