"""Browse without SQL: the tables and views of the warehouse as pages whose whole state is the URL
(the pages are dashboard/pages/browse.py; this module reads the URL, writes the SQL and runs it).

    /sql/browse                      every table and view, its comment and row count
    /sql/browse/investments?stage=approval&year_ce__gte=2015&_sort_desc=value_thb_million&_page=2&lang=en
    /sql/browse/investments.csv?...  the filtered rows as CSV (or .xlsx), up to the SQL row cap

- a column filter is `<column>=<value>` (equality; one column given twice: any of the values) or
  `<column>__<op>=<value>` with op `exact`, `not`, `gt`, `gte`, `lt`, `lte`, `contains` (text, case
  blind), `isblank`, `notblank` (NULL or only spaces), `isnull`, `notnull` (the last four take `1`);
  a value is read as the column's type (a whole number in the type's range, a decimal number, a date
  `YYYY-MM-DD` whose year from 2400 is Buddhist era, true/false, text; Thai digits are read too);
- `_sort=<column>` or `_sort_desc=<column>` (NULLs last), then every column as a tie-break, so pages
  never overlap; without it the rows are in the order of all their columns (ORDER BY ALL);
  `_page` (from 1) and `_size` (rows a page, 10 to 500);
- `lang` and `era` as on every page; a column of the same name is filtered as `lang__exact=...`; the
  keys of the dashboard's filter bar that other pages' links carry (`period`, `year_from`, ...) are
  left aside unless the table has such a column;
- facets: the columns with 2 to FACET_MAX distinct values in the whole table or view (DuckDB's
  estimate, kept per load), each value with its count among the filtered rows.

Every statement runs in the SQL worker through `SqlRunner.run`, as the SQL page's do: the same checks
(dashboard/sql/guard.py), read-only connection, time limit, row cap, turns per user and audit trail.
The worker takes SQL text only (no bound parameters: its check refuses `$name`), so the statement shown
is the statement run and opens as it is in the SQL editor. Identifiers come from the warehouse's
catalogue, quoted; a value from the URL is first read as the column's type and written back from that
reading (a number from the number read, a date from the date), text as a string literal with its quotes
doubled (DuckDB reads no backslash escapes in such literals). What the reading refuses (an unknown
column or option, a value not of the column's type or outside its range, a control character, too
long) is refused with a message naming the parameter and the value, and nothing runs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode

from dashboard import context
from dashboard.i18n import t

PATH = "/sql/browse"
SCHEMA_SQL = Path(__file__).resolve().parent / "sql" / "schema.sql"
FACET_MAX = 30  # a column with at most this many distinct values (and at least 2) gets facet counts
FACETS_SHOWN = 8  # at most this many facets, in column order
SIZE_DEFAULT, SIZE_MIN, SIZE_MAX = 50, 10, 500
PAGE_MAX = 10_000_000
DEPTH = 10_000  # rows the pages reach by default (the SQL row cap, sql_row_cap)
DEEP = 1_000  # from this offset a sorted table's page sorts its rowids first, then reads the page's rows
FILTERS_MAX = 20
VALUE_MAX = 500  # characters of one filter value
OPS = ("exact", "not", "gt", "gte", "lt", "lte", "contains", "isblank", "notblank", "isnull", "notnull")
FLAG_OPS = ("isblank", "notblank", "isnull", "notnull")
COMPARE = {"exact": "=", "not": "IS DISTINCT FROM", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
VIEW_KEYS = ("lang", "era")
# Keys of the dashboard's filter bar that other pages' links carry: not columns here, so left aside.
BAR_KEYS = ("year_from", "year_to", "sector", "country", "partner", "level", "stage", "period", "drill")
# The add-a-filter and sort forms (plain GET forms) send these; the server answers with the URL they mean.
FORM_KEYS = ("_filter_column", "_filter_op", "_filter_value", "_sort_by", "_sort_dir")
INTEGER_RANGES = {
    "TINYINT": (-(2**7), 2**7 - 1), "SMALLINT": (-(2**15), 2**15 - 1), "INTEGER": (-(2**31), 2**31 - 1),
    "BIGINT": (-(2**63), 2**63 - 1), "HUGEINT": (-(2**127), 2**127 - 1), "UTINYINT": (0, 2**8 - 1),
    "USMALLINT": (0, 2**16 - 1), "UINTEGER": (0, 2**32 - 1), "UBIGINT": (0, 2**64 - 1), "UHUGEINT": (0, 2**128 - 1),
}  # fmt: skip
FLOATS = ("FLOAT", "DOUBLE", "REAL")
NESTED = re.compile(r"\[\d*\]$|^(STRUCT|MAP|UNION)\(")
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
BE_OFFSET = 543


# -- the catalogue ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    comment: str

    @property
    def family(self) -> str:
        """int, decimal, float, date, timestamp, timestamptz, bool, text or other (compared as text)."""
        typ = self.type.upper()
        if typ in INTEGER_RANGES:
            return "int"
        if typ.startswith("DECIMAL"):
            return "decimal"
        if typ in FLOATS:
            return "float"
        if typ == "DATE":
            return "date"
        if typ in ("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"):
            return "timestamptz"
        if typ.startswith("TIMESTAMP"):
            return "timestamp"
        if typ == "BOOLEAN":
            return "bool"
        if typ == "VARCHAR":
            return "text"
        return "other"

    @property
    def nested(self) -> bool:
        return bool(NESTED.search(self.type.upper()))

    @property
    def numeric(self) -> bool:
        return self.family in ("int", "decimal", "float")


@dataclass(frozen=True)
class Relation:
    name: str
    kind: str  # table or view
    comment: str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def catalogue(w) -> dict[str, Relation]:
    """Every table and view of the warehouse, in the SQL page's order (views first), with its columns;
    cached by the warehouse with its version."""
    frame = w.query(SCHEMA_SQL.read_text(encoding="utf-8"), name="warehouse schema")
    out: dict[str, Relation] = {}
    for (name, kind, comment), cols in frame.group_by(["name", "kind", "comment"], maintain_order=True):
        columns = tuple(
            Column(c["column_name"], c["data_type"], c["column_comment"] or "") for c in cols.iter_rows(named=True)
        )
        out[name] = Relation(name, kind, comment or "", columns)
    return out


# -- the URL -> what to show ------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A part of the URL that is refused: the message key (browse_bad_*), the parameter and its value."""

    key: str
    param: str
    value: str
    more: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str) -> str:
        return t(self.key, lang, param=shown(self.param)[1:-1], value=shown(self.value), **dict(self.more))


