"""Slide titles that state what a chart shows, read off the chart's own marks.

A minister repeats a slide's title, so a title states only what the marks state (README: How
figures are counted): a mark's own number with its qualifier (≈ about, ≥ at least), its label and
its year as the chart labels them, or a sum the marks permit, that is the segments of one stacked
bar (disjoint records counted here). It never adds what the chart keeps apart: measures,
aggregates, sectors an agreement shares. A change between two years is stated only when both
are whole years stated by the same partners (the headline's rule, read from the same frame the
marks are built from) and neither figure is a lower bound; a change between approximate
figures is itself "about". When nothing can be said this way, the title says what the chart
shows, without a number; the chart's question becomes the slide's subtitle either way.

    title = finding(chart, marks, frames, filters)
"""

from __future__ import annotations

import json
from collections.abc import Callable

import polars as pl

from dashboard import marks as mk
from dashboard import views
from dashboard.filters import Filters
from dashboard.i18n import fmt_int, fmt_number, fmt_year, label, t

# The deck shows at most this many missions and events on the timeline: the latest (all are in the notes).
TIMELINE_ROWS = 18


def number(value: float | int, qualifier: str | None, lang: str) -> str:
    """A mark's number as its source gives it: whole numbers without decimals, else one decimal."""
    whole = float(value).is_integer()
    text = fmt_int(value, lang) if whole else fmt_number(value, lang)
    return text if qualifier in (None, "", "exact") else t(f"fmt.{qualifier}", lang, n=text)


def _say(key: str, lang: str, count: float | int | None = None, **params) -> str:
    """t() with the singular form (`<key>_one`) when the count is one."""
    return t(f"{key}_one" if count == 1 else key, lang, **params)


def _tops(frame: pl.DataFrame, col: str = "y") -> pl.DataFrame:
    """The rows with the largest value (ties included)."""
    if frame.height == 0:
        return frame
    return frame.filter(pl.col(col) == frame[col].max())


def _kind(text: str, n: int, lang: str) -> str:
    """An agreement type in a sentence: "MOUs", "agreements" in English; Thai as labelled."""
    if lang != "en":
        return text
    plural = n != 1
    if text.isupper():
        return text + ("s" if plural else "")
    return text.lower() + ("s" if plural else "")


def _join(parts: list[str], lang: str) -> str:
    """Clauses of one sentence: a comma between them in English, a space in Thai."""
    return (" " if lang == "th" else ", ").join(parts)


# -- one function per kind of chart: -> the finding, or None ------------------------------


def _agreements_by_year(m: mk.Marks, fr, f: Filters) -> str | None:
    if not m.stacked:  # a sum of a year's segments only when they are disjoint records
        return None
    frame = m.frame
    latest = frame.filter(pl.col("x_key") == frame["x_key"].max())
    n, year, lang = int(latest["y"].sum()), latest["x"][0], f.lang
    top = _tops(latest.filter(pl.col("series_key") != "OTHER"))
    if top.height == 1 and latest.height > 1:
        k = int(top["y"][0])
        return t("deck.agreements_in_year_of", lang, n=fmt_int(n, lang), year=year, k=fmt_int(k, lang),
                 kind=_kind(top["series"][0], k, lang))  # fmt: skip
    if latest.height == 1 and latest["series_key"][0] != "OTHER":
        return _say("deck.agreements_in_year_all", lang, n, n=fmt_int(n, lang), year=year,
                    kind=_kind(latest["series"][0], n, lang))  # fmt: skip
    return _say("deck.agreements_in_year", lang, n, n=fmt_int(n, lang), year=year)


def _agreements_by_level(m: mk.Marks, fr, f: Filters) -> str | None:
    top = _tops(m.frame)
    if top.height != 1:
        return None
    return t("deck.level_most", f.lang, level=top["x"][0], n=fmt_int(top["y"][0], f.lang))


def _names(names: list[str], lang: str) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) == 1:
        return names[0]
    return t("deck.and", lang, a=_join(names[:-1], lang), b=names[-1])


