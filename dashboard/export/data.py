"""The filtered records as data files: CSV (UTF-8 with BOM, so Excel reads Thai) and XLSX.

The rows are those of the page's records grid, without its row limit: the
same query (`queries/<dataset>_records.sql` via dashboard/drill.py) and the
same columns, headers and text in the view's language and era, with an id
column first. Numbers stay numbers. Dates are written to their precision, as
on the screen ("ก.ค. 2561" for a month): a date known only to its month
is never padded into a false day; a year and a month column beside it hold
what the warehouse keeps (the year in the view's era, the month 1-12 or blank),
so every row sorts and filters by them. Sectors are named in the view's language.

The CSV is written as it is read: `queries/<dataset>_export.sql` (the same rows in the same order, sorted
once) comes from DuckDB as Arrow record batches, each made into the grid's columns and written on its own
(`csv_chunks`), so memory holds one batch whatever the row count, and the answer starts once the sort is
done. Its bytes are those of the whole frame written at once.

The XLSX has a first sheet about the data (the filters in words, the source,
the data as-of, whether the data are synthetic, the row count, how dates are
written and the view's link), then the records as a table: header frozen,
filter buttons, columns as wide as their content (capped). A date known to the
day is a date cell, shown in the Thai view with Excel's Thai Buddhist calendar
(`[$-107041E]d mmm yyyy`: 14 ก.ค. 2565, in Excel and LibreOffice alike); a date
known only to its month or year stays the text the screen shows.

Text is data, never a formula or a link: a CSV text cell that would start a
formula gets an apostrophe in front; an XLSX cell holds the text as a string
(dashboard/export/__init__.py: csv_bytes, workbook, text_cells).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from typing import Any, cast

import polars as pl
import pyarrow as pa

from contract.datasets import DATASETS
from dashboard import context, drill
from dashboard.db import Warehouse
from dashboard.export import ExportError, Provenance, csv_bytes, text_cells, workbook
from dashboard.filters import Filters
from dashboard.i18n import t, year_label

FORMATS = ("csv", "xlsx")
# The datasets a records file is made of, and the column that names each record (the contract's key).
IDS = {name: d.record_id for name, d in DATASETS.items() if d.shown}
EXCEL_ROWS = 1_048_575  # a worksheet's rows, less the header

# How a date cell is shown. [$-XXYYLLLL]: numerals XX, calendar YY (07 Thai Buddhist, 01 Gregorian), locale
# LLLL (041E Thai, 0409 English US). Excel and LibreOffice both read this form; the newer [$-th-TH,107]
# is shown by LibreOffice 7 as a bare serial number. The English view shows CE dates: LibreOffice draws the
# Buddhist calendar with Thai month names whatever the locale, so an English BE view says so in its About
# sheet and carries the BE year in the year column.
DATE_FORMATS = {"th": {"be": "[$-107041E]d mmm yyyy", "ce": "[$-101041E]d mmm yyyy"},
                "en": {"be": "[$-409]d mmm yyyy", "ce": "[$-409]d mmm yyyy"}}  # fmt: skip
WIDTH_MIN, WIDTH_MAX = 6, 60  # a column's width in characters: its longest cell, header included, within these
_ZERO_WIDTH = (
    r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0300-\u036f\u200b-\u200f]"  # Thai vowels and tone marks above and below
)
_WIDE = r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]"  # CJK and Hangul: two columns each


def date_format(lang: str, era: str) -> str:
    return DATE_FORMATS["th" if lang == "th" else "en"]["be" if era == "be" else "ce"]


def widths(frame: pl.DataFrame, formats: dict[str, str] | None = None) -> dict[str, int]:
    """Each column's width in characters: its longest cell as text (Thai marks above and below a letter take
    no room, CJK letters two), the header included, between WIDTH_MIN and WIDTH_MAX."""
    out = {}
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            longest = 12
        elif dtype.is_numeric():
            s = frame[name].drop_nulls()
            most = s.abs().max() if s.len() else None
            big = float(most) if isinstance(most, int | float) else 0.0
            longest = len(f"{big:,.2f}") + 1
        else:
            text = frame[name].cast(pl.String).drop_nulls()
            room = text.str.replace_all(_ZERO_WIDTH, "").str.len_chars() + text.str.count_matches(_WIDE)
            widest = room.max()
            longest = int(widest) if isinstance(widest, int | float) else 0
        header = len(re.sub(_ZERO_WIDTH, "", name)) + 3  # room for the filter button
        out[name] = max(WIDTH_MIN, min(WIDTH_MAX, max(longest, header)))
    return out


def write_table(wb, sheet: str, data: pl.DataFrame, number_formats: dict[str, str], date_fmt: str,
                days: dict[str, pl.Series] | None = None) -> None:  # fmt: skip
    """`data` as a table on a new `sheet`: filter buttons, frozen header, widths fitted (capped), numbers with
    `number_formats`, Date columns (and the day dates of `days` over a text column) as date cells shown with
    `date_fmt`; text as text (formula-like text quote-prefixed)."""
    fitted = widths(data)
    data.write_excel(
        workbook=wb,
        worksheet=sheet,
        column_formats=cast(dict[Any, str], number_formats) or None,
        dtype_formats={pl.Date: date_fmt},
        column_widths={c: w * 7 + 12 for c, w in fitted.items()},  # pixels: about 7 per character
        freeze_panes=(1, 0),
        autofilter=True,
        autofit=False,
        table_style="Table Style Light 1",
        table_name="data",
    )
    text_cells(wb, sheet, data)
    ws = wb.get_worksheet_by_name(sheet)
    cell = wb.add_format({"num_format": date_fmt, "align": "left"})
    for name, dates in (days or {}).items():
        j = data.columns.index(name)
        hits = pl.DataFrame({"i": pl.int_range(dates.len(), eager=True), "d": dates}).drop_nulls("d")
        for i, d in hits.iter_rows():
            ws.write_datetime(1 + i, j, dt.datetime(d.year, d.month, d.day), cell)


def records(dataset: str, f: Filters) -> pl.DataFrame:
    """Every record for the filters (the records grid's query, no limit)."""
    if dataset not in IDS:
        raise ExportError(f"unknown dataset {dataset!r}: the datasets are {', '.join(IDS)}")
    return drill.records(dataset, f, {}, limit=None)


def day_dates(dataset: str, frame: pl.DataFrame, f: Filters) -> dict[str, pl.Series]:
    """{date column header: the dates known to the day, null elsewhere}: the data file's date cells."""
    out = {}
    for _key, header, how in drill.COLUMNS[dataset]:
        if how.startswith("date:"):
            p = how.split(":")[1]
            day = frame.select(pl.when(pl.col(f"{p}_precision") == "day").then(pl.col(f"{p}_date"))).to_series()
            out[t(header, f.lang)] = day.cast(pl.Date)
    return out


def table(dataset: str, frame: pl.DataFrame, f: Filters) -> pl.DataFrame:
    """The records as the grid shows them (headers in the view's language), typed for a data file: each column
    as its kind writes it (dashboard/drill.py KINDS, which the grid reads too)."""
    lang, era = f.lang, f.era
    view = drill.View(lang, era, f)
    cols: dict[str, pl.Series] = {t("col.id", lang): frame[IDS[dataset]]}
    for key, header, how in drill.COLUMNS[dataset]:
        kind, arg = drill.kind_of(how)
        cols[t(header, lang)] = kind.data(frame, key, arg, view)
        if how.startswith("date:"):  # the year (view's era) and month the warehouse keeps, whatever the precision
            cols[t("xlsx.year", lang, era=year_label(era, lang))] = frame[f"{arg}_year"].cast(pl.Int64) + (
                543 if era == "be" else 0
            )
            cols[t("xlsx.month", lang)] = frame[f"{arg}_month"].cast(pl.Int64)
    return pl.DataFrame({name: s.alias(name) for name, s in cols.items()})


# Names the investments' export query leaves out of its sort: joined batch by batch, as the records query joins them.
NAMED = {
    "investments": [
        ("partner_id", "SELECT partner_id, name_en AS partner_en, name_th AS partner_th FROM dim_partner"),
        ("sector_code", "SELECT sector_code, name_en AS sector_en, name_th AS sector_th FROM dim_sector"),
        ("province_code", "SELECT province_code, name_en AS province_en, name_th AS province_th FROM dim_province"),
    ],
}
BATCH_ROWS = 32_768  # rows of a CSV's batch: about 14 MB of Thai text at most, whatever the row count
FIRST_ROWS = 1_000  # the first batch's first rows go alone: the answer starts (and its compression) at once
# Datasets whose export query is read in spans of years, newest first (queries/<dataset>_export_years.sql counts
# each year's rows for the filters): the first span takes the newest years up to FIRST_SPAN times the first rows
# (at least the newest year), so the file starts once a few thousand rows are sorted; the others take whole
# years up to SPAN_ROWS rows, so DuckDB sorts and holds one span, not the file. A file of few rows is one
# statement (each costs about 20 ms of DuckDB at 1M figures, whatever its rows). A year with more rows than
# a span is a span of its own.
SPANNED = {"investments"}
SPAN_ROWS = 131_072
FIRST_SPAN = 8  # the first span's rows at most, in first chunks; a newest year of more gives its first rows alone
BUILD = "build_inputs"  # the column by which a spanned query says which raw files its build was made from


class Rebuilt(ExportError):
    """The warehouse was rebuilt from other raw files while a file was read span by span."""


def per_year(dataset: str, f: Filters, w: Warehouse) -> list[tuple[int, int]]:
    """[(year, rows)] of the data file of `dataset` for the filters, newest first (years without a row left out)."""
    return list(w.query_file(f"{dataset}_export_years", f.params()).select("year", "figures").iter_rows())


def spans(
    dataset: str, f: Filters, w: Warehouse, most: int | None = None, first: int | None = None
) -> list[tuple[int, int]]:
    """[(first year, last year)] of the spans the data file of `dataset` is read in, newest first, each of
    whole years: the first up to `first` rows (FIRST_SPAN first chunks; at least the newest year), the
    others up to `most` (SPAN_ROWS; a year of more is a span of its own), counted with the filters. One
    empty span when no year holds a row, so the query still gives the file's columns."""
    return _cut(per_year(dataset, f, w), most or SPAN_ROWS, first or FIRST_SPAN * FIRST_ROWS)


def _cut(counts: list[tuple[int, int]], most: int, first: int) -> list[tuple[int, int]]:
    out: list[list[int]] = []  # [newest year, oldest year, rows]
    for year, n in counts:
        if out and out[-1][2] + n <= (first if len(out) == 1 else most):
            out[-1][1], out[-1][2] = year, out[-1][2] + n
        else:
            out.append([year, year, n])
    return [(oldest, newest) for newest, oldest, _ in out] or [(1, 0)]


def record_batches(
    dataset: str, f: Filters, w: Warehouse, rows: int = BATCH_ROWS, first_rows: int = FIRST_ROWS
) -> Iterator[pa.RecordBatch]:
    """Every filtered record of `dataset` as Arrow record batches of at most `rows` rows, in the records grid's
    order: queries/<dataset>_export.sql, one statement, or one per span of years (`spans`) for the datasets
    read so; of a newest year of more than FIRST_SPAN times `first_rows` figures, its first `first_rows` rows
    are a statement of their own (DuckDB keeps the top rows rather than sort the year before the file starts).
    The first statement runs before this returns (a query that fails raises here); each of the others as the
    one before it is read out. Spans read across a rebuild must come from the same raw files: if the files
    changed, the stream stops with `Rebuilt` rather than mix two sets of records."""
    if dataset not in SPANNED:
        return w.batches(f"{dataset}_export", f.params(), rows)
    params = f.params()
    counts = per_year(dataset, f, w)
    todo = [
        {"span_from": lo, "span_to": hi} for lo, hi in _cut(counts, SPAN_ROWS, FIRST_SPAN * (first_rows or FIRST_ROWS))
    ]
    held = counts[0][1] if counts else 0  # the newest year's rows: the first span's
    if first_rows and held > FIRST_SPAN * first_rows:
        todo[:1] = [{**todo[0], "span_rows": first_rows}, {**todo[0], "span_skip": first_rows}]

    def run(span: dict) -> Iterator[pa.RecordBatch]:
        return w.batches(f"{dataset}_export", {**params, **span}, rows)

    first = run(todo[0])

    def read() -> Iterator[pa.RecordBatch]:
        made_from = None  # the raw files' fingerprint of the build the first rows came from
        for i, span in enumerate(todo):
            for batch in first if i == 0 else run(span):
                if batch.num_rows:
                    build = batch.column(BUILD)[0].as_py()
                    if made_from is not None and build != made_from:
                        raise Rebuilt(f"the warehouse was rebuilt from other raw files while the {dataset} "
                                      "file was read: take the file again")  # fmt: skip
                    made_from = build
                yield batch.drop_columns([BUILD])

    return read()


def csv_chunks(
    dataset: str, f: Filters, w: Warehouse, rows: int = BATCH_ROWS, first_rows: int = FIRST_ROWS
) -> Iterator[bytes]:
    """The CSV of every filtered record, batch by batch: the byte-order mark and header first, then each
    batch of DuckDB's answer (`record_batches`: in the records grid's order) as the grid shows it (`table`),
    written by the same function as every data file (`csv_bytes`), its header left off after the first.
    The bytes are those of `csv_bytes(table(records(...)))`; memory holds one batch (and DuckDB one span).
    The first statement runs before this returns, so a query that fails raises here."""
    if dataset not in IDS:
        raise ExportError(f"unknown dataset {dataset!r}: the datasets are {', '.join(IDS)}")
    names = [(key, w.query(sql, name=f"{key} names")) for key, sql in NAMED.get(dataset, [])]
    batches = record_batches(dataset, f, w, rows, first_rows)

    def framed(batch) -> pl.DataFrame:
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)  # a record batch is a frame, never a single column
        for key, known in names:
            frame = frame.join(known, on=key, how="left", maintain_order="left")
        return frame

    def chunks() -> Iterator[bytes]:
        first = next(batches)
        opening = csv_bytes(table(dataset, framed(first.slice(0, first_rows)), f))
        head = opening[: opening.index(b"\n") + 1]  # the mark and the header row (no header holds a line break)
        yield opening
        for batch in itertools.chain([first.slice(first_rows)], batches):
            if not batch.num_rows:
                continue
            body = csv_bytes(table(dataset, framed(batch), f))
            if body[: len(head)] != head:
                raise ExportError(f"a batch of the {dataset} file came with another header than the first")
            yield body[len(head) :]

    return chunks()


