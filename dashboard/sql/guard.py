"""Which statements the SQL page and /api/sql run: one read-only query, checked by DuckDB's own parser
and binder, against allowlists.

`check(con, sql, allowed)` returns the statement to run or raises `Refused`, whose one-line message
says what was refused and why. `allowed` is `Allowed.of(con)`: what the warehouse and DuckDB offer
that reads nothing but the warehouse. `verdict(...)` also says whether the bound plan was looked at:
such a verdict holds for the same text on the same file, and the worker keeps it, so a repeated query
is not checked twice. This is the first layer of several (worker.py holds the others): DuckDB's
documentation asks to treat SQL from users like shell code, so nothing here is trusted alone.

- `con.extract_statements` splits and classifies the text: exactly one statement, of kind
  SELECT (DuckDB's kind for SELECT, WITH, VALUES, FROM-first, DESCRIBE, SHOW, SUMMARIZE) or
  EXPLAIN [ANALYZE] of such a query; COPY, ATTACH, SET, PRAGMA, CALL, CREATE ... are refused.
- `json_serialize_sql` gives the whole parse tree of the query; it is walked with the CTEs each
  part of it can see, and everything named in it must be on an allowlist:
  - relations: a table or view of the warehouse or its catalog (not the settings views), or a CTE
    visible where it is named; a quoted path like '/etc/passwd' is a file scan, refused as one;
  - table functions: TABLE_FUNCTIONS (ranges, unnest, the catalog) and the warehouse's own table
    macros (investment_marks(...): SQL over its tables);
  - functions: the warehouse's own macros, DuckDB's functions of the categories in
    SAFE_CATEGORIES (strings, lists, numbers, dates, ...) and those in SAFE_FUNCTIONS; whatever
    reads settings, files, sequences, variables or the environment, or runs SQL from a string, is
    on neither list.
- `check_plan` then asks DuckDB's binder (EXPLAIN) which operators the bound query runs: every
  scan must be of a warehouse table or an allowed table function.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass

import duckdb

MAX_SQL_CHARS = 100_000
MAX_DEPTH = 3_000  # levels of nesting in the parse tree (a deeper one is refused, not walked)
ALLOWED = "SELECT, WITH, VALUES, FROM, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN"

# Table functions that read nothing but their arguments and the catalog.
TABLE_FUNCTIONS = frozenset(
    {
        "range",
        "generate_series",
        "unnest",
        "json_each",
        "json_tree",
        "duckdb_tables",
        "duckdb_views",
        "duckdb_columns",
        "duckdb_schemas",
        "duckdb_databases",
        "duckdb_constraints",
        "duckdb_indexes",
        "duckdb_types",
        "duckdb_functions",
        "duckdb_keywords",
        "duckdb_dependencies",
        "pragma_table_info",
        "pragma_show",
    }
)
# DuckDB's function categories whose functions compute on their arguments alone.
SAFE_CATEGORIES = frozenset(
    {"string", "list", "blob", "numeric", "lambda", "regex", "array", "text_similarity", "aggregate", "date",
     "timestamp", "bitstring", "variant", "geometry"}
)  # fmt: skip
# Functions DuckDB gives no category that compute on their arguments, the rows or the clock alone.
SAFE_FUNCTIONS = frozenset(
    """
    abs acos acosh add age ago alias any_value approx_count_distinct approx_quantile approx_top_k arbitrary arg_max
    arg_max_null arg_max_nulls_last arg_min arg_min_null arg_min_nulls_last argmax argmin array_agg array_append
    array_extract array_pop_back array_pop_front array_prepend array_push_back array_push_front array_reverse
    array_to_json array_to_string array_to_string_comma_default asin asinh assert_true atan atan2 atanh avg binom
    bit_and bit_count bit_or bit_position bit_xor bitstring bitstring_agg bool_and bool_or cardinality cbrt ceil
    ceiling century col_description contains corr cos cosh cot count count_if count_star countif covar_pop covar_samp
    current_date current_localtime current_localtimestamp date_add date_diff date_part date_sub date_trunc datediff
    datepart datesub datetrunc day dayname dayofmonth dayofweek dayofyear days_in_month decade degrees divide
    element_at entropy enum_code enum_first enum_last enum_range enum_range_boundary epoch epoch_ms epoch_ns epoch_us
    equi_width_bins era error even exp factorial favg fdiv first floor fmod format_type from_json from_json_strict
    fsum gamma gcd gen_random_uuid generate_subscripts geomean geometric_mean get_bit get_current_time
    get_current_timestamp greatest_common_divisor group_concat histogram histogram_exact hour if isfinite isinf isnan
    isodow isoyear json json_array json_array_length json_contains json_deep_merge json_exists json_extract
    json_extract_path json_extract_path_text json_extract_string json_group_array json_group_object
    json_group_structure json_insert json_keys json_merge_patch json_merge_patch_diff json_normalize json_object
    json_pretty json_quote json_remove json_replace json_set json_strip_nulls json_structure json_transform
    json_transform_strict json_type json_valid json_value julian kahan_sum kurtosis kurtosis_pop last last_day lcm
    least_common_multiple lgamma list list_any_value list_append list_approx_count_distinct list_avg list_bit_and
    list_bit_or list_bit_xor list_bool_and list_bool_or list_count list_entropy list_first list_histogram
    list_kurtosis list_kurtosis_pop list_last list_mad list_max list_median list_min list_mode list_prepend
    list_product list_reverse list_sem list_skewness list_stddev_pop list_stddev_samp list_string_agg list_sum
    list_var_pop list_var_samp listagg ln log log10 log2 mad make_date make_time make_timestamp make_timestamp_ms
    make_timestamp_ns make_timestamptz map map_concat map_contains map_contains_entry map_contains_value map_entries
    map_extract map_extract_value map_from_entries map_keys map_values max max_by mean median microsecond millennium
    millisecond min min_by minute mod mode month monthname multiply nanosecond nextafter normalized_interval now
    nullif obj_description pg_typeof pi pow power product quantile quantile_cont quantile_disc quarter radians random
    regexp_split_to_table regr_avgx regr_avgy regr_count regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy
    repeat reservoir_quantile round round_even roundbankers row row_to_json second sem sign signbit sin sinh skewness
    split_part sqrt stddev stddev_pop stddev_samp strftime string_agg strptime struct_concat struct_contains
    struct_extract struct_extract_at struct_has struct_indexof struct_insert struct_keys struct_pack struct_position
    struct_update struct_values subtract sum sumkahan switch tan tanh time_bucket timezone timezone_hour
    timezone_minute to_centuries to_days to_decades to_hours to_json to_microseconds to_millennia to_milliseconds
    to_minutes to_months to_quarters to_seconds to_timestamp to_weeks to_years today transaction_timestamp trunc
    try_strptime typeof union_extract union_tag union_value uuid uuid_extract_timestamp uuid_extract_version uuidv4
    uuidv7 var_pop var_samp variance version wavg week weekday weekofyear weighted_avg xor year yearweek
    row_number rank dense_rank rank_dense percent_rank cume_dist ntile lag lead first_value last_value nth_value fill
    list_value list_pack struct_pack
    """.split()  # noqa: SIM905
)
# Functions some DuckDB builds have (the command line's getenv) and this one may not: refused by name
# rather than called unknown, so the message says why.
ENVIRONMENT_FUNCTIONS = frozenset({"getenv", "current_setting", "read_text", "read_blob", "query", "query_table"})
# Catalog views that show settings rather than the warehouse.
# Words DuckDB reads as the clock though they parse as column names (SELECT current_date).
CLOCK_WORDS = frozenset(
    {"current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "today", "now"}
)
SETTINGS_RELATIONS = frozenset({"pg_settings", "duckdb_settings", "duckdb_secrets", "duckdb_extensions"})
# SHOW forms that list the catalog (SHOW <setting> shows a setting's value: refused).
SHOW_SPECIAL = frozenset({"tables", "databases", "schemas", "__show_tables_expanded"})
# Operator characters: DuckDB names operators (+, ||, ~~ for LIKE, ->> ...) by them; all compute.
OPERATOR_CHARS = frozenset("+-*/%^&|~!<>=@#")


SPACING_MARKS = frozenset("\u0e33\u0eb3")  # Thai and Lao SARA AM: letters by category, joined by grapheme rules


class Refused(Exception):
    """The statement is not one the SQL page runs; the message says why, on one line. `at` is where in
    the text DuckDB's parser stopped, when it said (see `error_at`)."""

    def __init__(self, message: str, at: dict | None = None) -> None:
        super().__init__(message)
        self.at = at


