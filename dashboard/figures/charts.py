"""The dashboard's charts. Each takes the frame its query returns and the language,
and returns plotly JSON (see theme.py).

A mark's `customdata` carries what the drill-down needs to find the records
behind it (the category of its trace; the x value comes with the click).
Charts by year also name every year as shown in `layout.meta` (`x`, `x_labels`):
the axis labels only some years on long spans, and exports that redraw the chart
(a native PowerPoint chart) need the label of each.
"""

from __future__ import annotations

import polars as pl

from dashboard.figures.theme import PALETTE, apply, empty, new
from dashboard.i18n import fmt_fiscal_year, fmt_int, fmt_number, fmt_year, label, t, year_label


def year_ticks(years: list[int], era: str, lang: str, fiscal: bool) -> dict:
    if len(years) > 16:  # label every other (or fifth) year on long spans
        years = years[:: 2 if len(years) <= 32 else 5]
    text = [fmt_fiscal_year(y, era, lang) if fiscal else fmt_year(y, era) for y in years]
    return {"tickmode": "array", "tickvals": years, "ticktext": text}


def year_labels(years: list[int], era: str, lang: str, fiscal: bool) -> dict:
    """`layout.meta` of a chart by year: every year and its label in the view's era (see the module docstring)."""
    return {"x": years, "x_labels": [fmt_fiscal_year(y, era, lang) if fiscal else fmt_year(y, era) for y in years]}


def _fmt(kind: str):
    return fmt_int if kind == "int" else fmt_number


def stacked_by_year(
    frame: pl.DataFrame,
    *,
    value: str,
    category: str,
    category_kind: str | None,
    title: str,
    y_title: str,
    lang: str,
    era: str,
    fiscal: bool = False,
    number: str = "int",
) -> dict:
    """Bars per year, stacked by a category (type, direction, stage)."""
    frame = frame.drop_nulls(value)
    if frame.height == 0 or not frame[value].sum():
        return empty(title, t("notice.no_records", lang), lang)
    years = sorted(frame["year"].unique().to_list())
    fig = new()
    fmt = _fmt(number)
    cats = sorted(frame[category].unique().to_list(), key=lambda c: (c is None, str(c)))
    for i, cat in enumerate(cats):
        part = frame.filter(pl.col(category) == cat).sort("year")
        name = label(category_kind, cat, lang) if category_kind else str(cat)
        xs, ys = part["year"].to_list(), part[value].to_list()
        fig["data"].append(
            {
                "type": "bar",
                "x": xs,
                "y": ys,
                "name": name,
                "marker": {"color": PALETTE[i % len(PALETTE)]},
                "customdata": [[cat]] * len(xs),
                "hovertext": [
                    f"{fmt_fiscal_year(y, era, lang) if fiscal else fmt_year(y, era)} · {name}: {fmt(v, lang)}"
                    for y, v in zip(xs, ys, strict=True)
                ],
                "hoverinfo": "text",
            }
        )
    x_title = t("axis.fiscal_year" if fiscal else "axis.year", lang) + f" ({year_label(era, lang)})"
    apply(fig, title=title, lang=lang, x_title=x_title, y_title=y_title, xaxis=year_ticks(years, era, lang, fiscal))
    fig["layout"].update(barmode="stack", bargap=0.15, meta=year_labels(years, era, lang, fiscal))
    return fig


