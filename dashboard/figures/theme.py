"""One look for every chart, on screen and on slides.

Figures are plain plotly JSON (dicts): building `go.Figure` objects validates
every property and costs ~100 ms a chart, more than the query behind it.
`plotly.graph_objects.Figure(fig)` turns one into an object where needed
(static images, slides).

Colours: the Okabe-Ito palette, distinguishable with the common colour-vision
deficiencies; text in the app's Thai webfont (Sarabun), which carries Latin too.

Text from data is drawn as the text it is: plotly reads a subset of HTML in every
string it draws (<a href>, <b>, <i>, <br>, <sub>, <sup>, <span style>) and decodes
entities, on the screen and in the SVG and PNG exports alike. So every
name, title and hover line a figure takes from data goes through `plain`: `&`,
`<` and `>` as entities, control and direction-override characters out, and a
name of thousands of characters shortened (`labels` keeps shortened names apart).
The only markup in a figure is the figure functions' own (<br>, <b>).
"""

from __future__ import annotations

import functools
import html
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import overload

from dashboard.i18n import plotly_locale

# Okabe & Ito (2008), "Color Universal Design": blue, orange, bluish green, vermillion,
# reddish purple, sky blue, yellow, black.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
GRID = "#d9d9d9"
TEXT = "#1a1a1a"


LABEL_MAX = 80  # characters of a name on an axis or in a legend
TEXT_MAX = 400  # characters of a title, a hover line or a message

# Line breaks and tabs read as spaces; other control characters, bidirectional embeddings,
# overrides and isolates (which can make "exe.gnp" read "png.exe") and byte-order marks are dropped.
_SPACES = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]+")
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]")


def clean(text: str | None, limit: int = TEXT_MAX) -> str:
    """Text from data as a line a person reads: no control or direction characters, at most `limit` characters
    (a longer one ends in "…"). No escaping: for the deck's and the grid's text."""
    s = _INVISIBLE.sub("", _SPACES.sub(" ", "" if text is None else str(text)))
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def plain(text: str | None, limit: int = TEXT_MAX) -> str:
    """Text from data as plotly draws it literally (see the module docstring)."""
    return html.escape(clean(text, limit), quote=False)


def unplain(text: str) -> str:
    """A figure's string back as the text it shows: our own line breaks as " · ", tags out, entities decoded
    (for the deck, which draws text as text)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text.replace("<br>", " · ")))


def labels(texts: Iterable[str | None], limit: int = LABEL_MAX) -> dict[str | None, str]:
    """Each distinct text -> its label on an axis, shortened and escaped by `plain`; two texts never share a label
    (a category axis would merge their bars), so a repeat gets a number."""
    out: dict[str | None, str] = {}
    used: set[str] = set()
    for text in dict.fromkeys(texts):
        shown, n = plain(text, limit), 1
        while shown in used:
            n += 1
            shown = plain(text, limit - len(f" ({n})")) + f" ({n})"
        used.add(shown)
        out[text] = shown
    return out


def keyed_labels(pairs: Iterable[tuple[str, str | None]], limit: int = LABEL_MAX) -> dict[str, str]:
    """Each distinct key -> its text's label on an axis (as `labels`). Categories are told apart by key, never by
    the text shown: two partners of one name (two ministries of commerce) stay two bars, the second labelled with
    its key ("Ministry of Commerce (kr-moc)"), never one bar adding up both."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for key, text in dict(pairs).items():
        shown = plain(text, limit)
        if shown in used:
            shown = plain(text, limit - len(f" ({key})")) + f" ({plain(key)})"
        n = 1
        while shown in used:  # a key that reads like another's label: numbered
            n += 1
            shown = plain(text, limit - len(f" ({key}) ({n})")) + f" ({plain(key)}) ({n})"
        used.add(shown)
        out[key] = shown
    return out


def new() -> dict:
    return {"data": [], "layout": {}}


# -- one colour per category --------------------------------------------------------------------------------

