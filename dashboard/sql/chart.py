"""A chart of an SQL result: x, y and (optionally) series picked from its columns, bars or lines, in the
dashboard's theme (dashboard/figures/theme.py); as PNG or SVG by the chart-image code, and as one slide of
the briefing deck's look with the SQL in its speaker notes (dashboard/export/).

The chart draws the result's values as they are: one mark per row. Nothing is added up here: when two rows
give the same x (in the same series) the chart is refused with a message naming them, since drawing both
would stack or hide one, and summing them is a decision for the query (GROUP BY).
"""

from __future__ import annotations

import io

from dashboard.figures import theme
from dashboard.i18n import fmt_number, t

KINDS = ("bar", "line")
MAX_POINTS = 5_000
NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
           "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL")  # fmt: skip


class ChartError(ValueError):
    """The picked columns do not make a chart of this result; the message says why and names the rows."""


def is_numeric(type_name: str) -> bool:
    return str(type_name).upper().startswith(NUMERIC)


def _decimals(values: list) -> int:
    """Decimals to show: none for whole numbers, else up to 4, as many as the values need."""
    most = 0
    for v in values:
        if isinstance(v, float) and not v.is_integer():
            text = f"{v:.4f}".rstrip("0")
            most = max(most, len(text.split(".")[1]))
    return most


def figure(columns: list[str], types: list[str], rows: list[list], *, x: int, y: int, series: int | None = None,
           kind: str = "bar", lang: str = "en", title: str = "") -> dict:  # fmt: skip
    """The plotly figure (a dict) of the result: `x`, `y`, `series` are column positions."""
    n = len(columns)
    if kind not in KINDS:
        raise ChartError(t("sqled_chart_err_kind", lang, kind=kind))
    for pos in (x, y, *(() if series is None else (series,))):
        if not isinstance(pos, int) or not 0 <= pos < n:
            raise ChartError(t("sqled_chart_err_column", lang, column=pos))
    if not is_numeric(types[y]):
        raise ChartError(t("sqled_chart_err_numeric", lang, column=columns[y], type=types[y]))
    if len(rows) > MAX_POINTS:
        raise ChartError(t("sqled_chart_err_many", lang, n=f"{len(rows):,}", most=f"{MAX_POINTS:,}"))
    if not rows:
        raise ChartError(t("sqled_chart_err_empty", lang))
    seen: dict[tuple, int] = {}
    for i, row in enumerate(rows, start=1):
        key = tuple(
            repr(k) if isinstance(k, list | dict) else k for k in (row[x], row[series] if series is not None else None)
        )
        if key in seen:
            where = f"{columns[x]} = {row[x]!r}" + (
                f", {columns[series]} = {row[series]!r}" if series is not None else ""
            )
            raise ChartError(t("sqled_chart_err_repeat", lang, first=seen[key], row=i, where=where))
        seen[key] = i
    x_labels = theme.labels([_text(r[x]) for r in rows])
    keys = list(dict.fromkeys(x_labels[_text(r[x])] for r in rows))
    groups: dict[str | None, list[list]] = {}
    for row in rows:
        groups.setdefault(_text(row[series]) if series is not None else None, []).append(row)
    names = theme.labels([g for g in groups if g is not None]) if series is not None else {}
    decimals = _decimals([r[y] for r in rows])
    fig = theme.new()
    for k, (group, members) in enumerate(groups.items()):
        color = theme.PALETTE[k % len(theme.PALETTE)]
        xs = [x_labels[_text(r[x])] for r in members]
        ys = [r[y] for r in members]
        name = names.get(group, theme.plain(columns[y])) if series is not None else theme.plain(columns[y])
        hover = [f"{name}<br>{xv}: {fmt_number(v, lang, decimals)}" for xv, v in zip(xs, ys, strict=True)]
        trace: dict[str, object] = {"type": "bar" if kind == "bar" else "scatter", "name": name, "x": xs, "y": ys,
                 "hovertext": hover, "hoverinfo": "text"}  # fmt: skip
        if kind == "bar":
            trace["marker"] = {"color": color}
        else:
            trace.update(mode="lines+markers", line={"color": color, "width": 2.5}, marker={"color": color})
        fig["data"].append(trace)
    theme.apply(fig, title=title or t("sqled_chart_title", lang, y=columns[y], x=columns[x]), lang=lang,
                x_title=columns[x], y_title=columns[y],
                xaxis={"type": "category", "categoryorder": "array", "categoryarray": keys},
                yaxis={"tickformat": ","})  # fmt: skip
    fig["layout"]["barmode"] = "group"  # side by side: bars of different series are never stacked (added)
    fig["layout"]["meta"] = {"x": keys, "x_labels": keys}  # the deck's native chart reads its categories here
    return fig


def _text(value) -> str:
    if value is None:
        return "∅"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def plotted(fig: dict) -> list[tuple[str, str, object]]:
    """(series, x, y) of every mark of the figure: what a test compares with the result's rows."""
    return [(tr["name"], xv, yv) for tr in fig["data"] for xv, yv in zip(tr["x"], tr["y"], strict=True)]


def image(fig: dict, fmt: str) -> bytes:
    """The chart as PNG or SVG, by the same code as every chart's image download."""
    from dashboard.export import images

    return images.render(fig, fmt)


def slide(fig: dict, sql: str, lang: str, link: str) -> bytes:
    """One slide in the briefing deck's look (the deck_template setting when set): the chart as a native
    PowerPoint chart, the footer of every deck slide, and the SQL in the speaker notes with the numbers."""
    from dashboard import context
    from dashboard.export import deck, provenance
    from dashboard.filters import Filters

    w = context.get().warehouse
    f = Filters(lang=lang, era=context.get().settings.era)
    prov = provenance(w, f, "overview", link)
    prov = type(prov)(prov.source, prov.as_of, prov.synthetic, link, prov.prepared)
    lk = deck.look(deck._template_setting())
    s = lk.prs.slides.add_slide(lk.layout)
    deck._title(s, theme.unplain(fig["layout"]["title"]["text"]), lang, lk)
    nat = deck.native(fig)
    if nat is None:
        raise ChartError(t("sqled_chart_err_empty", lang))
    deck._chart(s, nat, lang, lk)
    deck._footer(s, prov, lang, lk)
    deck._notes(s, [t("sqled_chart_notes_sql", lang), sql, "", *deck.numbers(fig)])
    buf = io.BytesIO()
    lk.prs.save(buf)
    return buf.getvalue()