def ranked_bars(
    frame: pl.DataFrame,
    *,
    key: str,
    labels: list[str],
    value: str,
    title: str,
    x_title: str,
    lang: str,
    category: str | None = None,
    category_kind: str | None = None,
    number: str = "int",
) -> dict:
    """Horizontal bars, largest on top (sectors, partner levels, partners), optionally split by a category."""
    if frame.height == 0 or not frame[value].drop_nulls().len():
        return empty(title, t("notice.no_records", lang), lang)
    frame = frame.with_columns(pl.Series("_label", labels))
    order = frame.group_by("_label", maintain_order=True).agg(pl.col(value).sum()).sort(value, nulls_last=False)
    fmt = _fmt(number)
    groups = [(None, frame)] if category is None else [
        (c, frame.filter(pl.col(category) == c)) for c in sorted(frame[category].unique().to_list())
    ]  # fmt: skip
    fig = new()
    for i, (cat, part) in enumerate(groups):
        name = (label(category_kind, cat, lang) if category_kind else str(cat)) if cat else ""
        ys, xs = part["_label"].to_list(), part[value].to_list()
        fig["data"].append(
            {
                "type": "bar",
                "orientation": "h",
                "y": ys,
                "x": xs,
                "name": name,
                "marker": {"color": PALETTE[i % len(PALETTE)]},
                "customdata": [[k, cat] for k in part[key].to_list()],
                "hovertext": [
                    f"{lbl}{' · ' + name if name else ''}: {fmt(v, lang)}" for lbl, v in zip(ys, xs, strict=True)
                ],
                "hoverinfo": "text",
            }
        )
    height = min(max(320, 60 + 28 * order.height), 900)
    apply(fig, title=title, lang=lang, x_title=x_title, legend=category is not None, height=height,
          yaxis={"categoryorder": "array", "categoryarray": order["_label"].to_list(), "rangemode": "normal"})  # fmt: skip
    fig["layout"]["barmode"] = "stack"
    return fig


def share_lines(frame: pl.DataFrame, *, title: str, lang: str, era: str) -> dict:
    """EEC share of located investment value, a line per stage."""
    frame = frame.drop_nulls("eec_share_pct")
    if frame.height == 0:
        return empty(title, t("notice.no_records", lang), lang)
    fig = new()
    for i, stage in enumerate(sorted(frame["stage"].unique().to_list())):
        part = frame.filter(pl.col("stage") == stage).sort("year")
        name = label("stage", stage, lang)
        xs, ys = part["year"].to_list(), part["eec_share_pct"].to_list()
        fig["data"].append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": xs,
                "y": ys,
                "name": name,
                "line": {"color": PALETTE[i % len(PALETTE)], "width": 2},
                "customdata": [[stage]] * len(xs),
                "hovertext": [
                    f"{fmt_year(y, era)} · {name}: {fmt_number(v, lang)}%" for y, v in zip(xs, ys, strict=True)
                ],
                "hoverinfo": "text",
            }
        )
    years = sorted(frame["year"].unique().to_list())
    fig["layout"]["meta"] = year_labels(years, era, lang, False)
    return apply(fig, title=title, lang=lang, x_title=f"{t('axis.year', lang)} ({year_label(era, lang)})",
                 y_title=t("axis.share_pct", lang), xaxis=year_ticks(years, era, lang, False), yaxis={"range": [0, 100]})  # fmt: skip


def timeline(frame: pl.DataFrame, *, title: str, lang: str, era: str) -> dict:
    """Missions and events as bars from first to last day, newest on top, coloured by direction."""
    if frame.height == 0:
        return empty(title, t("notice.no_records", lang), lang)
    frame = frame.sort("start_date")
    name_col = "partner_th" if lang == "th" else "partner_en"
    names = frame[name_col].fill_null(frame["partner_en"]).to_list()
    labels = [
        f"{(ev or p or '')[:40]} · {fmt_year(d.year, era)}-{d.month:02d}-{d.day:02d}"
        for ev, p, d in zip(frame["event"].to_list(), names, frame["start_date"].to_list(), strict=True)
    ]
    fig = new()
    for i, direction in enumerate(("outbound", "inbound")):
        rows = [j for j, d in enumerate(frame["direction"].to_list()) if d == direction]
        if not rows:
            continue
        starts = [frame["start_date"][j] for j in rows]
        ends = [frame["end_date"][j] for j in rows]
        fig["data"].append(
            {
                "type": "bar",
                "orientation": "h",
                "base": [s.isoformat() for s in starts],
                "x": [((e - s).days + 1) * 86_400_000 for s, e in zip(starts, ends, strict=True)],
                "y": [labels[j] for j in rows],
                "name": label("direction", direction, lang),
                "marker": {"color": PALETTE[i]},
                "customdata": [[frame["delegation_id"][j]] for j in rows],
                "hovertext": [f"{labels[j]} · {label('purpose', frame['purpose'][j] or 'other', lang)}" for j in rows],
                "hoverinfo": "text",
            }
        )
    return apply(fig, title=title, lang=lang, height=max(360, 40 + 22 * frame.height), xaxis={"type": "date"},
                 yaxis={"categoryorder": "array", "categoryarray": labels, "rangemode": "normal"})  # fmt: skip
