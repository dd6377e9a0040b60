"""Charts that read at a glance: every chart of the registry, in Thai (BE) and English (CE), on the shipped data
and on a warehouse with very long Thai names.

From the figure JSON: money axes show every digit in THB million (never "400k"), counts whole numbers only,
years in the view's era on every axis, the map's colour scale in whole agreements, and one colour per category
(a direction, an agreement type, a record kind, an investment measure) across every chart. From the image the
real renderer draws (dashboard/export/images.py, SVG): the legend's box never meets an axis title or the chart
title, on a screen card (520 x 420) and on a slide-sized image.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from dashboard import views
from dashboard.db import Warehouse
from dashboard.export import images
from dashboard.figures.theme import COLORS, text_width, tint
from dashboard.filters import Filters
from dashboard.i18n import label
from etl.build import build
from synth import write_synthetic

VIEWS = (Filters(lang="th", era="be"), Filters(lang="en", era="ce"))
SVG = "{http://www.w3.org/2000/svg}"
LONG_TH = " สำนักงานส่งเสริมความร่วมมือทางเศรษฐกิจอุตสาหกรรมและการลงทุนระหว่างประเทศแห่งภูมิภาค"


@pytest.fixture(scope="module")
def long_thai_warehouse(tmp_path_factory) -> Path:
    """Synthetic raw files (every chart has marks) with every partner's and sector's Thai name made very long."""
    root = tmp_path_factory.mktemp("long-thai")
    raw = root / "raw"
    write_synthetic(raw, rows=300, seed=3)
    for name in ("partners.csv", "sectors.csv"):
        with (raw / name).open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        for r in rows:
            r["name_th"] = (r["name_th"] or r["name_en"]) + LONG_TH
        with (raw / name).open("w", encoding="utf-8", newline="") as f:
            out = csv.DictWriter(f, fieldnames=list(rows[0]))
            out.writeheader()
            out.writerows(rows)
    path = root / "warehouse.duckdb"
    build(raw, path, say=lambda m: None)  # the generator writes a few bad rows on purpose: they are rejected
    names = Warehouse(str(path), timeout_s=30).query("SELECT name_th FROM dim_partner", {})["name_th"].to_list()
    assert names and all(n.endswith(LONG_TH.strip()) for n in names)
    return path


def figures(path: Path) -> list[tuple[str, Filters, object, dict]]:
    """(chart id, view, marks, figure) of every chart in both languages; the investment charts also for every
    measure the view has, so each kind of investment chart is drawn with marks where the data allows."""
    w = Warehouse(str(path), timeout_s=30)
    out = []
    for base in VIEWS:
        frames, _ = views.load(w, list(views.CHARTS.values()), base)
        stages = [s for s, _, _ in views.mk.measures(frames)]
        for cid, chart in views.CHARTS.items():
            for f in [base] + ([Filters(lang=base.lang, era=base.era, stage=s) for s in stages[1:]]
                               if chart.dataset == "investments" else []):  # fmt: skip
                fr = frames if f is base else views.load(w, [chart], f)[0]
                m = chart.marks(fr, f)
                out.append((cid, f, m, chart.draw(m, f)))
    return out


@pytest.fixture(scope="module")
def shipped(shipped_warehouse) -> list:
    return figures(shipped_warehouse)


@pytest.fixture(scope="module")
def long_thai(long_thai_warehouse) -> list:
    return figures(long_thai_warehouse)


def drawn(figs):
    return [(cid, f, m, fig) for cid, f, m, fig in figs if not m.is_empty]


# -- the figure JSON ----------------------------------------------------------------------------------------


def value_axis(m, fig: dict) -> dict:
    return fig["layout"]["xaxis" if m.kind == "ranked" else "yaxis"]


@pytest.mark.parametrize("data", ["shipped", "long_thai"])
def test_money_axes_show_every_digit_and_counts_whole_numbers(data, request):
    figs = drawn(request.getfixturevalue(data))
    kinds = set()
    for cid, _f, m, fig in figs:
        if m.kind in ("map", "timeline", "lines"):
            continue
        ax = value_axis(m, fig)
        if m.number == "float":  # sums in THB million: 400,000, never 400k
            kinds.add("money")
            assert ax["tickformat"] == ",~r" and ax["exponentformat"] == "none", (cid, ax)
            assert fig["layout"]["separators"] == ".,"
        else:
            kinds.add("count")
            assert ax["tickformat"] == ",d" and ax["tickmode"] == "linear", (cid, ax)
            assert isinstance(ax["dtick"], int) and ax["dtick"] >= 1, (cid, ax)
            top = max(m.frame["y"].max(), 1)
            assert top / ax["dtick"] <= 10, (cid, top, ax["dtick"])  # a readable number of ticks
    assert kinds == {"money", "count"}


@pytest.mark.parametrize("data", ["shipped", "long_thai"])
def test_the_map_scale_counts_whole_agreements(data, request):
    maps = [fig for cid, f, m, fig in drawn(request.getfixturevalue(data)) if cid == "pt-map"]
    assert maps
    for fig in maps:
        (bar,) = [tr["colorbar"] for tr in fig["data"] if tr.get("showscale", True) is not False]
        assert bar["tickformat"] == ",d" and bar["dtick"] >= 1 and isinstance(bar["dtick"], int)


def _is_be(text: str) -> bool:
    years = [int(y) for y in re.findall(r"\d{4}", text)]
    return bool(years) and all(y >= 2400 for y in years)


@pytest.mark.parametrize("data", ["shipped", "long_thai"])
def test_every_year_axis_is_in_the_views_era_the_timeline_too(data, request):
    seen = set()
    for cid, f, m, fig in drawn(request.getfixturevalue(data)):
        if m.kind not in ("year", "lines", "timeline"):
            continue
        ax = fig["layout"]["xaxis"]
        seen.add(m.kind)
        texts = ax["ticktext"]
        assert texts and all(_is_be(t) == (f.era == "be") for t in texts), (cid, f.era, texts)
        era_word = {"th": {"be": "พ.ศ.", "ce": "ค.ศ."}, "en": {"be": "BE", "ce": "CE"}}[f.lang][f.era]
        assert era_word in ax["title"]["text"], (cid, ax["title"])
    assert seen == {"year", "lines", "timeline"} if data == "long_thai" else seen >= {"year", "timeline"}


def _category(trace: dict, lang: str) -> tuple[str, str] | None:
    """What a trace counts, read from its marks' drill parameters (or, for one mission a mark, its name)."""
    custom = trace.get("customdata") or []
    drill = json.loads(custom[0][0]) if custom and isinstance(custom[0], list) and custom[0][0] else {}
    for dim in ("direction", "type", "dataset"):
        if dim in drill:
            return dim, drill[dim]
    if "stage" in drill and not drill.get("series") and "aggregate" not in trace.get("name", "").lower():
        return "stage", drill["stage"]
    for v in COLORS["direction"]:
        if trace.get("name", "").startswith(label("direction", v, lang)):
            return "direction", v
    return None


