"""Partners: the most active partners and a map of Japanese prefectures; one partner's profile.

A profile: who the partner is; at a glance its first and latest agreement and the Overview's headline figures for
it (dashboard/views.py: headline, so counts, held and planned delegations and the latest stated investment figure
follow the counting rules, never a new sum); what sources state in total about it beside what is recorded; its
records per year and its place on the prefecture map; then its agreements, delegations and investment figures
(a kind with none is one line saying so)."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, html, no_update

from dashboard import context, drill, views
from dashboard import marks as mk
from dashboard.components import chart_card, coverage_box, kpis, mark_card, records_grid, titled
from dashboard.figures.charts import draw as draw_marks
from dashboard.figures.theme import clean
from dashboard.i18n import fmt_date, fmt_int, label, t, year_label
from dashboard.pages._common import render

dash.register_page(__name__, path="/partners", name="Partners", title=titled("partners"))


# The headline figures a profile shows (dashboard/views.py: headline, the Overview's own code and counting
# rules): agreements, delegations held and planned apart, the latest stated investment figure of the measure.
PROFILE_FIGURES = ("agreements_signed", "agreements_active", "delegations_outbound", "delegations_inbound",
                   "investment_value", "investment_count")  # fmt: skip
JAPAN = "JP"


def _agreement_figure(kind: str, row: dict | None, f) -> views.KeyFigure:
    """The first or the latest agreement: its date at its precision, with its type, title and Thai party."""
    lang = f.lang
    what = t(f"partner.{kind}_agreement", lang)
    if row is None:
        return views.KeyFigure(f"{kind}_agreement", what, None, t("partner.no_agreement", lang))
    when = fmt_date(row["signed_year"], row["signed_month"], row["signed_date"], row["signed_precision"], lang, f.era)
    title = (row["title_th"] if lang == "th" and row["title_th"] else row["title_en"]) or row["title_th"] or ""
    partner = (row["partner_th"] if lang == "th" and row["partner_th"] else row["partner_en"]) or ""
    details = (label("agreement_type", row["agreement_type"], lang), clean(title, 160), partner,
               clean(drill.thai_party(row, lang), 120))  # fmt: skip
    return views.KeyFigure(f"{kind}_agreement", what, None, when, tuple(d for d in details if d))


def by_year(frame, f, name: str) -> mk.Marks:
    """The partner's records per year, each kind its own series, side by side (never added together)."""
    lang, fiscal = f.lang, f.period == "fy"
    rows = []
    for r in frame.iter_rows(named=True):
        if r["kind"] == "delegations":
            key, series = mk._status_series(r["direction"], r["status"], lang)
            drill_of = {"dataset": "delegations", "direction": r["direction"], "status": r["status"]}
        else:
            key, series = r["kind"], t(f"partner.series_{r['kind']}", lang)
            drill_of = {"dataset": r["kind"]}
        rows.append({"series_key": key, "series": series, "x_key": r["year"], "x": mk._year_text(r["year"], f, fiscal),
                     "y": r["n"], "qualifier": "exact", "records": r["n"], "sources": None, "detail": "",
                     "drill": mk._drill(year=r["year"], **drill_of)})  # fmt: skip
    order = {"agreements": 0, "investments": 9}
    rows.sort(key=lambda x: (order.get(x["series_key"], 1), mk._status_sort(x["series_key"]) if ":" in x["series_key"]
                             else (), x["x_key"]))  # fmt: skip
    x_title = t("axis.fiscal_year" if fiscal else "axis.year", lang) + f" ({year_label(f.era, lang)})"
    return mk.Marks(mk._frame(rows), "year", t("partner.over_time", lang, name=name), t("axis.records", lang),
                    x_title, unit=t("axis.records", lang), empty=t("notice.no_records", lang),
                    notes=[t("partner.over_time_note", lang)])  # fmt: skip


def _none(what: str, name: str, lang: str, box_id: str) -> html.Section:
    """A table with no rows is one line saying there are none."""
    return html.Section(html.P(t(what, lang, name=name, what=t(f"partner.what_{box_id}", lang)
                                 if box_id != "investments" else ""), className="notice"),
                        className="card drill", id=f"pt-{box_id}-none")  # fmt: skip


