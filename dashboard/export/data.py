"""The filtered records as data files: CSV (UTF-8 with BOM, so Excel reads Thai) and XLSX.

The rows are those of the page's records grid, without its row limit: the
same query (`queries/<dataset>_records.sql` via dashboard/drill.py) and the
same columns, headers and text in the view's language and era, with an id
column first. Numbers stay numbers. Dates are written to their precision, as
on the screen ("ก.ค. 2561" for a month): a date known only to its month
is never padded into a false day.

The XLSX has a first sheet about the data (the filters in words, the source,
the data as-of, whether the data are synthetic, the row count and the view's
link), then the records.

Text is data, never a formula or a link: a CSV text cell that would start a
formula gets an apostrophe in front; an XLSX cell holds the text as a string
(dashboard/export/__init__.py: csv_bytes, workbook, text_cells).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import polars as pl

from dashboard import drill
from dashboard.db import Warehouse
from dashboard.export import ExportError, Provenance, csv_bytes, text_cells, workbook
from dashboard.filters import Filters
from dashboard.i18n import fmt_date, fmt_period, t

FORMATS = ("csv", "xlsx")
IDS = {"agreements": "agreement_id", "delegations": "delegation_id", "investments": "record_id"}
EXCEL_ROWS = 1_048_575  # a worksheet's rows, less the header


def records(dataset: str, f: Filters) -> pl.DataFrame:
    """Every record for the filters (the records grid's query, no limit)."""
    if dataset not in IDS:
        raise ExportError(f"unknown dataset {dataset!r}: the datasets are {', '.join(IDS)}")
    return drill.records(dataset, f, {}, limit=None)


def _mapped(frame: pl.DataFrame, cols: list[str], fn: Callable) -> pl.Series:
    """fn(*row) for each row of `cols`, computed once per distinct row: the screen's own formatting, vectorised."""
    keys = frame.select(cols).unique(maintain_order=True)
    keys = keys.with_columns(pl.Series("_text", [fn(*r) for r in keys.iter_rows()], dtype=pl.String))
    return frame.select(cols).join(keys, on=cols, how="left", nulls_equal=True, maintain_order="left")["_text"]


def table(dataset: str, frame: pl.DataFrame, f: Filters) -> pl.DataFrame:
    """The records as the grid shows them (headers in the view's language), typed for a data file."""
    lang, era = f.lang, f.era
    side = "th" if lang == "th" else "en"
    cols: dict[str, pl.Series | pl.Expr] = {t("col.id", lang): frame[IDS[dataset]]}
    for key, header, how in drill.COLUMNS[dataset]:
        if how.startswith("date:"):
            p = how.split(":")[1]
            value = _mapped(
                frame,
                [f"{p}_year", f"{p}_month", f"{p}_date", f"{p}_precision"],
                lambda y, m, d, prec: fmt_date(y, m, d, prec, lang, era) if prec else None,
            )
        elif how.startswith("enum:"):
            kind = how.split(":")[1]
            value = _mapped(frame, [key], lambda v, kind=kind: drill.enum_text(kind, v, lang) if v is not None
                            or kind in drill.STATUS_KINDS else None)  # fmt: skip
        elif how == "partner":
            value = frame.select(pl.coalesce(f"partner_{side}", "partner_en"))
        elif how == "title":
            value = frame.select(pl.coalesce(f"title_{side}", "title_en", "title_th"))
        elif how == "sector":
            value = frame.select(pl.coalesce(f"sector_{side}", "sector_en", pl.lit(t("common.all_sectors", lang))))
        elif how == "province":
            value = frame[f"province_{side}"]
        elif how == "year":
            value = frame["year"].cast(pl.Int32) + (543 if era == "be" else 0)
        elif how == "period":
            value = _mapped(frame, ["period"], lambda v: fmt_period(v, lang))
        elif how == "int":
            value = frame[key].cast(pl.Int64)
        elif how == "number":
            value = frame[key].cast(pl.Float64)
        else:  # text, link (the URL itself)
            value = frame[key].cast(pl.String)
        cols[t(header, lang)] = value.to_series() if isinstance(value, pl.DataFrame) else value
    return pl.DataFrame({name: s.alias(name) for name, s in cols.items()})


def csv(dataset: str, f: Filters) -> bytes:
    return csv_bytes(table(dataset, records(dataset, f), f))


def xlsx(dataset: str, f: Filters, w: Warehouse, prov: Provenance, words: list[tuple[str, str]]) -> bytes:
    lang = f.lang
    data = table(dataset, records(dataset, f), f)
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
        (t("export.view", lang), prov.link),
        (t("export.prepared_label", lang), prov.prepared),
    ]
    for i, (what, which) in enumerate(rows):
        about.write(i, 0, what, bold)
        about.write(i, 1, which)
    about.activate()
    numbers = {name: "#,##0" if dtype == pl.Int64 else "#,##0.00" for name, dtype in data.schema.items()
               if dtype in (pl.Int64, pl.Float64)}  # fmt: skip
    data.write_excel(
        workbook=wb,
        worksheet=t("export.data", lang),
        column_formats=numbers or None,
        freeze_panes=(1, 0),
        autofit=data.height <= 5000,
        table_style="Table Style Light 1",
    )
    text_cells(wb, t("export.data", lang), data)
    wb.close()
    return buf.getvalue()