def _width(ch: str) -> int:
    """Columns a character takes in DuckDB's caret line, which counts a grapheme cluster as one: none for a
    mark that joins the letter before it (Thai vowels above and below, tone marks, and SARA AM, which
    Unicode's grapheme rules join too), two for a wide East Asian one."""
    if unicodedata.category(ch) in ("Mn", "Me", "Mc", "Cf") or ch in SPACING_MARKS:
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def error_at(message: str, sql: str, ran: str | None = None) -> dict | None:
    """Where DuckDB's message places its error in `sql`: {"line", "col", "length"} (line and column
    counted from 1, in characters), or None. DuckDB ends such a message with the line (`LINE 3: ...`,
    shortened with '...' when long) and a caret line under the culprit, counted in display columns.
    `ran` is the text DuckDB was given when it was a part of `sql` (a statement without its comments)."""
    lines = str(message).splitlines()
    for i in range(len(lines) - 1):
        head = re.match(r"LINE (\d+): ", lines[i])
        caret = re.match(r" *(\^+)", lines[i + 1])
        if not head or not caret:
            continue
        shown = lines[i][head.end() :]
        target = caret.start(1) - head.end()
        if target < 0:
            return None
        cut = shown.startswith("...")
        if cut:
            shown, target = shown[3:], target - 3
        if shown.endswith("..."):
            shown = shown[:-3]
        col = 0
        while col < len(shown) and target > 0:  # display columns -> characters
            target -= _width(shown[col])
            col += 1
        text = ran if ran is not None else sql
        line_no = int(head.group(1))
        src = text.split("\n")
        if not 1 <= line_no <= len(src):
            return None
        start = src[line_no - 1].find(shown) if cut else 0
        if start < 0:
            return None
        offset = sum(len(x) + 1 for x in src[: line_no - 1]) + start + col
        if ran is not None:
            base = sql.find(ran)
            if base < 0:
                return None
            offset += base
        before = sql[:offset]
        return {"line": before.count("\n") + 1, "col": offset - (before.rfind("\n") + 1) + 1,
                "length": len(caret.group(1))}  # fmt: skip
    return None


