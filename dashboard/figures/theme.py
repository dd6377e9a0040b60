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

import html
import re
from collections.abc import Iterable

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


def new() -> dict:
    return {"data": [], "layout": {}}


def axis(title: str | None, **more) -> dict:
    return {"title": {"text": plain(title)}, "gridcolor": GRID, "zerolinecolor": GRID, "automargin": True, **more}


def apply(fig: dict, *, title: str, lang: str, x_title: str | None = None, y_title: str | None = None,
          legend: bool = True, height: int = 420, xaxis: dict | None = None, yaxis: dict | None = None) -> dict:  # fmt: skip
    loc = plotly_locale(lang)
    font = loc["font"]["family"]
    fig["layout"].update(
        title={"text": plain(title), "x": 0.01, "xanchor": "left", "font": {"size": 17}},
        colorway=PALETTE,
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": font, "size": 13, "color": TEXT},
        separators=loc["separators"],
        margin={"l": 60, "r": 20, "t": 60, "b": 110 if legend else 70},
        height=height,
        showlegend=legend,
        # Below the x axis and its title, never over them.
        legend={"orientation": "h", "yanchor": "top", "y": -0.3, "x": 0, "title": {"text": ""}},
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
