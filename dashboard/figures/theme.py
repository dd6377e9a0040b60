"""One look for every chart, on screen and on slides.

Colours: the Okabe-Ito palette, distinguishable with the common colour-vision
deficiencies; text in the app's Thai webfont (Sarabun), which carries Latin too.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.i18n import plotly_locale

# Okabe & Ito (2008), "Color Universal Design": blue, orange, bluish green, vermillion,
# reddish purple, sky blue, yellow, black.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
GRID = "#d9d9d9"
TEXT = "#1a1a1a"


def apply(fig: go.Figure, *, title: str, lang: str, x_title: str | None = None, y_title: str | None = None,
          legend: bool = True, height: int = 420) -> go.Figure:  # fmt: skip
    loc = plotly_locale(lang)
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        template="plotly_white",
        colorway=PALETTE,
        font={"family": loc["font"]["family"], "size": 13, "color": TEXT},
        separators=loc["separators"],
        margin={"l": 60, "r": 20, "t": 60, "b": 90},
        height=height,
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0, "title": None},
        hoverlabel={"font": {"family": loc["font"]["family"]}},
    )
    fig.update_xaxes(title=x_title, gridcolor=GRID, automargin=True)
    fig.update_yaxes(title=y_title, gridcolor=GRID, automargin=True, rangemode="tozero")
    return fig


def empty(title: str, message: str, lang: str) -> go.Figure:
    """No data for these filters: say so in words, never an empty axis."""
    fig = go.Figure()
    apply(fig, title=title, lang=lang, legend=False, height=300)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 15})
    return fig
