"""What every chart shows, mark by mark: each number, what it adds up, and how to find its records.

A chart is drawn from its marks (figures/charts.py), the deck's native charts from that drawing,
and its numbers export as they are (`/export/chart/<id>.csv|.xlsx`): one row per mark with its
series, x, y, qualifier, and how many records and sources it adds up. Nothing is summed here:
investment sums come from the warehouse's `investment_marks()` (the counting rules, README: How
figures are counted) and counts of records from the page's queries, so a mark is a stated figure,
a permitted sum of stated figures, or a count of records, and says which. (The one computation:
the corridor's share, the ratio of two sums of figures by province, whose provinces are disjoint.)

A mark's `drill` (JSON) holds the parameters that select exactly the records its number adds up
(dashboard/drill.py), so a click lists what the bar adds, no more and no less.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import cast
from urllib.parse import urlparse

import polars as pl

from dashboard.filters import STAGES, Filters
from dashboard.i18n import fmt_fiscal_year, fmt_int, fmt_number, fmt_period, fmt_year, label, t, year_label

Frames = dict[str, pl.DataFrame]

# The columns of a marks frame, in the order the chart's numbers export.
COLUMNS = ("series_key", "series", "x_key", "x", "y", "qualifier", "records", "sources", "detail", "drill")
SERIES_PARTNERS = ""  # the series of the picked partners together (aggregates are series of their own)
PART_YEAR_SPANS = 12  # spans of months the part-year chart shows: the latest


@dataclass
class Marks:
    """A chart's marks and how to draw them."""

    frame: pl.DataFrame  # COLUMNS, one row per mark, in drawing order
    kind: str  # year (a time axis) | category (x in the frame's order) | ranked (horizontal) | lines | timeline | map
    title: str
    y_title: str
    x_title: str = ""
    unit: str = ""  # what y counts or measures, for the exported numbers
    stacked: bool = False  # the segments of a bar are disjoint records (types, directions): stacking adds them
    number: str = "int"  # int | float
    empty: str | None = None  # why nothing is drawn, in words
    notes: list[str] = field(default_factory=list)  # lines under the chart
    sums: bool = False  # y adds up stated figures (investment), not records counted here
    extra: dict = field(default_factory=dict)  # what a special kind needs (timeline bars, map values)

    @property
    def is_empty(self) -> bool:
        return self.frame.height == 0


def _frame(rows: list[dict]) -> pl.DataFrame:
    if not rows:
        return pl.DataFrame(schema={c: pl.String for c in COLUMNS} | {"y": pl.Float64, "records": pl.Int64,
                                                                      "sources": pl.Int64})  # fmt: skip
    return pl.DataFrame(rows, infer_schema_length=None).select(COLUMNS)


def _drill(**params) -> str:
    return json.dumps({k: v for k, v in params.items() if v is not None}, ensure_ascii=False, sort_keys=True)


def _year_text(y: int, f: Filters, fiscal: bool = False) -> str:
    return fmt_fiscal_year(y, f.era, f.lang) if fiscal else fmt_year(y, f.era)


def _x_title(f: Filters, fiscal: bool = False) -> str:
    return t("axis.fiscal_year" if fiscal else "axis.year", f.lang) + f" ({year_label(f.era, f.lang)})"


def _name(row: dict, lang: str, prefix: str = "") -> str:
    th, en = (
        row.get(f"{prefix}name_th") or row.get(f"{prefix}th"),
        row.get(f"{prefix}name_en") or row.get(f"{prefix}en"),
    )
    return (th if lang == "th" and th else en) or ""


def qualified(value: float | int | None, qualifier: str | None, lang: str, number: str = "int") -> str:
    """A number as its source gives it: "ประมาณ 40" / "about 40", "อย่างน้อย 30" / "at least 30"."""
    text = fmt_int(value, lang) if number == "int" else fmt_number(value, lang)
    if value is None or qualifier in (None, "", "exact"):
        return text
    return t(f"fmt.{qualifier}", lang, n=text)


def symbol(qualifier: str | None) -> str:
    """The sign a mark carries on the chart: ≈ approximate, ≥ at least; none when exact."""
    return {"approx": "≈", "at_least": "≥"}.get(qualifier or "", "")


