"""The dashboard's charts, drawn from their marks (dashboard/marks.py): plotly JSON (see theme.py).

One figure function per kind of chart; every number on a chart is a mark's, and every mark
carries what the drill-down needs to list exactly the records behind it (`customdata`: the
mark's drill parameters as JSON). A qualified number shows its sign on the bar (≈ approximate,
≥ at least) and its words in the tooltip.

Charts by year are drawn on a time axis that keeps every year from the first to the last: a year
without a figure is a gap, never closed up. `layout.meta` names every category as shown (`x`,
`x_labels`): exports that redraw the chart (a native PowerPoint chart) need each one, gaps included.

Every name, label and hover line from data is drawn as text (theme.plain, theme.labels): a partner
called `<a href=...>` is a partner with an odd name, never a link.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import cast

from dashboard.figures.theme import (
    COLORS,
    LABEL_MAX,
    LEGEND_MAX,
    NEUTRALS,
    PALETTE,
    PATTERNS,
    apply,
    color,
    count_axis,
    empty,
    keyed_labels,
    labels,
    money_axis,
    new,
    plain,
    tint,
    year_axis,
)
from dashboard.i18n import fmt_int, fmt_year, month_name, t, year_label
from dashboard.marks import Marks, qualified, symbol


def _series(marks: Marks) -> list[tuple[str, str]]:
    """(key, name) of each series, in the order the marks give them."""
    seen: dict[str, str] = {}
    for key, name in zip(marks.frame["series_key"].to_list(), marks.frame["series"].to_list(), strict=True):
        seen.setdefault(key, name)
    return list(seen.items())


def _styles(marks: Marks, dataset: str | None = None) -> dict[str, dict]:
    """series key -> {"color", "pattern"}: the colour of what the series counts, from theme.COLORS, read from its
    marks' drill parameters (a direction, an agreement type, a record kind, an investment measure), so one
    category has one colour on every chart; a status is a pattern over it. A series no category names takes the
    chart's record kind, else the palette in order."""
    drills: dict[str, dict] = {}
    for key, d in zip(marks.frame["series_key"].to_list(), marks.frame["drill"].to_list(), strict=True):
        drill = json.loads(d) if d else {}
        direction, _, status = key.partition(":")
        if direction in COLORS["direction"] and "direction" not in drill:  # one mission a mark: "outbound:held"
            drill.update(direction=direction, status=status)
        drills.setdefault(key, drill)
    units: dict[str, list[str]] = {}  # measure -> its count units in order: the second in a lighter shade
    for d in drills.values():
        if d.get("stage") and d.get("count_unit") and d["count_unit"] not in units.setdefault(d["stage"], []):
            units[d["stage"]].append(d["count_unit"])
    out: dict[str, dict] = {}
    aggregates = 0
    for i, (key, d) in enumerate(drills.items()):
        pattern = ""
        if "direction" in d:
            c = color("direction", d["direction"])
            pattern = PATTERNS["status"].get(d.get("status") or "", ".")
        elif "type" in d:
            c = color("type", d["type"], COLORS["type"]["OTHER"])
        elif "dataset" in d:
            c = color("dataset", d["dataset"])
        elif "stage" in d and (d.get("series") or key == "aggregate"):  # a total stated for a group
            c, pattern = NEUTRALS[aggregates % len(NEUTRALS)], PATTERNS["aggregate"][""]
            aggregates += 1
        elif "stage" in d:
            c = color("stage", d["stage"], COLORS["stage"]["other"])
            if units.get(d["stage"], [None])[0] != d.get("count_unit", units.get(d["stage"], [None])[0]):
                c = tint(c)
        else:
            c = color("dataset", dataset) or PALETTE[i % len(PALETTE)]
        out[key] = {"color": c or PALETTE[i % len(PALETTE)], "pattern": pattern}
    return out


def _marker(style: dict) -> dict:
    marker = {"color": style["color"]}
    if style.get("pattern"):
        # The bar's colour underneath, white lines over it: planned (/), cancelled (x), not recorded (.).
        marker["pattern"] = {"shape": style["pattern"], "fillmode": "overlay", "fgcolor": "white", "fgopacity": 0.9,
                             "solidity": 0.45}  # fmt: skip
    return marker


def _top(marks: Marks) -> float:
    """The longest bar: a stack's total when stacked, else the largest mark."""
    ys = marks.frame["y"].fill_null(0)
    if not marks.stacked or marks.frame.height == 0:
        return float(cast(float | None, ys.max()) or 0)  # y is a numeric column
    sums: dict = {}
    for x, y in zip(marks.frame["x_key"].to_list(), ys.to_list(), strict=True):
        sums[x] = sums.get(x, 0) + y
    return float(max(sums.values()))


