"""Maps of partner regions: a choropleth of Japan's prefectures, drawn offline.

The analysts' intranet has no internet access, so drawing a map must not ask
any other host for anything. We use `go.Choropleth` on a `geo` subplot (SVG,
no WebGL needed) with the prefecture boundaries inline
(assets/geo/japan_prefectures.geojson, see load_prefectures()) and the base
map switched off (`geo.visible=False`).

Even so, plotly.js 4.1.1 (the one plotly 7.1.0 and dash 4.4.1 serve) fetches
the base-map topojson `<topojsonURL>world_110m.json` for every geo subplot
with a choropleth: it loads one whenever a trace has a `locationmode`, and
`"geojson-id"` counts. Its default `topojsonURL` is https://cdn.plot.ly/un/;
offline that request fails and the map is not drawn at all. So the file is
vendored in assets/topojson/ (from the npm package plotly.js 4.1.1, see its
README) and `graph_config()` points `topojsonURL` there: every dcc.Graph must
use that config. tests/dashboard/test_offline_map.py checks in Chromium that
nothing leaves the machine.

(`go.Choroplethmap` with `map_style="white-bg"` also made no request, but
draws with WebGL; the SVG `geo` map needs no GPU and no tiles.)
"""

from __future__ import annotations

import json
import logging
import math
from functools import cache
from pathlib import Path

import plotly.graph_objects as go

from dashboard.figures.theme import LABEL_MAX, TEXT, count_axis, plain, title_layout
from dashboard.i18n.fmt import NO_VALUE, fmt_number, plotly_locale

log = logging.getLogger(__name__)

GEOJSON_PATH = Path(__file__).resolve().parent.parent / "assets" / "geo" / "japan_prefectures.geojson"
GEOJSON_URL = "/assets/geo/japan_prefectures.geojson"  # the same file, as the app serves it

# Sequential, colour-blind safe (one hue, light to dark): ColorBrewer Blues without its
# two lightest steps, so the lowest value stays distinct from the grey of "no value".
COLORSCALE = [
    [0.0, "rgb(198,219,239)"],
    [0.2, "rgb(158,202,225)"],
    [0.4, "rgb(107,174,214)"],
    [0.6, "rgb(66,146,198)"],
    [0.8, "rgb(33,113,181)"],
    [1.0, "rgb(8,48,107)"],
]
NO_VALUE_COLOR = "rgb(224,224,224)"
BORDER_COLOR = "white"