def _agreements_by_sector(m: mk.Marks, fr, f: Filters) -> str | None:
    top = _tops(m.frame.filter(pl.col("x_key").fill_null("") != ""))  # a sector, not "not stated"
    if top.height == 0 or top.height > 2:
        return None
    key = "deck.sector_most_each" if top.height > 1 else "deck.sector_most"
    return t(key, f.lang, sector=_names(top["x"].to_list(), f.lang), n=fmt_int(top["y"][0], f.lang))


def _held(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("series_key").str.ends_with(":held"))


def _delegations_by_year(m: mk.Marks, fr, f: Filters) -> str | None:
    if not m.stacked:
        return None
    lang, held = f.lang, _held(m.frame)
    if held.height == 0:
        return None
    year_key = held["x_key"].max()
    year = held.filter(pl.col("x_key") == year_key)
    n = int(year["y"].sum())
    out = int(year.filter(pl.col("series_key") == "outbound:held")["y"].sum())
    inb = int(year.filter(pl.col("series_key") == "inbound:held")["y"].sum())
    planned = int(
        m.frame.filter((pl.col("x_key") == year_key) & pl.col("series_key").str.ends_with(":planned"))["y"].sum()
    )
    directions = [t(f"deck.{d}", lang, n=fmt_int(k, lang)) for d, k in (("outbound", out), ("inbound", inb)) if k]
    key = "deck.delegations_in_year_planned" if planned else "deck.delegations_in_year"
    return _say(key, lang, n, n=fmt_int(n, lang), year=year["x"][0], directions=_join(directions, lang),
                planned=fmt_int(planned, lang))  # fmt: skip


def _delegations_by_purpose(m: mk.Marks, fr, f: Filters) -> str | None:
    if not m.stacked:
        return None
    held = _held(m.frame).group_by("x_key", "x").agg(pl.col("y").sum())  # one bar's held segments
    top = _tops(held)
    if top.height != 1:
        return None
    return t("deck.purpose_most", f.lang, purpose=top["x"][0], n=fmt_int(top["y"][0], f.lang))


def _timeline(m: mk.Marks, fr, f: Filters) -> str | None:
    held = _held(m.frame)
    if held.height == 0:
        return None
    # The mark's label shortens the event's name; the title has room for it whole (names are not numbers).
    last = held.row(-1, named=True)
    names = fr["delegations_timeline"].filter(pl.col("delegation_id") == last["x_key"])
    name = names["event"][0] if names.height else None
    event = f"{name} · {last['x'].rsplit(' · ', 1)[-1]}" if name else last["x"]
    return t("deck.timeline_latest", f.lang, event=event)


def _primary(frame: pl.DataFrame) -> pl.DataFrame:
    """The marks of the chart's first series: the picked partners' (their own figure or their sum)."""
    if frame.height == 0:
        return frame
    keys = frame["series_key"].unique(maintain_order=True).to_list()
    key = next((k for k in keys if k.split("|")[0] == mk.SERIES_PARTNERS), keys[0])
    return frame.filter(pl.col("series_key") == key)


def _who(row: dict) -> tuple[str, str]:
    """-> (the series' name when it is one partner or a stated total, the sum's label when it is a sum)."""
    detail = (row["detail"] or "").split(";")[0]
    if row["series_key"].split("|")[0] == mk.SERIES_PARTNERS and detail:
        return "", detail.split(":")[0].strip()  # "sum of 5 of the 12 partners with figures"
    return row["series"], ""


def _measure_line(key: str, row: dict, f: Filters, measure: str, **params) -> str:
    name, summed = _who(row)
    if summed:
        return t(f"{key}_sum", f.lang, measure=measure, sum=summed, **params)
    if name:
        return t(f"{key}_of", f.lang, measure=measure, who=name, **params)
    return t(key, f.lang, measure=measure, **params)


