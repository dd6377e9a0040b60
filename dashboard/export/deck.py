"""A briefing deck of the current view (python-pptx): what the analyst sees, ready to hand to a minister.

Slides:
1. title: the dashboard, the page, the filters in words, data as-of, when prepared, and which charts are
   left out and why (the warehouse load the deck was made from is in its speaker notes);
2. `page=all`: an agenda, the sections (pages) and their slides with slide numbers;
3. headline figures (the Overview's, computed by dashboard.views.headline), then the totals sources
   state only in aggregate beside what is recorded here (a slide per twelve, when there are any);
4. one slide per chart of the page (`page=all`: of every page, the Overview's trends once, on their
   own pages), in page order, leaving out a chart with nothing to draw (the title slide says why).
   Its title states the finding, read off the chart's marks (dashboard/export/story.py), and the
   chart's question is its subtitle. A native PowerPoint chart (editable, its numbers in the
   embedded workbook) where the chart type allows it (bars by year, ranked bars, lines), every
   category labelled; else the chart as an image drawn by kaleido: the map, and the delegations
   timeline, its latest missions and events as marks at their first day, every one labelled.

Every slide's footer names the source, the data as-of and the view's link (and warns when the data
are synthetic); speaker notes hold the numbers, as the chart's tooltips word them. Charts are drawn
from the figure the screen draws (the same figure function on the same marks): a native chart takes
its categories, series, colours and axis titles from that figure.

The look: the `deck_template` setting names a .pptx or .potx whose slide masters, layouts and theme
the deck is built on (its example slides are dropped): titles go in its layouts' title placeholders,
text takes its theme's fonts and colours, and nothing is put over the pictures of its masters (a
logo). Without one, the built-in look: 16:9, Sarabun (the app's font; TH Sarabun's metrics, the Thai
government's standard face) for Latin and Thai script, navy titles. Either way text is marked th-TH
or en-US, so PowerPoint's spelling and line breaking treat Thai as Thai.

Text from data is text: a chart's names come from the figure, where they are escaped for plotly
(dashboard/figures/theme.py), and are turned back into the text they show; the chart's embedded
workbook writes them as strings, never formulas (python-pptx's own writer would make a name
beginning with = one).
"""

from __future__ import annotations

import io
import math
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pptx.presentation
import pptx.slide
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_PATTERN
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt, lazyproperty

from dashboard import context, views
from dashboard.db import Warehouse
from dashboard.export import ExportError, Provenance, describe, images, provenance, story
from dashboard.figures.theme import unplain
from dashboard.filters import Filters
from dashboard.i18n import fmt_int, t
from dashboard.sql.results import WORKBOOK_OPTIONS

FONT = "Sarabun"
NAVY, GREY, RED, TEXT = RGBColor(0x0B, 0x2F, 0x5B), RGBColor(0x55, 0x55, 0x55), RGBColor(0xB0, 0x00, 0x20), RGBColor(0x1A, 0x1A, 0x1A)  # fmt: skip
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)  # the built-in look; a template keeps its own size
MARGIN = Inches(0.5)
TITLE_PT, SUBTITLE_PT, FOOTER_PT = 24, 12, 9
CHART_PT = 12  # every label of a native chart: category names, ticks, legend, axis titles
ROW_EM = 1.8  # a category label's row, in em: Thai script's marks above and below need the room
AXIS_ROOM_PT = 80  # a chart's value tick labels, axis title and legend, below its bars
ONE_LINE = 0.68  # of a ranked chart's width: the longest name kept on one line (beyond, the viewer shrinks all text)
FOOTER_H = Inches(0.42)  # two lines of the footer's size
SUBTITLE_H = Inches(0.45)  # two lines of the subtitle's size
IMAGE_W = 1920  # pixels across the body of a slide
IMAGE_LAYOUT_W = 1100  # laid out this wide (CSS pixels): the screen's 13 px text reads at about 10 pt on the slide
PAGES = (*views.PAGES, "all")
# Charts PowerPoint has no native type for (floating bars by date, a map): drawn as images, so a deck
# with one of them starts the browser before its queries run (native() decides, figure by figure).
IMAGE_CHARTS = frozenset({"dl-timeline", "pt-map"})
COVERAGE_LINES = 12  # stated totals a slide lists
TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PRESENTATION_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass
class Look:
    """Where things go and how they are set: the built-in look, or a template's."""

    prs: pptx.presentation.Presentation
    face: str | None  # the font face to set (None: the template's theme fonts)
    title_color: RGBColor | None
    layout: pptx.slide.SlideLayout  # the slide layout every slide is made from (one with a title placeholder)
    title: Box
    body: Box
    footer: Box

    def box(self, b: Box) -> tuple[Emu, Emu, Emu, Emu]:
        return Emu(b.left), Emu(b.top), Emu(b.width), Emu(b.height)