def value_axis(marks: Marks) -> dict:
    """The axis of the marks' numbers: THB million with every digit, counts in whole numbers, shares in %."""
    if marks.kind == "lines":
        return {"tickformat": ",~r", "ticksuffix": "%"}
    if marks.number == "float":
        return money_axis()
    return count_axis(_top(marks))


def _hover(marks: Marks, row: dict, lang: str) -> str:
    text = f"{row['x']} · {row['series']}: {qualified(row['y'], row['qualifier'], lang, marks.number)}"
    if marks.unit:
        text += f" {marks.unit}" if marks.kind != "lines" else "%"
    text = plain(text)
    if row["detail"]:
        text += "<br>" + plain(row["detail"])
    if marks.sums:
        text += "<br>" + t("hover.adds_up", lang, n=fmt_int(row["records"], lang), s=fmt_int(row["sources"] or 0, lang))
    return text


RANKED_LABEL_MAX = 48  # characters of a name shown beside a horizontal bar (the category and tooltip keep more)


def _name(name: str) -> str:
    return plain(name, LEGEND_MAX)


def _traces(marks: Marks, lang: str, styles: dict, *, horizontal: bool = False, x_of=None) -> list[dict]:
    traces = []
    for key, name in _series(marks):
        rows = [r for r in marks.frame.iter_rows(named=True) if r["series_key"] == key]
        xs = [x_of(r) if x_of else r["x_key"] for r in rows]
        ys = [r["y"] for r in rows]
        trace = {
            "type": "bar",
            "name": _name(name),
            "marker": _marker(styles[key]),
            "customdata": [[r["drill"]] for r in rows],
            "hovertext": [_hover(marks, r, lang) for r in rows],
            "hoverinfo": "text",
            "text": [symbol(r["qualifier"]) for r in rows],
            "textposition": "inside" if marks.stacked else "outside",
            "cliponaxis": False,
        }
        if horizontal:
            trace.update(orientation="h", y=xs, x=ys)
        else:
            trace.update(x=xs, y=ys)
        traces.append(trace)
    return traces


def _years(marks: Marks) -> list[int]:
    """Every year from the marks' first to their last (a year without a figure is a gap, never closed up)."""
    years_with = sorted({int(y) for y in marks.frame["x_key"].to_list()})
    return list(range(years_with[0], years_with[-1] + 1))


def bars_by_year(marks: Marks, lang: str, era: str, dataset: str | None = None) -> dict:
    """Bars per year on a time axis (gaps kept): stacked when the segments are disjoint records, else side by side."""
    years = _years(marks)
    by_year = dict(zip(marks.frame["x_key"].to_list(), marks.frame["x"].to_list(), strict=True))
    texts = [plain(by_year.get(y) or fmt_year(y, era), LABEL_MAX) for y in years]
    fig = new()
    fig["data"] = _traces(marks, lang, _styles(marks, dataset))
    apply(fig, title=marks.title, lang=lang, x_title=marks.x_title, y_title=marks.y_title,
          xaxis={**year_axis(years, era, texts), "range": [years[0] - 0.6, years[-1] + 0.6]},
          yaxis=value_axis(marks))  # fmt: skip
    fig["layout"].update(
        barmode="stack" if marks.stacked else "group", bargap=0.15, meta={"x": years, "x_labels": texts}
    )
    return fig


def bars_by_category(marks: Marks, lang: str, era: str, dataset: str | None = None) -> dict:
    """Bars per category in the marks' order (each part of a year its own, never added to another)."""
    keys = list(dict.fromkeys(marks.frame["x_key"].to_list()))
    shown = keyed_labels(zip(marks.frame["x_key"].to_list(), marks.frame["x"].to_list(), strict=True))
    fig = new()
    fig["data"] = _traces(marks, lang, _styles(marks, dataset), x_of=lambda r: shown[r["x_key"]])
    cats = [shown[k] for k in keys]
    apply(fig, title=marks.title, lang=lang, x_title=marks.x_title, y_title=marks.y_title,
          xaxis={"type": "category", "categoryorder": "array", "categoryarray": cats}, yaxis=value_axis(marks))  # fmt: skip
    fig["layout"].update(barmode="stack" if marks.stacked else "group", bargap=0.2,
                         meta={"x": cats, "x_labels": cats})  # fmt: skip
    return fig


