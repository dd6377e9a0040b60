"""Every chart of every page in one registry: what it asks the warehouse, its marks and its drawing.

The pages and the exports (PNG, SVG, the numbers as CSV/XLSX, the deck) read this one registry,
so an export is drawn from the same queries, the same marks and the same figure function as the
screen (STYLE, example 6):

    charts = PAGES["investment"]                       # in page order
    frames, _ = load(w, charts, f)                     # the page's queries, side by side
    marks = CHARTS["iv-value"].marks(frames, f)        # every number the chart shows (dashboard/marks.py)
    figure = CHARTS["iv-value"].figure(frames, f)      # plotly JSON, as on the screen

A chart's id is the element id of its card on the page (`iv-value`), which is also its id in
`/export/chart/<id>.png`. The headline figures of the Overview (and of every deck) come from
`headline()`, under the same counting rules as the charts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

import polars as pl

from contract.datasets import DATASETS as DECLARED
from dashboard import marks as mk
from dashboard.db import Warehouse
from dashboard.figures.charts import draw as draw_marks
from dashboard.figures.maps import GEOJSON_PATH, GEOJSON_URL, load_prefectures, prefecture_map
from dashboard.figures.theme import empty
from dashboard.filters import YEAR_MAX, YEAR_MIN, Filters
from dashboard.i18n import fmt_date, fmt_int, fmt_number, fmt_period, fmt_year, label, t

Frames = dict[str, pl.DataFrame]


@dataclass(frozen=True)
class Chart:
    id: str  # the card's element id and the export id
    page: str
    title: str  # i18n key of the question the chart answers
    queries: tuple[str, ...]  # dashboard/queries/<name>.sql, all run with the filter parameters
    marks: Callable[[Frames, Filters], mk.Marks]  # every number the chart shows
    dataset: str  # the records behind the chart: agreements, delegations or investments
    value_axis: str | None = None  # i18n key of the value axis's title, where the marks' own is too general

    def draw(self, m: mk.Marks, f: Filters) -> dict:
        """The figure of the chart's marks as plotly JSON (a dict)."""
        if self.value_axis:
            m = replace(m, y_title=t(self.value_axis, f.lang))
        if self.id != "pt-map":
            return draw_marks(m, f.lang, f.era, self.dataset)
        fig = _map(m, f)
        return fig if isinstance(fig, dict) else fig.to_plotly_json()

    def figure(self, frames: Frames, f: Filters) -> dict:
        return self.draw(self.marks(frames, f), f)


@cache
def _prefectures() -> dict | None:
    return load_prefectures() if GEOJSON_PATH.exists() else None


def _map(m: mk.Marks, f: Filters) -> dict:
    geo = _prefectures()
    if geo is None or m.is_empty:
        return empty(m.title, m.empty or t("notice.no_records", f.lang), f.lang)
    values = dict(zip(m.frame["x_key"].to_list(), m.frame["y"].to_list(), strict=True))
    return prefecture_map(values, geo, title=m.title, colorbar_title=m.y_title, lang=f.lang,
                          hover_names=m.extra["hover"] or None, geojson_url=GEOJSON_URL)  # fmt: skip


# -- the registry ---------------------------------------------------------------

_AGR_YEAR, _DEL_YEAR = ("agreements_by_year",), ("delegations_by_year",)
# Investment charts pick one measure from every measure's figures and name partners and breakdowns.
_INV = ("investment_marks", "partner_names")
_INV_LATEST = (*_INV, "investment_breakdowns", "investment_latest")