def test_one_colour_per_category_across_every_chart_and_language(shipped, long_thai):
    colours: dict[tuple[str, str], set[str]] = {}
    where: dict[tuple[str, str], set[str]] = {}
    for cid, f, _m, fig in drawn(shipped) + drawn(long_thai):
        first_unit: dict[str, str] = {}  # a measure counted in two units: the second in a lighter shade
        for tr in fig["data"]:
            cat = _category(tr, f.lang)
            if cat is None or tr.get("type") == "choropleth":
                continue
            c = (tr.get("marker") or {}).get("line", {}).get("color") if tr.get("mode") == "markers" else None
            c = c or (tr.get("marker") or {}).get("color") or (tr.get("line") or {}).get("color")
            if cat[0] == "stage":
                unit = json.loads(tr["customdata"][0][0]).get("count_unit")
                if first_unit.setdefault(cat[1], unit) != unit:
                    assert c == tint(COLORS["stage"][cat[1]]), (cid, cat, c)
                    continue
            colours.setdefault(cat, set()).add(c)
            where.setdefault(cat, set()).add(cid)
    assert {d for d, _ in colours} >= {"direction", "type", "dataset", "stage"}
    for cat, cs in colours.items():
        assert cs == {COLORS[cat[0]][cat[1]]}, (cat, cs, where[cat])
    # Outbound is drawn on three charts of two pages, with one colour.
    assert where[("direction", "outbound")] >= {"ov-delegations", "dl-by-year", "dl-by-purpose", "dl-timeline"}


