"""The deck's slide titles state what the chart's marks state (the shipped data), and a ministry template's
masters, layouts and theme carry the deck."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from PIL import Image
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

from dashboard import views
from dashboard.db import Warehouse
from dashboard.export import deck, story
from dashboard.filters import Filters


@pytest.fixture(scope="module")
def warehouse(shipped_warehouse: Path):
    w = Warehouse(str(shipped_warehouse))
    yield w
    w.close()


def titles(w: Warehouse, f: Filters) -> dict[str, str]:
    fr, _ = views.load(w, list(views.CHARTS.values()), f, also=views.HEADLINE_QUERIES)
    return {cid: story.finding(c, c.marks(fr, f), fr, f) for cid, c in views.CHARTS.items()}


NUMBER = r"(\d[\d,]*(?:\.\d+)?)"


def marks_of(w: Warehouse, f: Filters, cid: str):
    chart = views.CHARTS[cid]
    fr, _ = views.load(w, [chart], f)
    return chart.marks(fr, f)


def near(said: str, value: float) -> bool:
    """A title's number is the mark's, as the title rounds it (about: three significant figures)."""
    n = float(said.replace(",", ""))
    return abs(n - value) <= max(0.05, abs(value) * 0.005)


def test_japan_s_investment_title_is_its_stated_figure_and_the_change_on_its_previous_stated_year(warehouse):
    """The latest whole year Japan states, its figure and qualifier, and the change on the year before it that
    Japan also states (the shipped data grow: the numbers are read from the marks, the words checked)."""
    f = Filters(lang="en", era="ce", partner=("jp",))
    got = titles(warehouse, f)
    rows = sorted(marks_of(warehouse, f, "iv-value").frame.to_dicts(), key=lambda r: r["x_key"])
    last, prev = rows[-1], rows[-2]
    about = "about " if last["qualifier"] == "approx" else ""
    pattern = rf"^Japan's BOI applications: {about}{NUMBER} THB million in {last['x_key']}, (down|up) (?:about )?{NUMBER}% on {prev['x_key']}$"
    m = re.match(pattern, got["iv-value"])
    assert m, got["iv-value"]
    assert near(m.group(1), last["y"])
    change = (last["y"] - prev["y"]) / prev["y"] * 100
    assert m.group(2) == ("down" if change < 0 else "up") and abs(float(m.group(3)) - abs(change)) < 0.06
    assert re.match(rf"^Japan's BOI applications, \w+–\w+ \d{{4}}: {NUMBER} THB million$", got["iv-part-year"])
    th = titles(warehouse, Filters(lang="th", era="be", partner=("jp",)))
    assert th["iv-value"].startswith("คำขอรับการส่งเสริมการลงทุน (BOI) ของญี่ปุ่น: ")
    assert f"ในปี {last['x_key'] + 543} " in th["iv-value"] and f"จากปี {prev['x_key'] + 543}" in th["iv-value"]
    assert ("ลดลง" if change < 0 else "เพิ่มขึ้น") in th["iv-value"]


def test_a_sum_says_what_it_adds_and_no_change_between_sums_of_other_partners(warehouse):
    f = Filters(lang="en", era="ce")
    got = titles(warehouse, f)
    m = re.match(rf"^BOI applications \(sum of (\d+) of the (\d+) partners with figures\): (?:about )?{NUMBER}"
                 rf" THB million in (\d{{4}})$", got["iv-value"])  # fmt: skip
    assert m, got["iv-value"]
    latest = max(marks_of(warehouse, f, "iv-value").frame.to_dicts(), key=lambda r: r["x_key"])
    assert int(m.group(4)) == latest["x_key"] and near(m.group(3), latest["y"])
    assert " on 20" not in got["iv-value"]  # sums of different partners: no change is stated
    # A group's stated total is never the "largest partner": the largest partner's own figure is.
    rows = marks_of(warehouse, f, "iv-partner").frame.to_dicts()
    top = max(rows, key=lambda r: r["y"])
    assert re.match(rf"^BOI applications in \d{{4}}: largest from {re.escape(top['x'])}, (?:about )?{NUMBER} THB million$",
                    got["iv-partner"]), got["iv-partner"]  # fmt: skip


def test_counts_of_records_say_so_in_the_view_s_language_and_era(warehouse):
    f = Filters(lang="en", era="ce")
    en = titles(warehouse, f)
    rows = marks_of(warehouse, f, "ag-by-year").frame
    year = rows["x_key"].max()
    total = int(rows.filter(pl.col("x_key") == year)["y"].sum())
    # "3 agreements signed in 2024 (recorded here), 2 of them MOUs"; of one type: "1 MOU signed in 2025 ..."
    assert re.match(rf"^{total} \S+ signed in {year} \(recorded here\)", en["ag-by-year"]), en["ag-by-year"]
    # one sector, or a tie: "Agreements cover A and B most often: 10 each (recorded here)"
    m = re.match(r"^Agreements cover (.+) most often: (\d+)( each)? \(recorded here\)$", en["ag-by-sector"])
    assert m and "Not stated" not in m.group(1), en["ag-by-sector"]  # not "not stated"
    sectors = marks_of(warehouse, f, "ag-by-sector").frame.group_by("x").agg(pl.col("y").max())
    sectors = sectors.filter(pl.col("x") != "Not stated")  # the finding names stated sectors only
    top = int(sectors["y"].max())
    leaders = sectors.filter(pl.col("y") == top)["x"].to_list()
    assert int(m.group(2)) == top and all(name in m.group(1) for name in leaders), (en["ag-by-sector"], leaders)
    assert bool(m.group(3)) == (len(leaders) > 1), en["ag-by-sector"]
    assert "(recorded here)" in en["dl-by-year"] and " held in " in en["dl-by-year"]
    th = titles(warehouse, Filters(lang="th", era="be"))
    assert f"{total} ฉบับในปี {year + 543} (บันทึกในระบบ)" in th["ag-by-year"], th["ag-by-year"]
    last = marks_of(warehouse, f, "dl-by-year").frame["x_key"].max()
    assert str(last + 543) in th["dl-by-year"] and str(last) not in th["dl-by-year"]


def test_every_number_in_a_title_is_a_mark_s_or_a_permitted_sum_of_one_bar(warehouse):
    for f in (Filters(lang="en", era="ce"), Filters(lang="en", era="ce", partner=("jp",))):
        fr, _ = views.load(warehouse, list(views.CHARTS.values()), f, also=views.HEADLINE_QUERIES)
        for cid, c in views.CHARTS.items():
            if cid == "dl-timeline":  # names an event and its date
                continue
            m = c.marks(fr, f)
            title = story.finding(c, m, fr, f)
            stated = {round(float(y), 1) for y in m.frame["y"].to_list()} if m.frame.height else set()
            # stacked bars: a bar's whole, or its segments of one status (disjoint records)
            if m.stacked and m.frame.height:
                frame = m.frame.with_columns(status=pl.col("series_key").str.split(":").list.last())
                for by in (["x_key"], ["x_key", "series_key"], ["x_key", "status"]):
                    stated |= {round(float(v), 1) for v in frame.group_by(by).agg(pl.col("y").sum())["y"]}
            said = re.sub(r"\((sum of [^)]*)\)", "", title)  # "sum of k of the n partners" counts partners
            said = re.sub(r"\b(19|20)\d\d\b", "", said)  # years
            said = re.sub(r"\d+(\.\d)?%", "", said)  # the change, computed from two marks
            said = re.sub(r"Jan–\w+", "", said)
            for n in re.findall(r"\d[\d,]*(?:\.\d+)?", said):
                value = float(n.replace(",", ""))
                assert value in stated or any(near(n, v) for v in stated), (cid, title, value)


def test_nothing_to_say_is_said_without_a_number(warehouse):
    f = Filters(lang="en", era="ce", year_from=2030)
    got = titles(warehouse, f)
    assert got["ag-by-year"] == "Agreements signed each year, by type (recorded here)"
    assert got["iv-value"] == "Investment value each year, as the sources state it"


def test_the_deck_s_chart_slides_carry_the_finding_and_the_footer_no_load_id(warehouse):
    f = Filters(lang="en", era="ce", partner=("jp",))
    prs = Presentation(io.BytesIO(deck.build("investment", f, warehouse, "http://intranet:8050", template="")))
    slide_titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert titles(warehouse, f)["iv-value"] in slide_titles
    load = warehouse.meta["load_id"]
    for s in prs.slides:
        assert load not in "\n".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
    assert load in prs.slides[0].notes_slide.notes_text_frame.text


# --- a ministry template ---------------------------------------------------------------------

THEME_FONT, ACCENT = "Georgia", "8B0000"


def ministry_template(path: Path, potx: bool = False) -> Path:
    """A small template of python-pptx's own: 16:9, Georgia as the theme's fonts, a dark red accent, a logo
    on the master's top right corner and an example slide (which the deck must drop)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    master = prs.slide_masters[0]
    logo = io.BytesIO()
    Image.new("RGB", (200, 200), (0x8B, 0, 0)).save(logo, "PNG")
    # python-pptx adds pictures to slides only: one drawn on a slide, moved to the master with its image.
    scratch = prs.slides.add_slide(prs.slide_layouts[6])
    pic = scratch.shapes.add_picture(logo, Inches(12.1), Inches(0.15), Inches(1.0), Inches(1.0))
    blip = pic._element.blipFill.blip
    blip.rEmbed = master.part.relate_to(scratch.part.related_part(blip.rEmbed), RT.IMAGE)
    master.shapes._spTree.append(pic._element)
    prs.part.drop_rel(prs.slides._sldIdLst[-1].rId)
    prs.slides._sldIdLst.remove(prs.slides._sldIdLst[-1])
    for ph in master.placeholders:  # titles across the slide top, as a ministry's might be
        if ph.placeholder_format.idx == 0:
            ph.left, ph.top, ph.width, ph.height = Inches(0.5), Inches(0.2), Inches(12.3), Inches(1.0)
    for lay in prs.slide_layouts:
        for ph in lay.placeholders:
            if ph.placeholder_format.idx == 0:
                ph.left, ph.top, ph.width, ph.height = Inches(0.5), Inches(0.2), Inches(12.3), Inches(1.0)
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = "Example slide"
    buf = io.BytesIO()
    prs.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for item in z.infolist():
            data = z.read(item.filename)
            if item.filename.startswith("ppt/theme/"):
                text = data.decode()
                text = re.sub(r'(<a:(?:major|minor)Font><a:latin typeface=")[^"]*', rf"\g<1>{THEME_FONT}", text)
                text = re.sub(r'(<a:accent1><a:srgbClr val=")[0-9A-F]{6}', rf"\g<1>{ACCENT}", text)
                data = text.encode()
            if potx and item.filename == "[Content_Types].xml":
                data = data.replace(b"presentationml.presentation.main+xml", b"presentationml.template.main+xml")
            w.writestr(item, data)
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("suffix", ["pptx", "potx"])
def test_a_ministry_template_s_masters_layouts_and_theme_carry_the_deck(warehouse, tmp_path, suffix):
    template = ministry_template(tmp_path / f"ministry.{suffix}", potx=suffix == "potx")
    f = Filters(lang="th", era="be")
    prs = Presentation(io.BytesIO(deck.build("agreements", f, warehouse, "http://intranet:8050",
                                             template=str(template))))  # fmt: skip
    theme = [p for p in prs.part.package.iter_parts() if str(p.partname).startswith("/ppt/theme/theme")]
    assert any(f'typeface="{THEME_FONT}"' in p.blob.decode() and ACCENT in p.blob.decode() for p in theme)
    assert "Example slide" not in [s.shapes.title.text_frame.text for s in prs.slides if s.shapes.title]
    assert sum(any(sh.has_chart for sh in s.shapes) for s in prs.slides) == 3  # the agreements page's charts
    logo = next(sh for sh in prs.slide_masters[0].shapes if sh.shape_type == 13)  # the master's picture
    for s in prs.slides:
        assert s.slide_layout.name == "Title Only" and s.slide_layout in list(prs.slide_layouts)
        assert s.shapes.title is not None and s.shapes.title.text_frame.text  # the layout's title placeholder
        xml = s.shapes._spTree.xml
        assert 'lang="th-TH"' in xml and 'typeface="Sarabun"' not in xml  # the theme's fonts, Thai marked Thai
        for sh in s.shapes:  # nothing over the logo
            apart = (sh.left + sh.width <= logo.left or sh.left >= logo.left + logo.width
                     or sh.top + sh.height <= logo.top or sh.top >= logo.top + logo.height)  # fmt: skip
            assert apart, (sh.name, s.shapes.title.text_frame.text)