def profile(f, w, partner_id: str):
    lang = f.lang
    info = w.query_file("partner_profile", {"id": partner_id})
    if info.height == 0:
        return [html.P(t("partners.pick", lang), className="notice")]
    r = info.row(0, named=True)
    name = r["name_th"] if lang == "th" and r["name_th"] else r["name_en"]
    country = (r["country_th"] if lang == "th" else r["country_en"]) or r["country_code"]
    parent = (r["parent_th"] if lang == "th" and r["parent_th"] else r["parent_en"]) or ""
    facts = [
        (t("col.partner", lang), " / ".join(x for x in (r["name_en"], r["name_th"], r["name_local"]) if x)),
        (t("col.level", lang), label("level", r["level"], lang)),
        (t("col.country", lang), country),
        *([(t("partners.parent", lang), parent)] if parent else []),  # a partner part of none: no empty line
    ]
    on_map = r["country_code"] == JAPAN
    charts = (views.CHARTS["pt-map"],) if on_map else ()
    p = {**f.params(), "d_per": None}
    frames, (ends, per_year, totals) = views.load(
        w, charts, f, also=views.HEADLINE_QUERIES,
        extra=[("partner_agreement_ends", p), ("partner_by_year", p), ("stated_totals", {**p, "d_partner": partner_id})],
    )  # fmt: skip
    first = ends.filter(ends["is_first"]).row(0, named=True) if ends.height else None
    latest = ends.filter(ends["is_latest"]).row(0, named=True) if ends.height else None
    figures = {k.id: k for k in views.headline(frames, f)}
    lines = views.coverage_lines(totals, f)  # a long list opens from one line, as under the Overview's figures
    # A partner no source gives an investment figure for: the records below say so in one line, not two dashes.
    stated = per_year.filter(per_year["kind"] == "investments").height > 0
    shown = [k for k in PROFILE_FIGURES if k in figures and (stated or not k.startswith("investment"))]
    summary = [_agreement_figure("first", first, f), _agreement_figure("latest", latest, f),
               *(figures[k] for k in shown)]  # fmt: skip
    sections = [html.H2(f"{t('partners.profile', lang)}: {name}", id="partner-name"),
                html.Dl([x for k, v in facts for x in (html.Dt(k), html.Dd(v))], className="profile"),
                html.Section([html.H2(t("partner.summary", lang)), kpis(summary)], className="card partner-summary",
                             id="partner-summary"),
                coverage_box(lines, lang, "partner-coverage", collapsed=len(lines) > 3)]  # fmt: skip
    m = by_year(per_year, f, name)
    notes = m.notes if not m.is_empty else []
    if on_map:  # the records per year beside the prefecture map
        timeline = chart_card("pt-by-year", draw_marks(m, lang, f.era), lang, notes=notes, marks=m)
        sections.append(html.Div([timeline, mark_card(views.CHARTS["pt-map"], frames, f)], className="grid"))
    else:  # no map holds it: the records per year take the width, and a line under them says why there is no map
        elsewhere = html.P(t("partner.not_on_map", lang, country=country), className="chart-note", id="pt-map-none")
        sections.append(
            html.Div([chart_card("pt-by-year", draw_marks(m, lang, f.era), lang, notes=notes, marks=m), elsewhere])
        )
    for dataset in ("agreements", "delegations", "investments"):
        frame = drill.records(dataset, f, {"under": partner_id})
        if frame.height == 0:
            what = "partner.none_investments" if dataset == "investments" else "partner.none"
            sections.append(_none(what, name, lang, dataset))
            continue
        defs, rows = drill.grid(dataset, frame, f)
        page = "investment" if dataset == "investments" else dataset
        title = f"{t('page.' + page, lang)}: {fmt_int(len(rows), lang)}"
        height = f"{min(300, 90 + 42 * len(rows))}px"  # a few rows take a short table, not an empty box
        sections.append(records_grid(f"pt-{dataset}", lang, rows, defs, title, height=height))
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


# One callback per chart: a profile shows the map without the ranking, and a callback with an input missing from
# the page is an error in the browser.
@callback(
    Output("page-go", "data", allow_duplicate=True),
    Input("pt-active", "clickData"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def open_partner(click, search):
    """A click on a partner's bar opens its profile."""
    return _open(drill.from_click(click).get("partner"), search)


@callback(
    Output("page-go", "data", allow_duplicate=True),
    Input("pt-map", "clickData"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def open_prefecture(click, search):
    """A click on a prefecture opens the prefecture's profile (from the page's map or a profile's)."""
    got = drill.from_click(click)
    partner = None
    if "iso" in got:
        found = context.get().warehouse.query_file("prefecture_partner", {"iso": got["iso"]})
        partner = found["partner_id"][0] if found.height else None
    return _open(partner, search)


def _open(partner: str | None, search: str):
    if not partner:
        return no_update
    return context.filters_from(search).without_notices().query_string(partner=(partner,))