# -- the drawn image: legend and titles apart --------------------------------------------------------------

_NUM = r"-?\d+(?:\.\d+)?"


def _translate(el) -> tuple[float, float]:
    m = re.search(rf"translate\(({_NUM}),\s*({_NUM})\)", el.get("transform") or "")
    return (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)


def _font(el) -> float:
    return float(re.search(rf"font-size:\s*({_NUM})px", el.get("style") or "").group(1))


def _text_box(el) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a title's text: its anchor, font size and each line's estimated width
    (the same generous estimate the theme plans with, plus a tenth)."""
    size = _font(el)
    lines = [t.text or "" for t in el.iter(SVG + "tspan")] or ["".join(el.itertext())]
    width = max(text_width(line, size) for line in lines) * 1.1
    x, y = float(el.get("x")), float(el.get("y"))
    anchor = el.get("text-anchor") or "start"
    if "0.7em" in (el.get("dy") or "") and len(lines) == 1:
        y += 0.7 * size  # baseline
    height = size * (1.3 * (len(lines) - 1) + 1.2)
    top = y - size
    rotate = re.search(rf"rotate\(-90,\s*({_NUM}),\s*({_NUM})\)", el.get("transform") or "")
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    right, bottom = left + width, top + height
    if rotate:  # the y title, turned a quarter anticlockwise about (cx, cy): (px, py) -> (cx + py - cy, cy - px + cx)
        cx, cy = float(rotate.group(1)), float(rotate.group(2))
        return cx + top - cy, cy - right + cx, cx + bottom - cy, cy - left + cx
    return left, top, right, bottom


def boxes(svg: bytes) -> dict[str, list[tuple[float, float, float, float]]]:
    root = ElementTree.fromstring(svg)
    out: dict[str, list] = {"legend": [], "title": []}
    for g in root.iter(SVG + "g"):
        if g.get("class") == "legend":
            x, y = _translate(g)
            bg = next(r for r in g.iter(SVG + "rect") if r.get("class") == "bg")
            out["legend"].append((x, y, x + float(bg.get("width")), y + float(bg.get("height"))))
    for el in root.iter(SVG + "text"):
        if el.get("class") in ("xtitle", "ytitle", "gtitle") and "".join(el.itertext()).strip():
            out["title"].append(_text_box(el))
    return out


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("data", ["shipped", "long_thai"])
def test_legends_never_meet_an_axis_title_or_the_title_on_screen_and_in_images(data, request):
    figs = request.getfixturevalue(data)
    seen = set()
    for cid, f, m, fig in figs:
        if f.stage and m.is_empty:
            continue
        for width, height in ((520, 420), (1280, 720)):
            svg = images.render(fig, "svg", width, height)
            b = boxes(svg)
            assert b["title"], cid  # the chart's title at least
            for leg in b["legend"]:
                seen.add(cid)
                assert leg[1] >= 0 and leg[2] <= width + 1, (cid, f.lang, width, leg)
                for box in b["title"]:
                    assert not _overlap(leg, box), (cid, f.lang, f.stage, width, leg, box)
    assert {"dl-by-purpose", "pt-active", "ag-by-year", "dl-timeline"} <= seen


def test_the_box_check_sees_an_overlap_when_there_is_one(shipped):
    """The old layout (legend below the plot at y=-0.3 of a short card) does meet the x axis's title."""
    fig = next(x for x in shipped if x[0] == "dl-by-purpose" and x[1].lang == "th")[3]
    old = {**fig, "layout": {**fig["layout"], "margin": {"l": 60, "r": 20, "t": 60, "b": 110}, "legend": {
        "orientation": "h", "yanchor": "top", "y": -0.3, "x": 0}}}  # fmt: skip
    b = boxes(images.render(old, "svg", 520, 420))
    assert any(_overlap(leg, box) for leg in b["legend"] for box in b["title"])
