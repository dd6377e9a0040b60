"""Agreements: by year and type, by partner level, by sector, and the records."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, html

from dashboard.components import chart_card, records_grid
from dashboard.drill import from_click
from dashboard.figures.charts import ranked_bars, stacked_by_year
from dashboard.i18n import label, t
from dashboard.pages._common import drill_output, first_records, initial_grid, render

dash.register_page(__name__, path="/agreements", name="Agreements", title="Agreements")


def build(f, w):
    lang, era, p = f.lang, f.era, f.params()
    by_year, by_level, by_sector, first = w.query_many(
        [
            ("agreements_by_year", p),
            ("agreements_by_level", p),
            ("agreements_by_sector", p),
            first_records("agreements", f),
        ]
    )
    name = "name_th" if lang == "th" else "name_en"
    sector_labels = [
        (r[name] or r["name_en"] or r["sector_code"]) if r["sector_code"] else t("common.not_stated", lang)
        for r in by_sector.iter_rows(named=True)
    ]
    grid = records_grid("ag-records", lang, *initial_grid("agreements", f, first))
    return [
        html.Div(
            [
                chart_card("ag-by-year", stacked_by_year(
                    by_year, value="agreements", category="agreement_type", category_kind="agreement_type",
                    title=t("chart.agreements_by_year", lang), y_title=t("axis.agreements", lang), lang=lang, era=era,
                    fiscal=f.period == "fy"), lang,
                    note=t("notice.year_only_in_cy", lang) if f.period == "fy" else None),
                chart_card("ag-by-level", ranked_bars(
                    by_level, key="level", labels=[label("level", v, lang) for v in by_level["level"]],
                    value="agreements", title=t("chart.agreements_by_level", lang), x_title=t("axis.agreements", lang),
                    lang=lang), lang),
                chart_card("ag-by-sector", ranked_bars(
                    by_sector, key="sector_code", labels=sector_labels, value="agreements",
                    title=t("chart.agreements_by_sector", lang), x_title=t("axis.agreements", lang), lang=lang), lang),
            ],
            className="grid",
        ),
        grid,
    ]  # fmt: skip


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
