"""Exports opened as a person would: PNG and SVG with an image reader, CSV as text, XLSX with openpyxl,
the deck with python-pptx; their numbers against SQL written here by hand on the same warehouse."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import numpy as np
import pytest
from openpyxl import load_workbook
from PIL import Image, ImageDraw, ImageFont
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard import views
from dashboard.app import create_app, page_request
from dashboard.export import images
from dashboard.figures.theme import empty
from dashboard.i18n import label
from dashboard.settings import load
from tests.conftest import ROOT
from tests.dashboard.conftest import free_port

THAI_RUN = 'lang="th-TH"'


@pytest.fixture(scope="module")
def sql(mixed_warehouse: Path):
    con = duckdb.connect(str(mixed_warehouse), read_only=True)
    yield lambda q, p=None: con.execute(q, p or {}).fetchall()
    con.close()


def get(app_client, url: str):
    r = app_client[1].get(url)
    assert r.status_code == 200, (url, r.status_code, r.data[:300])
    return r


def png(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    assert im.format == "PNG"
    return im


# --- the list -------------------------------------------------------------------------


def test_the_chart_list_names_every_chart_in_the_chosen_language(app_client):
    got = get(app_client, "/export/charts?lang=th&era=be&year_from=2017").get_json()
    assert [c["id"] for c in got] == list(views.CHARTS)
    by_id = {c["id"]: c for c in got}
    assert by_id["iv-value"]["title"] == "แหล่งข้อมูลระบุมูลค่าการลงทุนในแต่ละปีไว้เท่าใด (ล้านบาท)"
    assert by_id["iv-value"]["page"] == "investment" and by_id["iv-value"]["dataset"] == "investments"
    assert by_id["iv-value"]["png"] == "/export/chart/iv-value.png?year_from=2017&lang=th&era=be&period=cy"


# --- images ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "size"),
    [("", (1920, 1080)), ("&width=800", (800, 450)), ("&height=720", (1280, 720)),
     ("&width=640&height=480&scale=2", (1280, 960))],
)  # fmt: skip
def test_a_png_is_16_9_at_1920_by_default_and_takes_width_height_scale(app_client, query, size):
    im = png(get(app_client, f"/export/chart/iv-value.png?lang=th{query}").data)
    assert im.size == size


def test_an_svg_is_slide_sized_and_carries_the_thai_title(app_client):
    r = get(app_client, "/export/chart/ag-by-year.svg?lang=th&era=be")
    assert r.mimetype == "image/svg+xml"
    text = r.data.decode()
    assert text.startswith("<svg") and 'width="1920"' in text[:400] and 'height="1080"' in text[:400]
    assert "มีการลงนามความตกลงกี่ฉบับในแต่ละปี" in text
    assert ">2565<" in text and ">2022<" not in text  # Buddhist-era years on the axis


def test_the_prefecture_map_draws_offline(app_client):
    im = png(get(app_client, "/export/chart/pt-map.png?lang=en").data)
    assert im.size == (1920, 1080)
    rgb = np.asarray(im.convert("RGB")).astype(int)
    map_area = rgb[:, :1600]  # left of the colour bar
    grey = (map_area == (224, 224, 224)).all(axis=2).sum()  # prefectures without agreements
    blue = ((map_area[..., 2] - map_area[..., 0]) > 80).sum()  # Kanagawa, the only one with agreements
    assert grey > 20_000 and 100 < blue < grey / 10


def test_images_are_drawn_by_one_browser_kept_running_with_nothing_from_the_network(app_client):
    get(app_client, "/export/chart/ov-agreements.png?lang=en")
    k = images.renderer._kaleido
    pid = k.subprocess.pid
    get(app_client, "/export/chart/ov-delegations.png?lang=en")
    get(app_client, "/export/chart/ov-investment.svg?lang=en")
    assert images.renderer._kaleido.subprocess.pid == pid
    page = Path(k._index.removeprefix("file://")).read_text()
    assert (
        "plotly" in page and "http://" not in page and "https://" not in page
    )  # plotly.js from the package, no MathJax
    assert images.TOPOJSON_URL.startswith("file://") and (images.ASSETS / "topojson" / "world_110m.json").exists()


def _glyphs(im: Image.Image) -> list[np.ndarray]:
    """The ink of a one-line text image, cut at blank columns: one array per glyph (or touching glyphs)."""
    ink = np.asarray(im.convert("L")) < 128
    out, start = [], None
    for x, on in enumerate([*ink.any(axis=0), False]):
        if on and start is None:
            start = x
        elif not on and start is not None:
            part = ink[:, start:x]
            rows = np.where(part.any(axis=1))[0]
            out.append(part[rows[0] : rows[-1] + 1])
            start = None
    return out


def _boxes(im: Image.Image) -> int:
    """How many glyphs are empty boxes ("tofu": a font without the glyph draws its .notdef rectangle)."""

    def box(g: np.ndarray) -> bool:
        h, w = g.shape
        if h < 6 or w < 4:
            return False
        edges = min(g[0].mean(), g[-1].mean(), g[:, 0].mean(), g[:, -1].mean())
        return edges > 0.8 and g[2:-2, 2:-2].mean() < 0.25

    return sum(box(g) for g in _glyphs(im))


def test_thai_and_japanese_text_is_drawn_with_real_glyphs_not_tofu(app_client):
    text = "ความร่วมมือ 横浜市"
    # The detector, checked first: a font without Thai or Japanese glyphs draws every letter as a box.
    dejavu = Image.new("L", (900, 120), 255)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 64)
    ImageDraw.Draw(dejavu).text((10, 10), text, font=font, fill=0)
    assert _boxes(dejavu) == len(_glyphs(dejavu)) >= 12
    # The dashboard's own "no records" figure with that text, through the export renderer.
    fig = empty("", text, "th")
    im = png(images.render(fig, "png", 1280, 720, 3.0))
    glyphs = _glyphs(im)
    assert len(glyphs) >= 8 and _boxes(im) == 0
    assert len({g.shape[1] for g in glyphs}) > 3  # glyph widths vary, as real letters do


# --- data files -----------------------------------------------------------------------

NOT_AGGREGATE = (
    "SELECT count(*) FROM fact_investment i JOIN dim_partner p USING (partner_id) WHERE p.level <> 'aggregate'"
)


@pytest.mark.parametrize(
    ("dataset", "query", "count_sql"),
    [
        ("agreements", "", "SELECT count(*) FROM fact_agreement"),
        ("agreements", "&partner=jp-kanagawa",
         "SELECT count(*) FROM fact_agreement a JOIN dim_partner p USING (partner_id) "
         "WHERE 'jp-kanagawa' IN (p.partner_id, p.parent_id)"),
        ("delegations", "&year_from=2560", "SELECT count(*) FROM fact_delegation WHERE start_year >= 2017"),
        ("investments", "", NOT_AGGREGATE),
        ("investments", "&year_to=2020", NOT_AGGREGATE + " AND year <= 2020"),
    ],
)  # fmt: skip
def test_csv_and_xlsx_hold_every_filtered_record(app_client, sql, dataset, query, count_sql):
    (expected,) = sql(count_sql)[0]
    raw = get(app_client, f"/export/data/{dataset}.csv?lang=th&era=be{query}").data
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel opens Thai right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "รหัส" and len(rows) - 1 == expected
    wb = load_workbook(io.BytesIO(get(app_client, f"/export/data/{dataset}.xlsx?lang=th&era=be{query}").data))
    assert wb.sheetnames == ["เกี่ยวกับข้อมูล", "ข้อมูล"]
    data = wb["ข้อมูล"]
    assert data.max_row - 1 == expected
    assert [c.value for c in data[1]] == rows[0]


def test_the_xlsx_first_sheet_names_filters_source_as_of_and_synthetic_flag(app_client):
    wb = load_workbook(
        io.BytesIO(
            get(app_client, "/export/data/agreements.xlsx?lang=en&era=ce&partner=jp-kanagawa&year_from=2017").data
        )
    )
    about = dict(wb.worksheets[0].iter_rows(values_only=True))
    assert about["Thailand bilateral industrial cooperation"] == "Agreements"
    assert about["Partners"] == "Kanagawa Prefecture"
    assert about["Years"] == "from 2017 (CE)"
    assert about["Sectors"] == "All sectors"
    assert about["Source"].startswith("Source: the cooperation warehouse (load ")
    assert about["Data as of"] == "14 Jul 2022"
    assert about["Synthetic (made-up) data"] == "No"
    assert about["Rows"] == 5
    assert about["This view"].endswith("/agreements?year_from=2017&partner=jp-kanagawa&lang=en&era=ce&period=cy")


def test_csv_values_read_as_on_screen_with_numbers_as_numbers(app_client):
    text = get(app_client, "/export/data/investments.csv?lang=en&era=be").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["Year"] for r in rows} == {"2562", "2565"}  # Buddhist era, as the grid shows
    assert {r["Period"] for r in rows} >= {"full year"}
    assert sorted(float(r["Value (THB million)"]) for r in rows)[:2] == [266.7, 350.6]
    text = get(app_client, "/export/data/agreements.csv?lang=th&era=be").data.decode("utf-8-sig")
    dates = {r["วันที่"] for r in csv.DictReader(io.StringIO(text))}
    assert "14 ก.ค. 2565" in dates and "2560" in dates  # a year-only date stays a year, never a padded day


# --- the deck -------------------------------------------------------------------------


def deck(app_client, query: str) -> Presentation:
    r = get(app_client, f"/export/deck.pptx?{query}")
    assert r.headers["Content-Disposition"].startswith("attachment; filename=")
    return Presentation(io.BytesIO(r.data))


def charts(prs) -> list:
    return [sh.chart for s in prs.slides for sh in s.shapes if sh.has_chart]


def pictures(prs) -> list:
    return [sh for s in prs.slides for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]


def slide_text(slide) -> str:
    return "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


def test_a_deck_of_the_agreements_page_in_thai_with_buddhist_years(app_client, sql):
    prs = deck(app_client, "lang=th&era=be&page=agreements")
    assert len(prs.slides) == 2 + 3  # title, headline figures, one slide per chart
    assert len(charts(prs)) == 3 and pictures(prs) == []
    by_year = charts(prs)[0]
    # A time axis: every year from the first to the last, those without an agreement left empty.
    assert list(by_year.plots[0].categories) == ["2560", "2561", "2562", "2563", "2564", "2565"]
    expected = {}
    for year, kind, n in sql("SELECT signed_year, agreement_type, count(*) FROM fact_agreement GROUP BY ALL"):
        expected.setdefault(label("agreement_type", kind, "th"), {})[str(year + 543)] = n
    got = {
        s.name: {c: v for c, v in zip(by_year.plots[0].categories, s.values, strict=True) if v is not None}
        for s in by_year.plots[0].series
    }
    assert got == expected
    title = slide_text(prs.slides[0])
    assert "ความร่วมมือทวิภาคีด้านอุตสาหกรรมของประเทศไทย" in title and "ทุกปี" in title
    for slide in prs.slides:
        xml = slide.shapes._spTree.xml
        assert THAI_RUN in xml and 'typeface="Sarabun"' in xml
        text = slide_text(slide)
        assert "ที่มา: คลังข้อมูลความร่วมมือ" in text and "ข้อมูล ณ วันที่ 14 ก.ค. 2565" in text
        assert "/agreements?lang=th&era=be&period=cy" in text
    assert THAI_RUN in by_year._chartSpace.xml
    notes = prs.slides[2].notes_slide.notes_text_frame.text
    assert "2565 · บันทึกความเข้าใจ (MOU): 2" in notes


def test_deck_chart_data_equal_the_sql_of_the_same_view(app_client, sql):
    prs = deck(app_client, "lang=en&era=ce&page=investment&year_from=2015")
    # Whole-year figures for all sectors: BOI applications 2019 (INV-1) and approvals 2022 (INV-4), one each;
    # the tie goes to applications. Its part years, sectors and provinces hold no figure of that grain.
    assert len(prs.slides) == 2 + 3
    value, count, partners = charts(prs)
    assert value.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED  # side by side: nothing stacked, nothing added
    assert list(value.plots[0].categories) == ["2019"]
    expected = sql(
        "SELECT value_thb_million, projects FROM investment_marks(year_from := 2015) "
        "WHERE stage = 'application' AND is_full_year AND series = ''"
    )
    assert [list(s.values) for s in value.plots[0].series] == [[pytest.approx(expected[0][0])]]
    assert [list(s.values) for s in count.plots[0].series] == [[expected[0][1]]]
    assert list(partners.plots[0].categories) == ["Japan"]
    title = slide_text(prs.slides[0])
    assert "Not in this deck" in title and "BOI applications: what for part of a year?" in title
    # With approvals picked, the approvals of 2022 alone: 10 USD million at 35.06 baht.
    prs = deck(app_client, "lang=en&era=ce&page=investment&stage=approval")
    assert list(charts(prs)[0].plots[0].series[0].values) == [pytest.approx(350.6)]
    assert "Investment measure: BOI approvals" in slide_text(prs.slides[0])


def test_a_deck_of_every_page_uses_native_charts_and_images_where_powerpoint_has_no_such_chart(app_client):
    prs = deck(app_client, "lang=en&era=ce&page=all")
    shown = [c for p, cs in views.PAGES.items() if p != "overview" for c in cs]
    absent = slide_text(prs.slides[0]).split("Not in this deck: ", 1)[1].split("\n")[0].split("; ")
    # Part years, sectors and the corridor: no figure of all sectors here is given for them.
    assert [a.split(":")[0] for a in absent] == ["BOI applications"] * 3
    assert len(prs.slides) == 3 + len(shown) - len(absent)  # title, agenda, headline figures, the charts
    assert len(pictures(prs)) == 2  # the timeline and the map are images, every other chart native
    assert len(charts(prs)) == len(prs.slides) - 3 - 2
    for pic in pictures(prs):
        im = png(pic.image.blob)
        assert abs(im.width / im.height - pic.width / pic.height) < 0.02  # drawn at the slide's shape, not stretched
    headline = slide_text(prs.slides[2])
    assert "Agreements signed (recorded here)" in headline and "7" in headline.split()


def test_the_headline_slide_has_the_overview_figures(app_client):
    prs = deck(app_client, "lang=en&era=ce&partner=jp-kanagawa")
    # Kanagawa and Yokohama state no investment figure: the overview's investment chart is left out.
    assert len(prs.slides) == 2 + 2
    notes = prs.slides[1].notes_slide.notes_text_frame.text
    assert "Agreements signed (recorded here): 5" in notes
    assert "Partners: Kanagawa Prefecture" in slide_text(prs.slides[0])


def test_a_synthetic_warehouse_says_so_on_every_slide(tmp_path_factory):
    from etl.build import build
    from synth import write_synthetic

    raw = tmp_path_factory.mktemp("syn-export")
    write_synthetic(raw, rows=500, seed=5)
    build(raw, raw / "w.duckdb", say=lambda m: None)
    app = create_app(load(warehouse=str(raw / "w.duckdb")))
    c = app.server.test_client()
    prs = deck((app, c), "lang=en&page=investment")
    assert all("SYNTHETIC" in slide_text(s) for s in prs.slides)
    about = dict(load_workbook(io.BytesIO(get((app, c), "/export/data/investments.xlsx?lang=en").data)).worksheets[0]
                 .iter_rows(values_only=True))  # fmt: skip
    assert about["Synthetic (made-up) data"] == "Yes"


# --- what is not understood -----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/export/chart/no-such-chart.png", "unknown chart 'no-such-chart'"),
        ("/export/chart/iv-value.gif", ".png or .svg"),
        ("/export/chart/iv-value", ".png or .svg"),
        ("/export/data/partners.csv", "unknown dataset 'partners'"),
        ("/export/data/agreements.json", ".csv or .xlsx"),
        ("/export/data/agreements.csv?year_from=20x5", "`year_from=20x5` is not a year"),
        ("/export/data/agreements.csv?colour=red", "unknown parameter `colour=red`"),
        ("/export/data/agreements.csv?sector=NANO", "no sector 'NANO'"),
        ("/export/data/agreements.csv?lang=fr", "`lang=fr` must be one of th, en"),
        ("/export/chart/iv-value.png?width=wide", "`width=wide` is not a whole number"),
        ("/export/chart/iv-value.png?width=20000", "width and height must be"),
        ("/export/chart/iv-value.png?scale=9", "scale must be"),
        ("/export/deck.pptx?page=sql", "unknown page 'sql'"),
        ("/export/deck.pptx?width=100", "unknown parameter `width=100`"),
        ("/export/charts?year_to=abc", "`year_to=abc` is not a year"),
    ],
)
def test_what_is_not_understood_is_a_400_that_says_what(app_client, url, words):
    r = app_client[1].get(url)
    assert r.status_code == 400, r.data[:300]
    assert words in r.get_json()["error"]


# --- the buttons ----------------------------------------------------------------------


def test_every_chart_card_and_page_links_to_its_exports_with_the_view_filters(app_client):
    app, c = app_client
    q = "?year_from=2017&partner=jp-kanagawa&lang=en&era=ce&period=fy"
    for page, path in views.PATHS.items():
        out = json.dumps(c.post("/_dash-update-component", json=page_request(app, path, q)).get_json())
        assert f"/export/deck.pptx{q}&page={page}" in out
        if page != "partners":  # one partner picked: the Partners page shows its profile, not its charts
            for chart in views.PAGES[page]:
                assert f"/export/chart/{chart.id}.png{q}" in out and f'"id": "{chart.id}-svg"' in out.replace(
                    '":"', '": "'
                )
                assert f"/export/data/{chart.dataset}.xlsx{q}" in out
        assert '"download"' in out
    out = json.dumps(c.post("/_dash-update-component", json=page_request(app, "/data", "?lang=th")).get_json())
    assert "/export/data/investments.csv?lang=th" in out and "/export/deck.pptx" not in out


@pytest.fixture(scope="module")
def own_server(mixed_warehouse: Path, tmp_path_factory):
    """`python -m dashboard` of its own, its log in a file: a pipe nobody reads fills up and stops a server."""
    port = free_port()
    log = (tmp_path_factory.mktemp("server") / "log.txt").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "--warehouse", str(mixed_warehouse), "--port", str(port)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/api/health", timeout=2):
                break
        except OSError:
            time.sleep(0.3)
    yield base
    proc.terminate()
    proc.wait(timeout=15)
    log.close()


@pytest.mark.browser
def test_a_click_on_a_chart_s_png_button_downloads_that_chart_with_the_filters(own_server, page):
    p = page.page
    p.goto(f"{own_server}/investment?lang=en&era=ce&year_from=2019")
    p.wait_for_selector("#iv-value-png", state="attached")
    assert "year_from=2019" in p.locator("#iv-value-png").get_attribute("href")
    p.locator("#iv-value-menu summary").click()  # the chart's menu holds its downloads
    with p.expect_download(timeout=90_000) as got:  # the first image starts the server's browser
        p.locator("#iv-value-png").click()
    im = png(Path(got.value.path()).read_bytes())
    assert im.size == (1920, 1080)
    with p.expect_download(timeout=90_000) as got:
        p.locator("#export-deck").click()
    prs = Presentation(got.value.path())
    # Title, headline figures, and the charts with something to draw from 2019: value, count, partners.
    assert len(prs.slides) == 2 + 3
    assert page.errors == []


def test_a_process_ends_without_waiting_for_a_browser_still_starting(tmp_path: Path):
    """A served process stopped just after its boot, while its image browser is still coming up (slow on a
    loaded machine, up to the start's time limit of 60 s), ends at once: it does not hold a server's graceful
    stop until that browser is up."""
    pids = tmp_path / "pids"
    slow = tmp_path / "slow-chromium"
    slow.write_text(f"#!/bin/sh\necho $$ >> {pids}\nexec sleep 120\n")
    slow.chmod(0o755)
    code = "import time\nfrom dashboard.export.images import renderer\nrenderer.warm()\ntime.sleep(1)\n"
    env = {**os.environ, "BROWSER_PATH": str(slow), "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", code], env=env, timeout=30, capture_output=True, text=True)
        took = time.monotonic() - started
        assert done.returncode == 0, done.stderr[-2000:]
        assert pids.exists()  # the browser was being started when the process ended
        assert took < 10, took  # 1 s of its own, about 1 s to wait for the start, then gone
    finally:
        for pid in pids.read_text().split() if pids.exists() else []:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