def _fonted(font, lang: str, face: str | None = FONT) -> None:
    """The face for Latin and Thai (complex script) text (unless the template's theme decides), and the
    language, on a run or a chart's text."""
    rpr = font._rPr
    rpr.set("lang", "th-TH" if lang == "th" else "en-US")
    if face is None:
        return
    font.name = face
    latin = rpr.find(qn("a:latin"))
    cs = rpr.find(qn("a:cs"))
    if cs is None:
        cs = etree.SubElement(rpr, qn("a:cs"))
        (rpr.find(qn("a:ea")) if rpr.find(qn("a:ea")) is not None else latin).addnext(cs)
    cs.set("typeface", face)


def _fill(tf, lines, lang: str, look: Look, *, size=14, bold=False, color=TEXT, align=None) -> None:
    """Paragraphs into a text frame; `lines` are strings or (text, size, bold, color) tuples."""
    tf.word_wrap = True
    for i, line in enumerate(lines):
        text, sz, b, c = line if isinstance(line, tuple) else (line, size, bold, color)
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        if align is not None:
            p.alignment = align
        run = p.add_run()
        run.text = text
        run.font.size, run.font.bold = Pt(sz), b
        if c is not None:
            run.font.color.rgb = c
        _fonted(run.font, lang, look.face)


def _text(slide, box: Box, lines, lang: str, look: Look, *, size=14, bold=False, color=TEXT, align=None,
          anchor=MSO_ANCHOR.TOP):  # fmt: skip
    """A text box; `lines` are strings or (text, size, bold, color) tuples, one paragraph each."""
    shape = slide.shapes.add_textbox(*look.box(box))
    shape.text_frame.vertical_anchor = anchor
    _fill(shape.text_frame, lines, lang, look, size=size, bold=bold, color=color, align=align)
    return shape


def _footer(slide, prov: Provenance, lang: str, look: Look) -> None:
    """Source, data as-of and the view's link, on every slide (the load id is in the title slide's notes)."""
    box = slide.shapes.add_textbox(*look.box(look.footer))
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.BOTTOM
    p = tf.paragraphs[0]

    def run(text: str, color=GREY, bold=False, link: str | None = None) -> None:
        r = p.add_run()
        r.text = text
        r.font.size, r.font.bold = Pt(FOOTER_PT), bold
        if link:
            r.hyperlink.address = link
        else:
            r.font.color.rgb = color
        _fonted(r.font, lang, look.face)

    if prov.synthetic:
        run(t("notice.synthetic", lang) + " · ", RED, True)
    said = [t("deck.source", lang)]
    if prov.as_of:
        said.append(t("notice.data_as_of", lang, date=prov.as_of))
    run(" · ".join(said) + " · " + f"{t('export.view', lang)}: ")
    run(prov.link, link=prov.link)