PAGES: dict[str, tuple[Chart, ...]] = {
    "overview": (
        Chart("ov-agreements", "overview", "chart.agreements_by_year", _AGR_YEAR, mk.agreements_by_year, "agreements"),
        Chart("ov-delegations", "overview", "chart.delegations_by_year", _DEL_YEAR, mk.delegations_by_year, "delegations"),
        Chart("ov-investment", "overview", "chart.investment_value_by_year", _INV, mk.investment_by_year, "investments"),
    ),
    "agreements": (
        Chart("ag-by-year", "agreements", "chart.agreements_by_year", _AGR_YEAR, mk.agreements_by_year, "agreements"),
        Chart("ag-by-level", "agreements", "chart.agreements_by_level", ("agreements_by_level",),
              mk.agreements_by_level, "agreements"),
        Chart("ag-by-sector", "agreements", "chart.agreements_by_sector", ("agreements_by_sector",),
              mk.agreements_by_sector, "agreements"),
    ),
    "delegations": (
        Chart("dl-by-year", "delegations", "chart.delegations_by_year", _DEL_YEAR, mk.delegations_by_year, "delegations"),
        Chart("dl-by-purpose", "delegations", "chart.delegations_by_purpose", ("delegations_by_purpose",),
              mk.delegations_by_purpose, "delegations"),
        Chart("dl-timeline", "delegations", "chart.delegations_timeline", ("delegations_timeline",),
              mk.delegations_timeline, "delegations"),
    ),
    "investment": (
        Chart("iv-value", "investment", "chart.investment_value_by_year", _INV, mk.investment_by_year, "investments"),
        Chart("iv-projects", "investment", "chart.investment_count_by_year", _INV, mk.investment_count_by_year,
              "investments"),
        Chart("iv-part-year", "investment", "chart.investment_part_years", _INV, mk.investment_part_years,
              "investments"),
        Chart("iv-partner", "investment", "chart.investment_by_partner", _INV_LATEST, mk.investment_by_partner,
              "investments"),
        Chart("iv-sector", "investment", "chart.investment_by_sector", _INV_LATEST, mk.investment_by_sector,
              "investments"),
        Chart("iv-eec", "investment", "chart.investment_eec_share", (*_INV, "investment_breakdowns",
              "investment_provinces"), mk.investment_eec, "investments"),
    ),
    "partners": (
        Chart("pt-active", "partners", "partners.most_active", ("partners_active",), mk.partners_active, "agreements",
              value_axis="chart.axis_partner_records"),
        Chart("pt-map", "partners", "chart.partner_map", ("prefecture_map", "prefecture_names"), mk.prefecture_map,
              "agreements"),
    ),
}  # fmt: skip
CHARTS: dict[str, Chart] = {c.id: c for charts in PAGES.values() for c in charts}
# Where each page lives (the view's link on slides and in data files).
PATHS = {"overview": "/", "agreements": "/agreements", "delegations": "/delegations", "investment": "/investment",
         "partners": "/partners"}  # fmt: skip
# The records each page is about (its data downloads).
DATASETS = tuple(name for name, d in DECLARED.items() if d.shown)
PAGE_DATASETS = {"overview": DATASETS, "agreements": ("agreements",), "delegations": ("delegations",),
                 "investment": ("investments",), "partners": DATASETS}  # fmt: skip
# What the headline figures read (the Overview and every deck).
HEADLINE_QUERIES = ("headline", "investment_marks", "partner_names", "stated_totals", "investment_sources",
                    "investment_stated_aggregates")  # fmt: skip


# Queries asked after the others, with parameters their answers give: -> the extra $d_* parameters.
def _latest_params(frames: Frames, f: Filters) -> dict:
    """The measure shown and its latest whole year with a stated value in the view (any series)."""
    stage = mk.measure(frames, f)
    whole = mk.investment(frames, "series").filter(
        (pl.col("stage") == stage) & pl.col("is_full_year") & pl.col("value_thb_million").is_not_null()
    )
    latest = whole["year"].max() if whole.height else None
    return {"d_stage": stage, "d_year": int(latest) if isinstance(latest, int | float) else None}


def _source_params(frames: Frames, f: Filters) -> dict:
    """The sources the headline may name: the first of each mark of the measure shown."""
    marks = mk.investment(frames, "series").filter(pl.col("stage") == mk.measure(frames, f))
    ids = pl.concat([marks["value_source_id"], marks["projects_source_id"]]).drop_nulls().unique().sort()
    return {"d_ids": ids.to_list()}


FOLLOW_UPS: dict[str, Callable[[Frames, Filters], dict]] = {
    "investment_latest": _latest_params,
    "investment_sources": _source_params,
}


# Queries whose every row is of one year (their `year` column) and which read the year span only to leave the
# other years out: nothing they add up or count spans two years (the counting rules never add across years).
# A view's span is cut from their answer for every year, which the view without a span asked already, so a
# change of years alone asks the warehouse nothing new of them (tests/dashboard/test_year_span.py checks each
# against the query run with the span).
BY_YEAR = frozenset({"investment_marks", "investment_provinces", "agreements_by_year", "delegations_by_year"})


def every_year(p: dict) -> dict:
    """The query parameters `p` with no span of years."""
    return {**p, "year_from": YEAR_MIN, "year_to": YEAR_MAX}


def cut_years(frame: pl.DataFrame, p: dict) -> pl.DataFrame:
    """The rows of an answer for every year (BY_YEAR) that fall in the span of `p`."""
    if (p["year_from"], p["year_to"]) == (YEAR_MIN, YEAR_MAX):
        return frame
    return frame.filter(pl.col("year").is_between(p["year_from"], p["year_to"]))