@dataclass(frozen=True)
class Filter:
    column: Column
    op: str  # one of OPS ("exact" for a bare column=value)
    values: tuple  # read values (one; several for equality on one column: any of them)
    texts: tuple[str, ...]  # as written in the URL, for links and chips
    bare: bool = False  # written as column=value


@dataclass(frozen=True)
class Browse:
    relation: Relation
    filters: tuple[Filter, ...] = ()
    sort: Column | None = None
    desc: bool = False
    page: int = 1
    size: int = SIZE_DEFAULT
    problems: tuple[Problem, ...] = ()

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def pairs(self, **changes) -> list[tuple[str, str]]:
        """The URL's pairs of this view (the filters as written), with changes: filters=..., sort, desc, page."""
        b = replace(self, **changes)
        out: list[tuple[str, str]] = []
        for f in b.filters:
            key = f.column.name if f.bare else f"{f.column.name}__{f.op}"
            out += [(key, text) for text in f.texts]
        if b.sort is not None:
            out.append(("_sort_desc" if b.desc else "_sort", b.sort.name))
        if b.size != SIZE_DEFAULT:
            out.append(("_size", str(b.size)))
        if b.page != 1:
            out.append(("_page", str(b.page)))
        return out


def shown(value: str, limit: int = 80) -> str:
    """A value from the URL as a message quotes it, in quotes: what is not printable as an escape, long ones cut."""
    text = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value)
    text = text if len(text) <= limit else text[:limit] + "…"
    return "'" + text.replace("'", "\\'") + "'"