def domain(url: str | None) -> str:
    return (urlparse(url).netloc.removeprefix("www.") or url) if url else ""


# -- counts of records: agreements, delegations ------------------------------------------------

# Delegations: outbound before inbound, held before the rest (their colours and patterns: theme.COLORS, PATTERNS).
STATUS_ORDER = ("held", "", "planned", "cancelled")
DIRECTION_ORDER = {"outbound": 0, "inbound": 1}


def _status_series(direction: str, status: str, lang: str) -> tuple[str, str]:
    key = f"{direction}:{status}"
    return key, f"{label('direction', direction, lang)} · {t('delegation_status.' + (status or 'not_recorded'), lang)}"


def _status_sort(key: str) -> tuple:
    direction, status = key.split(":")
    return (DIRECTION_ORDER.get(direction, 9), STATUS_ORDER.index(status) if status in STATUS_ORDER else 9)


def agreements_by_year(fr: Frames, f: Filters) -> Marks:
    fiscal = f.period == "fy"
    rows = [
        {"series_key": r["agreement_type"], "series": label("agreement_type", r["agreement_type"], f.lang),
         "x_key": r["year"], "x": _year_text(r["year"], f, fiscal), "y": r["agreements"], "qualifier": "exact",
         "records": r["agreements"], "sources": r["sources"], "detail": "",
         "drill": _drill(year=r["year"], type=r["agreement_type"])}
        for r in fr["agreements_by_year"].iter_rows(named=True)
    ]  # fmt: skip
    return Marks(_frame(rows), "year", t("chart.agreements_by_year", f.lang), t("axis.agreements", f.lang),
                 _x_title(f, fiscal), unit=t("axis.agreements", f.lang), stacked=True,
                 empty=t("notice.no_records", f.lang))  # fmt: skip


def agreements_by_level(fr: Frames, f: Filters) -> Marks:
    rows = [
        {"series_key": "", "series": t("axis.agreements", f.lang), "x_key": r["level"],
         "x": label("level", r["level"], f.lang), "y": r["agreements"], "qualifier": "exact",
         "records": r["agreements"], "sources": r["sources"], "detail": "", "drill": _drill(level=r["level"])}
        for r in fr["agreements_by_level"].iter_rows(named=True)
    ]  # fmt: skip
    return Marks(_frame(rows), "ranked", t("chart.agreements_by_level", f.lang), t("axis.agreements", f.lang),
                 unit=t("axis.agreements", f.lang), empty=t("notice.no_records", f.lang))  # fmt: skip


def agreements_by_sector(fr: Frames, f: Filters) -> Marks:
    rows = []
    for r in fr["agreements_by_sector"].iter_rows(named=True):
        name = _name(r, f.lang) or r["sector_code"] if r["sector_code"] else t("common.not_stated", f.lang)
        rows.append(
            {"series_key": "", "series": t("axis.agreements", f.lang), "x_key": r["sector_code"], "x": name,
             "y": r["agreements"], "qualifier": "exact", "records": r["agreements"], "sources": r["sources"],
             "detail": "", "drill": _drill(sector=r["sector_code"])}
        )  # fmt: skip
    return Marks(_frame(rows), "ranked", t("chart.agreements_by_sector", f.lang), t("axis.agreements", f.lang),
                 unit=t("axis.agreements", f.lang), empty=t("notice.no_records", f.lang),
                 notes=[t("notice.sector_counts_once_each", f.lang)] if rows else [])  # fmt: skip


def delegations_by_year(fr: Frames, f: Filters) -> Marks:
    fiscal = f.period == "fy"
    rows = []
    for r in fr["delegations_by_year"].iter_rows(named=True):
        key, name = _status_series(r["direction"], r["status"], f.lang)
        rows.append(
            {"series_key": key, "series": name, "x_key": r["year"], "x": _year_text(r["year"], f, fiscal),
             "y": r["delegations"], "qualifier": "exact", "records": r["delegations"], "sources": r["sources"],
             "detail": "", "drill": _drill(year=r["year"], direction=r["direction"], status=r["status"])}
        )  # fmt: skip
    rows.sort(key=lambda row: (_status_sort(row["series_key"]), row["x_key"]))
    frame = _frame(rows)
    return Marks(frame, "year", t("chart.delegations_by_year", f.lang), t("axis.delegations", f.lang),
                 _x_title(f, fiscal), unit=t("axis.delegations", f.lang), stacked=True,
                 empty=t("notice.no_records", f.lang))  # fmt: skip


