"""A briefing deck of the current view (python-pptx): what the analyst sees, ready to present.

Slides (16:9):
1. title: the dashboard, the page, the filters in words, data as-of, when prepared;
2. headline figures (the Overview's, computed by dashboard.views.headline), then the totals sources
   state only in aggregate beside what is recorded here (a slide per twelve, when there are any);
3. one slide per chart of the page (`page=all`: of every page, the Overview's trends once, on their
   own pages), in page order, leaving out a chart with nothing to draw (the title slide says why):
   a native PowerPoint chart (editable, its numbers in the embedded workbook)
   where the chart type allows it (bars by year, ranked bars, lines), else the
   chart as an image drawn by kaleido (the delegations timeline, the map).

Every slide carries the source, the data as-of and the view's link (and a
warning when the data are synthetic); speaker notes hold the numbers, as the
chart's tooltips word them. Charts are drawn from the figure the screen draws
(the same figure function on the same frame): a native chart takes its
categories, series, colours and axis titles from that figure.

Text is set in Sarabun (the app's font; TH Sarabun's metrics, the Thai
government's standard face) for Latin and Thai script, with the language
marked (th-TH or en-US) so PowerPoint's spelling and line breaking treat Thai
as Thai.

Text from data is text: a chart's names come from the figure, where they are
escaped for plotly (dashboard/figures/theme.py), and are turned back into the
text they show; the chart's embedded workbook writes them as strings, never
formulas (python-pptx's own writer would make a name beginning with = one).
"""

from __future__ import annotations

import io
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_PATTERN
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt, lazyproperty

from dashboard import views
from dashboard.db import Warehouse
from dashboard.export import ExportError, Provenance, describe, images, provenance
from dashboard.figures.theme import unplain
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.sql.results import WORKBOOK_OPTIONS

FONT = "Sarabun"
NAVY, GREY, RED, TEXT = RGBColor(0x0B, 0x2F, 0x5B), RGBColor(0x55, 0x55, 0x55), RGBColor(0xB0, 0x00, 0x20), RGBColor(0x1A, 0x1A, 0x1A)  # fmt: skip
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP, BODY_H = Inches(1.2), Inches(5.25)
BODY_W = SLIDE_W - 2 * MARGIN
IMAGE_W = 1920  # pixels across the body of a slide
IMAGE_LAYOUT_W = 1100  # laid out this wide (CSS pixels): the screen's 13 px text reads at about 10 pt on the slide
PAGES = (*views.PAGES, "all")
# Charts PowerPoint has no native type for (floating bars by date, a map): drawn as images, so a deck
# with one of them starts the browser before its queries run (native() decides, figure by figure).
IMAGE_CHARTS = frozenset({"dl-timeline", "pt-map"})
COVERAGE_LINES = 12  # stated totals a slide lists


def _fonted(font, lang: str) -> None:
    """The face for Latin and Thai (complex script) text, and the language, on a run or a chart's text."""
    font.name = FONT
    rpr = font._rPr
    latin = rpr.find(qn("a:latin"))
    cs = rpr.find(qn("a:cs"))
    if cs is None:
        cs = etree.SubElement(rpr, qn("a:cs"))
        (rpr.find(qn("a:ea")) if rpr.find(qn("a:ea")) is not None else latin).addnext(cs)
    cs.set("typeface", FONT)
    rpr.set("lang", "th-TH" if lang == "th" else "en-US")


def _text(slide, left, top, width, height, lines, lang: str, *, size=14, bold=False, color=TEXT, align=None,
          anchor=MSO_ANCHOR.TOP):  # fmt: skip
    """A text box; `lines` are strings or (text, size, bold, color) tuples, one paragraph each."""
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    for i, line in enumerate(lines):
        text, sz, b, c = line if isinstance(line, tuple) else (line, size, bold, color)
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        if align is not None:
            p.alignment = align
        run = p.add_run()
        run.text = text
        run.font.size, run.font.bold = Pt(sz), b
        run.font.color.rgb = c
        _fonted(run.font, lang)
    return box


