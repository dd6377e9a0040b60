"""The dashboard's charts. Each takes the frame its query returns and the language.

A mark's `customdata` carries what the drill-down needs to find the records
behind it (the category of its trace, and the x value from the click).
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.figures.theme import PALETTE, apply, empty
from dashboard.i18n import fmt_fiscal_year, fmt_int, fmt_number, fmt_year, label, t, year_label


def year_ticks(years: list[int], era: str, lang: str, fiscal: bool) -> dict:
    text = [fmt_fiscal_year(y, era, lang) if fiscal else fmt_year(y, era) for y in years]
    return {"tickmode": "array", "tickvals": years, "ticktext": text}


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
) -> go.Figure:
    """Bars per year, stacked by a category (type, direction, stage)."""
    frame = frame.drop_nulls(value) if value in frame.columns else frame
    if frame.height == 0 or frame[value].sum() in (0, None):
        return empty(title, t("notice.no_records", lang), lang)
    years = sorted(frame["year"].unique().to_list())
    fig = go.Figure()
    cats = sorted(frame[category].unique().to_list(), key=lambda c: (c is None, str(c)))
    for i, cat in enumerate(cats):
        part = frame.filter(pl.col(category) == cat).sort("year")
        name = label(category_kind, cat, lang) if category_kind else str(cat)
        values = part[value].to_list()
        fmt = fmt_int if number == "int" else fmt_number
        fig.add_bar(
            x=part["year"].to_list(),
            y=values,
            name=name,
            marker_color=PALETTE[i % len(PALETTE)],
            customdata=[[cat] for _ in values],
            hovertext=[
                f"{fmt_fiscal_year(y, era, lang) if fiscal else fmt_year(y, era)} · {name}: {fmt(v, lang)}"
                for y, v in zip(part["year"].to_list(), values, strict=True)
            ],
            hoverinfo="text",
        )
    fig.update_layout(barmode="stack", bargap=0.15)
    x_title = t("axis.fiscal_year" if fiscal else "axis.year", lang) + f" ({year_label(era, lang)})"
    apply(fig, title=title, lang=lang, x_title=x_title, y_title=y_title)
    ticks = year_ticks(years, era, lang, fiscal)
    if len(years) > 16:  # label every other year on long spans
        step = 2 if len(years) <= 32 else 5
        ticks = {k: v[::step] if isinstance(v, list) else v for k, v in ticks.items()}
    fig.update_xaxes(**ticks)
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
) -> go.Figure:
    """Horizontal bars, largest on top (sectors, partner levels, partners), optionally split by a category."""
    if frame.height == 0 or not frame[value].drop_nulls().len():
        return empty(title, t("notice.no_records", lang), lang)
    frame = frame.with_columns(pl.Series("_label", labels))
    order = (
        frame.group_by("_label", key, maintain_order=True)
        .agg(pl.col(value).sum())
        .sort(value, descending=False, nulls_last=False)
    )
    fig = go.Figure()
    fmt = fmt_int if number == "int" else fmt_number
    groups = [(None, frame)] if category is None else [
        (c, frame.filter(pl.col(category) == c)) for c in sorted(frame[category].unique().to_list())
    ]  # fmt: skip
    for i, (cat, part) in enumerate(groups):
        name = label(category_kind, cat, lang) if category_kind and cat else (str(cat) if cat else "")
        fig.add_bar(
            y=part["_label"].to_list(),
            x=part[value].to_list(),
            orientation="h",
            name=name,
            marker_color=PALETTE[i % len(PALETTE)],
            customdata=[[k, cat] for k in part[key].to_list()],
            hovertext=[
                f"{lbl}{' · ' + name if name else ''}: {fmt(v, lang)}"
                for lbl, v in zip(part["_label"], part[value], strict=True)
            ],
            hoverinfo="text",
        )
    fig.update_layout(barmode="stack" if category else "relative")
    height = max(320, 60 + 28 * order.height)
    apply(fig, title=title, lang=lang, x_title=x_title, legend=category is not None, height=min(height, 900))
    fig.update_yaxes(categoryorder="array", categoryarray=order["_label"].to_list(), rangemode=None)
    return fig


def share_lines(frame: pl.DataFrame, *, title: str, lang: str, era: str) -> go.Figure:
    """EEC share of located investment value, a line per stage."""
    frame = frame.drop_nulls("eec_share_pct")
    if frame.height == 0:
        return empty(title, t("notice.no_records", lang), lang)
    fig = go.Figure()
    for i, stage in enumerate(sorted(frame["stage"].unique().to_list())):
        part = frame.filter(pl.col("stage") == stage).sort("year")
        name = label("stage", stage, lang)
        fig.add_scatter(
            x=part["year"].to_list(),
            y=part["eec_share_pct"].to_list(),
            mode="lines+markers",
            name=name,
            line={"color": PALETTE[i % len(PALETTE)], "width": 2},
            customdata=[[stage] for _ in range(part.height)],
            hovertext=[
                f"{fmt_year(y, era)} · {name}: {fmt_number(v, lang)}%"
                for y, v in zip(part["year"], part["eec_share_pct"], strict=True)
            ],
            hoverinfo="text",
        )
    apply(
        fig,
        title=title,
        lang=lang,
        x_title=f"{t('axis.year', lang)} ({year_label(era, lang)})",
        y_title=t("axis.share_pct", lang),
    )
    fig.update_yaxes(range=[0, 100])
    fig.update_xaxes(**year_ticks(sorted(frame["year"].unique().to_list()), era, lang, False))
    return fig


def timeline(frame: pl.DataFrame, *, title: str, lang: str, era: str) -> go.Figure:
    """Missions and events as bars from start to end day, newest on top, colour by direction."""
    if frame.height == 0:
        return empty(title, t("notice.no_records", lang), lang)
    frame = frame.sort("start_date")
    name_col = "partner_th" if lang == "th" else "partner_en"
    labels = [
        f"{(ev or '')[:40] or (p or '')} · {fmt_year(d.year, era)}-{d.month:02d}-{d.day:02d}"
        for ev, p, d in zip(
            frame["event"], frame[name_col].fill_null(frame["partner_en"]), frame["start_date"], strict=True
        )
    ]
    fig = go.Figure()
    for i, direction in enumerate(("outbound", "inbound")):
        mask = (frame["direction"] == direction).to_list()
        rows = [j for j, m in enumerate(mask) if m]
        if not rows:
            continue
        starts = [frame["start_date"][j] for j in rows]
        ends = [frame["end_date"][j] for j in rows]
        ms = [((e - s).days + 1) * 86_400_000 for s, e in zip(starts, ends, strict=True)]
        fig.add_bar(
            base=[s.isoformat() for s in starts],
            x=ms,
            y=[labels[j] for j in rows],
            orientation="h",
            name=label("direction", direction, lang),
            marker_color=PALETTE[i],
            customdata=[[frame["delegation_id"][j]] for j in rows],
            hovertext=[f"{labels[j]} · {label('purpose', frame['purpose'][j] or 'other', lang)}" for j in rows],
            hoverinfo="text",
        )
    apply(fig, title=title, lang=lang, height=max(360, 40 + 22 * frame.height))
    fig.update_xaxes(type="date")
    fig.update_yaxes(categoryorder="array", categoryarray=labels, rangemode=None)
    return fig


def kpi_text(value, lang: str, kind: str = "int") -> str:
    return fmt_int(value, lang) if kind == "int" else fmt_number(value, lang)