def load(w: Warehouse, charts, f: Filters, also: tuple[str, ...] = (), extra: Sequence[tuple[str, dict]] = ()):
    """Run `extra` calls and every query the charts (and `also`) need, side by side in one `query_many`;
    then the follow-ups (FOLLOW_UPS), which take parameters from those answers, side by side too. A query of
    BY_YEAR is asked for every year and the view's years cut from its answer.

    -> (frames by query name, [the frames of `extra`, in order]). A query two charts share runs once.
    """
    names = list(dict.fromkeys([*(q for c in charts for q in c.queries), *also]))
    later = [n for n in names if n in FOLLOW_UPS]
    first = [n for n in names if n not in FOLLOW_UPS]
    p = f.params()
    got = w.query_many([*extra, *((n, every_year(p) if n in BY_YEAR else p) for n in first)])
    frames = {
        n: cut_years(frame, p) if n in BY_YEAR else frame for n, frame in zip(first, got[len(extra) :], strict=True)
    }
    if later:
        frames.update(zip(later, w.query_many([(n, {**p, **FOLLOW_UPS[n](frames, f)}) for n in later]), strict=True))
    return frames, got[: len(extra)]


# -- headline figures --------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    id: str  # the element id on the Overview is kpi-<id>
    label: str
    value: float | int | None
    text: str  # the value as shown, qualifier included ("at least 1,200", "not recorded")
    details: tuple[str, ...] = field(default=())  # what the number is: its year, source, scope, what it leaves out


def headline(fr: Frames, f: Filters) -> list[KeyFigure]:
    """The headline figures for the filters, in the view's language: each a figure a source could have
    written (or a count of records that says so), with its year, source and scope in `details`."""
    h = fr["headline"].row(0, named=True)
    return [*_agreement_figures(h, fr, f), *_delegation_figures(h, f), *_investment_figures(fr, f)]


def _agreement_figures(h: dict, fr: Frames, f: Filters) -> list[KeyFigure]:
    lang = f.lang
    n = h["partners_with_agreements"]
    signed = [t("kpi.with_partners" + ("_one" if n == 1 else ""), lang, n=fmt_int(n, lang))]
    totals = fr.get("stated_totals")
    if totals is not None and totals.height:
        # The newest count of agreements to date that a source states (the rest are listed under the figures).
        to_date = totals.filter(
            pl.col("comparable") & (pl.col("counts") == "agreements") & pl.col("from_year").is_null()
        )
        first = to_date.sort(["as_of_year", "as_of_month", "value"], descending=True, nulls_last=True).head(1)
        signed += coverage_lines(first, f)
        if totals.height > first.height:
            signed.append(t("kpi.more_totals", lang, n=fmt_int(totals.height - first.height, lang)))
    if h["agreements_status_recorded"]:
        active = KeyFigure("agreements_active", t("kpi.agreements_active", lang), h["agreements_active"],
                           fmt_int(h["agreements_active"], lang),
                           (t("kpi.of_status_recorded", lang, n=fmt_int(h["agreements_status_recorded"], lang),
                              m=fmt_int(h["agreements_signed"], lang)),))  # fmt: skip
    else:
        active = KeyFigure("agreements_active", t("kpi.agreements_active", lang), None, t("common.not_recorded", lang),
                           (t("kpi.no_status_recorded", lang),))  # fmt: skip
    return [
        KeyFigure("agreements_signed", t("kpi.agreements_signed", lang), h["agreements_signed"],
                  fmt_int(h["agreements_signed"], lang), tuple(signed)),
        active,
    ]  # fmt: skip


def _delegation_figures(h: dict, f: Filters) -> list[KeyFigure]:
    lang = f.lang
    out = []
    for direction in ("outbound", "inbound"):
        held = h[f"{direction}_held"]
        details = [
            t(f"kpi.also_{what}", lang, n=fmt_int(h[f"{direction}_{what}"], lang))
            for what in ("planned", "not_recorded", "cancelled")
            if h[f"{direction}_{what}"]
        ]
        out.append(KeyFigure(f"delegations_{direction}", t(f"kpi.delegations_{direction}_held", lang), held,
                             fmt_int(held, lang), tuple(details)))  # fmt: skip
    for what in ("participants", "companies"):
        stated = h[f"{what}_stated"]
        value = h[what] if stated else None
        text = mk.qualified(value, h[f"{what}_qualifier"], lang) if stated else t("common.not_stated", lang)
        stated_of = t("kpi.k_of_n_state", lang, k=fmt_int(stated, lang), n=fmt_int(h["held"], lang))
        out.append(KeyFigure(what, t(f"kpi.{what}_held", lang), value, text, (stated_of,)))
    return out