def title_size(text: str, width: int) -> int:
    """The title's size in points: TITLE_PT, smaller for a long one, so it keeps to two lines. A letter of
    bold text is about 0.55 em wide; Thai vowel and tone marks above and below take no width."""
    letters = sum(1 for ch in text if not ("\u0e31" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e"))
    for size in (TITLE_PT, 22, 20, 18):
        if letters * size * 0.55 <= 2 * Emu(width).pt * 0.92:
            return size
    return 18


def _title(slide, text: str, lang: str, look: Look, subtitle: str | None = None) -> None:
    """The slide's title in its layout's title placeholder (at most two lines), the question under it."""
    shape = slide.shapes.title
    if shape is None:  # a layout without a title placeholder: a text box where it would be
        shape = slide.shapes.add_textbox(*look.box(look.title))
    else:
        shape.left, shape.top, shape.width, shape.height = look.box(look.title)
    tf = shape.text_frame
    tf.clear()
    tf.vertical_anchor = MSO_ANCHOR.BOTTOM if subtitle else MSO_ANCHOR.MIDDLE
    bodypr = tf._txBody.bodyPr
    for fit in list(bodypr):  # the text is sized to fit two lines here, not shrunk by the viewer
        if fit.tag in (qn("a:normAutofit"), qn("a:spAutoFit")):
            bodypr.remove(fit)
    _fill(
        tf,
        [text],
        lang,
        look,
        size=title_size(text, look.title.width),
        bold=True,
        color=look.title_color,
        align=PP_ALIGN.LEFT,
    )
    if subtitle:
        sub = Box(look.title.left, look.title.bottom, look.title.width, SUBTITLE_H)
        _text(slide, sub, [subtitle], lang, look, size=SUBTITLE_PT, color=GREY)


def _notes(slide, lines: list[str]) -> None:
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


# -- a figure as a native chart ---------------------------------------------------


@dataclass
class Native:
    kind: object  # XL_CHART_TYPE
    categories: list[str]
    series: list[tuple[str, list[float | None], str | None, str | None]]  # name, values per category, colour, pattern
    value_title: str
    category_title: str
    number_format: str
    value_range: tuple[float, float] | None = None
    value_step: float | None = None  # the value axis's major unit (None: the viewer's choice)


def _axis_title(layout: dict, axis: str) -> str:
    return unplain(((layout.get(axis) or {}).get("title") or {}).get("text") or "")


def native(fig: dict) -> Native | None:
    """The chart as PowerPoint draws it natively, from the figure's own traces; None when it cannot be
    (no data, a timeline's floating bars, a map). Bars the screen stacks stay stacked (disjoint records);
    bars it sets side by side (sums that must not be added) stay side by side; a year axis keeps every
    year of the figure's `meta`, gaps included."""
    data, layout = fig.get("data") or [], fig.get("layout") or {}
    if not data:
        return None
    types = {tr.get("type", "scatter") for tr in data}
    meta = layout.get("meta") or {}
    stacked = layout.get("barmode") == "stack"
    if types == {"bar"} and not any("base" in tr for tr in data):
        horizontal = all(tr.get("orientation") == "h" for tr in data)
        if horizontal:
            keys = list((layout.get("yaxis") or {}).get("categoryarray") or [])
            cats = [unplain(str(k)) for k in keys]
            pairs = [(tr.get("y") or [], tr.get("x") or []) for tr in data]
            kind = XL_CHART_TYPE.BAR_STACKED if stacked and len(data) > 1 else XL_CHART_TYPE.BAR_CLUSTERED
            value_title, category_title = _axis_title(layout, "xaxis"), ""
        else:
            if "x" not in meta:
                return None
            keys, cats = meta["x"], [unplain(str(c)) for c in meta["x_labels"]]
            pairs = [(tr.get("x") or [], tr.get("y") or []) for tr in data]
            kind = XL_CHART_TYPE.COLUMN_STACKED if stacked else XL_CHART_TYPE.COLUMN_CLUSTERED
            value_title, category_title = _axis_title(layout, "yaxis"), _axis_title(layout, "xaxis")
        colors = [(tr.get("marker") or {}).get("color") for tr in data]
        patterns = [((tr.get("marker") or {}).get("pattern") or {}).get("shape") for tr in data]
    elif types == {"scatter"} and "x" in meta:
        keys, cats = meta["x"], [unplain(str(c)) for c in meta["x_labels"]]
        pairs = [(tr.get("x") or [], tr.get("y") or []) for tr in data]
        kind = XL_CHART_TYPE.LINE_MARKERS
        value_title, category_title = _axis_title(layout, "yaxis"), _axis_title(layout, "xaxis")
        colors = [(tr.get("line") or {}).get("color") for tr in data]
        patterns = [None] * len(data)
    else:
        return None
    series = []
    for tr, (ks, vs), color, pattern in zip(data, pairs, colors, patterns, strict=True):
        by_key = dict(zip(ks, vs, strict=True))
        series.append((unplain(tr.get("name") or "") or value_title, [by_key.get(k) for k in keys], color, pattern))
    values = [v for _, vs, _, _ in series for v in vs if v is not None]
    whole = all(float(v).is_integer() for v in values)
    y_range = (layout.get("yaxis") or {}).get("range")
    return Native(kind, cats, series, value_title, category_title, "#,##0" if whole else "#,##0.0",
                  tuple(y_range) if y_range else None)  # fmt: skip


# plotly's bar patterns -> PowerPoint's: planned (/) hatched, cancelled (x) crossed, not recorded (.) dotted.
PATTERNS = {"/": MSO_PATTERN.WIDE_UPWARD_DIAGONAL, "\\": MSO_PATTERN.WIDE_DOWNWARD_DIAGONAL,
            "x": MSO_PATTERN.DIAGONAL_CROSS, ".": MSO_PATTERN.PERCENT_20, "-": MSO_PATTERN.NARROW_HORIZONTAL}  # fmt: skip


class _TextWorkbookWriter(CategoryWorkbookWriter):
    """python-pptx's chart workbook with names written as strings: never a formula, a link or a number."""

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        import xlsxwriter

        book = xlsxwriter.Workbook(xlsx_file, {"in_memory": True, **WORKBOOK_OPTIONS})
        yield book, book.add_worksheet()
        book.close()


class _ChartData(CategoryChartData):
    @lazyproperty
    def _workbook_writer(self):
        return _TextWorkbookWriter(self)


def _every_label(axis) -> None:
    """Every category labelled: PowerPoint would otherwise skip labels it finds crowded."""
    ax = axis._element
    for old in ax.findall(qn("c:tickLblSkip")):
        ax.remove(old)
    skip = etree.SubElement(ax, qn("c:tickLblSkip"))
    skip.set("val", "1")
    after = ax.find(qn("c:noMultiLvlLbl"))
    if after is not None:
        after.addprevious(skip)


def label_width(text: str) -> float:
    """A label's width in em, roughly: Latin letters about 0.55 em, Thai about 0.5 (its vowel and tone marks
    above and below take none)."""
    thai = sum(1 for ch in text if "\u0e01" <= ch <= "\u0e5b" and not _thai_mark(ch))
    marks = sum(1 for ch in text if _thai_mark(ch))
    return thai * 0.5 + (len(text) - thai - marks) * 0.55


def _thai_mark(ch: str) -> bool:
    return ch == "\u0e31" or "\u0e34" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e"


def _nice_scale(x: float) -> tuple[float, float]:
    """A value axis from 0 holding x: (top, step), the step 1, 2, 2.5 or 5 times a power of ten, about five
    steps in all."""
    if x <= 0:
        return 1.0, 0.2
    raw = x / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(k * power for k in (1, 2, 2.5, 5, 10) if k * power >= raw)
    return math.ceil(x / step - 1e-9) * step, step


def ranked_columns(nat: Native, body_height: int) -> list[Native]:
    """Ranked bars as one chart, or, when their labels would not fit one below the other at CHART_PT, as
    two charts side by side (the first ranks on the left), one value scale for both: every category
    keeps its label at full size instead of the viewer dropping every other one."""
    horizontal = nat.kind in (XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.BAR_STACKED)
    fit = int((Emu(body_height).pt - AXIS_ROOM_PT) / (CHART_PT * ROW_EM))
    if not horizontal or len(nat.categories) <= fit:
        return [nat]
    stacked = nat.kind == XL_CHART_TYPE.BAR_STACKED
    per_cat = [[v or 0 for v in vs] for _, vs, _, _ in nat.series]
    top = max((sum(col) if stacked else max(col)) for col in zip(*per_cat, strict=True))
    most, step = _nice_scale(top)
    scale = (0.0, most)
    n = len(nat.categories)
    half = -(-n // 2)  # PowerPoint draws a bar chart's first category at the bottom: the first ranks are last
    parts = [range(n - half, n), range(0, n - half)]
    return [replace(nat, categories=[nat.categories[i] for i in part],
                    series=[(name, [vs[i] for i in part], c, p) for name, vs, c, p in nat.series],
                    value_range=scale, value_step=step) for part in parts]  # fmt: skip


def _charts(slide, nat: Native, lang: str, look: Look) -> None:
    """The chart in the slide's body: one, or ranked bars in two columns (ranked_columns)."""
    parts = ranked_columns(nat, look.body.height)
    gap = Inches(0.3)
    width = (look.body.width - gap * (len(parts) - 1)) // len(parts)
    for k, part in enumerate(parts):
        if part.kind in (XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.BAR_STACKED):
            room = Emu(width).pt * ONE_LINE / CHART_PT
            part = replace(part, categories=[shortened(c, room) for c in part.categories])
        _chart(slide, part, lang, look, replace(look.body, left=look.body.left + k * (width + gap), width=width))


def shortened(text: str, room: float) -> str:
    """A ranked bar's name on one line of `room` em: as it is, or cut at a word with an ellipsis (the
    speaker notes and the chart's numbers keep it whole)."""
    if label_width(text) <= room:
        return text
    cut = text
    while cut and label_width(cut + "…") > room:
        cut = cut[:-1]
    word = cut.rsplit(" ", 1)[0] if " " in cut[len(cut) // 2 :] else cut
    return word.rstrip(" ,;(") + "…"


def _chart(slide, nat: Native, lang: str, look: Look, box: Box | None = None) -> None:
    cd = _ChartData(number_format=nat.number_format)
    cd.categories = nat.categories
    for name, values, _, _ in nat.series:
        cd.add_series(name, values)
    frame = slide.shapes.add_chart(nat.kind, *look.box(box or look.body), cd)
    chart = frame.chart
    chart.has_title = False
    chart.font.size = Pt(CHART_PT)
    _fonted(chart.font, lang, look.face)
    chart.has_legend = len(nat.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    line = nat.kind == XL_CHART_TYPE.LINE_MARKERS
    if not line:
        plot.gap_width = 40
        if nat.kind in (XL_CHART_TYPE.COLUMN_CLUSTERED, XL_CHART_TYPE.BAR_CLUSTERED):
            plot.overlap = -10  # side by side, a hair apart: nothing stacked, nothing added
    for s, (_, _, color, pattern) in zip(plot.series, nat.series, strict=True):
        if not color:
            continue
        rgb = RGBColor.from_string(color.lstrip("#")[:6].upper())
        if line:
            s.format.line.color.rgb = rgb
            s.format.line.width = Pt(2.25)
            s.smooth = False
            s.marker.format.fill.solid()
            s.marker.format.fill.fore_color.rgb = rgb
        elif pattern in PATTERNS:
            s.format.fill.patterned()
            s.format.fill.pattern = PATTERNS[pattern]
            s.format.fill.fore_color.rgb = rgb
            s.format.fill.back_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            s.format.line.color.rgb = rgb
        else:
            s.format.fill.solid()
            s.format.fill.fore_color.rgb = rgb
    _every_label(chart.category_axis)
    longest = max((label_width(c) for c in nat.categories), default=0) * CHART_PT
    horizontal = nat.kind in (XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.BAR_STACKED)
    if horizontal and longest <= Emu(frame.width).pt * ONE_LINE:
        # A name on one line: LibreOffice wraps the labels of a level axis (rotation 0) into rows, then drops
        # those it finds crowded; a sixtieth of a degree's tilt (unseen) keeps each name whole on its line.
        # (A name longer than that is left to wrap: on one line, the viewer would shrink every label to fit it.)
        chart.category_axis.tick_labels.font.size = Pt(CHART_PT)  # the axis's own text properties
        chart.category_axis._element.find(qn("c:txPr")).find(qn("a:bodyPr")).set("rot", "-60000")
    elif sum(len(c) for c in nat.categories) * CHART_PT * 0.55 > Emu(frame.width).pt * 0.85:
        # Names too long to stand side by side under their columns (parts of years): each at 45 degrees.
        chart.category_axis.tick_labels.font.size = Pt(CHART_PT)
        chart.category_axis._element.find(qn("c:txPr")).find(qn("a:bodyPr")).set("rot", "-2700000")
    va = chart.value_axis
    va.has_major_gridlines = True
    # Decimals in the data, whole numbers on the axis once the values are large.
    big = max((abs(v) for _, vs, _, _ in nat.series for v in vs if v is not None), default=0) >= 100
    va.tick_labels.number_format = "#,##0" if big else nat.number_format
    va.tick_labels.number_format_is_linked = False
    if nat.value_range:
        va.minimum_scale, va.maximum_scale = nat.value_range
    if nat.value_step:
        va.major_unit = nat.value_step
    for axis, title in ((va, nat.value_title), (chart.category_axis, nat.category_title)):
        if title:
            axis.has_title = True
            axis.axis_title.text_frame.text = title
            for run in axis.axis_title.text_frame.paragraphs[0].runs:
                run.font.size, run.font.bold = Pt(12), False
                _fonted(run.font, lang, look.face)


# -- notes: the numbers as the tooltips say them ----------------------------------


def numbers(fig: dict) -> list[str]:
    """Each mark's tooltip text (value with its label, in the view's language and era)."""
    lines = []
    for tr in fig.get("data") or []:
        if tr.get("name") == "no-value":  # map regions without a value
            continue
        texts = [x for x in tr.get("hovertext") or [] if x] or tr.get("text") or []
        for text in [texts] if isinstance(texts, str) else texts:
            lines.append(unplain(str(text)))
    if not lines:
        lines = [unplain(a.get("text", "")) for a in (fig.get("layout") or {}).get("annotations") or []]
    return lines


# -- the timeline, for a slide ------------------------------------------------------


def timeline_figure(chart: views.Chart, m, f: Filters) -> tuple[dict, int]:
    """The timeline as a slide shows it: the latest story.TIMELINE_ROWS missions and events, drawn by the
    screen's figure function, every one labelled. -> (figure, how many it shows)."""
    rows = min(m.frame.height, story.TIMELINE_ROWS)
    latest = replace(m, frame=m.frame.tail(rows), extra={**m.extra, "bars": m.extra["bars"][-rows:]})
    fig = chart.draw(latest, f)
    layout = dict(fig.get("layout") or {})
    yaxis = dict(layout.get("yaxis") or {})
    labels = list(yaxis.get("categoryarray") or [])
    if labels:  # plotly leaves out labels it finds crowded
        yaxis.update(tickmode="array", tickvals=labels, ticktext=labels, automargin=True)
    layout["yaxis"] = yaxis
    return {**fig, "layout": layout}, rows


# -- the look: built in, or a template's ------------------------------------------------


def _presentation(template: str):
    """A new presentation: the built-in look's, or one on the template's masters with its slides dropped."""
    if not template:
        prs = Presentation()
        prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
        return prs
    path = Path(template)
    if not path.is_file():
        raise ExportError(f"the deck template {template!r} (setting deck_template) is not a file")
    data = path.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            types = z.read("[Content_Types].xml")
            if TEMPLATE_TYPE in types:  # a .potx: the same package as a .pptx, its main part named a template
                out = io.BytesIO()
                with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
                    for item in z.infolist():
                        body = z.read(item.filename)
                        w.writestr(item, types.replace(TEMPLATE_TYPE, PRESENTATION_TYPE) if item.filename ==
                                   "[Content_Types].xml" else body)  # fmt: skip
                data = out.getvalue()
        prs = Presentation(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ExportError(
            f"the deck template {template!r} (setting deck_template) is not a PowerPoint file: {e}"
        ) from e
    ids = prs.slides._sldIdLst
    for sld in list(ids):  # the template's own example slides
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)
    return prs


def _layout(prs):
    """The layout slides are made from: "Title Only", else the one with a title and the fewest other placeholders."""
    layouts = list(prs.slide_layouts)
    for lay in layouts:
        if lay.name.strip().lower() == "title only":
            return lay
    titled = [lay for lay in layouts
              if any(ph.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
                     for ph in lay.placeholders)]  # fmt: skip
    return min(titled, key=lambda lay: len(lay.placeholders)) if titled else layouts[-1]


def _narrowed(box: Box, obstacles: list[Box], gap: int, slide_w: int) -> Box:
    """The box made narrower to leave out what the master draws beside it (a logo)."""
    left, right = box.left, box.left + box.width
    for o in obstacles:
        if o.top >= box.bottom or o.bottom <= box.top or o.left >= right or o.left + o.width <= left:
            continue
        if o.left + o.width / 2 > slide_w / 2:
            right = min(right, o.left - gap)
        else:
            left = max(left, o.left + o.width + gap)
    return Box(left, box.top, max(right - left, Inches(2)), box.height)


def look(template: str) -> Look:
    prs = _presentation(template)
    w, h = prs.slide_width, prs.slide_height
    lay = _layout(prs)
    obstacles = [Box(s.left, s.top, s.width, s.height) for part in (lay.slide_master, lay) for s in part.shapes
                 if not s.is_placeholder and s.width and s.height]  # fmt: skip
    gap = Inches(0.1)
    title = Box(MARGIN, Inches(0.25), w - 2 * MARGIN, Inches(0.9))
    if template:
        ph = next((p for p in lay.placeholders
                   if p.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)), None)  # fmt: skip
        if ph is not None and ph.width:
            title = Box(ph.left, ph.top, ph.width, max(ph.height, Inches(0.9)))
    title = _narrowed(title, obstacles, gap, w)
    footer = _narrowed(Box(MARGIN, h - Inches(0.12) - FOOTER_H, w - 2 * MARGIN, FOOTER_H), obstacles, gap, w)
    top = title.bottom + SUBTITLE_H + Inches(0.05)  # the subtitle's lines
    body = Box(MARGIN, top, w - 2 * MARGIN, footer.top - Inches(0.1) - top)
    face, color = (None, None) if template else (FONT, NAVY)
    return Look(prs, face, color, lay, title, body, footer)


def _sub(box: Box, top: int, height: int | None = None) -> Box:
    """A band of `box` from `top` (EMU from the box's top)."""
    return Box(box.left, box.top + top, box.width, height if height is not None else box.height - top)


# -- the deck ---------------------------------------------------------------------


def charts_of(page: str) -> list[views.Chart]:
    if page not in PAGES:
        raise ExportError(f"unknown page {page!r}: a deck is of one of {', '.join(PAGES)}")
    if page != "all":
        return list(views.PAGES[page])
    # Every page's charts once: the Overview's trends are its pages' own charts (the headline slide stands for it).
    return [c for p in views.PAGES if p != "overview" for c in views.PAGES[p]]


def _template_setting() -> str:
    try:
        return getattr(context.get().settings, "deck_template", "") or ""
    except (LookupError, RuntimeError, AttributeError):
        return ""


def build(page: str, f: Filters, w: Warehouse, base_url: str, template: str | None = None) -> bytes:
    """The deck of `page` (or "all") for the filters, as .pptx bytes, on `template` (default: the
    `deck_template` setting; empty: the built-in look).

    A chart with nothing to draw (no source gives its breakdown, or the filters leave none) gets no
    slide: the title slide names it and says why."""
    lang = f.lang
    lk = look(_template_setting() if template is None else template)
    prs = lk.prs
    charts = charts_of(page)
    if any(c.id in IMAGE_CHARTS for c in charts):
        images.renderer.warm()
    frames, _ = views.load(w, charts, f, also=views.HEADLINE_QUERIES)
    marks = {c.id: c.marks(frames, f) for c in charts}
    left_out = [c for c in charts if marks[c.id].is_empty]
    charts = [c for c in charts if not marks[c.id].is_empty]
    figs, shown = {}, {}
    for c in charts:
        if c.id == "dl-timeline":
            figs[c.id], shown[c.id] = timeline_figure(c, marks[c.id], f)
        else:
            figs[c.id] = c.draw(marks[c.id], f)
    natives = {c.id: native(figs[c.id]) for c in charts}
    # Charts PowerPoint cannot draw become images: drawn in the background while the native slides are built.
    pictures: dict[str, Future] = {}
    drawn = [c.id for c in charts if natives[c.id] is None]
    if drawn:
        body_h = round(IMAGE_W * lk.body.height / lk.body.width)
        pool = ThreadPoolExecutor(1, thread_name_prefix="deck-images")
        for cid in drawn:
            fig, opts = images.prepare(figs[cid], IMAGE_W, body_h, 1.0, title=False, layout_width=IMAGE_LAYOUT_W)
            pictures[cid] = pool.submit(images.renderer.render, fig, "png", opts)
        pool.shutdown(wait=False)

    prov = provenance(w, f, "overview" if page == "all" else page, base_url)
    words = describe(f, w)
    stated = views.coverage_lines(frames.get("stated_totals"), f)
    coverage = [stated[i : i + COVERAGE_LINES] for i in range(0, len(stated), COVERAGE_LINES)]
    body, gray = lk.body, GREY
    text_color = TEXT if lk.face else None

    def slide():
        return prs.slides.add_slide(lk.layout)

    # 1. title
    s = slide()
    where = t("export.page_all", lang) if page == "all" else t(f"page.{page}", lang)
    _title(s, t("app.title", lang), lang, lk, where)
    _text(s, _sub(body, 0, Inches(2.3)), [f"{what}: {which}" for what, which in words], lang, lk, size=15,
          color=text_color)  # fmt: skip
    absent = [f"{marks[c.id].title}: {marks[c.id].empty}" for c in left_out]
    if absent:
        _text(s, _sub(body, Inches(2.4), Inches(1.4)), [t("notice.left_out", lang, charts="; ".join(absent))], lang,
              lk, size=11, color=gray)  # fmt: skip
    dated = [t("notice.data_as_of", lang, date=prov.as_of)] if prov.as_of else []
    _text(s, _sub(body, body.height - Inches(0.75), Inches(0.75)),
          [*dated, t("export.prepared", lang, date=prov.prepared)], lang, lk, size=14, color=gray,
          anchor=MSO_ANCHOR.BOTTOM)  # fmt: skip
    _footer(s, prov, lang, lk)
    load = t("deck.load", lang, load=w.meta.get("load_id", "?"))
    _notes(s, [f"{what}: {which}" for what, which in words] + ([""] + absent if absent else []) + ["", load])

    # 2. the agenda of a deck of every page: its sections and their slides, numbered
    number = 2 + (page == "all")
    items: list[tuple[str, int | None, bool]] = [(t("export.headline", lang), number, False)]
    number += 1
    if coverage:
        items.append((t("coverage.title", lang), number, False))
        number += len(coverage)
    for p in dict.fromkeys(c.page for c in charts):
        items.append((t(f"page.{p}", lang), None, True))
        for c in (c for c in charts if c.page == p):
            items.append((t(story.SHOWS[c.title], lang), number, False))
            number += 1
    if page == "all":
        s = slide()
        _title(s, t("deck.agenda", lang), lang, lk)
        half = -(-len(items) // 2)
        cut = min((i for i, it in enumerate(items) if it[2]), key=lambda i: abs(i - half), default=half)
        gap = Inches(0.3)
        col_w = (body.width - gap) // 2
        for k, part in enumerate((items[:cut], items[cut:])):
            lines = [(name, 16, True, lk.title_color) if section else
                     (f"{fmt_int(n, lang)}   {name}", 13, False, text_color) for name, n, section in part]  # fmt: skip
            _text(s, Box(body.left + k * (col_w + gap), body.top, col_w, body.height), lines, lang, lk)
        _footer(s, prov, lang, lk)
        _notes(s, [f"{n or ''} {name}".strip() for name, n, _ in items])

    # 3. headline figures: each with what it is (year, who, source, what it leaves out)
    s = slide()
    _title(s, t("export.headline", lang), lang, lk)
    figures = views.headline(frames, f)
    cols, rows = 4, -(-len(figures) // 4)
    gap = Inches(0.15)
    box_w, box_h = (body.width - gap * (cols - 1)) // cols, (body.height - gap * (rows - 1)) // rows
    for i, kf in enumerate(figures):
        left = body.left + (box_w + gap) * (i % cols)
        top = body.top + (box_h + gap) * (i // cols)
        lines = [(kf.text, 24, True, lk.title_color), (kf.label, 12, True, gray),
                 *((d, 9, False, gray) for d in kf.details[:4])]  # fmt: skip
        _text(s, Box(left, top, box_w, box_h), lines, lang, lk)
    _footer(s, prov, lang, lk)
    _notes(s, [f"{k.label}: {k.text}" + "".join(f"\n  {d}" for d in k.details) for k in figures])

    # 3b. what the sources state only in total, beside what is recorded here (the Overview's list)
    for said in coverage:
        s = slide()
        _title(s, t("coverage.title", lang), lang, lk)
        _text(s, body, ["• " + x for x in said], lang, lk, size=13, color=text_color)
        _footer(s, prov, lang, lk)
        _notes(s, said)

    # 4. the charts: the finding as the title, the question under it
    for c in charts:
        fig, m = figs[c.id], marks[c.id]
        s = slide()
        title = story.finding(c, m, frames, f)
        question = m.title
        if c.id in shown and shown[c.id] < m.frame.height:
            question += " · " + t("deck.timeline_shown", lang, n=fmt_int(shown[c.id], lang),
                                  m=fmt_int(m.frame.height, lang))  # fmt: skip
        _title(s, title, lang, lk, question)
        nat = natives[c.id]
        if nat is not None:
            _charts(s, nat, lang, lk)
        else:
            png = pictures[c.id].result()
            s.shapes.add_picture(io.BytesIO(png), *lk.box(body))
        _footer(s, prov, lang, lk)
        _notes(s, [title, question, *m.notes, "", t("export.numbers", lang) + ":", *numbers(c.figure(frames, f))])
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