def test_a_template_that_is_not_a_file_or_not_powerpoint_is_refused_by_name(warehouse, tmp_path):
    from dashboard.export import ExportError

    f = Filters(lang="en", era="ce")
    with pytest.raises(ExportError, match="deck_template"):
        deck.build("agreements", f, warehouse, "http://x", template=str(tmp_path / "none.potx"))
    (tmp_path / "bad.pptx").write_text("not a deck")
    with pytest.raises(ExportError, match="not a PowerPoint file"):
        deck.build("agreements", f, warehouse, "http://x", template=str(tmp_path / "bad.pptx"))


@pytest.mark.parametrize("n", [3, 13, 14, 19, 40])
def test_ranked_bars_too_many_for_one_column_go_in_two_with_one_scale_and_every_label(n):
    """Labels at full size one below the other: a long ranking is split into two charts side by side, the
    first ranks on the left, every category once, one value scale that holds the longest bar."""
    from pptx.enum.chart import XL_CHART_TYPE

    values = [float(i * 3 + 1) for i in range(n)]  # ascending: PowerPoint draws the first at the bottom
    cats = [f"sector {i}" for i in range(n)]
    nat = deck.Native(XL_CHART_TYPE.BAR_CLUSTERED, cats, [("a", values, "#009E73", None)], "records", "", "#,##0")
    body = deck.look("").body.height
    parts = deck.ranked_columns(nat, body)
    fit = int((Emu(body).pt - deck.AXIS_ROOM_PT) / (deck.CHART_PT * deck.ROW_EM))
    assert len(parts) == (1 if n <= fit else 2)
    assert sorted(c for p in parts for c in p.categories) == sorted(cats)
    assert all(len(p.categories) <= fit for p in parts) or n > 2 * fit
    if len(parts) == 2:
        left, right = parts
        assert min(left.series[0][1]) > max(right.series[0][1])  # the first ranks on the left
        assert left.value_range == right.value_range and left.value_range[1] >= max(values)
        for p in parts:  # each bar keeps its own value
            assert all(values[cats.index(c)] == v for c, v in zip(p.categories, p.series[0][1], strict=True))
    columns = deck.ranked_columns(replace(nat, kind=XL_CHART_TYPE.COLUMN_CLUSTERED), body)
    assert len(columns) == 1  # bars by year keep every year on one axis


@pytest.mark.parametrize(
    "text",
    ["Japan", "Organization for Small and Medium Enterprises and Regional Innovation, Japan (SMRJ)",
     "การท่องเที่ยวกลุ่มรายได้ดีและการท่องเที่ยวเชิงสุขภาพ", "=HYPERLINK(x)" * 9],
)  # fmt: skip
def test_a_ranked_bar_s_name_keeps_to_one_line_whole_or_cut_with_an_ellipsis(text):
    room = 30.0
    got = deck.shortened(text, room)
    assert deck.label_width(got) <= room
    if deck.label_width(text) <= room:
        assert got == text
    else:
        assert got.endswith("…") and text.startswith(got[:-1]) and len(got) > 5
