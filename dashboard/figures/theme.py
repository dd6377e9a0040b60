"""One look for every chart, on screen and on slides.

Figures are plain plotly JSON (dicts): building `go.Figure` objects validates
every property and costs ~100 ms a chart, more than the query behind it.
`plotly.graph_objects.Figure(fig)` turns one into an object where needed
(static images, slides).

Colours: the Okabe-Ito palette, distinguishable with the common colour-vision
deficiencies; text in the app's Thai webfont (Sarabun), which carries Latin too.
"""

from __future__ import annotations

from dashboard.i18n import plotly_locale

# Okabe & Ito (2008), "Color Universal Design": blue, orange, bluish green, vermillion,
# reddish purple, sky blue, yellow, black.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
GRID = "#d9d9d9"
TEXT = "#1a1a1a"


def new() -> dict:
    return {"data": [], "layout": {}}


def axis(title: str | None, **more) -> dict:
    return {"title": {"text": title or ""}, "gridcolor": GRID, "zerolinecolor": GRID, "automargin": True, **more}


def apply(fig: dict, *, title: str, lang: str, x_title: str | None = None, y_title: str | None = None,
          legend: bool = True, height: int = 420, xaxis: dict | None = None, yaxis: dict | None = None) -> dict:  # fmt: skip
    loc = plotly_locale(lang)
    font = loc["font"]["family"]
    fig["layout"].update(
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 17}},
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
            "text": wrap(message),
            "x": 0.5,
            "y": 0.5,
            "xref": "paper",
            "yref": "paper",
            "showarrow": False,
            "font": {"size": 15},
        }
    ]
    return fig