def delegations_by_purpose(fr: Frames, f: Filters) -> Marks:
    rows = []
    for r in fr["delegations_by_purpose"].iter_rows(named=True):
        key, name = _status_series(r["direction"], r["status"], f.lang)
        rows.append(
            {"series_key": key, "series": name, "x_key": r["purpose"], "x": label("purpose", r["purpose"], f.lang),
             "y": r["delegations"], "qualifier": "exact", "records": r["delegations"], "sources": r["sources"],
             "detail": "", "drill": _drill(purpose=r["purpose"], direction=r["direction"], status=r["status"])}
        )  # fmt: skip
    frame = _frame(rows)
    return Marks(frame, "ranked", t("chart.delegations_by_purpose", f.lang), t("axis.delegations", f.lang),
                 unit=t("axis.delegations", f.lang), stacked=True, empty=t("notice.no_records", f.lang))  # fmt: skip


def delegations_timeline(fr: Frames, f: Filters) -> Marks:
    frame = fr["delegations_timeline"].sort("start_date")
    rows, bars = [], []
    for r in frame.iter_rows(named=True):
        key, name = _status_series(r["direction"], r["status"] or "", f.lang)
        who = _name(r, f.lang, "partner_")
        d = r["start_date"]
        text = f"{(r['event'] or who or '')[:40]} · {d.day} {fmt_period(f'{d.month:02d}', f.lang)} {fmt_year(d.year, f.era)}"
        days = (r["end_date"] - r["start_date"]).days + 1
        rows.append(
            {"series_key": key, "series": name, "x_key": r["delegation_id"], "x": text, "y": days,
             "qualifier": "exact", "records": 1, "sources": 1 if r["source_url"] else 0,
             "detail": label("purpose", r["purpose"] or "other", f.lang), "drill": _drill(id=r["delegation_id"])}
        )  # fmt: skip
        bars.append({"start": r["start_date"], "end": r["end_date"]})
    return Marks(_frame(rows), "timeline", t("chart.delegations_timeline", f.lang), t("axis.days", f.lang),
                 unit=t("axis.days", f.lang), empty=t("notice.no_records", f.lang), extra={"bars": bars})  # fmt: skip


def partners_active(fr: Frames, f: Filters) -> Marks:
    rows = []
    for r in fr["partners_active"].iter_rows(named=True):
        for kind in ("agreements", "delegations"):
            rows.append(
                {"series_key": kind, "series": t(f"axis.{kind}", f.lang), "x_key": r["partner_id"],
                 "x": _name(r, f.lang), "y": r[kind], "qualifier": "exact", "records": r[kind], "sources": None,
                 "detail": "", "drill": _drill(dataset=kind, partner=r["partner_id"])}
            )  # fmt: skip
    return Marks(_frame(rows), "ranked", t("partners.most_active", f.lang), t("axis.records", f.lang),
                 unit=t("axis.records", f.lang), empty=t("notice.no_records", f.lang),
                 notes=[t("notice.counted_apart", f.lang)] if rows else [])  # fmt: skip


def prefecture_map(fr: Frames, f: Filters) -> Marks:
    names = fr["prefecture_names"]
    hover = dict(zip(names["iso"].to_list(), names["name_th" if f.lang == "th" else "name_en"].to_list(), strict=True))
    rows = [
        {"series_key": "", "series": t("axis.agreements", f.lang), "x_key": r["iso"], "x": hover.get(r["iso"], r["iso"]),
         "y": r["agreements"], "qualifier": "exact", "records": r["agreements"], "sources": None, "detail": "",
         "drill": _drill(iso=r["iso"])}
        for r in fr["prefecture_map"].iter_rows(named=True) if r["agreements"]
    ]  # fmt: skip
    return Marks(_frame(rows), "map", t("chart.partner_map", f.lang), t("axis.agreements", f.lang),
                 unit=t("axis.agreements", f.lang), empty=t("notice.no_records", f.lang), extra={"hover": hover})  # fmt: skip