# What a mark counts, as its drill parameters name it (dashboard/marks.py) -> its colour, the same on every
# chart and page: outbound is blue wherever it is drawn, an MOU green, BOI applications indigo. Directions,
# agreement types and record kinds take Okabe-Ito colours, investment measures Paul Tol's "muted" scheme (also
# safe for the common colour-vision deficiencies), so a measure never borrows a direction's or a type's colour.
# Totals stated for a group of partners are grey and hatched: never read as one more partner.
COLORS: dict[str, dict[str, str]] = {
    "direction": {"outbound": "#0072B2", "inbound": "#E69F00"},
    "type": {"MOU": "#009E73", "MOC": "#D55E00", "LOI": "#CC79A7", "AGREEMENT": "#56B4E9", "OTHER": "#999999"},
    "dataset": {"agreements": "#009E73", "delegations": "#0072B2", "investments": "#332288"},
    "stage": {"application": "#332288", "approval": "#117733", "certificate": "#882255", "fdi_flow": "#44AA99",
              "fba_permit": "#AA4499", "business_registration": "#997700", "other": "#777777"},
    "aggregate": {"": "#555555"},
}  # fmt: skip
# A delegation's status is a pattern over its direction's colour: planned hatched, cancelled crossed, not
# recorded dotted; held plain. A total stated for a group is hatched too.
PATTERNS: dict[str, dict[str, str]] = {
    "status": {"held": "", "planned": "/", "cancelled": "x", "": "."},
    "aggregate": {"": "/"},
}
# Colours for series no category names (several aggregates picked at once): greys, then the palette.
NEUTRALS = ["#555555", "#8c8c8c", "#2b2b2b", "#b0b0b0"]


@overload
def color(dimension: str, value: str | None, default: str) -> str: ...
@overload
def color(dimension: str, value: str | None, default: None = None) -> str | None: ...
def color(dimension: str, value: str | None, default: str | None = None) -> str | None:
    """The colour of a category (`color("direction", "outbound")`), or `default` for one not in the table."""
    return COLORS.get(dimension, {}).get(value or "", default)


def tint(hex_color: str, amount: float = 0.45) -> str:
    """`hex_color` mixed with white (`amount` 0..1): a second series of one category (a measure counted in two
    units) in a lighter shade of its colour."""
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in (r, g, b))


# -- axes -----------------------------------------------------------------------------------------------------


def axis(title: str | None, **more) -> dict:
    return {"title": {"text": plain(title)}, "gridcolor": GRID, "zerolinecolor": GRID, "automargin": True, **more}


def _nice(step: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k at least `step`."""
    k = 10 ** math.floor(math.log10(step))
    return next(m * k for m in (1, 2, 2.5, 5, 10) if m * k >= step)


def money_axis() -> dict:
    """A value axis in THB million: every digit with the language's thousands separator (400,000 and
    2,000,000, never "400k" or "2M"); decimals only where a tick has them."""
    return {"tickformat": ",~r", "exponentformat": "none", "separatethousands": True}


def count_axis(top: float | None, ticks: int = 6) -> dict:
    """An axis of counts: whole numbers only, about `ticks` of them from 0 to `top` (never "2.5 agreements")."""
    step = max(1, int(_nice(max(top or 1, 1) / ticks)))
    return {"tickformat": ",d", "tickmode": "linear", "tick0": 0, "dtick": step, "exponentformat": "none"}


def year_axis(years: list[int], era: str, texts: list[str] | None = None) -> dict:
    """A year axis in the view's era (BE or CE), every year kept: labelled every year on short spans, every
    other (or fifth) on long ones."""
    from dashboard.i18n import fmt_year

    shown = list(range(len(years)))
    if len(years) > 16:
        shown = shown[:: 2 if len(years) <= 32 else 5]
    text = texts or [fmt_year(y, era) for y in years]
    return {"tickmode": "array", "tickvals": [years[i] for i in shown], "ticktext": [text[i] for i in shown]}


# -- layout: title, legend and axis titles never on top of one another ----------------------------------------

TITLE_SIZE, FONT_SIZE = 17, 13
NARROWEST = 480  # px of the narrowest plot a card gives (a 520 px column less its padding and margins)
LEGEND_MAX = 60  # characters of a name in a legend
_WIDE = re.compile("[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6]")


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A line's width in px, estimated on the generous side: marks above and below a Thai letter take no
    width, CJK letters a full em, the rest 0.62 em. Tags (our <br>, <b>) and entities count as what they show."""
    shown = html.unescape(re.sub(r"<[^>]+>", "", text))
    em = sum(0 if unicodedata.combining(c) or unicodedata.category(c) == "Mn" else 1.0 if _WIDE.match(c) else 0.62
             for c in shown)  # fmt: skip
    return em * size


# -- margins that already hold the axes' labels ----------------------------------------------------------------

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
LABEL_ROOM = 34  # px plotly keeps left of a y axis's widest tick label (its padding, tick and title), measured
LEGEND_SLACK = 6  # px a legend above the plot takes beyond the rows legend_layout counts
LABEL_GAP = 8  # px plotly wants between two labels of an x axis before it turns them


@functools.lru_cache(maxsize=4)
def _face(thai: bool, size: float):
    from PIL import ImageFont  # the fonts the browser draws the charts in (assets/fonts, the app's webfont)

    return ImageFont.truetype(str(FONTS / f"sarabun-{'thai' if thai else 'latin'}-400-normal.woff2"), size)


