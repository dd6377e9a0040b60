"""The whole deck of the shipped data, in Thai and English, rendered by LibreOffice Impress as a reader's
PowerPoint would draw it: every word inside the slide and inside a shape of the slide (nothing spills out of
its box), titles of at most two lines, no chart slide left blank."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

from dashboard.db import Warehouse
from dashboard.export import deck
from dashboard.filters import Filters

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="needs LibreOffice Impress and poppler-utils (make system installs them)",
)
VIEWS = {"th": Filters(lang="th", era="be"), "en": Filters(lang="en", era="ce")}
SLACK = 2.0  # points: a glyph's box may reach past its frame by antialiasing and font metrics


def pt(emu: int) -> float:
    return Emu(emu).pt


@pytest.fixture(scope="module")
def rendered(shipped_warehouse: Path, tmp_path_factory) -> dict:
    """Each deck, its PDF's words by page and its pages as images, rendered once."""
    out = tmp_path_factory.mktemp("deck-render")
    w = Warehouse(str(shipped_warehouse))
    for lang, f in VIEWS.items():
        (out / f"deck-{lang}.pptx").write_bytes(deck.build("all", f, w, "http://intranet:8050", template=""))
    w.close()
    profile = (out / "profile").as_uri()  # a profile of its own: no clash with a LibreOffice already running
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(out), *(str(out / f"deck-{lang}.pptx") for lang in VIEWS)],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    got = {}
    for lang in VIEWS:
        pdf = out / f"deck-{lang}.pdf"
        subprocess.run(["pdftotext", "-bbox-layout", str(pdf), str(out / f"{lang}.html")], check=True, timeout=60)
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(out / lang)], check=True, timeout=60)
        pages = []
        root = ET.parse(out / f"{lang}.html").getroot()
        for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
            words = [(float(x.get("xMin")), float(x.get("yMin")), float(x.get("xMax")), float(x.get("yMax")), x.text)
                     for x in page.iter("{http://www.w3.org/1999/xhtml}word")]  # fmt: skip
            lines = [(float(x.get("yMin")), float(x.get("yMax")), float(x.get("xMin")))
                     for x in page.iter("{http://www.w3.org/1999/xhtml}line")]  # fmt: skip
            pages.append({"w": float(page.get("width")), "h": float(page.get("height")), "words": words,
                          "lines": lines})  # fmt: skip
        images = sorted(out.glob(f"{lang}-*.png"))
        got[lang] = {"prs": Presentation(str(out / f"deck-{lang}.pptx")), "pages": pages, "images": images}
    return got


def boxes(slide) -> list[tuple[float, float, float, float, str]]:
    return [(pt(s.left), pt(s.top), pt(s.left + s.width), pt(s.top + s.height), s.name) for s in slide.shapes]


def inside(word, box) -> bool:
    x0, y0, x1, y1, _ = word
    return x0 >= box[0] - SLACK and y0 >= box[1] - SLACK and x1 <= box[2] + SLACK and y1 <= box[3] + SLACK


@pytest.mark.parametrize("lang", list(VIEWS))
def test_every_word_lies_in_the_slide_and_in_its_shape(rendered, lang):
    prs, pages = rendered[lang]["prs"], rendered[lang]["pages"]
    assert len(pages) == len(prs.slides) >= 15
    for i, (slide, page) in enumerate(zip(prs.slides, pages, strict=True), 1):
        assert abs(page["w"] - pt(prs.slide_width)) < 1 and abs(page["h"] - pt(prs.slide_height)) < 1
        shapes = boxes(slide)
        stray = [wd[4] for wd in page["words"] if not any(inside(wd, b) for b in shapes)]
        assert stray == [], (lang, i, slide.shapes.title.text_frame.text, stray[:12])
        for wd in page["words"]:
            assert wd[0] >= 0 and wd[1] >= 0 and wd[2] <= page["w"] and wd[3] <= page["h"], (lang, i, wd)


@pytest.mark.parametrize("lang", list(VIEWS))
def test_titles_are_at_most_two_lines_and_their_subtitles_stay_in_their_box(rendered, lang):
    prs, pages = rendered[lang]["prs"], rendered[lang]["pages"]
    for i, (slide, page) in enumerate(zip(prs.slides, pages, strict=True), 1):
        title = slide.shapes.title
        x0, y0, x1, y1 = pt(title.left), pt(title.top), pt(title.left + title.width), pt(title.top + title.height)
        rows = {
            round(a) for a, b, left in page["lines"] if y0 - SLACK <= a and b <= y1 + SLACK and x0 - SLACK <= left <= x1
        }
        assert 1 <= len(rows) <= 2, (lang, i, title.text_frame.text, sorted(rows))


@pytest.mark.parametrize("lang", list(VIEWS))
def test_no_chart_slide_is_blank(rendered, lang):
    prs, images = rendered[lang]["prs"], rendered[lang]["images"]
    assert len(images) == len(prs.slides)
    drawn = 0
    for slide, png in zip(prs.slides, images, strict=True):
        frames = [s for s in slide.shapes if s.has_chart or s.shape_type == 13]
        if not frames:
            continue
        drawn += 1
        s = frames[0]
        im = np.asarray(Image.open(png).convert("L")).astype(int)
        k = im.shape[1] / pt(prs.slide_width)
        area = im[
            int(pt(s.top) * k) : int(pt(s.top + s.height) * k), int(pt(s.left) * k) : int(pt(s.left + s.width) * k)
        ]
        ink = (area < 200).mean()
        assert ink > 0.004, (lang, slide.shapes.title.text_frame.text, ink)
        if s.has_chart:
            assert [v for ser in s.chart.plots[0].series for v in ser.values if v is not None]
    assert drawn >= 10