@cache
def _load(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def load_prefectures(path: Path = GEOJSON_PATH) -> dict:
    """The 47 prefectures as a GeoJSON FeatureCollection (ids "JP-01".."JP-47"); a fresh copy each call."""
    return json.loads(_load(str(path)))


def _missing(v: float | None) -> bool:
    return v is None or (isinstance(v, float) and not math.isfinite(v))


def prefecture_map(
    values: dict[str, float],
    geojson: dict,
    *,
    title: str,
    colorbar_title: str,
    lang: str,
    hover_names: dict[str, str] | None = None,
    geojson_url: str | None = None,
) -> go.Figure:
    """A choropleth of `values` keyed by ISO 3166-2 code ("JP-14"); every prefecture is drawn.

    Prefectures without a value (absent, None or NaN) are light grey, with "–"
    in their tooltip. Each location's `customdata` is its drill parameters as JSON
    (`{"iso": "JP-14"}`, as every chart mark's: dashboard/marks.py). `hover_names`
    replaces the English name in the tooltip (e.g. Thai names); `title` and
    `colorbar_title` come already translated. A key that is no prefecture of
    `geojson` cannot be drawn: it is left out and logged, never a crash.

    With `geojson_url` (the same shapes as a file the browser can fetch, e.g.
    GEOJSON_URL) the traces carry the URL instead of the shapes: plotly.js
    fetches the file once and keeps it, a page answer is 10 KB instead of
    200 KB, and the server skips plotly's copying of the shapes into every
    figure (about 80 ms a map). Images turn it back into a file URL
    (dashboard/export/images.py).
    """
    features = geojson["features"]
    isos = [f["id"] for f in features]
    unknown = sorted(map(str, set(values) - set(isos)))
    if unknown:
        log.warning("prefecture_map: %r are not prefectures of the geojson (like %r); not drawn", unknown, isos[0])
    names = {f["id"]: f["properties"].get("name_en", f["id"]) for f in features}
    names.update({iso: name for iso, name in (hover_names or {}).items() if name})
    names = {iso: plain(name, LABEL_MAX) for iso, name in names.items()}  # names from data are text, never markup
    colorbar_title = plain(colorbar_title)

    present = [iso for iso in isos if not _missing(values.get(iso))]
    absent = [iso for iso in isos if _missing(values.get(iso))]
    decimals = 0 if all(float(values[iso]).is_integer() for iso in present) else 1

    def hover(iso: str) -> str:
        shown = NO_VALUE if iso in absent else fmt_number(values[iso], lang, decimals)
        return f"<b>{names[iso]}</b><br>{colorbar_title}: {shown}"

    def shapes(subset: list[str]) -> dict | str:  # each trace carries only its own prefectures: half the bytes
        if geojson_url:
            return geojson_url  # the browser draws only the features named in `locations`
        wanted = set(subset)
        return {"type": "FeatureCollection", "features": [f for f in features if f["id"] in wanted]}

    common = {
        "featureidkey": "id",
        "hovertemplate": "%{text}<extra></extra>",
        "marker": {"line": {"color": BORDER_COLOR, "width": 0.6}},
    }
    fig = go.Figure()
    if absent:
        fig.add_trace(
            go.Choropleth(
                locations=absent,
                geojson=shapes(absent),
                z=[0] * len(absent),
                customdata=[json.dumps({"iso": iso}) for iso in absent],
                text=[hover(iso) for iso in absent],
                colorscale=[[0, NO_VALUE_COLOR], [1, NO_VALUE_COLOR]],
                showscale=False,
                name="no-value",
                **common,
            )
        )
    if present:
        fig.add_trace(
            go.Choropleth(
                locations=present,
                geojson=shapes(present),
                z=[float(values[iso]) for iso in present],
                customdata=[json.dumps({"iso": iso}) for iso in present],
                text=[hover(iso) for iso in present],
                colorscale=COLORSCALE,
                colorbar=_colorbar(colorbar_title, [float(values[iso]) for iso in present], decimals),
                name="value",
                **common,
            )
        )
    fig.update_geos(
        visible=False,  # no base map drawn (plotly.js still fetches one: see graph_config)
        fitbounds="locations",
        projection_type="mercator",
        bgcolor="rgba(0,0,0,0)",
    )
    loc = plotly_locale(lang)
    fig.update_layout(  # the look of dashboard.figures.theme.apply, without its cartesian axes
        title=title_layout(title)[0],
        template="plotly_white",
        font={"family": loc["font"]["family"], "size": 13, "color": TEXT},
        separators=loc["separators"],
        hoverlabel={"font": {"family": loc["font"]["family"]}},
        margin={"l": 10, "r": 10, "t": title_layout(title)[1] + 12, "b": 10},
        dragmode=False,
    )
    return fig


def _colorbar(title: str, values: list[float], decimals: int) -> dict:
    """The colour scale's legend: counts in whole numbers only (never "1.5 agreements"), from the lowest value."""
    bar = {"title": {"text": title}, "thickness": 14, "len": 0.75, "exponentformat": "none"}
    if decimals == 0 and values:
        bar.update(count_axis(max(values), ticks=4))
        bar["tick0"] = 0
    else:
        bar["tickformat"] = ",~r"
    return bar


def graph_config(topojson_url: str = "/assets/topojson/") -> dict:
    """The `config` of every dcc.Graph: `dcc.Graph(figure=..., config=graph_config())`.

    `topojsonURL` makes plotly.js fetch base maps from the app's own assets,
    never from its CDN (see the module docstring); an app served under a path
    prefix passes `dash.get_asset_url("topojson/")`. plotly.js 4 shows a
    "Share chart..." button by default that uploads the figure, data included,
    to Plotly Cloud: `showSendToCloud: False` removes it. The camera button
    saves a 1920x1080 (16:9) PNG, the size of a slide.
    """
    return {
        "displaylogo": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "topojsonURL": topojson_url,
        "toImageButtonOptions": {"format": "png", "width": 1920, "height": 1080, "scale": 1},
    }