def split_key(key: str, relation: Relation) -> tuple[Column | None, str | None, bool]:
    """`col` or `col__op` -> (column, op, bare). A column whose own name holds `__` is found whole first."""
    col = relation.column(key)
    if col is not None:
        return col, "exact", True
    name, sep, op = key.rpartition("__")
    if sep and name:
        return relation.column(name), op, False
    return None, None, True


def parse(relation: Relation, pairs: list[tuple[str, str]], depth: int = DEPTH) -> Browse:
    """The URL's (key, value) pairs, in order -> a Browse; what is refused is in `problems`. Pages reach the
    first `depth` rows (a deep OFFSET sorts that many rows first: the SQL row cap is the page's too)."""
    problems: list[Problem] = []
    grouped: dict[tuple[str, str], list[tuple[object, str]]] = {}
    bare_of: dict[tuple[str, str], bool] = {}
    sort, desc, page, size = None, False, 1, SIZE_DEFAULT
    seen_sort = False
    for key, value in pairs:
        if key in VIEW_KEYS or (key in BAR_KEYS and relation.column(key) is None):
            continue
        if key.startswith("_") and relation.column(key) is None:
            if key in ("_sort", "_sort_desc"):
                col = relation.column(value)
                if seen_sort:
                    problems.append(Problem("browse_bad_sort_twice", key, value))
                elif col is None:
                    problems.append(Problem("browse_bad_column", key, value, (("name", relation.name),)))
                else:
                    sort, desc = col, key == "_sort_desc"
                seen_sort = True
            elif key == "_page":
                page = _count(key, value, 1, PAGE_MAX, problems) or page
            elif key == "_size":
                size = _count(key, value, SIZE_MIN, SIZE_MAX, problems) or size
            else:
                problems.append(Problem("browse_bad_option", key, value))
            continue
        col, op, bare = split_key(key, relation)
        if col is None:
            problems.append(Problem("browse_bad_column", key, value, (("name", relation.name),)))
            continue
        if op not in OPS:
            problems.append(Problem("browse_bad_op", key, value, (("ops", ", ".join(OPS)),)))
            continue
        read = read_value(col, op, value)
        if isinstance(read, Problem):
            problems.append(replace(read, param=key))
            continue
        grouped.setdefault((col.name, op), []).append((read, value))
        bare_of[(col.name, op)] = bare_of.get((col.name, op), True) and bare
    filters = []
    for (name, op), items in grouped.items():
        col = relation.column(name)
        assert col is not None  # the names grouped are the relation's own
        if op != "exact" and len(items) > 1:  # two bounds of one kind: both hold, so each is a filter
            filters += [Filter(col, op, (v,), (s,), bare_of[(name, op)]) for v, s in items]
        else:
            filters.append(Filter(col, op, tuple(v for v, _ in items), tuple(s for _, s in items), bare_of[(name, op)]))
    if len(filters) > FILTERS_MAX:
        problems.append(Problem("browse_bad_too_many", "", str(len(filters)), (("n", str(FILTERS_MAX)),)))
    if (page - 1) * size >= depth:
        problems.append(Problem("browse_bad_deep", "_page", str(page), (("n", f"{depth:,}"),)))
    return Browse(relation, tuple(filters), sort, desc, page, size, tuple(problems))


def _count(key: str, value: str, low: int, high: int, problems: list) -> int | None:
    text = value.strip().translate(THAI_DIGITS)
    if not text.isascii() or not text.isdigit() or len(text) > 12 or not low <= int(text) <= high:
        problems.append(Problem("browse_bad_count", key, value, (("low", str(low)), ("high", f"{high:,}"))))
        return None
    return int(text)


