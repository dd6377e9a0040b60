"""Investment: value and projects by year and stage, by sector, top partners, the EEC share."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, html

from dashboard import views
from dashboard.components import chart_card, records_grid
from dashboard.drill import from_click
from dashboard.i18n import fmt_int, t
from dashboard.pages._common import drill_box, render

dash.register_page(__name__, path="/investment", name="Investment", title="Investment")


def build(f, w):
    lang = f.lang
    charts = views.PAGES["investment"]
    # No records grid before a click: the statistics behind each bar are one click away.
    frames, _ = views.load(w, charts, f)
    part_year = int(frames["investment_by_year"]["part_year_rows"].sum() or 0)
    notes = [t("notice.part_year", lang)]
    if part_year:
        notes.append(t("data.part_year_excluded", lang, n=fmt_int(part_year, lang)))
    if f.period == "fy":
        notes.append(t("notice.year_only_in_cy", lang))
    q = f.without_notices().query_string()
    return [
        html.Div([html.P(n, className="notice") for n in notes], className="notices"),
        html.Div([chart_card(c.id, c.draw(frames, f), lang, exports=q) for c in charts], className="grid"),
        records_grid("iv-records", lang),
    ]


def layout(**query):
    return render("investment", query, build)


@callback(
    Output("iv-records-box", "children"),
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
        return drill_box(
            "iv-records", "investments", search, {**from_click(click, "year", ["stage"]), "full_year": True}
        )
    if tid == "iv-sector":
        return drill_box(
            "iv-records", "investments", search, {**from_click(sector, None, ["sector", "stage"]), "full_year": True}
        )
    if tid == "iv-partner":
        return drill_box(
            "iv-records", "investments", search, {**from_click(partner, None, ["partner", "stage"]), "full_year": True}
        )
    return drill_box(
        "iv-records", "investments", search, {**from_click(eec, "year", ["stage"]), "full_year": True, "eec": True}
    )