# -- investment: stated figures and the sums the counting rules allow ---------------------------


def investment(fr: Frames, per: str) -> pl.DataFrame:
    """The investment marks of one kind: series (by year and months), province, or partner and sector (the
    latest whole year of the measure shown)."""
    frame = {"series": fr.get("investment_marks"), "province": fr.get("investment_provinces")}.get(per)
    if frame is None:
        frame = fr["investment_latest"].filter(pl.col("per") == per)
    return frame


def measures(fr: Frames) -> list[tuple[str, int, int]]:
    """The measures (stages) with figures in the view: (stage, whole-year figures with a value, marks),
    most whole-year figures first, then the vocabulary's order."""
    frame = investment(fr, "series")
    if frame.height == 0:
        return []
    whole = pl.col("is_full_year") & pl.col("value_thb_million").is_not_null()
    got = frame.group_by("stage").agg(whole=pl.col("value_figures").filter(whole).sum(), marks=pl.len())
    order = {s: i for i, s in enumerate(STAGES)}
    rows = [(r["stage"], r["whole"], r["marks"]) for r in got.iter_rows(named=True)]
    return sorted(rows, key=lambda r: (-r[1], -r[2], order.get(r[0], 99)))


def measure(fr: Frames, f: Filters) -> str:
    """The measure the investment charts show: the view's `stage`, else the one with most whole-year figures."""
    if f.stage:
        return f.stage
    found = measures(fr)
    return found[0][0] if found else STAGES[0]


def _partner_names(fr: Frames, lang: str) -> dict[str, str]:
    names = fr.get("partner_names")
    if names is None:
        return {}
    col = "name_th" if lang == "th" else "name_en"
    return {r["partner_id"]: r[col] or r["name_en"] for r in names.iter_rows(named=True)}


def _listed(ids: list[str], names: dict[str, str], lang: str, most: int = 4) -> str:
    shown = [names.get(i, i) for i in ids[:most]]
    more = len(ids) - len(shown)
    return ", ".join(shown) + (" " + t("common.and_more", lang, n=fmt_int(more, lang)) if more > 0 else "")


def _series_label(series: str, partners: set[str], fr_row: dict, names: dict[str, str], lang: str) -> str:
    """The partners' series is named by its partner when it holds one, else "Picked partners (sum)";
    an aggregate by its name and "(stated total)"."""
    if series == SERIES_PARTNERS:
        if len(partners) == 1:
            return names.get(next(iter(partners)), next(iter(partners)))
        return t("series.partners_sum", lang)
    return t("series.aggregate", lang, name=names.get(series) or _name(fr_row, lang, "series_"))


def _investment_rows(frame: pl.DataFrame, f: Filters, names: dict, *, value: bool, x_of, drill_of) -> list[dict]:
    """Marks of an investment sum: the value or the count, with what each adds up."""
    lang = f.lang
    col, q, n, partners_col, sources_col = (
        ("value_thb_million", "value_qualifier", "value_figures", "value_partners", "value_sources")
        if value else ("projects", "projects_qualifier", "projects_figures", "projects_partners", "projects_sources")
    )  # fmt: skip
    frame = frame.filter(pl.col(col).is_not_null())
    units = frame["count_unit"].unique().to_list() if frame.height else []
    # Partners that state a figure anywhere in the view, per series: the "n" of "k of n partners".
    every: dict[str, set[str]] = {}
    for r in frame.iter_rows(named=True):
        every.setdefault(r["series"], set()).update(r[partners_col] or [])
    rows = []
    for r in frame.iter_rows(named=True):
        series = r["series"]
        name = _series_label(series, every.get(series, set()), r, names, lang)
        key = series
        if len(units) > 1:  # a statistic counted in permits and one counted in investors: a series each
            key = f"{series}|{r['count_unit']}"
            name += f" ({label('count_unit', r['count_unit'], lang)})"
        ids = r[partners_col] or []
        detail = []
        if series == SERIES_PARTNERS and len(every.get(series, ())) > 1:
            detail.append(t("detail.k_of_n_partners", lang, k=fmt_int(len(ids), lang),
                            n=fmt_int(len(every[series]), lang), names=_listed(ids, names, lang)))  # fmt: skip
        if r["named_only"]:
            detail.append(t("detail.named_only", lang))
        rows.append(
            {"series_key": key, "series": name, "x_key": x_of(r), "x": None, "y": float(r[col]), "qualifier": r[q],
             "records": r[n], "sources": r[sources_col], "detail": "; ".join(detail),
             "drill": drill_of(r, "value" if value else "count")}
        )  # fmt: skip
    return rows