def read_value(col: Column, op: str, text: str):
    """The URL's text as a value of the column's type (int, Decimal, float, date, datetime, bool or str),
    True for the flag operators, or a Problem saying what was expected."""
    if len(text) > VALUE_MAX:
        return Problem("browse_bad_long", "", text, (("n", str(VALUE_MAX)),))
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        return Problem("browse_bad_control", "", text)
    if op in FLAG_OPS:
        if text.strip().lower() in ("", "1", "true", "yes"):
            return True
        return Problem("browse_bad_flag", "", text)
    if op == "contains" or (col.family in ("text", "other")) or col.nested:
        return text
    clean = text.strip().translate(THAI_DIGITS)
    family = col.family
    if family == "int":
        low, high = INTEGER_RANGES[col.type.upper()]
        if not re.fullmatch(r"[+-]?[0-9]{1,45}", clean):
            return Problem("browse_bad_int", "", text, (("type", col.type),))
        n = int(clean)
        if not low <= n <= high:
            return Problem(
                "browse_bad_range", "", text, (("type", col.type), ("low", f"{low:,}"), ("high", f"{high:,}"))
            )
        return n
    if family in ("decimal", "float"):
        if not re.fullmatch(r"[+-]?(?:[0-9]{1,40}(?:\.[0-9]{0,40})?|\.[0-9]{1,40})(?:[eE][+-]?[0-9]{1,3})?", clean):
            return Problem("browse_bad_number", "", text, (("type", col.type),))
        try:
            d = Decimal(clean)
        except InvalidOperation:
            return Problem("browse_bad_number", "", text, (("type", col.type),))
        limit = Decimal("1e300") if family == "float" else Decimal(10) ** decimal_digits(col.type)
        if not d.is_finite() or abs(d) >= limit:
            return Problem(
                "browse_bad_range", "", text, (("type", col.type), ("low", f"-{limit:.0E}"), ("high", f"{limit:.0E}"))
            )
        return float(d) if family == "float" else d
    if family == "bool":
        v = clean.lower()
        if v in ("true", "1", "yes", "t", "จริง", "ใช่"):
            return True
        if v in ("false", "0", "no", "f", "เท็จ", "ไม่ใช่"):
            return False
        return Problem("browse_bad_bool", "", text)
    if family == "date":
        m = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", clean)
        try:
            if not m:
                raise ValueError
            y, mo, day = (int(x) for x in m.groups())
            return dt.date(y - BE_OFFSET if y >= 2400 else y, mo, day)
        except ValueError:
            return Problem("browse_bad_date", "", text)
    # timestamps
    m = re.fullmatch(r"([0-9]{4})(-.*)", clean)
    try:
        if not m:
            raise ValueError
        y = int(m.group(1))
        moment = dt.datetime.fromisoformat(f"{y - BE_OFFSET if y >= 2400 else y:04d}{m.group(2)}")
    except ValueError:
        return Problem("browse_bad_timestamp", "", text)
    return moment


def decimal_digits(typ: str) -> int:
    """Digits before the point a DECIMAL(p,s) holds (p - s); DECIMAL alone is DECIMAL(18,3)."""
    m = re.search(r"\((\d+)\s*,\s*(\d+)\)", typ)
    return int(m.group(1)) - int(m.group(2)) if m else 15


# -- what to show -> SQL ----------------------------------------------------------------------------


def ident(name: str) -> str:
    """An identifier in double quotes, a double quote in it doubled."""
    return '"' + name.replace('"', '""') + '"'


def text_literal(text: str) -> str:
    """A DuckDB string literal: quotes doubled (DuckDB's plain literals read no backslash escapes)."""
    return "'" + text.replace("'", "''") + "'"


