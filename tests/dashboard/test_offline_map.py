"""The prefecture map and the app's own assets (font, boundaries, base map) work with no internet.

Unit tests of dashboard/figures/maps.py and the files in dashboard/assets/, then
one browser test: a tiny Dash app with the map and Thai text, in headless
Chromium, where any request for another host is recorded and aborted.
"""

from __future__ import annotations

import json
import re
import threading
from itertools import pairwise
from pathlib import Path

import plotly
import pytest
from dash import Dash, Input, Output, dcc, html
from werkzeug.serving import make_server

from dashboard.figures.maps import (
    COLORSCALE,
    GEOJSON_URL,
    NO_VALUE_COLOR,
    graph_config,
    load_prefectures,
    prefecture_map,
)
from tests.conftest import ROOT

ASSETS = ROOT / "dashboard" / "assets"
ISOS = [f"JP-{i:02d}" for i in range(1, 48)]


@pytest.fixture(scope="module")
def geo() -> dict:
    return load_prefectures()


def traces_by_name(fig) -> dict:
    return {t.name: t for t in fig.data}


# --- prefecture_map ---------------------------------------------------------------------------


def test_every_prefecture_is_drawn_exactly_once(geo):
    fig = prefecture_map({"JP-14": 5, "JP-23": 2}, geo, title="t", colorbar_title="c", lang="en")
    drawn = [loc for t in fig.data for loc in t.locations]
    assert sorted(drawn) == ISOS
    for t in fig.data:  # each trace carries the shapes of its own prefectures, no more
        assert sorted(f["id"] for f in t.geojson["features"]) == sorted(t.locations)
        assert t.featureidkey == "id"


def test_with_a_url_the_traces_carry_the_url_not_the_shapes(geo):
    fig = prefecture_map({"JP-14": 5}, geo, title="t", colorbar_title="c", lang="en", geojson_url=GEOJSON_URL)
    assert [t.geojson for t in fig.data] == [GEOJSON_URL, GEOJSON_URL]
    assert sorted(loc for t in fig.data for loc in t.locations) == ISOS
    assert (ASSETS / GEOJSON_URL.removeprefix("/assets/")).is_file()


def test_prefectures_without_a_value_are_light_grey_not_missing(geo):
    values = {"JP-14": 5.0, "JP-13": None, "JP-27": float("nan")}
    fig = prefecture_map(values, geo, title="t", colorbar_title="c", lang="en")
    grey, valued = traces_by_name(fig)["no-value"], traces_by_name(fig)["value"]
    assert list(valued.locations) == ["JP-14"]
    assert "JP-13" in grey.locations and "JP-27" in grey.locations
    assert len(grey.locations) == 46
    assert {color for _, color in grey.colorscale} == {NO_VALUE_COLOR}
    assert grey.showscale is False
    assert all("–" in text for text in grey.text)  # the tooltip says "no value", not 0


def test_no_values_at_all_still_draws_the_whole_grey_map(geo):
    fig = prefecture_map({}, geo, title="t", colorbar_title="c", lang="th")
    assert [t.name for t in fig.data] == ["no-value"]
    assert sorted(fig.data[0].locations) == ISOS


def test_customdata_is_the_drill_of_the_iso_code_for_click_handlers(geo):
    fig = prefecture_map({"JP-14": 5, "JP-01": 1}, geo, title="t", colorbar_title="c", lang="en")
    for t in fig.data:
        assert [json.loads(c) for c in t.customdata] == [{"iso": iso} for iso in t.locations]


def test_values_colour_scale_and_tooltips(geo):
    fig = prefecture_map(
        {"JP-14": 1234.5, "JP-23": 10},
        geo,
        title="Investment",
        colorbar_title="THB million",
        lang="th",
        hover_names={"JP-14": "คานางาวะ"},
    )
    valued = traces_by_name(fig)["value"]
    assert dict(zip(valued.locations, valued.z, strict=True)) == {"JP-14": 1234.5, "JP-23": 10.0}
    assert [c for _, c in valued.colorscale] == [c for _, c in COLORSCALE]
    assert valued.colorbar.title.text == "THB million"
    texts = dict(zip(valued.locations, valued.text, strict=True))
    assert texts["JP-14"] == "<b>คานางาวะ</b><br>THB million: 1,234.5"
    assert texts["JP-23"] == "<b>Aichi</b><br>THB million: 10.0"
    assert fig.layout.title.text == "Investment"
    assert "Sarabun" in fig.layout.font.family