def _script(c: str) -> str:
    return "thai" if "\u0e00" <= c <= "\u0e7f" else "wide" if _WIDE.match(c) else "other"


@functools.lru_cache(maxsize=8192)
def drawn_width(text: str, size: float = FONT_SIZE) -> float:
    """A label's width in px as the browser draws it in Sarabun (Thai and Latin faces, advance widths);
    CJK, which Sarabun lacks, a full em. Tags and entities count as what they show; of several lines
    (<br>), the widest."""
    lines = re.split(r"<br\s*/?>", text, flags=re.IGNORECASE)
    if len(lines) > 1:
        return max(drawn_width(line, size) for line in lines)
    shown = html.unescape(re.sub(r"<[^>]+>", "", text))
    width = 0.0
    for kind, run in itertools.groupby(shown, _script):
        part = "".join(run)
        width += size * len(part) if kind == "wide" else _face(kind == "thai", size).getlength(part)
    return width


def _y_labels(fig: dict) -> list[str] | None:
    """The labels a figure's y axis will show, or their widest candidates (None: not known here)."""
    layout = fig.get("layout") or {}
    ya = layout.get("yaxis") or {}
    if ya.get("ticktext"):
        return [str(t) for t in ya["ticktext"]]
    traces = [tr for tr in fig.get("data") or [] if tr.get("type", "scatter") in ("bar", "scatter")]
    if not traces:
        return None
    values = [v for tr in traces for v in tr.get("y") or ()]
    if any(isinstance(v, str) for v in values):  # categories: shown as they are
        return [str(v) for v in dict.fromkeys(ya.get("categoryarray") or values)]
    numbers = [float(v) for v in values if isinstance(v, int | float) and math.isfinite(v)]
    if not numbers:
        return None
    if layout.get("barmode") == "stack":
        per_x: dict = {}
        for tr in traces:
            for x, y in zip(tr.get("x") or (), tr.get("y") or (), strict=False):
                if isinstance(y, int | float) and y > 0:
                    per_x[str(x)] = per_x.get(str(x), 0.0) + y
        numbers += list(per_x.values())
    ranged = ya.get("range")
    top = max(abs(v) for v in (ranged if ranged else [*numbers, 0]))
    top = top * (1 if ranged else 1.1)  # plotly's autorange pads the top; a tick never lies above it
    suffix, prefix = str(ya.get("ticksuffix", "")), str(ya.get("tickprefix", ""))
    widest = f"{math.floor(top):,}"  # Sarabun's digits are all as wide: the largest number is the widest
    labels = [prefix + widest + suffix, prefix + "0" + suffix]
    if top < 10:
        labels.append(prefix + "0.25" + suffix)  # small ranges have ticks with decimals
    if min(numbers) < 0:
        labels = [("-" + label) for label in labels]
    return labels


def fitted(fig: dict) -> dict:
    """The figure with its left margin already as wide as plotly's automargin will make it (its widest y
    label, measured, plus LABEL_ROOM) and room for its legend's last pixels: plotly then finds nothing to
    add and draws each chart once instead of twice. Category labels of an x axis too wide to stand side by
    side on the narrowest plot are turned 30 degrees here, with the room below and right that plotly would
    have made for them. automargin stays on, so a label this does not foresee (a colour bar) still gets its
    room, at the old cost. Maps and hidden axes are left as they are."""
    layout = fig.get("layout")
    if not isinstance(layout, dict) or not isinstance(layout.get("margin"), dict):
        return fig
    if any(tr.get("type") in ("choropleth", "scattergeo") for tr in fig.get("data") or []):
        return fig
    ya = layout.get("yaxis") or {}
    labels = None if ya.get("visible") is False else _y_labels(fig)
    margin = dict(layout["margin"])
    if labels:
        need = math.ceil(max(drawn_width(label) for label in labels)) + LABEL_ROOM
        margin["l"] = max(int(margin.get("l", 0)), need)
    if layout.get("showlegend") and (layout.get("legend") or {}).get("yanchor") == "bottom":
        margin["t"] = int(margin.get("t", 0)) + LEGEND_SLACK
    xa = layout.get("xaxis") or {}
    cats = [str(c) for c in xa.get("categoryarray") or ()] if xa.get("type") == "category" else []
    if cats and xa.get("tickangle", "auto") == "auto" and xa.get("visible", True):
        widths = [drawn_width(c) for c in cats]
        if len(cats) * (max(widths) + LABEL_GAP) > NARROWEST:  # plotly would turn them: turned here, with room
            xa = {**xa, "tickangle": 30}
            margin["b"] = int(margin.get("b", 0)) + max(0, math.ceil(max(widths) / 2) - 14)
            margin["r"] = max(int(margin.get("r", 0)), math.ceil(widths[-1] * math.cos(math.pi / 6)) - 2)
            return {**fig, "layout": {**layout, "margin": margin, "xaxis": xa}}
    return {**fig, "layout": {**layout, "margin": margin}}