def _footer(slide, prov: Provenance, lang: str) -> None:
    """Source, data as-of and the view's link, on every slide."""
    box = slide.shapes.add_textbox(MARGIN, SLIDE_H - Inches(0.85), BODY_W, Inches(0.7))
    tf = box.text_frame
    tf.word_wrap = True
    first = [prov.source]
    if prov.as_of:
        first.append(t("notice.data_as_of", lang, date=prov.as_of))
    p = tf.paragraphs[0]
    if prov.synthetic:
        run = p.add_run()
        run.text = t("notice.synthetic", lang) + " · "
        run.font.size, run.font.bold, run.font.color.rgb = Pt(10), True, RED
        _fonted(run.font, lang)
    run = p.add_run()
    run.text = " · ".join(first)
    run.font.size, run.font.color.rgb = Pt(10), GREY
    _fonted(run.font, lang)
    p = tf.add_paragraph()
    run = p.add_run()
    run.text = f"{t('export.view', lang)}: "
    run.font.size, run.font.color.rgb = Pt(10), GREY
    _fonted(run.font, lang)
    run = p.add_run()
    run.text = prov.link
    run.hyperlink.address = prov.link
    run.font.size = Pt(10)
    _fonted(run.font, lang)


def _title(slide, text: str, lang: str) -> None:
    _text(slide, MARGIN, Inches(0.3), BODY_W, Inches(0.85), [text], lang, size=24, bold=True, color=NAVY,
          anchor=MSO_ANCHOR.MIDDLE)  # fmt: skip


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


def _chart(slide, nat: Native, lang: str) -> None:
    cd = _ChartData(number_format=nat.number_format)
    cd.categories = nat.categories
    for name, values, _, _ in nat.series:
        cd.add_series(name, values)
    frame = slide.shapes.add_chart(nat.kind, MARGIN, BODY_TOP, BODY_W, BODY_H, cd)
    chart = frame.chart
    chart.has_title = False
    chart.font.size = Pt(12)
    _fonted(chart.font, lang)
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
    va = chart.value_axis
    va.has_major_gridlines = True
    # Decimals in the data, whole numbers on the axis once the values are large.
    big = max((abs(v) for _, vs, _, _ in nat.series for v in vs if v is not None), default=0) >= 100
    va.tick_labels.number_format = "#,##0" if big else nat.number_format
    va.tick_labels.number_format_is_linked = False
    if nat.value_range:
        va.minimum_scale, va.maximum_scale = nat.value_range
    for axis, title in ((va, nat.value_title), (chart.category_axis, nat.category_title)):
        if title:
            axis.has_title = True
            axis.axis_title.text_frame.text = title
            for run in axis.axis_title.text_frame.paragraphs[0].runs:
                run.font.size, run.font.bold = Pt(12), False
                _fonted(run.font, lang)


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


def _fig_title(fig: dict) -> str:
    title = (fig.get("layout") or {}).get("title") or {}
    return unplain(title.get("text", "") if isinstance(title, dict) else str(title))


# -- the deck ---------------------------------------------------------------------


def charts_of(page: str) -> list[views.Chart]:
    if page not in PAGES:
        raise ExportError(f"unknown page {page!r}: a deck is of one of {', '.join(PAGES)}")
    if page != "all":
        return list(views.PAGES[page])
    # Every page's charts once: the Overview's trends are its pages' own charts (the headline slide stands for it).
    return [c for p in views.PAGES if p != "overview" for c in views.PAGES[p]]


