"""Partners: the most active partners and a map of Japanese prefectures; one partner's profile."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, html, no_update

from dashboard import context, drill, views
from dashboard.components import coverage_box, mark_card, records_grid, titled
from dashboard.i18n import fmt_int, label, t
from dashboard.pages._common import render

dash.register_page(__name__, path="/partners", name="Partners", title=titled("partners"))


def profile(f, w, partner_id: str):
    lang = f.lang
    info = w.query(
        "SELECT p.*, c.name_en AS country_en, c.name_th AS country_th, q.name_en AS parent_en, q.name_th AS parent_th "
        "FROM dim_partner p LEFT JOIN dim_country c USING (country_code) "
        "LEFT JOIN dim_partner q ON q.partner_id = p.parent_id WHERE p.partner_id = $id",
        {"id": partner_id},
        name="partner profile",
    )
    if info.height == 0:
        return [html.P(t("partners.pick", lang), className="notice")]
    r = info.row(0, named=True)
    name = r["name_th"] if lang == "th" and r["name_th"] else r["name_en"]
    facts = [
        (t("col.partner", lang), " / ".join(x for x in (r["name_en"], r["name_th"], r["name_local"]) if x)),
        (t("col.level", lang), label("level", r["level"], lang)),
        (t("col.country", lang), (r["country_th"] if lang == "th" else r["country_en"]) or r["country_code"]),
        (t("partners.parent", lang), (r["parent_th"] if lang == "th" else r["parent_en"]) or "–"),
    ]
    totals = w.query_file("stated_totals", {**f.params(), "d_partner": partner_id})
    sections = [html.H2(f"{t('partners.profile', lang)}: {name}", id="partner-name"),
                html.Dl([x for k, v in facts for x in (html.Dt(k), html.Dd(v))], className="profile"),
                coverage_box(views.coverage_lines(totals, f), lang, "partner-coverage")]  # fmt: skip
    for dataset in ("agreements", "delegations", "investments"):
        frame = drill.records(dataset, f, {"under": partner_id})
        defs, rows = drill.grid(dataset, frame, f)
        page = "investment" if dataset == "investments" else dataset
        title = f"{t('page.' + page, lang)}: {fmt_int(len(rows), lang)}"
        grid = records_grid(f"pt-{dataset}", lang, rows, defs, title, height="300px")
        sections.append(grid)
    return sections


def build(f, w):
    if len(f.partner) == 1:
        return profile(f, w, f.partner[0])
    charts = views.PAGES["partners"]
    frames, _ = views.load(w, charts, f)
    return [
        html.P(t("partners.pick", f.lang), className="notice"),
        html.Div([mark_card(c, frames, f) for c in charts], className="grid"),
    ]


def layout(**query):
    return render("partners", query, build)


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input("pt-active", "clickData"),
    Input("pt-map", "clickData"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def open_profile(active, region, search):
    """A click on a partner opens its profile; a click on a prefecture opens the prefecture's."""
    f = context.filters_from(search)
    click = active if ctx.triggered_id == "pt-active" else region
    got = drill.from_click(click)
    partner = got.get("partner")
    if "iso" in got:
        found = context.get().warehouse.query(
            "SELECT partner_id FROM dim_partner WHERE subdivision = $iso AND level = 'local_government' "
            "AND (parent_id IS NULL OR parent_id NOT IN (SELECT partner_id FROM dim_partner WHERE subdivision = $iso)) "
            "ORDER BY partner_id LIMIT 1",
            {"iso": got["iso"]},
            name="prefecture partner",
        )
        partner = found["partner_id"][0] if found.height else None
    if not partner:
        return no_update
    return f.without_notices().query_string(partner=(partner,))
