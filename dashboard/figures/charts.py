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

from dashboard.figures.theme import LABEL_MAX, PALETTE, apply, empty, labels, new, plain
from dashboard.i18n import fmt_int, fmt_year, t
from dashboard.marks import Marks, qualified, symbol


def year_ticks(years: list[int], era: str, texts: list[str] | None = None) -> dict:
    shown = list(range(len(years)))
    if len(years) > 16:  # label every other (or fifth) year on long spans
        shown = shown[:: 2 if len(years) <= 32 else 5]
    text = texts or [fmt_year(y, era) for y in years]
    return {"tickmode": "array", "tickvals": [years[i] for i in shown], "ticktext": [text[i] for i in shown]}


def _series(marks: Marks) -> list[tuple[str, str]]:
    """(key, name) of each series, in the order the marks give them."""
    seen: dict[str, str] = {}
    for key, name in zip(marks.frame["series_key"].to_list(), marks.frame["series"].to_list(), strict=True):
        seen.setdefault(key, name)
    return list(seen.items())


def _style(marks: Marks, key: str, i: int) -> dict:
    style = marks.styles.get(key, {})
    marker = {"color": style.get("color", PALETTE[i % len(PALETTE)])}
    if style.get("pattern"):
        # The bar's colour underneath, white lines over it: planned (/), cancelled (x), not recorded (.).
        marker["pattern"] = {"shape": style["pattern"], "fillmode": "overlay", "fgcolor": "white", "fgopacity": 0.9,
                             "solidity": 0.45}  # fmt: skip
    return marker


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


def _traces(marks: Marks, lang: str, *, horizontal: bool = False, x_of=None) -> list[dict]:
    traces = []
    for i, (key, name) in enumerate(_series(marks)):
        rows = [r for r in marks.frame.iter_rows(named=True) if r["series_key"] == key]
        xs = [x_of(r) if x_of else r["x_key"] for r in rows]
        ys = [r["y"] for r in rows]
        trace = {
            "type": "bar",
            "name": plain(name, LABEL_MAX),
            "marker": _style(marks, key, i),
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


def bars_by_year(marks: Marks, lang: str, era: str) -> dict:
    """Bars per year on a time axis (gaps kept): stacked when the segments are disjoint records, else side by side."""
    years_with = sorted({int(y) for y in marks.frame["x_key"].to_list()})
    years = list(range(years_with[0], years_with[-1] + 1))
    by_year = dict(zip(marks.frame["x_key"].to_list(), marks.frame["x"].to_list(), strict=True))
    texts = [plain(by_year.get(y) or fmt_year(y, era), LABEL_MAX) for y in years]
    fig = new()
    fig["data"] = _traces(marks, lang)
    apply(fig, title=marks.title, lang=lang, x_title=marks.x_title, y_title=marks.y_title,
          xaxis={**year_ticks(years, era, texts), "range": [years[0] - 0.6, years[-1] + 0.6]})  # fmt: skip
    fig["layout"].update(
        barmode="stack" if marks.stacked else "group", bargap=0.15, meta={"x": years, "x_labels": texts}
    )
    return fig


def bars_by_category(marks: Marks, lang: str, era: str) -> dict:
    """Bars per category in the marks' order (each part of a year its own, never added to another)."""
    keys = list(dict.fromkeys(marks.frame["x_key"].to_list()))
    texts = dict(zip(marks.frame["x_key"].to_list(), marks.frame["x"].to_list(), strict=True))
    shown = labels(texts[k] for k in keys)
    fig = new()
    fig["data"] = _traces(marks, lang, x_of=lambda r: shown[r["x"]])
    cats = [shown[texts[k]] for k in keys]
    apply(fig, title=marks.title, lang=lang, x_title=marks.x_title, y_title=marks.y_title,
          xaxis={"type": "category", "categoryorder": "array", "categoryarray": cats})  # fmt: skip
    fig["layout"].update(barmode="stack" if marks.stacked else "group", bargap=0.2,
                         meta={"x": cats, "x_labels": cats})  # fmt: skip
    return fig


def ranked_bars(marks: Marks, lang: str, era: str) -> dict:
    """Horizontal bars, the first category of the marks on top (sectors, partner levels, partners)."""
    order = list(dict.fromkeys(marks.frame["x"].to_list()))
    if marks.stacked:  # largest stack on top
        totals: dict[str, float] = {}
        for x, y in zip(marks.frame["x"].to_list(), marks.frame["y"].to_list(), strict=True):
            totals[x] = totals.get(x, 0) + (y or 0)
        order = sorted(order, key=lambda x: -totals[x])
    shown = labels(order)
    order = [shown[x] for x in order]
    fig = new()
    fig["data"] = _traces(marks, lang, horizontal=True, x_of=lambda r: shown[r["x"]])
    height = min(max(320, 60 + 28 * len(order) * (1 if marks.stacked else max(1, len(_series(marks))))), 900)
    apply(fig, title=marks.title, lang=lang, x_title=marks.y_title, legend=len(_series(marks)) > 1, height=height,
          yaxis={"categoryorder": "array", "categoryarray": order[::-1], "rangemode": "normal"})  # fmt: skip
    fig["layout"]["barmode"] = "stack" if marks.stacked else "group"
    return fig


def lines_by_year(marks: Marks, lang: str, era: str) -> dict:
    """A line per series on a time axis; a year without a figure breaks the line."""
    years_with = sorted({int(y) for y in marks.frame["x_key"].to_list()})
    years = list(range(years_with[0], years_with[-1] + 1))
    fig = new()
    for i, (key, name) in enumerate(_series(marks)):
        rows = {r["x_key"]: r for r in marks.frame.iter_rows(named=True) if r["series_key"] == key}
        color = marks.styles.get(key, {}).get("color", PALETTE[i % len(PALETTE)])
        fig["data"].append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "connectgaps": False,
                "x": years,
                "y": [rows[y]["y"] if y in rows else None for y in years],
                "name": plain(name, LABEL_MAX),
                "line": {"color": color, "width": 2},
                "customdata": [[rows[y]["drill"] if y in rows else None] for y in years],
                "hovertext": [_hover(marks, rows[y], lang) if y in rows else "" for y in years],
                "hoverinfo": "text",
            }
        )
    texts = [fmt_year(y, era) for y in years]
    fig["layout"]["meta"] = {"x": years, "x_labels": texts}
    return apply(fig, title=marks.title, lang=lang, x_title=marks.x_title, y_title=marks.y_title,
                 xaxis=year_ticks(years, era, texts), yaxis={"range": [0, 100]})  # fmt: skip