def test_a_code_that_is_no_prefecture_is_left_out_and_logged(geo, caplog):
    fig = prefecture_map({"JP-14": 3, "JP-99": 7}, geo, title="t", colorbar_title="c", lang="en")
    assert "JP-99" not in [loc for t in fig.data for loc in t.locations]
    assert "JP-99" in caplog.text


def test_the_map_has_no_base_map_and_fits_japan(geo):
    fig = prefecture_map({"JP-14": 3}, geo, title="t", colorbar_title="c", lang="en")
    assert fig.layout.geo.visible is False
    assert fig.layout.geo.fitbounds == "locations"
    assert fig.layout.geo.projection.type == "mercator"


def test_graph_config_keeps_plotly_off_the_cdn():
    config = graph_config()
    assert config["topojsonURL"] == "/assets/topojson/"
    assert config["displaylogo"] is False
    assert config["showSendToCloud"] is False  # plotly.js 4's "Share chart..." uploads the data to Plotly Cloud
    assert config["toImageButtonOptions"]["width"] == 1920
    assert config["toImageButtonOptions"]["height"] == 1080
    assert graph_config("/coop/assets/topojson/")["topojsonURL"] == "/coop/assets/topojson/"


# --- assets: boundaries, base map, font -------------------------------------------------------


def inside(point: tuple[float, float], ring: list[list[float]]) -> bool:
    x, y = point
    hit = False
    for (x0, y0), (x1, y1) in pairwise(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def prefecture_at(geo: dict, lon: float, lat: float) -> str | None:
    for f in geo["features"]:
        if any(inside((lon, lat), poly[0]) for poly in f["geometry"]["coordinates"]):
            return f["id"]
    return None


def test_the_geojson_holds_the_47_prefectures_with_codes_and_names(geo):
    path = ASSETS / "geo" / "japan_prefectures.geojson"
    assert path.stat().st_size < 600_000
    assert [f["id"] for f in geo["features"]] == ISOS
    for f in geo["features"]:
        props = f["properties"]
        assert props["iso"] == f["id"]
        assert re.fullmatch(r"[A-Z][a-z]+", props["name_en"]), props
        assert props["name_ja"][-1] in "都道府県", props
        assert f["geometry"]["type"] == "MultiPolygon" and f["geometry"]["coordinates"]
    names = {f["id"]: (f["properties"]["name_en"], f["properties"]["name_ja"]) for f in geo["features"]}
    assert names["JP-14"] == ("Kanagawa", "神奈川県")
    assert names["JP-01"] == ("Hokkaido", "北海道")
    assert names["JP-13"] == ("Tokyo", "東京都")


def test_the_boundaries_span_japan_in_longitude_and_latitude(geo):
    points = [p for f in geo["features"] for poly in f["geometry"]["coordinates"] for p in poly[0]]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    assert 122.5 < min(lons) < 123.5  # Yonaguni
    assert 145.5 < max(lons) < 146.0  # Nemuro, Hokkaido (Natural Earth's de facto boundary)
    assert 24.0 < min(lats) < 24.5  # Hateruma, Okinawa
    assert 45.3 < max(lats) < 45.6  # Cape Soya, Hokkaido


@pytest.mark.parametrize(
    ("place", "lon", "lat", "iso"),
    [
        ("Yokohama", 139.64, 35.45, "JP-14"),
        ("Shinjuku", 139.70, 35.69, "JP-13"),
        ("Sapporo", 141.35, 43.06, "JP-01"),
        ("Naha", 127.70, 26.23, "JP-47"),
        ("Ishigaki", 124.16, 24.40, "JP-47"),
        ("Amami Oshima (Natural Earth puts it in Okinawa)", 129.50, 28.38, "JP-46"),
        ("Sado", 138.40, 38.05, "JP-15"),
    ],
)
def test_places_fall_in_their_prefecture(geo, place, lon, lat, iso):
    assert prefecture_at(geo, lon, lat) == iso, place


def test_outer_rings_are_clockwise_as_plotly_geo_needs(geo):
    def signed_area(ring):
        return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring))

    for f in geo["features"]:
        for poly in f["geometry"]["coordinates"]:
            assert signed_area(poly[0]) < 0, f["id"]


