"""Every chart of every page in one registry: what it asks the warehouse and how it is drawn.

The pages and the exports (PNG, SVG, the deck) read this one registry, so an
export is drawn from the same query, the same frame and the same figure
function as the screen (STYLE, example 6):

    charts = PAGES["investment"]                       # in page order
    frames, _ = load(w, charts, f)                     # the page's queries, side by side
    figure = CHARTS["iv-value"].draw(frames, f)        # plotly JSON, as on the screen

A chart's id is the element id of its card on the page (`iv-value`), which is
also its id in `/export/chart/<id>.png`. The headline figures of the Overview
(and of every deck) come from `headline()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import polars as pl

from dashboard.db import Warehouse
from dashboard.figures.charts import ranked_bars, share_lines, stacked_by_year, timeline
from dashboard.figures.maps import GEOJSON_PATH, GEOJSON_URL, load_prefectures, prefecture_map
from dashboard.figures.theme import empty
from dashboard.filters import Filters
from dashboard.i18n import fmt_int, fmt_number, label, t

Frames = dict[str, pl.DataFrame]


@dataclass(frozen=True)
class Chart:
    id: str  # the card's element id and the export id
    page: str
    title: str  # i18n key of the question the chart answers
    queries: tuple[str, ...]  # dashboard/queries/<name>.sql, all run with the filter parameters
    draw: Callable[[Frames, Filters], dict]  # the figure function: frames + filters -> plotly figure
    dataset: str  # the records behind the chart: agreements, delegations or investments
    note: Callable[[Filters], str | None] | None = None  # a line under the chart on the page

    def figure(self, frames: Frames, f: Filters) -> dict:
        """The figure as plotly JSON (a dict), whatever the figure function returns."""
        fig = self.draw(frames, f)
        return fig if isinstance(fig, dict) else fig.to_plotly_json()


def _fiscal(f: Filters) -> bool:
    return f.period == "fy"


def _name_col(f: Filters) -> str:
    return "name_th" if f.lang == "th" else "name_en"


# -- figure functions: (frames, filters) -> figure -----------------------------


def agreements_by_year(fr: Frames, f: Filters) -> dict:
    return stacked_by_year(
        fr["agreements_by_year"], value="agreements", category="agreement_type", category_kind="agreement_type",
        title=t("chart.agreements_by_year", f.lang), y_title=t("axis.agreements", f.lang), lang=f.lang, era=f.era,
        fiscal=_fiscal(f))  # fmt: skip


def agreements_by_level(fr: Frames, f: Filters) -> dict:
    frame = fr["agreements_by_level"]
    return ranked_bars(
        frame, key="level", labels=[label("level", v, f.lang) for v in frame["level"]], value="agreements",
        title=t("chart.agreements_by_level", f.lang), x_title=t("axis.agreements", f.lang), lang=f.lang)  # fmt: skip


def agreements_by_sector(fr: Frames, f: Filters) -> dict:
    frame, name = fr["agreements_by_sector"], _name_col(f)
    labels = [
        (r[name] or r["name_en"] or r["sector_code"]) if r["sector_code"] else t("common.not_stated", f.lang)
        for r in frame.iter_rows(named=True)
    ]
    return ranked_bars(
        frame, key="sector_code", labels=labels, value="agreements", title=t("chart.agreements_by_sector", f.lang),
        x_title=t("axis.agreements", f.lang), lang=f.lang)  # fmt: skip


def delegations_by_year(fr: Frames, f: Filters) -> dict:
    return stacked_by_year(
        fr["delegations_by_year"], value="delegations", category="direction", category_kind="direction",
        title=t("chart.delegations_by_year", f.lang), y_title=t("axis.delegations", f.lang), lang=f.lang, era=f.era,
        fiscal=_fiscal(f))  # fmt: skip


def delegations_by_purpose(fr: Frames, f: Filters) -> dict:
    frame = fr["delegations_by_purpose"]
    return ranked_bars(
        frame, key="purpose", labels=[label("purpose", v, f.lang) for v in frame["purpose"]], value="delegations",
        category="direction", category_kind="direction", title=t("chart.delegations_by_purpose", f.lang),
        x_title=t("axis.delegations", f.lang), lang=f.lang)  # fmt: skip


def delegations_timeline(fr: Frames, f: Filters) -> dict:
    return timeline(fr["delegations_timeline"], title=t("chart.delegations_timeline", f.lang), lang=f.lang, era=f.era)


def investment_value_by_year(fr: Frames, f: Filters) -> dict:
    # Investment statistics carry only a year: calendar years whatever the period setting.
    return stacked_by_year(
        fr["investment_by_year"], value="value_thb_million", category="stage", category_kind="stage",
        title=t("chart.investment_value_by_year", f.lang), y_title=t("axis.thb_million", f.lang), lang=f.lang,
        era=f.era, number="float")  # fmt: skip


def investment_projects_by_year(fr: Frames, f: Filters) -> dict:
    return stacked_by_year(
        fr["investment_by_year"], value="projects", category="stage", category_kind="stage",
        title=t("chart.investment_projects_by_year", f.lang), y_title=t("axis.projects", f.lang), lang=f.lang,
        era=f.era)  # fmt: skip


def investment_by_sector(fr: Frames, f: Filters) -> dict:
    frame, name = fr["investment_by_sector"], _name_col(f)
    return ranked_bars(
        frame, key="sector_code", labels=[r[name] or r["name_en"] for r in frame.iter_rows(named=True)],
        value="value_thb_million", category="stage", category_kind="stage",
        title=t("chart.investment_by_sector", f.lang), x_title=t("axis.thb_million", f.lang), lang=f.lang,
        number="float")  # fmt: skip


def investment_by_partner(fr: Frames, f: Filters) -> dict:
    frame, name = fr["investment_by_partner"], _name_col(f)
    return ranked_bars(
        frame, key="partner_id", labels=[r[name] or r["name_en"] for r in frame.iter_rows(named=True)],
        value="value_thb_million", category="stage", category_kind="stage",
        title=t("chart.investment_by_partner", f.lang), x_title=t("axis.thb_million", f.lang), lang=f.lang,
        number="float")  # fmt: skip


def investment_eec(fr: Frames, f: Filters) -> dict:
    return share_lines(fr["investment_eec"], title=t("chart.investment_eec_share", f.lang), lang=f.lang, era=f.era)


def partners_active(fr: Frames, f: Filters) -> dict:
    frame, name = fr["partners_active"], _name_col(f)
    return ranked_bars(
        frame, key="partner_id", labels=[r[name] or r["name_en"] for r in frame.iter_rows(named=True)],
        value="records", title=t("partners.most_active", f.lang), x_title=t("axis.agreements", f.lang),
        lang=f.lang)  # fmt: skip


@cache
def _prefectures() -> dict | None:
    return load_prefectures() if GEOJSON_PATH.exists() else None


def partner_map(fr: Frames, f: Filters):
    title = t("chart.partner_map", f.lang)
    geo = _prefectures()
    if geo is None:
        return empty(title, t("notice.no_records", f.lang), f.lang)
    values = {r["iso"]: r["agreements"] for r in fr["prefecture_map"].iter_rows(named=True) if r["agreements"]}
    names = fr["prefecture_names"]
    hover = dict(zip(names["iso"].to_list(), names[_name_col(f)].to_list(), strict=True))
    return prefecture_map(values, geo, title=title, colorbar_title=t("axis.agreements", f.lang), lang=f.lang,
                          hover_names=hover or None, geojson_url=GEOJSON_URL)  # fmt: skip


def _year_only_note(f: Filters) -> str | None:
    return t("notice.year_only_in_cy", f.lang) if _fiscal(f) else None


# -- the registry ---------------------------------------------------------------

_AGR_YEAR, _DEL_YEAR, _INV_YEAR = ("agreements_by_year",), ("delegations_by_year",), ("investment_by_year",)

PAGES: dict[str, tuple[Chart, ...]] = {
    "overview": (
        Chart("ov-agreements", "overview", "chart.agreements_by_year", _AGR_YEAR, agreements_by_year, "agreements"),
        Chart("ov-delegations", "overview", "chart.delegations_by_year", _DEL_YEAR, delegations_by_year, "delegations"),
        Chart("ov-investment", "overview", "chart.investment_value_by_year", _INV_YEAR, investment_value_by_year,
              "investments"),
    ),
    "agreements": (
        Chart("ag-by-year", "agreements", "chart.agreements_by_year", _AGR_YEAR, agreements_by_year, "agreements",
              note=_year_only_note),
        Chart("ag-by-level", "agreements", "chart.agreements_by_level", ("agreements_by_level",), agreements_by_level,
              "agreements"),
        Chart("ag-by-sector", "agreements", "chart.agreements_by_sector", ("agreements_by_sector",),
              agreements_by_sector, "agreements"),
    ),
    "delegations": (
        Chart("dl-by-year", "delegations", "chart.delegations_by_year", _DEL_YEAR, delegations_by_year, "delegations"),
        Chart("dl-by-purpose", "delegations", "chart.delegations_by_purpose", ("delegations_by_purpose",),
              delegations_by_purpose, "delegations"),
        Chart("dl-timeline", "delegations", "chart.delegations_timeline", ("delegations_timeline",),
              delegations_timeline, "delegations"),
    ),
    "investment": (
        Chart("iv-value", "investment", "chart.investment_value_by_year", _INV_YEAR, investment_value_by_year,
              "investments"),
        Chart("iv-projects", "investment", "chart.investment_projects_by_year", _INV_YEAR,
              investment_projects_by_year, "investments"),
        Chart("iv-sector", "investment", "chart.investment_by_sector", ("investment_by_sector",),
              investment_by_sector, "investments"),
        Chart("iv-partner", "investment", "chart.investment_by_partner", ("investment_by_partner",),
              investment_by_partner, "investments"),
        Chart("iv-eec", "investment", "chart.investment_eec_share", ("investment_eec",), investment_eec,
              "investments"),
    ),
    "partners": (
        Chart("pt-active", "partners", "partners.most_active", ("partners_active",), partners_active, "agreements"),
        Chart("pt-map", "partners", "chart.partner_map", ("prefecture_map", "prefecture_names"), partner_map,
              "agreements"),
    ),
}  # fmt: skip
CHARTS: dict[str, Chart] = {c.id: c for charts in PAGES.values() for c in charts}
# Where each page lives (the view's link on slides and in data files).
PATHS = {"overview": "/", "agreements": "/agreements", "delegations": "/delegations", "investment": "/investment",
         "partners": "/partners"}  # fmt: skip
# The records each page is about (its data downloads).
DATASETS = ("agreements", "delegations", "investments")
PAGE_DATASETS = {"overview": DATASETS, "agreements": ("agreements",), "delegations": ("delegations",),
                 "investment": ("investments",), "partners": DATASETS}  # fmt: skip


def load(w: Warehouse, charts: tuple[Chart, ...] | list[Chart], f: Filters, extra: list[tuple[str, dict]] = ()):
    """Run `extra` calls and every query the charts need, side by side in one `query_many`.

    -> (frames by query name, [the frames of `extra`, in order]). A query two charts share runs once.
    """
    names = list(dict.fromkeys(q for c in charts for q in c.queries))
    p = f.params()
    got = w.query_many([*extra, *((n, p) for n in names)])
    return dict(zip(names, got[len(extra) :], strict=True)), got[: len(extra)]


# -- headline figures --------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    id: str  # the element id on the Overview is kpi-<id>
    label: str
    value: float | int | None
    text: str  # the value as shown


HEADLINE_QUERY = "headline"


def headline(frame: pl.DataFrame, f: Filters) -> list[KeyFigure]:
    """The headline figures for the filters, from the `headline` query: in the view's language."""
    lang = f.lang
    h = frame.row(0, named=True)
    stage = h["investment_stage"]
    stage_text = f" · {label('stage', stage, lang)}" if stage else ""
    counts = [
        ("agreements_signed", "kpi.agreements_signed"),
        ("agreements_active", "kpi.agreements_active"),
        ("partners_with_agreements", "kpi.partners_with_agreements"),
        ("delegations_outbound", "kpi.delegations_outbound"),
        ("delegations_inbound", "kpi.delegations_inbound"),
        ("participants", "kpi.participants"),
        ("companies", "kpi.companies"),
    ]
    out = [
        KeyFigure(key.removesuffix("_with_agreements"), t(s, lang), h[key], fmt_int(h[key], lang)) for key, s in counts
    ]
    out.append(
        KeyFigure("investment_value", t("kpi.investment_value", lang) + stage_text, h["investment_value"],
               fmt_number(h["investment_value"], lang))
    )  # fmt: skip
    out.append(
        KeyFigure("investment_projects", t("kpi.investment_projects", lang) + stage_text, h["investment_projects"],
               fmt_int(h["investment_projects"], lang))
    )  # fmt: skip
    return out