def _change(rows: pl.DataFrame, series: pl.DataFrame, col: str, f: Filters) -> str:
    """ ", down 12.3% on 2017" when the last two marks are whole years stated by the same partners."""
    if rows.height < 2:
        return ""
    last, prev = rows.row(-1, named=True), rows.row(-2, named=True)
    qualifiers = {last["qualifier"], prev["qualifier"]}
    if "at_least" in qualifiers or not prev["y"]:
        return ""
    partners = f"{'value' if col == 'value_thb_million' else 'projects'}_partners"
    stated = series.filter(pl.col("series") == last["series_key"].split("|")[0])
    by_year = {r["year"]: r[partners] or [] for r in stated.filter(pl.col(col).is_not_null()).iter_rows(named=True)}
    if by_year.get(last["x_key"]) is None or by_year.get(last["x_key"]) != by_year.get(prev["x_key"]):
        return ""
    pct = (last["y"] - prev["y"]) / prev["y"] * 100
    about = "_about" if "approx" in qualifiers else ""
    way = "up" if pct > 0 else "down" if pct < 0 else "same"
    return t(f"deck.change_{way}{about if way != 'same' else ''}", f.lang, pct=fmt_number(abs(pct), f.lang),
             year=prev["x"])  # fmt: skip


def _investment_by_year(m: mk.Marks, fr, f: Filters, *, value: bool = True) -> str | None:
    rows = _primary(m.frame).sort("x_key")
    if rows.height == 0:
        return None
    stage = mk.measure(fr, f)
    series = mk.investment(fr, "series").filter((pl.col("stage") == stage) & pl.col("is_full_year"))
    col = "value_thb_million" if value else "projects"
    if not value:
        counted = series.filter(pl.col("series") == rows["series_key"][0].split("|")[0]).filter(
            pl.col("projects").is_not_null() & (pl.col("year") == rows["x_key"][-1])
        )["count_unit"]
        if counted.n_unique() != 1:
            return None
        units = counted.unique().to_list()
    last = rows.row(-1, named=True)
    measure = label("stage", stage, f.lang)
    amount = number(last["y"], last["qualifier"], f.lang)
    what = (t("deck.thb_million", f.lang, n=amount) if value
            else f"{amount} {label('count_unit', units[0], f.lang)}")  # fmt: skip
    said = _measure_line("deck.investment_in_year", last, f, measure, amount=what, year=last["x"])
    change = _change(rows, series, col, f)
    return _join([said, change], f.lang) if change else said


def _investment_count_by_year(m: mk.Marks, fr, f: Filters) -> str | None:
    return _investment_by_year(m, fr, f, value=False)


def _part_years(m: mk.Marks, fr, f: Filters) -> str | None:
    rows = _primary(m.frame)
    if rows.height == 0:
        return None
    last = rows.row(-1, named=True)
    measure = label("stage", mk.measure(fr, f), f.lang)
    amount = t("deck.thb_million", f.lang, n=number(last["y"], last["qualifier"], f.lang))
    return _measure_line("deck.investment_in_period", last, f, measure, amount=amount, period=last["x"])


def _largest(m: mk.Marks, fr, f: Filters, frame: pl.DataFrame, key: str) -> str | None:
    top = _tops(frame)
    if top.height != 1:
        return None
    row = top.row(0, named=True)
    year = json.loads(row["drill"]).get("year")  # the latest whole year the chart shows
    if year is None:
        return None
    measure = label("stage", mk.measure(fr, f), f.lang)
    amount = t("deck.thb_million", f.lang, n=number(row["y"], row["qualifier"], f.lang))
    which = key if frame.height > 1 else f"{key}_only"
    return t(which, f.lang, measure=measure, year=fmt_year(year, f.era), name=row["x"], amount=amount)


def _investment_by_partner(m: mk.Marks, fr, f: Filters) -> str | None:
    # A partner's own figure, never a group's stated total (it holds the others).
    return _largest(m, fr, f, m.frame.filter(pl.col("series_key") == "partner"), "deck.partner_largest")


def _investment_by_sector(m: mk.Marks, fr, f: Filters) -> str | None:
    return _largest(m, fr, f, _primary(m.frame), "deck.sector_largest")


