"""The whole deck of the shipped data, in Thai and English, rendered by LibreOffice Impress as a reader's
PowerPoint would draw it, then read back word by word with the position of each (pdftotext -bbox-layout).

Each word is tied to the shape that holds it: a text shape's whole text is drawn inside its own box and
nothing else is drawn there (nothing cut, nothing spilling into a neighbour); a chart's words are its own
(every category label, legend and axis title, at the size of a 12 pt line) inside its frame; no two words
on a slide overlap, nor do the shapes' boxes. Titles take at most two lines; no chart slide is blank."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import unicodedata
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
TOUCH = 1.0  # points two words' boxes may share side by side before they overlap
LEADING = 0.25  # the share of a word's height the box of a word on the next line may reach into (font boxes)
NUMBER = re.compile(r"^[0-9๐-๙.,%\-–]+$")  # an axis's tick label


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
    started = time.monotonic()
    profile = (out / "profile").as_uri()  # a profile of its own: no clash with a LibreOffice already running
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(out), *(str(out / f"deck-{lang}.pptx") for lang in VIEWS)],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    got = {"seconds": time.monotonic() - started}
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


THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def flat(text: str) -> str:
    """Text as the PDF gives it back, to compare: compatibility forms (Thai SARA AM, ligatures) split, no
    spaces, and Thai vowel and tone marks above and below left out of the letters' sequence (the PDF may
    give one after the next letter, where its glyph is drawn); same_text counts them apart."""
    return THAI_MARKS.sub("", "".join(unicodedata.normalize("NFKC", text).split()))


def marks(text: str) -> list[str]:
    return sorted(THAI_MARKS.findall(unicodedata.normalize("NFKC", text)))


def box_of(shape) -> tuple[float, float, float, float]:
    return pt(shape.left), pt(shape.top), pt(shape.left + shape.width), pt(shape.top + shape.height)


def held(words, box, turned: bool = False) -> list:
    """The words inside the box, in reading order: lines from the top (a word whose middle is within a line's
    height is on it), each from the left; `turned`: text turned a quarter left (a value axis's title),
    lines from the left, each from the bottom."""
    a, b = (0, 2) if turned else (1, 3)
    lines: list[list] = []
    for wd in sorted((wd for wd in words if inside(wd, (*box, ""))), key=lambda wd: (wd[a] + wd[b]) / 2):
        middle = (wd[a] + wd[b]) / 2
        if lines and lines[-1][0][a] <= middle <= lines[-1][0][b]:
            lines[-1].append(wd)
        else:
            lines.append([wd])
    return [wd for line in lines for wd in sorted(line, key=lambda wd: -wd[3] if turned else wd[0])]


def slant(words) -> list:
    """Words in reading order for labels set at 45 degrees (rising to the right): a label's words share
    x + y (their middles' sum), each label read from the left."""
    mid = {id(wd): ((wd[0] + wd[2]) / 2 + (wd[1] + wd[3]) / 2) for wd in words}
    lines: list[list] = []
    for wd in sorted(words, key=lambda wd: mid[id(wd)]):
        if lines and mid[id(wd)] - mid[id(lines[-1][0])] <= (wd[3] - wd[1]) * 0.7:
            lines[-1].append(wd)
        else:
            lines.append([wd])
    return [wd for line in lines for wd in sorted(line, key=lambda wd: wd[0])]


def chart_texts(shape) -> tuple[list[str], list[str]]:
    """A native chart's own words: (its category labels, its series names and axis titles)."""
    chart = shape.chart
    plot = chart.plots[0]
    named = [s.name for s in plot.series] if chart.has_legend else []
    for axis in (chart.value_axis, chart.category_axis):
        if axis.has_title:
            named.append(axis.axis_title.text_frame.text)
    return [str(c) for c in plot.categories], named


def slides_of(rendered, lang):
    prs, pages = rendered[lang]["prs"], rendered[lang]["pages"]
    assert len(pages) == len(prs.slides)
    return list(enumerate(zip(prs.slides, pages, strict=True), 1))


@pytest.mark.parametrize("lang", list(VIEWS))
def test_each_text_shape_draws_its_whole_text_inside_its_own_box_and_nothing_else(rendered, lang):
    """Read back inside a shape's box, in the PDF's order, the words are the shape's text: none cut off or
    spilling out (they would be missing here), none of another shape's (they would be extra)."""
    for i, (slide, page) in slides_of(rendered, lang):
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            words = [wd[4] for wd in held(page["words"], box_of(shape))]
            got, want = "".join(words), shape.text_frame.text
            assert flat(got) == flat(want), (lang, i, shape.name, want, got)
            assert marks(got) == marks(want), (lang, i, shape.name, want, got)


@pytest.mark.parametrize("lang", list(VIEWS))
def test_each_chart_draws_every_label_of_its_own_inside_its_frame(rendered, lang):
    """Inside a native chart's frame: every category label, legend name and axis title whole, and no word
    that is not one of them or a tick label's number."""
    charts = 0
    for i, (slide, page) in slides_of(rendered, lang):
        for shape in (s for s in slide.shapes if s.has_chart):
            charts += 1
            categories, named = chart_texts(shape)
            words = held(page["words"], box_of(shape))
            drawn = "".join(flat(wd[4]) for wd in words)
            turned = "".join(flat(wd[4]) for wd in held(page["words"], box_of(shape), turned=True))
            slanted = "".join(flat(wd[4]) for wd in slant(words))
            for text in categories + named:
                assert any(flat(text) in x for x in (drawn, turned, slanted)), (lang, i, shape.name, text)
            own = "\n".join(flat(x) for x in categories + named)
            strays = [wd[4] for wd in words if not NUMBER.match(flat(wd[4])) and flat(wd[4]) not in own]
            assert strays == [], (lang, i, shape.name, strays)
    assert charts >= 8


@pytest.mark.parametrize("lang", list(VIEWS))
def test_chart_labels_are_as_large_as_the_12_pt_subtitle(rendered, lang):
    """A category label's word is as tall on the page as a word of the 12 pt subtitle in the same script (a
    font's box height is its size times a ratio of its own, so the subtitle calibrates it)."""
    thai = re.compile("[\u0e00-\u0e7f]")
    checked = 0
    for i, (slide, page) in slides_of(rendered, lang):
        frames = [s for s in slide.shapes if s.has_chart]
        subtitle = next((s for s in slide.shapes if s.has_text_frame and s.top >= slide.shapes.title.top +
                         slide.shapes.title.height - Emu(12700) and s.height < Emu(12700 * 40)), None)  # fmt: skip
        if not frames or subtitle is None:
            continue
        sub_words = held(page["words"], box_of(subtitle))
        for shape in frames:
            categories, _ = chart_texts(shape)
            for wd in held(page["words"], box_of(shape)):
                if not any(flat(wd[4]) in flat(c) for c in categories) or NUMBER.match(flat(wd[4])):
                    continue
                script = [s for s in sub_words if bool(thai.search(s[4])) == bool(thai.search(wd[4]))]
                if not script:
                    continue
                ref = max(s[3] - s[1] for s in script)
                assert wd[3] - wd[1] >= ref - 0.5, (lang, i, wd[4], wd[3] - wd[1], ref)
                checked += 1
    assert checked >= 30


def overlap(a, b) -> bool:
    tall = min(a[3] - a[1], b[3] - b[1])
    return min(a[2], b[2]) - max(a[0], b[0]) > TOUCH and min(a[3], b[3]) - max(a[1], b[1]) > LEADING * tall


@pytest.mark.parametrize("lang", list(VIEWS))
def test_no_two_words_and_no_two_shapes_overlap(rendered, lang):
    for i, (slide, page) in slides_of(rendered, lang):
        words = page["words"]
        for a in range(len(words)):
            for b in range(a + 1, len(words)):
                assert not overlap(words[a], words[b]), (lang, i, words[a], words[b])
        shapes = [(*box_of(s), s.name) for s in slide.shapes if s.has_text_frame or s.has_chart or s.shape_type == 13]
        for a in range(len(shapes)):
            for b in range(a + 1, len(shapes)):
                assert not overlap(shapes[a], shapes[b]), (lang, i, shapes[a], shapes[b])


def test_render_time_and_size_are_reported(rendered):
    """The figures a reader of the test log wants: slides per deck and how long LibreOffice took."""
    slides = {lang: len(rendered[lang]["prs"].slides) for lang in VIEWS}
    print(f"deck slides {slides}; both decks rendered to PDF in {rendered['seconds']:.1f} s")
    assert all(n >= 15 for n in slides.values())
    assert rendered["seconds"] < 170