def one_line(text: str) -> str:
    return " ".join(str(text).split())


@dataclass(frozen=True)
class Allowed:
    """What a query may name: `relations` (bare, schema.name, catalog.name, catalog.schema.name,
    lower-cased), the warehouse's table `macros`, `functions`, every function DuckDB knows
    (`known_functions`, to tell a typo from a refusal) and the `catalogs` a bound scan may read."""

    relations: frozenset[str]
    macros: frozenset[str]
    functions: frozenset[str]
    known_functions: frozenset[str]
    catalogs: frozenset[str]
    volatile: frozenset[str] = frozenset()  # functions whose answer may change between runs (random, now)

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection) -> Allowed:
        rows = con.execute(
            "SELECT database_name, schema_name, table_name FROM duckdb_tables() "
            "UNION ALL SELECT database_name, schema_name, view_name FROM duckdb_views()"
        ).fetchall()
        names: set[str] = set()
        for catalog, schema, name in rows:
            c, s, n = catalog.lower(), schema.lower(), name.lower()
            if n not in SETTINGS_RELATIONS:
                names |= {n, f"{s}.{n}", f"{c}.{n}", f"{c}.{s}.{n}"}
        warehouse = {
            c for (c,) in con.execute("SELECT database_name FROM duckdb_databases() WHERE NOT internal").fetchall()
        }
        functions = con.execute(
            "SELECT function_name, function_type, categories, internal, database_name, stability FROM duckdb_functions()"
        ).fetchall()
        macros, allowed, known = set(), set(), set()
        for name, kind, categories, internal, database, _stability in functions:
            name = name.lower()
            known.add(name)
            own = not internal and database in warehouse  # the warehouse's own macros, written by the ETL
            if kind == "table_macro" and own:
                macros.add(name)
            elif kind in ("scalar", "aggregate", "window", "macro") and (
                own or name in SAFE_FUNCTIONS or (categories and set(categories) <= SAFE_CATEGORIES)
            ):
                allowed.add(name)
        # A name shared by a safe and an unsafe overload is refused.
        unsafe = {
            name.lower()
            for name, kind, categories, internal, database, _stability in functions
            if kind in ("scalar", "aggregate", "window", "macro")
            and not (not internal and database in warehouse)
            and name.lower() not in SAFE_FUNCTIONS
            and not (categories and set(categories) <= SAFE_CATEGORIES)
        }
        return cls(
            relations=frozenset(names),
            macros=frozenset(macros),
            functions=frozenset(allowed - unsafe),
            known_functions=frozenset(known),
            catalogs=frozenset(c.lower() for c in warehouse | {"system"}),
            volatile=frozenset(n.lower() for n, *_, stability in functions if stability not in (None, "CONSISTENT")),
        )