def test_the_vendored_base_map_matches_the_served_plotly_js():
    served = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    version = re.search(r"plotly\.js v(\S+)", served.read_text(encoding="utf-8")[:500]).group(1)
    readme = (ASSETS / "topojson" / "README.md").read_text(encoding="utf-8")
    assert f"plotly.js {version}" in readme, (
        f"plotly.js is now {version}: extract world_110m.json again as dashboard/assets/topojson/README.md says"
    )
    topo = json.loads((ASSETS / "topojson" / "world_110m.json").read_text(encoding="utf-8"))
    assert topo["type"] == "Topology" and "land" in topo["objects"]


def test_the_font_files_the_stylesheet_names_are_there():
    css = (ASSETS / "fonts.css").read_text(encoding="utf-8")
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert sorted(urls) == sorted(
        f"fonts/sarabun-{subset}-{weight}-normal.woff2" for subset in ("thai", "latin") for weight in (400, 700)
    )
    for url in urls:
        assert (ASSETS / url).stat().st_size > 5_000, url
    assert "Open Font License" in (ASSETS / "fonts" / "LICENSE").read_text(encoding="utf-8")
    assert css.count("font-display: swap") == 4
    assert not re.search(r"https?://", css.split("*/", 1)[1])


# --- in a real browser ------------------------------------------------------------------------

THAI_TEXT = "ความร่วมมือด้านอุตสาหกรรมกับญี่ปุ่น"


@pytest.fixture(scope="module")
def map_app(geo):
    """A tiny Dash app on a free loopback port: the map, Thai text, and the ISO code of the last click."""
    values = {"JP-14": 120.0, "JP-23": 300.0, "JP-13": 80.0, "JP-27": 45.0, "JP-01": 10.0}
    fig = prefecture_map(
        values, geo, title="การลงทุนรายจังหวัด", colorbar_title="ล้านบาท", lang="th", geojson_url=GEOJSON_URL
    )  # as the pages draw it: the shapes are a file the browser fetches from the app
    app = Dash(__name__, assets_folder=str(ASSETS), use_pages=False)
    app.layout = html.Div(
        [
            html.H1(THAI_TEXT, id="thai", style={"fontFamily": "Sarabun", "fontWeight": 700}),
            dcc.Graph(id="map", figure=fig, config=graph_config(), style={"width": "1000px", "height": "640px"}),
            html.Div(id="clicked"),
        ],
        lang="th",
    )

    @app.callback(Output("clicked", "children"), Input("map", "clickData"), prevent_initial_call=True)
    def show_click(click):
        return json.loads(click["points"][0]["customdata"])["iso"]

    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.mark.browser
def test_the_map_and_the_thai_font_load_with_no_request_off_the_machine(map_app, page):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    p = page.page
    p.route("**/*", lambda route: route.continue_() if route.request.url.startswith(map_app) else route.abort())
    p.goto(map_app + "/")
    try:
        p.wait_for_function("document.querySelectorAll('path.choroplethlocation').length >= 47", timeout=10_000)
        p.wait_for_load_state("networkidle")
    except PlaywrightTimeout:
        pass  # the asserts below say why (a request off the machine, a failed request, an error)

    assert page.off_machine() == []
    assert page.errors == []
    assert p.locator("path.choroplethlocation").count() == 47
    buttons = p.locator(".modebar-btn").evaluate_all("els => els.map(e => e.getAttribute('data-title'))")
    assert "Download plot as a PNG" in buttons
    assert "Share chart..." not in buttons  # it would upload the figure to Plotly Cloud
    assert any(u.endswith("/assets/topojson/world_110m.json") for u in page.requests)
    assert any(u.endswith(GEOJSON_URL) for u in page.requests)

    loaded = p.evaluate(
        """async () => { await document.fonts.ready;
           return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/"/g, '') + ' ' + f.weight); }"""
    )
    assert "Sarabun 700" in loaded
    assert any("/assets/fonts/sarabun-thai-700-normal.woff2" in u for u in page.requests)
    assert p.evaluate("() => getComputedStyle(document.getElementById('thai')).fontFamily").startswith("Sarabun")

    # Clicking a prefecture hands its ISO code to a callback.
    box = p.evaluate(
        """() => { const el = [...document.querySelectorAll('path.choroplethlocation')]
                     .find(e => e.__data__ && e.__data__.loc === 'JP-20');
                   const r = el.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }"""
    )
    p.mouse.move(box["x"], box["y"])
    p.mouse.click(box["x"], box["y"])
    p.wait_for_function("document.getElementById('clicked').innerText === 'JP-20'")
    assert page.errors == []
