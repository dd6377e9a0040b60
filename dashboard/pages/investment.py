"""Investment: value and projects by year and stage, by sector, top partners, the EEC share."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, html

from dashboard.components import chart_card, records_grid
from dashboard.drill import from_click
from dashboard.figures.charts import ranked_bars, share_lines, stacked_by_year
from dashboard.i18n import fmt_int, t
from dashboard.pages._common import drill_output, render

dash.register_page(__name__, path="/investment", name="Investment", title="Investment")


def build(f, w):
    lang, era, p = f.lang, f.era, f.params()
    name = "name_th" if lang == "th" else "name_en"
    # No records grid before a click: the statistics behind each bar are one click away.
    by_year, by_sector, by_partner, eec = w.query_many(
        [("investment_by_year", p), ("investment_by_sector", p), ("investment_by_partner", p), ("investment_eec", p)]
    )
    part_year = int(by_year["part_year_rows"].sum() or 0)
    notes = [t("notice.part_year", lang)]
    if part_year:
        notes.append(t("data.part_year_excluded", lang, n=fmt_int(part_year, lang)))
    if f.period == "fy":
        notes.append(t("notice.year_only_in_cy", lang))
    grid = records_grid("iv-records", lang)
    return [
        html.Div([html.P(n, className="notice") for n in notes], className="notices"),
        html.Div(
            [
                chart_card("iv-value", stacked_by_year(
                    by_year, value="value_thb_million", category="stage", category_kind="stage",
                    title=t("chart.investment_value_by_year", lang), y_title=t("axis.thb_million", lang), lang=lang,
                    era=era, number="float"), lang),
                chart_card("iv-projects", stacked_by_year(
                    by_year, value="projects", category="stage", category_kind="stage",
                    title=t("chart.investment_projects_by_year", lang), y_title=t("axis.projects", lang), lang=lang,
                    era=era), lang),
                chart_card("iv-sector", ranked_bars(
                    by_sector, key="sector_code", labels=[r[name] or r["name_en"] for r in by_sector.iter_rows(named=True)],
                    value="value_thb_million", category="stage", category_kind="stage",
                    title=t("chart.investment_by_sector", lang), x_title=t("axis.thb_million", lang), lang=lang,
                    number="float"), lang),
                chart_card("iv-partner", ranked_bars(
                    by_partner, key="partner_id", labels=[r[name] or r["name_en"] for r in by_partner.iter_rows(named=True)],
                    value="value_thb_million", category="stage", category_kind="stage",
                    title=t("chart.investment_by_partner", lang), x_title=t("axis.thb_million", lang), lang=lang,
                    number="float"), lang),
                chart_card("iv-eec", share_lines(eec, title=t("chart.investment_eec_share", lang), lang=lang, era=era),
                           lang),
            ],
            className="grid",
        ),
        grid,
    ]  # fmt: skip


def layout(**query):
    return render("investment", query, build)


@callback(
    Output("iv-records", "rowData"),
    Output("iv-records", "columnDefs"),
    Output("iv-records-title", "children"),
    Input("iv-value", "clickData"),
    Input("iv-projects", "clickData"),
    Input("iv-sector", "clickData"),
    Input("iv-partner", "clickData"),
    Input("iv-eec", "clickData"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def show_records(value, projects, sector, partner, eec, search):
    tid = ctx.triggered_id
    if tid in ("iv-value", "iv-projects"):
        click = value if tid == "iv-value" else projects
        return drill_output("investments", search, {**from_click(click, "year", ["stage"]), "full_year": True})
    if tid == "iv-sector":
        return drill_output("investments", search, {**from_click(sector, None, ["sector", "stage"]), "full_year": True})
    if tid == "iv-partner":
        return drill_output(
            "investments", search, {**from_click(partner, None, ["partner", "stage"]), "full_year": True}
        )
    return drill_output("investments", search, {**from_click(eec, "year", ["stage"]), "full_year": True, "eec": True})