def ranked_bars(marks: Marks, lang: str, era: str, dataset: str | None = None) -> dict:
    """Horizontal bars, the first category of the marks on top (sectors, partner levels, partners)."""
    keys = marks.frame["x_key"].to_list()  # a category is its key: two partners of one name are two bars
    order = list(dict.fromkeys(keys))
    if marks.stacked:  # largest stack on top (a stack holds one category's disjoint records only)
        totals: dict[str, float] = {}
        for k, y in zip(keys, marks.frame["y"].to_list(), strict=True):
            totals[k] = totals.get(k, 0) + (y or 0)
        order = sorted(order, key=lambda k: -totals[k])
    pairs = list(zip(keys, marks.frame["x"].to_list(), strict=True))
    shown, short = keyed_labels(pairs), keyed_labels(pairs, RANKED_LABEL_MAX)
    ticks = [short[k] for k in order][::-1]
    order = [shown[k] for k in order]
    fig = new()
    fig["data"] = _traces(marks, lang, _styles(marks, dataset), horizontal=True, x_of=lambda r: shown[r["x_key"]])
    if not marks.stacked:  # plotly sets a group's first bar lowest: drawn last to first, it reads as the legend
        fig["data"].reverse()
    bars = len(order) * (1 if marks.stacked else max(1, len(_series(marks))))
    height = min(max(320, 60 + 28 * bars), 900)
    apply(fig, title=marks.title, lang=lang, x_title=marks.y_title, legend=len(_series(marks)) > 1, height=height,
          xaxis=value_axis(marks),
          yaxis={"categoryorder": "array", "categoryarray": order[::-1], "rangemode": "normal",
                 "tickmode": "array", "tickvals": order[::-1], "ticktext": ticks})  # fmt: skip
    fig["layout"]["barmode"] = "stack" if marks.stacked else "group"
    if not marks.stacked and fig["layout"]["showlegend"]:
        fig["layout"]["legend"]["traceorder"] = "reversed"
    return fig


def lines_by_year(marks: Marks, lang: str, era: str, dataset: str | None = None) -> dict:
    """A line per series on a time axis; a year without a figure breaks the line."""
    years = _years(marks)
    styles = _styles(marks, dataset)
    fig = new()
    for key, name in _series(marks):
        rows = {r["x_key"]: r for r in marks.frame.iter_rows(named=True) if r["series_key"] == key}
        style = styles[key]
        fig["data"].append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "connectgaps": False,
                "x": years,
                "y": [rows[y]["y"] if y in rows else None for y in years],
                "name": _name(name),
                "line": {"color": style["color"], "width": 2, "dash": "dash" if style["pattern"] else "solid"},
                "marker": {"color": style["color"], "size": 7},
                "customdata": [[rows[y]["drill"] if y in rows else None] for y in years],
                "hovertext": [_hover(marks, rows[y], lang) if y in rows else "" for y in years],
                "hoverinfo": "text",
            }
        )
    texts = [fmt_year(y, era) for y in years]
    fig["layout"]["meta"] = {"x": years, "x_labels": texts}
    return apply(fig, title=marks.title, lang=lang, x_title=marks.x_title, y_title=marks.y_title,
                 xaxis={**year_axis(years, era, texts), "range": [years[0] - 0.4, years[-1] + 0.4]},
                 yaxis={"range": [0, 100], **value_axis(marks)})  # fmt: skip