@dataclass(frozen=True)
class Verdict:
    """An accepted statement: the text to run, whether the bound plan was looked at (False when
    the query does not bind, so running it gives DuckDB's own message), and whether running it again on
    the same file gives the same answer (`repeatable`: a query, not EXPLAIN, that calls no function of
    the clock, chance or the session)."""

    statement: str
    plan_checked: bool
    repeatable: bool = False


def check(con: duckdb.DuckDBPyConnection, sql: str, allowed: Allowed) -> str:
    """The statement to run, or `Refused`. `allowed` is `Allowed.of(con)`."""
    return verdict(con, sql, allowed).statement


def verdict(con: duckdb.DuckDBPyConnection, sql: str, allowed: Allowed) -> Verdict:
    """`check`, saying also whether the plan was checked: a verdict with `plan_checked` holds for the
    same text on the same warehouse file, so a caller may keep it."""
    if not sql or not sql.strip():
        raise Refused("no SQL given: write one query, e.g. SELECT * FROM agreements LIMIT 10")
    if len(sql) > MAX_SQL_CHARS:
        raise Refused(f"the SQL is {len(sql):,} characters long; at most {MAX_SQL_CHARS:,} are accepted")
    statement = _one_statement(con, sql)
    if statement.type == duckdb.StatementType.EXPLAIN:
        prefix, inner = _explained(statement.query)
        query = _one_statement(con, inner)
        if query.type != duckdb.StatementType.SELECT:
            raise Refused(f"EXPLAIN of a {_kind(query)} statement is refused: only queries ({ALLOWED}) run here")
        _check_query(con, query, allowed)
        planned = check_plan(con, query.query, allowed)
        return Verdict(f"{prefix} {query.query.strip()}", planned)  # a plan's timings differ each run
    if statement.type != duckdb.StatementType.SELECT:
        raise Refused(
            f"{_kind(statement)} statements are refused: the SQL page runs one read-only query ({ALLOWED}), "
            "with no writes, files, extensions or settings"
        )
    used = _check_query(con, statement, allowed)
    planned = check_plan(con, statement.query, allowed)
    return Verdict(statement.query.strip(), planned, repeatable=not used & (allowed.volatile | CLOCK_WORDS))


def _kind(statement) -> str:
    return statement.type.name.replace("_", " ")


def _one_statement(con: duckdb.DuckDBPyConnection, sql: str):
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as e:
        raise Refused(f"not valid SQL: {_first_line(e)}", error_at(str(e), sql)) from None
    except RecursionError:
        raise Refused(_too_deep()) from None
    if not statements:
        raise Refused("no statement found: the text holds only comments or semicolons")
    if len(statements) > 1:
        raise Refused(f"one statement at a time: found {len(statements)} (separated by semicolons)")
    statement = statements[0]
    if statement.named_parameters:
        names = ", ".join(sorted(statement.named_parameters))
        raise Refused(f"parameters ({names}) cannot be bound here: write the values into the query")
    return statement


def _first_line(e: Exception) -> str:
    """DuckDB's message on one line, without the quoted SQL and caret it ends with (LINE 1: ...)."""
    lines = str(e).splitlines()
    cut = next((i for i, line in enumerate(lines) if line.startswith("LINE ") and i), len(lines))
    return one_line(" ".join(lines[:cut]))


def _too_deep() -> str:
    return f"the query is nested more than {MAX_DEPTH:,} levels deep, too deep to check: write it flatter"