def _eec(m: mk.Marks, fr, f: Filters) -> str | None:
    rows = _primary(m.frame).sort("x_key")
    if rows.height == 0:
        return None
    last = rows.row(-1, named=True)
    measure = label("stage", mk.measure(fr, f), f.lang)
    return t("deck.eec_share", f.lang, measure=measure, pct=number(round(last["y"], 1), last["qualifier"], f.lang),
             year=last["x"])  # fmt: skip


def _partners_active(m: mk.Marks, fr, f: Filters) -> str | None:
    agreements = _tops(m.frame.filter(pl.col("series_key") == "agreements"))
    delegations = _tops(m.frame.filter(pl.col("series_key") == "delegations"))
    one_d = delegations.height == 1 and delegations["y"][0]
    if agreements.height == 1 and agreements["y"][0]:
        name, n = agreements["x"][0], fmt_int(agreements["y"][0], f.lang)
        if one_d and delegations["x_key"][0] == agreements["x_key"][0]:
            return t("deck.active_both", f.lang, name=name, n=n, m=fmt_int(delegations["y"][0], f.lang))
        return t("deck.active_agreements", f.lang, name=name, n=n)
    if one_d:
        return t("deck.active_delegations", f.lang, name=delegations["x"][0], n=fmt_int(delegations["y"][0], f.lang))
    return None


def _map(m: mk.Marks, fr, f: Filters) -> str | None:
    top = _tops(m.frame)
    if top.height == 0:
        return None
    if top.height > 2:  # too many names for a title: how many share the top
        return t("deck.map_most_many", f.lang, k=fmt_int(top.height, f.lang), n=fmt_int(top["y"][0], f.lang))
    key = "deck.map_most_each" if top.height > 1 else "deck.map_most"
    return t(key, f.lang, name=_names(top["x"].to_list(), f.lang), n=fmt_int(top["y"][0], f.lang))


FINDINGS: dict[
    Callable[[dict[str, pl.DataFrame], Filters], mk.Marks], Callable[[mk.Marks, dict, Filters], str | None]
] = {
    mk.agreements_by_year: _agreements_by_year,
    mk.agreements_by_level: _agreements_by_level,
    mk.agreements_by_sector: _agreements_by_sector,
    mk.delegations_by_year: _delegations_by_year,
    mk.delegations_by_purpose: _delegations_by_purpose,
    mk.delegations_timeline: _timeline,
    mk.investment_by_year: _investment_by_year,
    mk.investment_count_by_year: _investment_count_by_year,
    mk.investment_part_years: _part_years,
    mk.investment_by_partner: _investment_by_partner,
    mk.investment_by_sector: _investment_by_sector,
    mk.investment_eec: _eec,
    mk.partners_active: _partners_active,
    mk.prefecture_map: _map,
}
# What a chart shows, in words, when no finding can be stated: by the chart's question key.
SHOWS = {
    "chart.agreements_by_year": "deck.shows.agreements_by_year",
    "chart.agreements_by_level": "deck.shows.agreements_by_level",
    "chart.agreements_by_sector": "deck.shows.agreements_by_sector",
    "chart.delegations_by_year": "deck.shows.delegations_by_year",
    "chart.delegations_by_purpose": "deck.shows.delegations_by_purpose",
    "chart.delegations_timeline": "deck.shows.delegations_timeline",
    "chart.investment_value_by_year": "deck.shows.investment_value_by_year",
    "chart.investment_count_by_year": "deck.shows.investment_count_by_year",
    "chart.investment_part_years": "deck.shows.investment_part_years",
    "chart.investment_by_partner": "deck.shows.investment_by_partner",
    "chart.investment_by_sector": "deck.shows.investment_by_sector",
    "chart.investment_eec_share": "deck.shows.investment_eec_share",
    "partners.most_active": "deck.shows.partners_active",
    "chart.partner_map": "deck.shows.partner_map",
}


def finding(chart: views.Chart, m: mk.Marks, frames: dict, f: Filters) -> str:
    """The slide title of `chart`: what its marks state, in the view's language and era; else what it shows."""
    said = None if m.is_empty else FINDINGS[chart.marks](m, frames, f)
    return said or t(SHOWS[chart.title], f.lang)