def build(page: str, f: Filters, w: Warehouse, base_url: str) -> bytes:
    """The deck of `page` (or "all") for the filters, as .pptx bytes.

    A chart with nothing to draw (no source gives its breakdown, or the filters leave none) gets no
    slide: the title slide names it and says why."""
    lang = f.lang
    charts = charts_of(page)
    if any(c.id in IMAGE_CHARTS for c in charts):
        images.renderer.warm()
    frames, _ = views.load(w, charts, f, also=views.HEADLINE_QUERIES)
    marks = {c.id: c.marks(frames, f) for c in charts}
    left_out = [c for c in charts if marks[c.id].is_empty]
    charts = [c for c in charts if not marks[c.id].is_empty]
    figs = {c.id: c.draw(marks[c.id], f) for c in charts}
    natives = {c.id: native(figs[c.id]) for c in charts}
    # Charts PowerPoint cannot draw become images: drawn in the background while the native slides are built.
    pictures: dict[str, Future] = {}
    drawn = [c.id for c in charts if natives[c.id] is None]
    if drawn:
        body_h = round(IMAGE_W * BODY_H / BODY_W)
        pool = ThreadPoolExecutor(1, thread_name_prefix="deck-images")
        for cid in drawn:
            fig, opts = images.prepare(figs[cid], IMAGE_W, body_h, 1.0, title=False, layout_width=IMAGE_LAYOUT_W)
            pictures[cid] = pool.submit(images.renderer.render, fig, "png", opts)
        pool.shutdown(wait=False)

    prov = provenance(w, f, "overview" if page == "all" else page, base_url)
    words = describe(f, w)
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    blank = prs.slide_layouts[6]

    # 1. title
    s = prs.slides.add_slide(blank)
    where = t("export.page_all", lang) if page == "all" else t(f"page.{page}", lang)
    _text(s, MARGIN, Inches(0.8), BODY_W, Inches(1.6),
          [(t("app.title", lang), 32, True, NAVY), (where, 24, False, TEXT)], lang)  # fmt: skip
    _text(s, MARGIN, Inches(2.6), BODY_W, Inches(2.7), [f"{what}: {which}" for what, which in words], lang, size=16)
    absent = [f"{marks[c.id].title}: {marks[c.id].empty}" for c in left_out]
    if absent:
        _text(s, MARGIN, Inches(4.7), BODY_W, Inches(0.8), [t("notice.left_out", lang, charts="; ".join(absent))],
              lang, size=11, color=GREY)  # fmt: skip
    dated = [t("notice.data_as_of", lang, date=prov.as_of)] if prov.as_of else []
    _text(s, MARGIN, Inches(5.5), BODY_W, Inches(0.9), [*dated, t("export.prepared", lang, date=prov.prepared)],
          lang, size=14, color=GREY)  # fmt: skip
    _footer(s, prov, lang)
    _notes(s, [f"{what}: {which}" for what, which in words] + ([""] + absent if absent else []))

    # 2. headline figures: each with what it is (year, who, source, what it leaves out)
    s = prs.slides.add_slide(blank)
    _title(s, t("export.headline", lang), lang)
    figures = views.headline(frames, f)
    cols, rows = 4, -(-len(figures) // 4)
    gap = Inches(0.15)
    box_w, box_h = (BODY_W - gap * (cols - 1)) / cols, (BODY_H - gap * (rows - 1)) / rows
    for i, k in enumerate(figures):
        left = MARGIN + (box_w + gap) * (i % cols)
        top = BODY_TOP + (box_h + gap) * (i // cols)
        lines = [(k.text, 24, True, NAVY), (k.label, 12, True, GREY), *((d, 9, False, GREY) for d in k.details[:4])]
        _text(s, Emu(int(left)), Emu(int(top)), Emu(int(box_w)), Emu(int(box_h)), lines, lang)
    _footer(s, prov, lang)
    _notes(s, [f"{k.label}: {k.text}" + "".join(f"\n  {d}" for d in k.details) for k in figures])

    # 2b. what the sources state only in total, beside what is recorded here (the Overview's list)
    stated = views.coverage_lines(frames.get("stated_totals"), f)
    for first in range(0, len(stated), COVERAGE_LINES):
        s = prs.slides.add_slide(blank)
        _title(s, t("coverage.title", lang), lang)
        _text(s, MARGIN, BODY_TOP, BODY_W, BODY_H, ["• " + x for x in stated[first : first + COVERAGE_LINES]], lang,
              size=13)  # fmt: skip
        _footer(s, prov, lang)
        _notes(s, stated[first : first + COVERAGE_LINES])

    # 3. the charts
    for c in charts:
        fig, m = figs[c.id], marks[c.id]
        s = prs.slides.add_slide(blank)
        _title(s, m.title, lang)
        nat = natives[c.id]
        if nat is not None:
            _chart(s, nat, lang)
        else:
            png = pictures[c.id].result()
            s.shapes.add_picture(io.BytesIO(png), MARGIN, BODY_TOP, BODY_W, BODY_H)
        _footer(s, prov, lang)
        _notes(s, [m.title, *m.notes, "", t("export.numbers", lang) + ":", *numbers(fig)])
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