def _explained(text: str) -> tuple[str, str]:
    """EXPLAIN [ANALYZE] <query> -> ("EXPLAIN [ANALYZE]", "<query>"), by DuckDB's tokenizer.

    The tokenizer gives byte offsets into the UTF-8 text; they are turned into character offsets."""
    data = text.encode("utf-8")
    words = []
    for pos, kind in duckdb.tokenize(text):
        if kind.name == "comment":
            continue
        at = len(data[:pos].decode("utf-8", errors="ignore"))
        rest = text[at:].split(None, 1)
        words.append((at, rest[0].upper() if rest else ""))
    prefix = ["EXPLAIN"]
    i = 1
    if len(words) > i and words[i][1] == "ANALYZE":
        prefix.append("ANALYZE")
        i += 1
    if len(words) <= i or words[0][1] != "EXPLAIN":
        raise Refused("EXPLAIN needs a query after it, e.g. EXPLAIN SELECT * FROM agreements")
    if words[i][1].startswith("("):
        # One option is allowed, the plan as JSON (the SQL page draws it as a tree): EXPLAIN (FORMAT JSON)
        close = next((j for j in range(i, min(i + 6, len(words))) if words[j][1].startswith(")")), None)
        option = "".join(text[words[i][0] : words[close][0] + 1].split()).upper() if close else ""
        if close is None or len(prefix) > 1 or option != "(FORMATJSON)" or len(words) <= close + 1:
            raise Refused(
                "EXPLAIN options in parentheses are refused: write EXPLAIN, EXPLAIN ANALYZE or EXPLAIN (FORMAT JSON)"
            )
        return "EXPLAIN (FORMAT JSON)", text[words[close + 1][0] :]
    return " ".join(prefix), text[words[i][0] :]


def _check_query(con: duckdb.DuckDBPyConnection, statement, allowed: Allowed) -> set[str]:
    """Refuse what the query may not name; the names of the functions it calls (lower case), with any
    column reference that is a word of the clock."""
    [(serialized,)] = con.execute("SELECT json_serialize_sql($sql)", {"sql": statement.query}).fetchall()
    try:
        tree = json.loads(serialized)
    except RecursionError:
        raise Refused(_too_deep()) from None
    if tree.get("error"):
        raise Refused(f"this query cannot be checked, so it is refused: {one_line(tree.get('error_message', ''))}")
    used: set[str] = set()
    for node, ctes in _scoped_nodes(tree):
        kind = node.get("type")
        if kind == "TABLE_FUNCTION":
            _check_table_function(node, allowed)
        elif "function_name" in node and not node.get("_table_function"):
            _check_function(str(node["function_name"]), allowed)
        if "function_name" in node:
            used.add(str(node["function_name"]).lower())
        if kind == "COLUMN_REF" and isinstance(node.get("column_names"), list) and len(node["column_names"]) == 1:
            used.add(str(node["column_names"][0]).lower())
        if kind == "BASE_TABLE":
            _check_relation(node, ctes, allowed)
        if kind == "SHOW_REF":
            _check_show(node, allowed)
    return used


def _scoped_nodes(tree):
    """Every dict in the parse tree with the CTE names visible where it stands, depth first and
    without recursion. A WITH clause's names are visible in its query and in the CTEs after each
    one (and in a recursive CTE's own body), never outside it."""
    stack = [(tree, frozenset(), 0)]
    while stack:
        item, ctes, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise Refused(_too_deep())
        if isinstance(item, list):
            stack.extend((v, ctes, depth + 1) for v in item)
            continue
        if not isinstance(item, dict):
            continue
        yield item, ctes
        entries = _cte_entries(item)
        inner = ctes | {name for name, _ in entries}
        seen = set(ctes)
        for name, value in entries:
            body = value.get("query_node") if isinstance(value, dict) else None
            own = {name} if isinstance(body, dict) and body.get("type") == "RECURSIVE_CTE_NODE" else set()
            stack.append((value, frozenset(seen | own), depth + 1))
            seen.add(name)
        if item.get("type") == "TABLE_FUNCTION" and isinstance(item.get("function"), dict):
            item["function"]["_table_function"] = True
        for key, value in item.items():
            if key != "cte_map" or not entries:
                stack.append((value, inner, depth + 1))


def _cte_entries(node: dict) -> list[tuple[str, object]]:
    cte_map = node.get("cte_map")
    if not isinstance(cte_map, dict):
        return []
    return [
        (str(entry.get("key", "")).lower(), entry.get("value"))
        for entry in cte_map.get("map", [])
        if isinstance(entry, dict)
    ]


def _check_table_function(node: dict, allowed: Allowed) -> None:
    name = str((node.get("function") or {}).get("function_name", "")).lower()
    if name not in TABLE_FUNCTIONS and name not in allowed.macros:
        raise Refused(
            f"the table function {name}() is refused: the SQL page reads only the warehouse's tables, views "
            "and macros, ranges, unnest and the catalog, never files, URLs or settings"
        )