def _breakdown_empty(fr: Frames, f: Filters, stage: str, what: str) -> str:
    """Why a breakdown chart is empty: no source gives it at all; the view has figures of the measure but
    the sources break them down only in other years (which, said); or the filters leave none."""
    b = fr.get("investment_breakdowns")
    b = None if b is None else b.filter(pl.col("stage") == stage)
    m = label("stage", stage, f.lang)
    if b is None or not int(b[f"{what}_figures"].sum() or 0):
        return t(f"notice.no_{what}_breakdown", f.lang, measure=m)
    series = investment(fr, "series")
    whole = None if series is None else series.filter((pl.col("stage") == stage) & pl.col("is_full_year"))
    if whole is not None and whole.height:  # the chart shows the latest whole year: which one, and where to look
        first, last = b[f"{what}_first"][0], b[f"{what}_last"][0]
        years = fmt_year(first, f.era) if first == last else f"{fmt_year(first, f.era)}–{fmt_year(last, f.era)}"
        year = fmt_year(cast(int | None, whole["year"].max()), f.era)
        return t(f"notice.no_{what}_breakdown_here", f.lang, measure=m, year=year, years=years)
    return t("notice.no_records", f.lang)


def investment_by_year(fr: Frames, f: Filters, *, value: bool = True) -> Marks:
    stage = measure(fr, f)
    names = _partner_names(fr, f.lang)
    frame = investment(fr, "series").filter((pl.col("stage") == stage) & pl.col("is_full_year"))
    rows = _investment_rows(
        frame, f, names, value=value, x_of=lambda r: r["year"],
        drill_of=lambda r, m: _drill(per="series", stage=stage, year=r["year"], full_year=True, series=r["series"],
                                     measure=m, count_unit=r["count_unit"]),
    )  # fmt: skip
    for row in rows:
        row["x"] = fmt_year(row["x_key"], f.era)
    m = label("stage", stage, f.lang)
    title = t("chart.investment_value_by_year_of" if value else "chart.investment_count_by_year_of", f.lang, measure=m)
    y_title = t("axis.thb_million", f.lang) if value else t("axis.count", f.lang)
    notes = [t("notice.one_measure", f.lang, measure=m)]
    if f.period == "fy":
        notes.append(t("notice.year_only_in_cy", f.lang))
    return Marks(_frame(rows), "year", title, y_title, _x_title(f), unit=y_title, number="float" if value else "int",
                 empty=t("notice.no_whole_year", f.lang, measure=m), notes=notes, sums=True)  # fmt: skip


def investment_count_by_year(fr: Frames, f: Filters) -> Marks:
    return investment_by_year(fr, f, value=False)