def wrap_title(text: str, width: float = NARROWEST) -> str:
    """A title broken at spaces into lines that fit `width` px (plotly never wraps a title itself)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(lines[-1] + " " + word, TITLE_SIZE) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def legend_layout(names: list[str], width: float = NARROWEST) -> tuple[dict, int]:
    """-> (the legend, its height in px): horizontal, above the plot, left-aligned under the title, in as many
    columns as the longest name allows on the narrowest plot, so the rows (and the room kept for them) are
    the same at every width. Above the plot it never meets an axis title, whatever the labels' length."""
    widest = max((text_width(n) for n in names), default=0) + 46  # symbol, gap and padding
    per_row = max(1, min(len(names), 4, int(width // widest)))
    rows = math.ceil(len(names) / per_row)
    legend = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom", "yref": "paper",
              "entrywidth": 1 / per_row, "entrywidthmode": "fraction", "traceorder": "normal",
              "title": {"text": ""}, "font": {"size": FONT_SIZE}, "tracegroupgap": 0}  # fmt: skip
    return legend, rows * LEGEND_ROW + 6


LEGEND_ROW = 22  # px a legend row takes (Thai marks above and below included)
TITLE_LINE = 24  # px a title line takes


def title_layout(text: str) -> tuple[dict, int]:
    """-> (the title, its height in px): top left of the figure, wrapped to the narrowest card.

    plotly drops a one-line title by 0.7 em from its anchor but sets each line of a longer one from its
    baseline, so a title of several lines is moved down by that 0.7 em itself (else its first line is cut)."""
    wrapped = wrap_title(plain(text))
    lines = wrapped.count("<br") + 1
    pad = 12 if lines == 1 else 12 + round(0.7 * TITLE_SIZE)
    title = {"text": wrapped, "x": 0, "xref": "container", "xanchor": "left", "y": 1, "yref": "container",
             "yanchor": "top", "pad": {"t": pad, "l": 12}, "font": {"size": TITLE_SIZE}}  # fmt: skip
    return title, 12 + TITLE_LINE * lines


def apply(fig: dict, *, title: str, lang: str, x_title: str | None = None, y_title: str | None = None,
          legend: bool = True, height: int = 420, xaxis: dict | None = None, yaxis: dict | None = None) -> dict:  # fmt: skip
    """The theme on `fig` (its traces already in): title top left, the legend (when `legend` and more than
    one name) in rows between the title and the plot, axis titles beside their axes, margins sized for what
    each holds; the plot keeps at least half the height."""
    loc = plotly_locale(lang)
    font = loc["font"]["family"]
    names = [tr["name"] for tr in fig["data"] if tr.get("name") and tr.get("showlegend", True)]
    legend = legend and len(names) > 1
    title_box, title_h = title_layout(title)
    leg, legend_h = legend_layout(names) if legend else ({}, 0)
    top = title_h + (8 + legend_h if legend else 10)
    height = max(height, 2 * top + 140)
    fig["layout"].update(
        title=title_box,
        colorway=PALETTE,
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": font, "size": FONT_SIZE, "color": TEXT},
        separators=loc["separators"],
        # Room for the x axis's ticks and title from the start: automargin only ever adds to it.
        margin={"l": 12, "r": 24, "t": top, "b": 64 if x_title else 36, "pad": 4},
        height=height,
        showlegend=legend,
        legend=leg,
        hoverlabel={"font": {"family": font}},
        xaxis=axis(x_title, **(xaxis or {})),
        yaxis=axis(y_title, **{"rangemode": "tozero", **(yaxis or {})}),
    )
    return fig


def wrap(text: str, width: int = 56) -> str:
    """Break a message into lines of at most `width` characters at spaces (an annotation never wraps itself)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def empty(title: str, message: str, lang: str) -> dict:
    """No data for these filters: say so in words, never an empty axis."""
    fig = apply(
        new(), title=title, lang=lang, legend=False, height=300, xaxis={"visible": False}, yaxis={"visible": False}
    )
    fig["layout"]["annotations"] = [
        {
            "text": wrap(plain(message, 2_000)),
            "x": 0.5,
            "y": 0.5,
            "xref": "paper",
            "yref": "paper",
            "showarrow": False,
            "font": {"size": 15},
        }
    ]
    return fig