def literal(col: Column, value) -> str:
    """A value read by `read_value` written as SQL: only from its reading, never the URL's text (but text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "NULL"
    if isinstance(value, dt.datetime):
        kind = "TIMESTAMPTZ" if col.family == "timestamptz" else "TIMESTAMP"
        return f"{kind} {text_literal(value.isoformat(sep=' '))}"
    if isinstance(value, dt.date):
        return f"DATE {text_literal(value.isoformat())}"
    return text_literal(str(value))


def compared(col: Column) -> str:
    """The column as a filter compares it: as text when its type is not one values are read as."""
    return ident(col.name) if col.family != "other" and not col.nested else f"CAST({ident(col.name)} AS VARCHAR)"


def condition(f: Filter) -> str:
    col, name = f.column, ident(f.column.name)
    text = col.family == "text"
    if f.op == "isnull":
        return f"{name} IS NULL"
    if f.op == "notnull":
        return f"{name} IS NOT NULL"
    if f.op == "isblank":
        return f"({name} IS NULL OR trim({name}) = '')" if text else f"{name} IS NULL"
    if f.op == "notblank":
        return f"({name} IS NOT NULL AND trim({name}) <> '')" if text else f"{name} IS NOT NULL"
    if f.op == "contains":
        inner = name if text else f"CAST({name} AS VARCHAR)"
        return f"contains(lower({inner}), lower({text_literal(f.values[0])}))"
    if f.op == "exact" and len(f.values) > 1:
        return f"{compared(col)} IN ({', '.join(literal(col, v) for v in f.values)})"
    return f"{compared(col)} {COMPARE[f.op]} {literal(col, f.values[0])}"


def where(b: Browse) -> str:
    if not b.filters:
        return ""
    return "WHERE " + "\n  AND ".join(condition(f) for f in b.filters)


def rows_sql(b: Browse, paged: bool = True) -> str:
    """The statement whose rows the page shows (paged) or the download holds (not paged). The tie-break that
    keeps pages apart is a table's rowid (its stored order), and for a view every column in order."""
    tie = "rowid" if b.relation.kind == "table" and b.relation.column("rowid") is None else None
    if b.sort:
        order = f"ORDER BY {ident(b.sort.name)} {'DESC' if b.desc else 'ASC'} NULLS LAST, {tie or 'COLUMNS(*)'}"
    else:
        order = f"ORDER BY {tie or 'ALL'}"
    lines = ["SELECT *", f"FROM {ident(b.relation.name)}", where(b), order]
    if paged:
        lines.append(f"LIMIT {b.size} OFFSET {b.offset}")
    if paged and tie and b.sort and b.offset >= DEEP:
        # A deep page of a table: the rowids are sorted first (a narrow sort), then only the page's rows read.
        inner = "\n    ".join(["SELECT rowid", *lines[1:]]).replace("\n  AND", "\n      AND")
        lines = ["SELECT *", f"FROM {ident(b.relation.name)}", f"WHERE rowid IN (\n    {inner}\n)", order]
    return "\n".join(line for line in lines if line)


def stats_sql(b: Browse, facets: list[Column]) -> str:
    """One statement: the filtered rows' count (facet -1), then each facet column's values (as text) with
    their counts among them (facet = the column's index in `facets`)."""
    body = f"SELECT * FROM {ident(b.relation.name)}" + (
        ("\n    " + where(b).replace("\n", "\n    ")) if b.filters else ""
    )
    parts = ["SELECT -1 AS facet, NULL::VARCHAR AS value, count(*) AS n FROM filtered"]
    parts += [
        f"SELECT {i}, CAST({ident(c.name)} AS VARCHAR), count(*) FROM filtered GROUP BY ALL"
        for i, c in enumerate(facets)
    ]
    return f"WITH filtered AS (\n    {body}\n)\n" + "\nUNION ALL\n".join(parts)


def distinct_sql(relation: Relation) -> str:
    cols = [c for c in relation.columns if not c.nested]
    items = ", ".join(f"approx_count_distinct({ident(c.name)}) AS {ident(c.name)}" for c in cols)
    return f"SELECT count(*) AS rows, {items} FROM {ident(relation.name)}" if items else "SELECT 0 AS rows"


def counts_sql(names: list[str]) -> str:
    return "\nUNION ALL\n".join(f"SELECT {i} AS i, count(*) AS n FROM {ident(n)}" for i, n in enumerate(names))


# -- running ----------------------------------------------------------------------------------------


class Busy(Exception):
    """The SQL worker refused or failed a statement (the message is DuckDB's or the runner's); `status` is
    the HTTP status to answer with (503: busy, try again)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


_cache: dict[tuple, object] = {}
_cache_lock = threading.Lock()


def run(sql: str, what: str):
    """One statement in the SQL worker, in the asking user's turn, into the audit trail."""
    from dashboard.auth import audit_record
    from dashboard.sql.api import runner, who
    from dashboard.sql.runner import SqlError

    start = time.perf_counter()
    try:
        result = runner().run(sql, who=who())
    except SqlError as e:
        audit_record("sql", outcome="error", source=f"browse {what}", sql=sql[:4000], error=str(e)[:1000],
                     ms=round((time.perf_counter() - start) * 1000, 1))  # fmt: skip
        raise Busy(str(e), e.status) from None
    audit_record("sql", outcome="ok", source=f"browse {what}", sql=sql[:4000], rows=len(result.rows),
                 ms=result.elapsed_ms)  # fmt: skip
    return result