def investment_part_years(fr: Frames, f: Filters) -> Marks:
    stage = measure(fr, f)
    names = _partner_names(fr, f.lang)
    frame = investment(fr, "series").filter(
        (pl.col("stage") == stage) & ~pl.col("is_full_year") & pl.col("value_thb_million").is_not_null()
    )
    spans = frame.select("year", "month_from", "month_to").unique().sort("year", "month_to", "month_from")
    shown = spans.tail(PART_YEAR_SPANS)  # the latest: a readable axis (the years picked choose which)
    frame = frame.join(shown, on=["year", "month_from", "month_to"]).sort("year", "month_from", "month_to")
    rows = _investment_rows(
        frame, f, names, value=True, x_of=lambda r: f"{r['year']}-{r['month_from']:02d}-{r['month_to']:02d}",
        drill_of=lambda r, m: _drill(per="series", stage=stage, year=r["year"], month_from=r["month_from"],
                                     month_to=r["month_to"], series=r["series"], measure=m,
                                     count_unit=r["count_unit"]),
    )  # fmt: skip
    for row in rows:
        y, a, b = (int(x) for x in row["x_key"].split("-"))
        row["x"] = f"{fmt_period(f'{a:02d}-{b:02d}', f.lang)} {fmt_year(y, f.era)}"
    m = label("stage", stage, f.lang)
    return Marks(_frame(rows), "category", t("chart.investment_part_years_of", f.lang, measure=m),
                 t("axis.thb_million", f.lang), t("axis.period", f.lang), unit=t("axis.thb_million", f.lang),
                 number="float", empty=t("notice.no_part_year", f.lang, measure=m), sums=True,
                 notes=[t("notice.part_year", f.lang)]
                 + ([t("notice.latest_spans", f.lang, n=fmt_int(PART_YEAR_SPANS, f.lang))] if spans.height > shown.height
                    else []))  # fmt: skip


def _latest_whole_year(frame: pl.DataFrame, stage: str) -> tuple[pl.DataFrame, int | None]:
    """The marks of the measure's latest whole year with a stated value, and that year."""
    frame = frame.filter(
        (pl.col("stage") == stage) & pl.col("is_full_year") & pl.col("value_thb_million").is_not_null()
    )
    if frame.height == 0:
        return frame, None
    year = int(cast(int, frame["year"].max()))  # the frame has rows, so a year
    return frame.filter(pl.col("year") == year), year


def _unit_label(frame: pl.DataFrame, lang: str):
    """-> f(row) naming the count unit of a mark when the marks hold two (permits and investors), else ""."""
    several = frame.height > 0 and frame["count_unit"].n_unique() > 1
    return lambda r: f" ({label('count_unit', r['count_unit'], lang)})" if several else ""


def investment_by_partner(fr: Frames, f: Filters) -> Marks:
    stage = measure(fr, f)
    m = label("stage", stage, f.lang)
    frame, year = _latest_whole_year(investment(fr, "partner"), stage)
    frame = frame.sort("value_thb_million", "mark_key", descending=[True, False]).head(15)
    unit = _unit_label(frame, f.lang)
    rows = []
    for r in frame.iter_rows(named=True):
        key = "aggregate" if r["is_aggregate"] else "partner"
        rows.append(
            {"series_key": key, "series": t(f"series.{key}_bar", f.lang), "x_key": f"{r['mark_key']}|{r['count_unit']}",
             "x": _name(r, f.lang) + unit(r), "y": float(r["value_thb_million"]), "qualifier": r["value_qualifier"],
             "records": r["value_figures"], "sources": r["value_sources"],
             "detail": t("detail.named_only", f.lang) if r["named_only"] else "",
             "drill": _drill(per="partner", stage=stage, year=r["year"], full_year=True, key=r["mark_key"],
                             measure="value", count_unit=r["count_unit"])}
        )  # fmt: skip
    title = (t("chart.investment_by_partner_of", f.lang, measure=m, year=fmt_year(year, f.era)) if year
             else f"{m}: {t('chart.investment_by_partner', f.lang)}")  # fmt: skip
    notes = [t("notice.latest_whole_year", f.lang)]
    if any(r["series_key"] == "aggregate" for r in rows):
        notes.append(t("notice.aggregates_apart", f.lang))
    return Marks(_frame(rows), "ranked", title, t("axis.thb_million", f.lang), unit=t("axis.thb_million", f.lang),
                 number="float", empty=t("notice.no_whole_year", f.lang, measure=m), notes=notes, sums=True)  # fmt: skip


