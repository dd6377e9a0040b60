"""A query's answer as JSON-safe values, CSV (UTF-8 with a byte-order mark, so Excel shows Thai)
and XLSX: the same rows for /api/sql, the SQL page's grid and its downloads.

Text is never a formula (OWASP's advice on CSV injection): in CSV a text cell that a spreadsheet
would read as a formula (its first character = + - @, a tab or a carriage return) gets an
apostrophe in front, which spreadsheets read as "this is text"; numbers stay numbers, so -5 from
an INTEGER column is written as it is and '-5 from a VARCHAR one. In XLSX text is written as a
string cell, which no spreadsheet evaluates, exactly as it is (an apostrophe there would be part
of the value), with Excel's quote-prefix style on such cells so that editing one keeps it text;
never as a formula, a link or a number. The data exports (dashboard/export/) use the same rules.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import uuid
from decimal import Decimal

BOM = "\ufeff"
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")  # first characters a spreadsheet reads as a formula
# xlsxwriter turns strings that look like formulas, links or numbers into them unless told not to.
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def neutral(text: str) -> str:
    """A text cell for CSV: an apostrophe before a first character that would start a formula."""
    return "'" + text if text.startswith(FORMULA_LEAD) else text


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_LEAD)


def json_safe(value):
    """A DuckDB value -> what json.dumps writes and a reader expects: dates and times as ISO
    strings, DECIMAL as a number, NaN and infinities as null, lists, structs and maps as
    JSON arrays and objects, BLOBs as hex."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    return str(value)


def cell_text(value) -> str:
    """A JSON-safe value as text: null empty, lists and objects as JSON (the grid's and XLSX's cell)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def csv_cell(value) -> str:
    """A JSON-safe value as one CSV cell: numbers and booleans as they are, text neutralised."""
    if value is None or isinstance(value, bool | int | float):
        return cell_text(value)
    return neutral(cell_text(value))


def to_csv(columns: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    w = csv.writer(out)
    w.writerow([neutral(c) for c in columns])
    w.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


def to_xlsx(
    columns: list[str],
    rows: list[list],
    about: list[tuple[str, str]],
    sheet: str = "result",
    about_sheet: str = "about",
) -> bytes:
    """One sheet of rows (header bold and frozen, autofilter), one sheet `about` of (label, value)
    lines: the SQL, the time, whether rows were cut. Text is written as text, never as a formula."""
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, **WORKBOOK_OPTIONS})
    bold = book.add_format({"bold": True})
    text = book.add_format({"quote_prefix": True})
    ws = book.add_worksheet(sheet[:31])
    for j, name in enumerate(columns):
        ws.write_string(0, j, name, bold)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                ws.write_boolean(i, j, value)
            elif isinstance(value, int | float):
                ws.write_number(i, j, value)
            else:
                s = cell_text(value)
                ws.write_string(i, j, s, text if is_formula_like(s) else None)
    ws.freeze_panes(1, 0)
    if columns:
        ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    info = book.add_worksheet(about_sheet[:31])
    for i, (label, value) in enumerate(about):
        info.write_string(i, 0, label, bold)
        info.write_string(i, 1, value)
    info.set_column(0, 0, 24)
    info.set_column(1, 1, 100)
    book.close()
    return buf.getvalue()
