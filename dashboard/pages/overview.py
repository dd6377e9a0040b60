"""Overview: headline figures and the trends, for the current filters."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, html

from dashboard.components import chart_card, kpis, records_grid
from dashboard.drill import from_click
from dashboard.figures.charts import stacked_by_year
from dashboard.i18n import fmt_int, fmt_number, label, t
from dashboard.pages._common import drill_output, render

dash.register_page(__name__, path="/", name="Overview", title="Overview")


def build(f, w):
    lang, era, fiscal = f.lang, f.era, f.period == "fy"
    p = f.params()
    head, by_agr, by_del, by_inv = w.query_many(
        [("headline", p), ("agreements_by_year", p), ("delegations_by_year", p), ("investment_by_year", p)]
    )
    h = head.row(0, named=True)
    stage = h["investment_stage"]
    figures = [
        ("ov-agreements", "agreements_by_year", stacked_by_year(
            by_agr, value="agreements", category="agreement_type",
            category_kind="agreement_type", title=t("chart.agreements_by_year", lang), y_title=t("axis.agreements", lang),
            lang=lang, era=era, fiscal=fiscal)),
        ("ov-delegations", "delegations_by_year", stacked_by_year(
            by_del, value="delegations", category="direction", category_kind="direction",
            title=t("chart.delegations_by_year", lang), y_title=t("axis.delegations", lang), lang=lang, era=era, fiscal=fiscal)),
        ("ov-investment", "investment_by_year", stacked_by_year(
            by_inv, value="value_thb_million", category="stage", category_kind="stage",
            title=t("chart.investment_value_by_year", lang), y_title=t("axis.thb_million", lang), lang=lang, era=era,
            number="float")),
    ]  # fmt: skip
    stage_text = f" · {label('stage', stage, lang)}" if stage else ""
    return [
        kpis(
            [
                ("agreements_signed", t("kpi.agreements_signed", lang), fmt_int(h["agreements_signed"], lang)),
                ("agreements_active", t("kpi.agreements_active", lang), fmt_int(h["agreements_active"], lang)),
                ("partners", t("kpi.partners_with_agreements", lang), fmt_int(h["partners_with_agreements"], lang)),
                ("delegations_outbound", t("kpi.delegations_outbound", lang), fmt_int(h["delegations_outbound"], lang)),
                ("delegations_inbound", t("kpi.delegations_inbound", lang), fmt_int(h["delegations_inbound"], lang)),
                ("participants", t("kpi.participants", lang), fmt_int(h["participants"], lang)),
                ("companies", t("kpi.companies", lang), fmt_int(h["companies"], lang)),
                (
                    "investment_value",
                    t("kpi.investment_value", lang) + stage_text,
                    fmt_number(h["investment_value"], lang),
                ),
                (
                    "investment_projects",
                    t("kpi.investment_projects", lang) + stage_text,
                    fmt_int(h["investment_projects"], lang),
                ),
            ]
        ),
        html.Div([chart_card(cid, fig, lang) for cid, _q, fig in figures], className="grid"),
        records_grid("ov-records", lang),
    ]


def layout(**query):
    return render("overview", query, build)


@callback(
    Output("ov-records", "rowData"),
    Output("ov-records", "columnDefs"),
    Output("ov-records-title", "children"),
    Input("ov-agreements", "clickData"),
    Input("ov-delegations", "clickData"),
    Input("ov-investment", "clickData"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def show_records(agr, dele, inv, search):
    if ctx.triggered_id == "ov-agreements":
        return drill_output("agreements", search, from_click(agr, "year", ["type"]))
    if ctx.triggered_id == "ov-delegations":
        return drill_output("delegations", search, from_click(dele, "year", ["direction"]))
    return drill_output("investments", search, {**from_click(inv, "year", ["stage"]), "full_year": True})