def timeline(marks: Marks, lang: str, era: str) -> dict:
    """Missions and events as bars from first to last day, newest on top; colour by direction, pattern by status."""
    rows = list(marks.frame.iter_rows(named=True))
    bars = marks.extra["bars"]
    shown = labels(r["x"] for r in rows)
    fig = new()
    for i, (key, name) in enumerate(_series(marks)):
        idx = [j for j, r in enumerate(rows) if r["series_key"] == key]
        fig["data"].append(
            {
                "type": "bar",
                "orientation": "h",
                "base": [bars[j]["start"].isoformat() for j in idx],
                "x": [rows[j]["y"] * 86_400_000 for j in idx],
                "y": [shown[rows[j]["x"]] for j in idx],
                "name": plain(name, LABEL_MAX),
                "marker": _style(marks, key, i),
                "customdata": [[rows[j]["drill"]] for j in idx],
                "hovertext": [plain(f"{rows[j]['x']} · {name} · {rows[j]['detail']}") for j in idx],
                "hoverinfo": "text",
            }
        )
    categories = [shown[r["x"]] for r in rows]
    years = sorted({b["start"].year for b in bars} | {b["end"].year for b in bars})
    ticks = [f"{y}-01-01" for y in range(years[0], years[-1] + 2)]
    step = 1 if len(ticks) <= 12 else (2 if len(ticks) <= 24 else 5)
    xaxis = {"type": "date", "tickmode": "array", "tickvals": ticks[::step],
             "ticktext": [fmt_year(int(d[:4]), era) for d in ticks[::step]]}  # fmt: skip
    return apply(fig, title=marks.title, lang=lang, height=max(360, 40 + 22 * len(rows)), xaxis=xaxis,
                 x_title=t("axis.year", lang), yaxis={"categoryorder": "array", "categoryarray": categories,
                                                     "rangemode": "normal"})  # fmt: skip


DRAW = {"year": bars_by_year, "category": bars_by_category, "ranked": ranked_bars, "lines": lines_by_year,
        "timeline": timeline}  # fmt: skip


def draw(marks: Marks, lang: str, era: str) -> dict:
    """The chart of `marks`; with no marks, a figure that says why in words (never an empty axis)."""
    if marks.is_empty:
        return empty(marks.title, marks.empty or t("notice.no_records", lang), lang)
    return DRAW[marks.kind](marks, lang, era)
