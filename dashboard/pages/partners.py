"""Partners: the most active partners and a map of Japanese prefectures; one partner's profile."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import dash
import polars as pl
from dash import Input, Output, State, callback, ctx, html, no_update

from dashboard import context, drill
from dashboard.components import chart_card, records_grid
from dashboard.figures.charts import ranked_bars
from dashboard.figures.maps import load_prefectures, prefecture_map
from dashboard.figures.theme import empty
from dashboard.i18n import fmt_int, label, t
from dashboard.pages._common import render

dash.register_page(__name__, path="/partners", name="Partners", title="Partners")

GEOJSON = Path(__file__).resolve().parent.parent / "assets" / "geo" / "japan_prefectures.geojson"


@cache
def prefectures() -> dict | None:
    return load_prefectures() if GEOJSON.exists() else None


def prefecture_figure(frame: pl.DataFrame, lang: str):
    title = t("chart.partner_map", lang)
    geo = prefectures()
    if geo is None:
        return empty(title, t("notice.no_records", lang), lang)
    values = {r["iso"]: r["agreements"] for r in frame.iter_rows(named=True) if r["agreements"]}
    names = context.get().warehouse.query(
        "SELECT subdivision AS iso, any_value(CASE WHEN $th THEN coalesce(name_th, name_en) ELSE name_en END "
        "ORDER BY (parent_id = 'jp') DESC) AS name FROM dim_partner "
        "WHERE country_code = 'JP' AND subdivision IS NOT NULL AND level = 'local_government' GROUP BY ALL",
        {"th": lang == "th"},
        name="prefecture names",
    )
    hover = dict(names.iter_rows())
    return prefecture_map(values, geo, title=title, colorbar_title=t("axis.agreements", lang), lang=lang,
                          hover_names=hover or None)  # fmt: skip


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
    sections = [html.H2(f"{t('partners.profile', lang)}: {name}", id="partner-name"),
                html.Dl([x for k, v in facts for x in (html.Dt(k), html.Dd(v))], className="profile")]  # fmt: skip
    for dataset in ("agreements", "delegations", "investments"):
        frame = drill.records(dataset, f, {"partner": partner_id})
        defs, rows = drill.grid(dataset, frame, f)
        page = "investment" if dataset == "investments" else dataset
        title = f"{t('page.' + page, lang)}: {fmt_int(len(rows), lang)}"
        grid = records_grid(f"pt-{dataset}", lang, rows, defs, title, height="300px")
        sections.append(grid)
    return sections


def build(f, w):
    lang, p = f.lang, f.params()
    if len(f.partner) == 1:
        return profile(f, w, f.partner[0])
    active = w.query_file("partners_active", p)
    name = "name_th" if lang == "th" else "name_en"
    return [
        html.P(t("partners.pick", lang), className="notice"),
        html.Div(
            [
                chart_card("pt-active", ranked_bars(
                    active, key="partner_id", labels=[r[name] or r["name_en"] for r in active.iter_rows(named=True)],
                    value="records", title=t("partners.most_active", lang), x_title=t("axis.agreements", lang),
                    lang=lang), lang),
                chart_card("pt-map", prefecture_figure(w.query_file("prefecture_map", p), lang), lang),
            ],
            className="grid",
        ),
    ]  # fmt: skip


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
    got = drill.from_click(click, None, ["partner" if ctx.triggered_id == "pt-active" else "iso"])
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