def cached(key: tuple, make):
    """A value kept per warehouse version (counts and distinct counts change only with a new load)."""
    w = context.get().warehouse
    full = (w.path, w.version, *key)
    with _cache_lock:
        if full in _cache:
            return _cache[full]
    value = make()
    with _cache_lock:
        if len(_cache) > 512:
            _cache.clear()
        _cache[full] = value
    return value


def row_counts(relations: list[Relation]) -> dict[str, int]:
    names = [r.name for r in relations]
    result = cached(("counts", tuple(names)), lambda: run(counts_sql(names), "row counts"))
    return {names[i]: n for i, n in result.rows}


def facet_columns(relation: Relation) -> list[Column]:
    """The columns with 2 to FACET_MAX distinct values in the whole table or view (DuckDB's estimate), fewer
    than its rows."""
    result = cached(("distinct", relation.name), lambda: run(distinct_sql(relation), "distinct counts"))
    first = result.rows[0] if result.rows else [0]
    rows, counts = first[0] or 0, dict(zip(result.columns[1:], first[1:], strict=True))
    # Some value repeats (fewer values than rows: not an id), and few enough to list.
    picked = [
        c for c in relation.columns if not c.nested and 2 <= (counts.get(c.name) or 0) <= min(FACET_MAX, rows - 1)
    ]
    return picked[:FACETS_SHOWN]


@dataclass
class Answer:
    browse: Browse
    columns: list[Column]
    rows: list[list]
    count: int
    facets: list[tuple[Column, list[tuple[str | None, int]]]] = field(default_factory=list)
    sql: str = ""
    facets_sql: str = ""  # the statement of the count and the facets
    ms: int = 0


def answer(b: Browse) -> Answer:
    """The page's rows, the filtered count and the facet counts: two statements (three the first time a
    table is opened after a load)."""
    start = time.perf_counter()
    facets = facet_columns(b.relation)
    sql = rows_sql(b)
    rows = run(sql, "rows")
    counting = stats_sql(b, facets)
    stats = run(counting, "counts")
    count = next((n for i, _v, n in stats.rows if i == -1), 0)
    by: dict[int, list] = {}
    for i, value, n in stats.rows:
        if i >= 0:
            by.setdefault(i, []).append((value, n))
    out = [(c, sorted(by.get(i, []), key=lambda vn: (-vn[1], vn[0] is None, str(vn[0])))) for i, c in enumerate(facets)]
    columns = [
        b.relation.column(name) or Column(name, typ, "") for name, typ in zip(rows.columns, rows.types, strict=True)
    ]
    ms = round((time.perf_counter() - start) * 1000)
    return Answer(b, columns, rows.rows, count, out, sql, counting, ms)


# -- the URL's own form, the 404, the downloads ---------------------------------------------------


def name_of(path: str) -> str:
    """The table or view a path names: what follows /sql/browse/, percent-decoded."""
    rest = path.split(PATH + "/", 1)[1] if path.startswith(PATH + "/") else ""
    return unquote(rest.strip("/"))


def from_forms(pairs: list[tuple[str, str]]) -> list[tuple[str, str]] | None:
    """The pairs the add-a-filter and sort forms mean (their fields replaced by `col__op=value` and
    `_sort[_desc]=col`); None when no form field is there."""
    form = {k: v for k, v in pairs if k in FORM_KEYS}
    if not form:
        return None
    out = [(k, v) for k, v in pairs if k not in FORM_KEYS]
    column, op = form.get("_filter_column", "").strip(), form.get("_filter_op", "exact").strip() or "exact"
    if column:
        value = "1" if op in FLAG_OPS else form.get("_filter_value", "")
        out.append((column if op == "exact" else f"{column}__{op}", value))
    if "_sort_by" in form:
        out = [(k, v) for k, v in out if k not in ("_sort", "_sort_desc", "_page")]
        if form["_sort_by"]:
            out.append(("_sort_desc" if form.get("_sort_dir") == "desc" else "_sort", form["_sort_by"]))
    return [(k, v) for k, v in out if k != "_page"]


