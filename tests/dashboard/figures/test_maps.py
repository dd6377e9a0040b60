"""dashboard.figures.maps on hand-made values: every prefecture drawn, values as given, no value apart in grey,
names as text, and nothing fetched from another host."""

from __future__ import annotations

import json
import logging

import pytest

from dashboard.figures import maps


def square(iso: str, name: str, x: float) -> dict:
    ring = [[x, 35.0], [x + 1, 35.0], [x + 1, 36.0], [x, 36.0], [x, 35.0]]
    return {"type": "Feature", "id": iso, "properties": {"iso": iso, "name_en": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}  # fmt: skip


GEO = {"type": "FeatureCollection",
       "features": [square("JP-13", "Tokyo", 139.0), square("JP-14", "Kanagawa", 140.0),
                    square("JP-23", "Aichi", 137.0)]}  # fmt: skip


def draw(values: dict, **kw) -> dict:
    args = {"title": "Agreements by prefecture", "colorbar_title": "Agreements", "lang": "en", **kw}
    return maps.prefecture_map(values, GEO, **args).to_plotly_json()


def traces(fig: dict) -> dict[str, dict]:
    return {tr["name"]: tr for tr in fig["data"]}


def test_every_prefecture_is_drawn_those_without_a_value_in_grey():
    fig = draw({"JP-13": 12, "JP-23": None})
    t = traces(fig)
    assert list(t) == ["no-value", "value"]
    assert list(t["no-value"]["locations"]) == ["JP-14", "JP-23"] and list(t["value"]["locations"]) == ["JP-13"]
    assert {c for _, c in t["no-value"]["colorscale"]} == {maps.NO_VALUE_COLOR}
    assert t["no-value"]["showscale"] is False
    assert list(t["value"]["z"]) == [12.0]  # the value as given: a map adds nothing up
    assert list(t["value"]["colorscale"][0]) == [0.0, maps.COLORSCALE[0][1]]


def test_zero_is_a_value_and_nan_is_none():
    t = traces(draw({"JP-13": 0, "JP-14": float("nan"), "JP-23": 4}))
    assert list(t["value"]["locations"]) == ["JP-13", "JP-23"] and list(t["value"]["z"]) == [0.0, 4.0]
    assert list(t["no-value"]["locations"]) == ["JP-14"]


def test_hover_names_the_prefecture_and_its_value_or_a_dash():
    t = traces(draw({"JP-13": 1234, "JP-14": 7}))
    assert list(t["value"]["text"]) == ["<b>Tokyo</b><br>Agreements: 1,234", "<b>Kanagawa</b><br>Agreements: 7"]
    assert list(t["no-value"]["text"]) == ["<b>Aichi</b><br>Agreements: –"]
    assert t["value"]["hovertemplate"] == "%{text}<extra></extra>"


def test_thai_names_replace_the_english_and_names_from_data_are_text():
    fig = draw({"JP-13": 2.5, "JP-14": 1}, lang="th", colorbar_title="มูลค่า <i>ล้านบาท</i>",
               hover_names={"JP-13": "โตเกียว <script>", "JP-14": "", "JP-23": "ไอจิ & co"})  # fmt: skip
    t = traces(fig)
    assert list(t["value"]["text"]) == ["<b>โตเกียว &lt;script&gt;</b><br>มูลค่า &lt;i&gt;ล้านบาท&lt;/i&gt;: 2.5",
                                        "<b>Kanagawa</b><br>มูลค่า &lt;i&gt;ล้านบาท&lt;/i&gt;: 1.0"]  # fmt: skip
    assert list(t["no-value"]["text"]) == ["<b>ไอจิ &amp; co</b><br>มูลค่า &lt;i&gt;ล้านบาท&lt;/i&gt;: –"]


def test_each_location_carries_its_drill_parameters():
    t = traces(draw({"JP-13": 1}))
    assert [json.loads(c) for c in t["value"]["customdata"]] == [{"iso": "JP-13"}]
    assert [json.loads(c) for c in t["no-value"]["customdata"]] == [{"iso": "JP-14"}, {"iso": "JP-23"}]


def test_counts_have_a_colour_bar_of_whole_numbers_and_values_of_decimals():
    counts = traces(draw({"JP-13": 3, "JP-14": 12.0}))["value"]["colorbar"]
    assert (counts["tickformat"], counts["tick0"], counts["dtick"]) == (",d", 0, 5)
    assert counts["title"]["text"] == "Agreements"
    money = traces(draw({"JP-13": 3, "JP-14": 12.5}))["value"]["colorbar"]
    assert money["tickformat"] == ",~r" and "dtick" not in money


def test_a_key_that_is_no_prefecture_is_logged_and_left_out(caplog):
    with caplog.at_level(logging.WARNING, logger="dashboard.figures.maps"):
        fig = draw({"JP-13": 1, "JP-99": 5, "Tokyo": 2})
    assert "['JP-99', 'Tokyo']" in caplog.text
    drawn = [loc for tr in fig["data"] for loc in tr["locations"]]
    assert sorted(drawn) == ["JP-13", "JP-14", "JP-23"]


def test_each_trace_carries_only_its_own_shapes_or_the_file_s_address():
    t = traces(draw({"JP-13": 1}))
    assert [f["id"] for f in t["value"]["geojson"]["features"]] == ["JP-13"]
    assert [f["id"] for f in t["no-value"]["geojson"]["features"]] == ["JP-14", "JP-23"]
    by_url = traces(draw({"JP-13": 1}, geojson_url=maps.GEOJSON_URL))
    assert by_url["value"]["geojson"] == by_url["no-value"]["geojson"] == "/assets/geo/japan_prefectures.geojson"


def test_no_value_at_all_draws_every_prefecture_grey_and_no_colour_bar():
    fig = draw({})
    assert [tr["name"] for tr in fig["data"]] == ["no-value"]
    assert len(fig["data"][0]["locations"]) == 3


def test_the_map_draws_no_base_map_and_has_the_theme_s_title():
    fig = draw({"JP-13": 1})
    geo = fig["layout"]["geo"]
    assert geo["visible"] is False and geo["fitbounds"] == "locations" and geo["projection"]["type"] == "mercator"
    assert fig["layout"]["title"]["text"] == "Agreements by prefecture"
    assert fig["layout"]["separators"] == ".," and fig["layout"]["dragmode"] is False


def test_the_prefecture_file_holds_the_47_and_each_call_gets_its_own_copy():
    a = maps.load_prefectures()
    assert [f["id"] for f in a["features"]] == [f"JP-{i:02d}" for i in range(1, 48)]
    assert a["features"][12]["properties"]["name_en"] == "Tokyo"
    a["features"].clear()
    assert len(maps.load_prefectures()["features"]) == 47


@pytest.mark.parametrize("url", ["/assets/topojson/", "/prefix/assets/topojson/"])
def test_graph_config_keeps_every_request_on_the_app_s_own_host(url):
    config = maps.graph_config(url)
    assert config["topojsonURL"] == url
    assert config["showSendToCloud"] is False and config["displaylogo"] is False
    assert config["toImageButtonOptions"] == {"format": "png", "width": 1920, "height": 1080, "scale": 1}
    assert maps.graph_config()["topojsonURL"] == "/assets/topojson/"