def _check_function(name: str, allowed: Allowed) -> None:
    low = name.lower()
    if low in allowed.functions or set(low) <= OPERATOR_CHARS or low == "!__postfix":
        return
    if low not in allowed.known_functions and low not in ENVIRONMENT_FUNCTIONS:
        close = difflib.get_close_matches(low, sorted(allowed.functions), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise Refused(f"there is no function named {name}(){hint}")
    raise Refused(
        f"the function {name}() is refused: the SQL page allows functions that compute on the data (text, "
        "numbers, dates, lists, aggregates), not ones that read settings, files, sequences, variables or "
        "the server's environment, or run SQL from a string"
    )


def check_plan(con: duckdb.DuckDBPyConnection, query: str, allowed: Allowed) -> bool:
    """DuckDB's bound plan of the query (EXPLAIN): every scan reads a table of the warehouse (or the
    catalog) or runs an allowed table function. A second look, after the parse tree's. False when
    there was no plan to look at (the query does not bind, or binding it failed for want of memory)."""
    try:
        rows = con.execute("EXPLAIN (FORMAT json) " + query).fetchall()
    except duckdb.InterruptException:
        raise
    except duckdb.Error:
        return False  # it does not bind: running it gives DuckDB's own message
    try:
        plans = [json.loads(text) for _kind, text in rows]
    except RecursionError:
        raise Refused(_too_deep()) from None
    stack = list(plans)
    while stack:
        op = stack.pop()
        if isinstance(op, list):
            stack.extend(op)
            continue
        if not isinstance(op, dict):
            continue
        stack.extend(op.get("children") or [])
        info = op.get("extra_info") or {}
        function = str(info.get("Function", "")).lower()
        if function and function not in TABLE_FUNCTIONS and function not in ("seq_scan", "table_scan"):
            raise Refused(
                f"the query reads {function}(), which is not a table of the warehouse: files, URLs and "
                "settings are refused"
            )
        table = str(info.get("Table", ""))
        if table and catalog_of(table).lower() not in allowed.catalogs:
            raise Refused(f"the query reads {table}, which is not a table of the warehouse")
    return True


def catalog_of(table: str) -> str:
    """The catalog of a table as EXPLAIN names it, `catalog.schema.table`, a part in double quotes when
    it needs them (a warehouse file named `warehouse-1000000.duckdb` is the catalog "warehouse-1000000")."""
    if not table.startswith('"'):
        return table.split(".", 1)[0]
    name, i = [], 1
    while i < len(table):
        if table[i] == '"':
            if table[i + 1 : i + 2] != '"':
                break
            i += 1  # "" inside quotes is one "
        name.append(table[i])
        i += 1
    return "".join(name)


def _check_relation(node: dict, ctes: frozenset[str], allowed: Allowed) -> None:
    name = node.get("table_name", "")
    parts = [p for p in (node.get("catalog_name"), node.get("schema_name"), name) if p]
    qualified = ".".join(parts).lower()
    if len(parts) == 1 and name.lower() in ctes:
        return
    if name.lower() in SETTINGS_RELATIONS:
        raise Refused(f"{qualified} is refused: it shows the server's settings, not the warehouse")
    if qualified in allowed.relations:
        return
    if any(ch in name for ch in "/\\:*?.") or name.lower().endswith(("csv", "parquet", "json", "xlsx", "txt")):
        raise Refused(f"reading files is refused: '{name}' is a file path, not a table or view of the warehouse")
    close = difflib.get_close_matches(qualified, sorted(n for n in allowed.relations if "." not in n), n=1)
    hint = f" (did you mean {close[0]}?)" if close else " (the list beside the editor names them)"
    raise Refused(f"there is no table or view named {qualified} in the warehouse{hint}")


def _check_show(node: dict, allowed: Allowed) -> None:
    name = node.get("table_name", "").strip('"').lower()
    if not name:  # DESCRIBE / SUMMARIZE <query>: the query is checked as a node of its own
        return
    if node.get("show_type") == "SHOW_SPECIAL":
        if name in SHOW_SPECIAL:
            return
        raise Refused(f"SHOW {name} is refused: SHOW lists tables, databases and schemas here")
    qualified = ".".join(p for p in (node.get("catalog_name"), node.get("schema_name"), name) if p).lower()
    if qualified not in allowed.relations:
        raise Refused(f"SHOW {name} is refused: it is not a table or view of the warehouse (settings are not shown)")