def register_browse_routes(app) -> None:
    """On the app's server, after the sign-in check: a path naming no table or view is a 404 (the page
    itself, which says so), the forms' fields become the URL they mean (303), and the downloads."""
    from flask import Response, redirect, request

    from dashboard.db import WarehouseError

    server = app.server

    @server.before_request
    def browse_paths():
        path = request.path
        if request.method not in ("GET", "HEAD") or not path.startswith(PATH + "/"):
            return None
        try:
            relations = catalogue(context.get().warehouse)
        except WarehouseError:
            return None  # the page says what is wrong with the warehouse
        name = name_of(path)
        if path.endswith(DOWNLOADS):  # a download of a table or view (its own route), else no page at all
            base = name.rsplit(".", 1)[0]
            return (
                None
                if base in relations and "/" not in base
                else plain(t("browse_not_found", "en", name=shown(base)), 404)
            )
        if not name:  # only slashes after /sql/browse/: the list of tables and views, as the page draws it
            return None
        if name not in relations:
            return app.index(), 404
        pairs = parse_qsl(request.query_string.decode("utf-8", "replace"), keep_blank_values=True)
        canonical = from_forms(pairs)
        if canonical is not None:
            return redirect(f"{PATH}/{quote(name, safe='')}?{urlencode(canonical)}", 303)
        return None

    def download(name: str, kind: str):
        from dashboard.auth import audit_record
        from dashboard.sql.results import to_csv, to_xlsx

        pairs = parse_qsl(request.query_string.decode("utf-8", "replace"), keep_blank_values=True)
        lang = next((v for k, v in pairs if k == "lang" and v in ("th", "en")), context.get().settings.lang)
        relation = catalogue(context.get().warehouse).get(name)
        if relation is None:
            return plain(t("browse_not_found", lang, name=shown(name)), 404)
        b = parse(relation, pairs, context.get().settings.sql_row_cap)
        if b.problems:
            return plain(" ".join(p.text(lang) for p in b.problems), 400)
        sql = rows_sql(b, paged=False)
        try:
            result = run(sql, f"download {kind}")
        except Busy as e:
            return plain(t("browse_error", lang, error=str(e)), e.status)
        headers = {"X-Truncated": "true" if result.truncated else "false", "X-Row-Count": str(len(result.rows)),
                   "Cache-Control": "no-store", "Content-Disposition": f'attachment; filename="{relation.name}.{kind}"'}  # fmt: skip
        if kind == "csv":
            body, mime = to_csv(result.columns, result.rows), "text/csv; charset=utf-8"
        else:
            truncated = t(f"sql.about.truncated_{'yes' if result.truncated else 'no'}", lang)
            about = [(t("sql.about.sql", lang), sql), (t("sql.about.rows", lang), str(len(result.rows))),
                     (t("sql.about.truncated", lang), truncated),
                     (t("sql.about.as_of", lang), context.get().warehouse.meta.get("data_as_of", ""))]  # fmt: skip
            body = to_xlsx(
                result.columns, result.rows, about, sheet=relation.name[:31], about_sheet=t("sql.sheet.about", lang)
            )
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        audit_record("export", outcome="ok", path=request.full_path.rstrip("?"), status=200, bytes=len(body),
                     rows=len(result.rows), sql=sql[:4000])  # fmt: skip
        return Response(body, content_type=mime, headers=headers)

    server.add_url_rule(PATH + "/<name>.csv", "browse_csv", lambda name: download(name, "csv"))
    server.add_url_rule(PATH + "/<name>.xlsx", "browse_xlsx", lambda name: download(name, "xlsx"))


DOWNLOADS = (".csv", ".xlsx")


def plain(message: str, status: int):
    from flask import Response

    return Response(" ".join(message.split()) + "\n", status=status, content_type="text/plain; charset=utf-8",
                    headers={"Cache-Control": "no-store"})  # fmt: skip