def timeline(marks: Marks, lang: str, era: str, dataset: str | None = None) -> dict:
    """Missions and events as bars from first to last day, newest on top; colour by direction, pattern by status.
    A mission of a few days is a sliver on an axis of years, so each also has a dot on its first day (in the
    legend once, with its bar)."""
    rows = list(marks.frame.iter_rows(named=True))
    bars = marks.extra["bars"]
    shown = labels(r["x"] for r in rows)
    styles = _styles(marks, dataset)
    directions, statuses = list(COLORS["direction"]), list(PATTERNS["status"])

    def order(series: tuple[str, str]) -> tuple[int, int]:  # outbound first, held first: as the legend reads
        direction, _, status = series[0].partition(":")
        return (directions.index(direction) if direction in directions else 9,
                statuses.index(status) if status in statuses else 9)  # fmt: skip

    fig = new()
    for key, name in sorted(_series(marks), key=order):
        idx = [j for j, r in enumerate(rows) if r["series_key"] == key]
        style = styles[key]
        hover = [plain(f"{rows[j]['x']} · {name} · {rows[j]['detail']}") for j in idx]
        fig["data"].append(
            {"type": "bar", "orientation": "h", "base": [bars[j]["start"].isoformat() for j in idx],
             "x": [rows[j]["y"] * 86_400_000 for j in idx], "y": [shown[rows[j]["x"]] for j in idx],
             "name": _name(name), "legendgroup": key, "showlegend": False, "marker": _marker(style),
             "customdata": [[rows[j]["drill"]] for j in idx], "hovertext": hover, "hoverinfo": "text"}
        )  # fmt: skip
        # The dot: the same mark (its drill parameters first in customdata), its tooltip from customdata too, so
        # the numbers listed from the figure's tooltips (the deck's notes) name each mission once.
        fig["data"].append(
            {"type": "scatter", "mode": "markers", "x": [bars[j]["start"].isoformat() for j in idx],
             "y": [shown[rows[j]["x"]] for j in idx], "name": _name(name), "legendgroup": key, "cliponaxis": False,
             "marker": {"color": "white" if style["pattern"] else style["color"], "size": 9, "symbol": "diamond",
                        "line": {"color": style["color"], "width": 2}},
             "customdata": [[rows[j]["drill"], h] for j, h in zip(idx, hover, strict=True)],
             "hovertemplate": "%{customdata[1]}<extra></extra>"}
        )  # fmt: skip
    categories = [shown[r["x"]] for r in rows]
    return apply(fig, title=marks.title, lang=lang, height=max(360, 120 + 22 * len(rows)),
                 x_title=t("axis.year", lang) + f" ({year_label(era, lang)})", xaxis=time_axis(bars, lang, era),
                 yaxis={"categoryorder": "array", "categoryarray": categories, "rangemode": "normal"})  # fmt: skip


TIME_PAD = 0.03  # of the span of days the marks cover: room at each end of a time axis for a mark's dot
TIME_TICKS = 10  # at most this many labels on a time axis


def time_axis(bars: list[dict], lang: str, era: str) -> dict:
    """A date axis from just before the first mission's first day to just after the last one's last day: no
    empty years at either end, every year between kept (a year without a mission stays a gap), labelled in
    the view's era at the start of each year (of each quarter within two years, of each month within nine
    months), at most TIME_TICKS labels."""
    first = min(b["start"] for b in bars)
    last = max(b["end"] for b in bars)
    pad = timedelta(days=max(20, round((last - first).days * TIME_PAD)))
    lo, hi = first - pad, last + pad
    days = (hi - lo).days
    months = (1,) if days > 2 * 365 else (1, 4, 7, 10) if days > 270 else range(1, 13)
    starts = [date(y, m, 1) for y in range(lo.year, hi.year + 1) for m in months]
    ticks = [d for d in starts if lo <= d <= hi]
    step = next(k for k in (1, 2, 5, 10, 20, 50) if len(ticks) <= TIME_TICKS * k)
    ticks = ticks[::step]
    if days > 2 * 365:
        text = [fmt_year(d.year, era) for d in ticks]
    else:
        text = [f"{month_name(d.month, lang)} {fmt_year(d.year, era)}" for d in ticks]
    return {"type": "date", "tickmode": "array", "tickvals": [d.isoformat() for d in ticks], "ticktext": text,
            "range": [lo.isoformat(), hi.isoformat()]}  # fmt: skip


DRAW = {"year": bars_by_year, "category": bars_by_category, "ranked": ranked_bars, "lines": lines_by_year,
        "timeline": timeline}  # fmt: skip


def draw(marks: Marks, lang: str, era: str, dataset: str | None = None) -> dict:
    """The chart of `marks`; with no marks, a figure that says why in words (never an empty axis). `dataset`
    (agreements, delegations, investments) colours a series no category of its marks names."""
    if marks.is_empty:
        return empty(marks.title, marks.empty or t("notice.no_records", lang), lang)
    return DRAW[marks.kind](counted(marks, lang), lang, era, dataset)


def counted(marks: Marks, lang: str) -> Marks:
    """An investment count's axis named by what its marks count ("Projects", "Permits"), not "Number"."""
    if marks.y_title != t("axis.count", lang):
        return marks
    units = set()
    for drill in marks.frame["drill"]:
        try:
            units.add(json.loads(drill or "{}").get("count_unit"))
        except ValueError:
            units.add(None)
    if len(units) != 1 or None in units:
        return marks
    name = t(f"count_unit.{units.pop()}", lang)
    return replace(marks, y_title=name[:1].upper() + name[1:])