def csv(dataset: str, f: Filters) -> bytes:
    return b"".join(csv_chunks(dataset, f, context.get().warehouse))


def xlsx(dataset: str, f: Filters, w: Warehouse, prov: Provenance, words: list[tuple[str, str]]) -> bytes:
    lang = f.lang
    frame = records(dataset, f)
    data = table(dataset, frame, f)
    if data.height > EXCEL_ROWS:
        raise ExportError(
            f"{data.height:,} {dataset} match these filters; a worksheet holds {EXCEL_ROWS:,}: "
            "narrow the filters or take the CSV"
        )
    buf = io.BytesIO()
    wb = workbook(buf)
    bold = wb.add_format({"bold": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    about = wb.add_worksheet(t("export.about", lang))
    about.set_column(0, 0, 28, bold)
    about.set_column(1, 1, 100, wrap)
    rows = [
        (t("app.title", lang), t(f"dataset.{dataset}", lang)),
        *words,
        (t("export.source_short", lang), prov.source),
        (t("data.as_of", lang), prov.as_of),
        (t("export.synthetic", lang), t("export.yes" if prov.synthetic else "export.no", lang)),
        (t("export.rows", lang), data.height),
        (t("xlsx.dates", lang), t("xlsx.dates_text", lang, era=year_label(f.era, lang))),
        *([(t("xlsx.dates", lang), t("xlsx.dates_ce", lang))] if lang != "th" and f.era == "be" else []),
        (t("export.view", lang), prov.link),
        (t("export.prepared_label", lang), prov.prepared),
    ]
    for i, (what, which) in enumerate(rows):
        about.write(i, 0, what, bold)
        about.write(i, 1, which)
    about.activate()
    plain = {t("xlsx.year", lang, era=year_label(f.era, lang)), t("xlsx.month", lang), t("col.year", lang)}
    numbers = {name: "0" if name in plain else "#,##0" if dtype == pl.Int64 else "#,##0.00"
               for name, dtype in data.schema.items() if dtype in (pl.Int64, pl.Int32, pl.Float64)}  # fmt: skip
    write_table(wb, t("export.data", lang), data, numbers, date_format(lang, f.era), day_dates(dataset, frame, f))
    wb.close()
    return buf.getvalue()