def investment_by_sector(fr: Frames, f: Filters) -> Marks:
    stage = measure(fr, f)
    m = label("stage", stage, f.lang)
    names = _partner_names(fr, f.lang)
    frame, year = _latest_whole_year(investment(fr, "sector"), stage)
    frame = frame.sort("value_thb_million", "mark_key", descending=[True, False])
    every: dict[str, set[str]] = {}
    for r in frame.iter_rows(named=True):
        every.setdefault(r["series"], set()).update(r["value_partners"] or [])
    unit = _unit_label(frame, f.lang)
    rows = [
        {"series_key": r["series"], "series": _series_label(r["series"], every[r["series"]], r, names, f.lang),
         "x_key": f"{r['mark_key']}|{r['count_unit']}", "x": (_name(r, f.lang, "sector_") or r["mark_key"]) + unit(r),
         "y": float(r["value_thb_million"]), "qualifier": r["value_qualifier"], "records": r["value_figures"],
         "sources": r["value_sources"], "detail": "",
         "drill": _drill(per="sector", stage=stage, year=r["year"], full_year=True, key=r["mark_key"],
                         series=r["series"], measure="value", count_unit=r["count_unit"])}
        for r in frame.iter_rows(named=True)
    ]  # fmt: skip
    title = (t("chart.investment_by_sector_of", f.lang, measure=m, year=fmt_year(year, f.era)) if year
             else f"{m}: {t('chart.investment_by_sector', f.lang)}")  # fmt: skip
    return Marks(_frame(rows), "ranked", title, t("axis.thb_million", f.lang), unit=t("axis.thb_million", f.lang),
                 number="float", empty=_breakdown_empty(fr, f, stage, "sector"), sums=True,
                 notes=[t("notice.latest_whole_year", f.lang)] if rows else [])  # fmt: skip


def investment_eec(fr: Frames, f: Filters) -> Marks:
    stage = measure(fr, f)
    m = label("stage", stage, f.lang)
    names = _partner_names(fr, f.lang)
    # Two sums of figures by province, each as the rules allow (provinces are disjoint), then their ratio.
    frame = (
        investment(fr, "province")
        .filter((pl.col("stage") == stage) & pl.col("is_full_year") & pl.col("value_thb_million").is_not_null())
        .group_by("series", "count_unit", "year")
        .agg(
            eec_thb_million=pl.col("value_thb_million").filter(pl.col("mark_key") == "eec").sum(),
            located_thb_million=pl.col("value_thb_million").sum(),
            value_qualifier=pl.col("value_qualifier"),
            value_figures=pl.col("value_figures").sum(),
        )
        .with_columns(
            eec_share_pct=pl.col("eec_thb_million") / pl.col("located_thb_million") * 100,
            value_qualifier=pl.when(pl.col("value_qualifier").list.contains("at_least"))
            .then(pl.lit("at_least"))
            .when(pl.col("value_qualifier").list.contains("approx"))
            .then(pl.lit("approx"))
            .otherwise(pl.lit("exact")),
        )
        .sort("series", "count_unit", "year")
    )
    unit = _unit_label(frame, f.lang)
    rows = []
    for r in frame.iter_rows(named=True):
        series = r["series"]
        name = t("series.partners_located", f.lang) if series == SERIES_PARTNERS else names.get(series, series)
        # Sources are counted per sum: the two sums may share one, so the share gives none (not a guess).
        rows.append(
            {"series_key": f"{series}|{r['count_unit']}", "series": name + unit(r), "x_key": r["year"],
             "x": fmt_year(r["year"], f.era), "y": float(r["eec_share_pct"]), "qualifier": r["value_qualifier"],
             "records": r["value_figures"], "sources": None,
             "detail": t("detail.eec_of_located", f.lang, eec=fmt_number(r["eec_thb_million"] or 0, f.lang),
                         located=fmt_number(r["located_thb_million"], f.lang)),
             "drill": _drill(per="province", stage=stage, year=r["year"], full_year=True, series=series,
                             measure="value", count_unit=r["count_unit"])}
        )  # fmt: skip
    return Marks(_frame(rows), "lines", t("chart.investment_eec_share_of", f.lang, measure=m),
                 t("axis.share_pct", f.lang), _x_title(f), unit=t("axis.share_pct", f.lang), number="float",
                 empty=_breakdown_empty(fr, f, stage, "province"), sums=True,
                 notes=[t("notice.eec_of_located", f.lang)] if rows else [])  # fmt: skip
