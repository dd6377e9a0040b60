"""A chart's numbers as a data file: exactly the marks the chart draws, a row per mark.

`/export/chart/<id>.csv|.xlsx` with the page's filters: each mark's series, x, its number, how
exactly it is known (as stated, about, at least), how many records (or stated figures) and
sources it adds up, and what it adds (which partners, what it leaves out). The PNG, the SVG and
the deck's native chart are drawn from the same marks (dashboard/marks.py), so the file holds
every number the picture shows and no other. Text stays text, as in the data files
(dashboard/export/__init__.py: csv_bytes, workbook, text_cells). A timeline's marks carry their first
and last day, as dates (date cells in the XLSX, shown in the Buddhist era in the Thai view); the XLSX
sheet is a table with filter buttons, a frozen header and columns fitted to their content, as the data
files' (dashboard/export/data.py: write_table).
"""

from __future__ import annotations

import io

import polars as pl

from dashboard.export import Provenance, csv_bytes, workbook
from dashboard.export.data import date_format, write_table
from dashboard.filters import Filters
from dashboard.i18n import label, t
from dashboard.marks import Marks

FORMATS = ("csv", "xlsx")


def table(m: Marks, f: Filters) -> pl.DataFrame:
    """The marks with headers in the view's language; numbers stay numbers."""
    lang = f.lang
    frame = m.frame
    days = {}
    if m.kind == "timeline" and len(m.extra.get("bars", ())) == frame.height:
        bars = m.extra["bars"]
        days = {t("xlsx.start", lang): pl.Series([b["start"] for b in bars], dtype=pl.Date),
                t("xlsx.end", lang): pl.Series([b["end"] for b in bars], dtype=pl.Date)}  # fmt: skip
    return pl.DataFrame(
        {
            t("numbers.series", lang): frame["series"].cast(pl.String),
            t("numbers.x", lang): frame["x"].cast(pl.String),
            m.unit or t("numbers.y", lang): frame["y"].cast(pl.Float64 if m.number == "float" else pl.Int64),
            t("numbers.qualifier", lang): [label("qualifier", q, lang) for q in frame["qualifier"].to_list()],
            t("numbers.records" if not m.sums else "numbers.figures", lang): frame["records"].cast(pl.Int64),
            t("numbers.sources", lang): frame["sources"].cast(pl.Int64),
            t("numbers.detail", lang): frame["detail"].cast(pl.String),
            **days,
            t("numbers.key", lang): frame["x_key"].cast(pl.String),
        }
    )


def csv(m: Marks, f: Filters) -> bytes:
    return csv_bytes(table(m, f))


def xlsx(m: Marks, f: Filters, prov: Provenance, words: list[tuple[str, str]]) -> bytes:
    lang = f.lang
    data = table(m, f)
    buf = io.BytesIO()
    wb = workbook(buf)
    bold = wb.add_format({"bold": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    about = wb.add_worksheet(t("export.about", lang))
    about.set_column(0, 0, 28, bold)
    about.set_column(1, 1, 100, wrap)
    rows = [
        (t("app.title", lang), m.title),
        *words,
        *((t("numbers.note", lang), note) for note in m.notes),
        (t("counting.title", lang), t("numbers.rules", lang)),
        (t("export.source_short", lang), prov.source),
        (t("data.as_of", lang), prov.as_of),
        (t("export.synthetic", lang), t("export.yes" if prov.synthetic else "export.no", lang)),
        (t("export.rows", lang), data.height if data.height else m.empty or ""),
        (t("export.view", lang), prov.link),
        (t("export.prepared_label", lang), prov.prepared),
    ]
    for i, (what, which) in enumerate(rows):
        about.write(i, 0, what, bold)
        about.write(i, 1, which)
    about.activate()
    y = data.columns[2]
    counts = {c: "#,##0" for c in data.columns[4:6]}
    formats = {**counts, y: "#,##0.0" if m.number == "float" else "#,##0"}
    write_table(wb, t("numbers.sheet", lang), data, formats, date_format(lang, f.era))
    wb.close()
    return buf.getvalue()