def coverage_lines(totals: pl.DataFrame | None, f: Filters, counts: tuple[str, ...] | None = None) -> list[str]:
    """Counts sources state only in aggregate, each beside what is recorded here, in words:
    "DIPROM stated 22 agreements with Japan (local government), as of Jul 2022; 6 are recorded here"."""
    if totals is None or totals.height == 0:
        return []
    lang = f.lang
    lines = []
    for r in totals.iter_rows(named=True):
        if counts and r["counts"] not in counts:
            continue
        who, as_of = stated_scope(r, f), stated_when(r, f)
        if not r["comparable"]:  # a count the warehouse keeps no records of: the statement as written
            stated = (r["text_th"] if lang == "th" and r["text_th"] else r["text_en"]) or ""
            lines.append(f"{r['stated_by']}: {stated} ({as_of})")
            continue
        text = t(f"stated.{r['counts']}", lang, who=r["stated_by"], n=mk.qualified(r["value"], r["qualifier"], lang),
                 scope=who, as_of=as_of)  # fmt: skip
        text = t("stated.recorded", lang, stated=text, n=fmt_int(r["recorded"], lang))
        if r["possibly"]:
            text = t("stated.possibly", lang, text=text, n=fmt_int(r["possibly"], lang))
        lines.append(text)
    return lines


def stated_scope(r: dict, f: Filters) -> str:
    """Whose counterparts a stated total counts: "Japan (local government)"."""
    who = (r["partner_th"] if f.lang == "th" and r["partner_th"] else r["partner_en"]) or r["partner_id"]
    if r["partner_levels"]:
        who += " (" + ", ".join(label("level", v, f.lang) for v in r["partner_levels"]) + ")"
    return who


def stated_when(r: dict, f: Filters) -> str:
    """The time a stated total covers, at the precision of its dates: "Jul 2022" or "2009–2019"; a span whose
    two ends read the same ("Feb 2025–Feb 2025") is written once."""
    as_of = fmt_date(r["as_of_year"], r["as_of_month"], r["as_of_date"], r["as_of_precision"], f.lang, f.era)
    if r["from_year"] is None:
        return as_of
    since = fmt_date(r["from_year"], r["from_month"], r["from_date"], r["from_precision"], f.lang, f.era)
    return as_of if since == as_of else f"{since}–{as_of}"


def _source_text(url: str | None, n: int, lang: str) -> str:
    if not url:
        return ""
    more = " " + t("common.and_more", lang, n=fmt_int(n - 1, lang)) if n > 1 else ""
    return t("kpi.source", lang, source=mk.domain(url) + more)


def _investment_figures(fr: Frames, f: Filters) -> list[KeyFigure]:
    """Investment: for the measure shown, the latest whole year with a stated value for the view (and its
    count), with year, who, source, the change from the previous stated year when the same partners stated
    both, and the newer part-year figure named by its months. Aggregates picked in the view follow apart."""
    lang = f.lang
    stage = mk.measure(fr, f)
    m = label("stage", stage, lang)
    frame = mk.investment(fr, "series").filter(pl.col("stage") == stage)
    names = mk._partner_names(fr, lang)
    src = fr.get("investment_sources")
    sources = dict(zip(src["source_id"], src["source_url"], strict=True)) if src is not None else {}
    out = []
    for col, kind in (("value_thb_million", "value"), ("projects", "count")):
        prefix = "value" if kind == "value" else "projects"
        marks = frame.filter(pl.col(col).is_not_null())
        whole = marks.filter(pl.col("is_full_year"))
        series = list(dict.fromkeys(whole.sort("series")["series"].to_list())) or [mk.SERIES_PARTNERS]
        primary = series[0]
        rows = whole.filter(pl.col("series") == primary).sort("year")
        if rows.height and rows["count_unit"].n_unique() > 1:  # counted in two units: the latest year's
            rows = rows.filter(pl.col("count_unit") == rows["count_unit"][-1])
        what = (
            t("kpi.investment_value", lang, measure=m)
            if kind == "value"
            else t(
                "kpi.investment_count",
                lang,
                measure=m,
                unit=label("count_unit", rows["count_unit"][-1] if rows.height else "projects", lang),
            )
        )
        if rows.height == 0:
            out.append(KeyFigure(f"investment_{kind}", what, None, "–", (t("kpi.no_whole_year", lang),)))
            continue
        last = rows.row(-1, named=True)
        details = [_who(last, f"{prefix}_partners", primary, names, frame, lang, f.era)]
        details.append(_source_text(sources.get(last[f"{prefix}_source_id"]), last[f"{prefix}_sources"], lang))
        if rows.height > 1:
            prev = rows.row(-2, named=True)
            qualifiers = {prev[f"{prefix}_qualifier"], last[f"{prefix}_qualifier"]}
            same = (prev[f"{prefix}_partners"] or []) == (last[f"{prefix}_partners"] or [])
            # From a stated figure to a lower bound the change is itself a lower bound; from a lower bound, none.
            if same and prev[f"{prefix}_qualifier"] != "at_least":
                change = (last[col] - prev[col]) / prev[col] * 100 if prev[col] else None
                about = "_at_least" if "at_least" in qualifiers else "_about" if "approx" in qualifiers else ""
                details.append(t(f"kpi.change{about}", lang, pct=("+" if (change or 0) >= 0 else "") + fmt_number(change, lang),
                                 year=fmt_year(prev["year"], f.era),
                                 prev=mk.qualified(prev[col], prev[f"{prefix}_qualifier"], lang,
                                                   "float" if kind == "value" else "int")))  # fmt: skip
            elif not same:
                details.append(t("kpi.not_comparable", lang, year=fmt_year(prev["year"], f.era)))
        newer = marks.filter(~pl.col("is_full_year") & (pl.col("series") == primary) & (pl.col("year") > last["year"]))
        if newer.height:
            p = newer.sort("year", "month_to").row(-1, named=True)
            months = fmt_period(f"{p['month_from']:02d}-{p['month_to']:02d}", lang)
            details.append(t("kpi.part_year", lang, period=f"{months} {fmt_year(p['year'], f.era)}",
                             value=mk.qualified(p[col], p[f"{prefix}_qualifier"], lang,
                                                "float" if kind == "value" else "int")))  # fmt: skip
        if primary == mk.SERIES_PARTNERS and not (f.partner or f.country or f.level or f.sector):
            details.extend(_stated_for_groups(fr, stage, last, col, kind, lang))
        for other in series[1:3]:  # aggregates picked in the view: their own latest figure, apart
            o = whole.filter(pl.col("series") == other).sort("year")
            if o.height:
                r = o.row(-1, named=True)
                details.append(f"{names.get(other, other)} {fmt_year(r['year'], f.era)}: "
                               f"{mk.qualified(r[col], r[f'{prefix}_qualifier'], lang, 'float' if kind == 'value' else 'int')}")  # fmt: skip
        value = last[col]
        text = mk.qualified(value, last[f"{prefix}_qualifier"], lang, "float" if kind == "value" else "int")
        out.append(KeyFigure(f"investment_{kind}", what, value, text, tuple(d for d in details if d)))
    return out


def _stated_for_groups(fr: Frames, stage: str, last: dict, col: str, kind: str, lang: str) -> list[str]:
    """Beside a sum of partners over the whole view: what sources state for a group of investors (all foreign
    investors) in the same year and measure, each apart, as stated (a group includes the partners summed)."""
    groups = fr.get("investment_stated_aggregates")
    if groups is None or groups.height == 0:
        return []
    rows = groups.filter((pl.col("stage") == stage) & (pl.col("year") == last["year"]) & pl.col(col).is_not_null())
    if kind == "count":
        rows = rows.filter(pl.col("count_unit") == last["count_unit"])
    qualifier = "value_qualifier" if kind == "value" else "projects_qualifier"
    out = []
    for r in rows.unique("partner_id", keep="first", maintain_order=True).iter_rows(named=True):
        name = (r["name_th"] or r["name_en"]) if lang == "th" else r["name_en"]
        number = mk.qualified(r[col], r[qualifier], lang, "float" if kind == "value" else "int")
        out.append(t("kpi.stated_group", lang, name=name, value=number))
    return out


def _who(row: dict, partners_col: str, series: str, names: dict[str, str], frame: pl.DataFrame, lang: str,
         era: str) -> str:  # fmt: skip
    """ "2017 · Japan", or "2017 · sum of 4 of 14 partners with figures: Japan, ..."."""
    year = fmt_year(row["year"], era)
    ids = row[partners_col] or []
    if series != mk.SERIES_PARTNERS:
        return f"{year} · {names.get(series, series)}"
    every = {p for ps in frame.filter(pl.col("series") == series)[partners_col].to_list() for p in (ps or [])}
    if len(ids) == 1 and len(every) <= 1:
        return f"{year} · {names.get(ids[0], ids[0])}"
    return f"{year} · " + t("detail.k_of_n_partners", lang, k=fmt_int(len(ids), lang), n=fmt_int(len(every), lang),
                            names=mk._listed(ids, names, lang))  # fmt: skip
