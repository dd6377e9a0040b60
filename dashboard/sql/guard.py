"""Which statements the SQL page and /api/sql run: one read-only query, checked by DuckDB's own parser.

`check(con, sql, relations)` returns the statement to run or raises `Refused`, whose one-line
message says what was refused and why. It is the first layer of several (worker.py holds the
others): DuckDB's documentation asks to treat SQL from users like shell code, so nothing here is
trusted alone.

- `con.extract_statements` splits and classifies the text: exactly one statement, of kind
  SELECT (DuckDB's kind for SELECT, WITH, VALUES, FROM-first, DESCRIBE, SHOW, SUMMARIZE) or
  EXPLAIN [ANALYZE] of such a query; COPY, ATTACH, SET, PRAGMA, CALL, CREATE ... are refused.
- `json_serialize_sql` gives the whole parse tree of the query; it is walked for
  - table functions: only those in TABLE_FUNCTIONS (ranges, unnest, the catalog) and the
    warehouse's own table macros (investment_marks(...): SQL over its tables);
    read_csv, read_parquet, glob, query(), ... are refused;
  - functions that read the environment or settings (DENIED_FUNCTIONS);
  - relations: a name must be a table or view of the warehouse (or a CTE of the query);
    a quoted path like '/etc/passwd' is a file scan to DuckDB, and is refused as one.
"""

from __future__ import annotations

import difflib
import json

import duckdb

MAX_SQL_CHARS = 100_000
ALLOWED = "SELECT, WITH, VALUES, FROM, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN"
MACRO = "macro:"  # how `relations()` names the warehouse's table macros among its tables and views

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
# Functions refused wherever they appear: the environment, settings, sequences, SQL in a string.
DENIED_FUNCTIONS = frozenset(
    {
        "getenv",
        "current_setting",
        "nextval",
        "currval",
        "query",
        "query_table",
        "json_execute_serialized_sql",
        "read_text",
        "read_blob",
        "sql_auto_complete",
        "checkpoint",
        "force_checkpoint",
        "duckdb_settings",
        "duckdb_secrets",
        "which_secret",
        "duckdb_extensions",
        "load_extension",
    }
)
# Catalog views that show settings rather than the warehouse.
DENIED_RELATIONS = frozenset({"pg_settings", "duckdb_settings", "duckdb_secrets", "duckdb_extensions"})
# SHOW forms that list the catalog (SHOW <setting> shows a setting's value: refused).
SHOW_SPECIAL = frozenset({"tables", "databases", "schemas", "__show_tables_expanded"})


class Refused(Exception):
    """The statement is not one the SQL page runs; the message says why, on one line."""


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def relations(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Every name a query may use for a table or view of the warehouse and its catalog: bare,
    schema.name, catalog.name and catalog.schema.name, lower-cased."""
    rows = con.execute(
        "SELECT database_name, schema_name, table_name FROM duckdb_tables() "
        "UNION ALL SELECT database_name, schema_name, view_name FROM duckdb_views()"
    ).fetchall()
    names: set[str] = set()
    for catalog, schema, name in rows:
        c, s, n = catalog.lower(), schema.lower(), name.lower()
        names |= {n, f"{s}.{n}", f"{c}.{n}", f"{c}.{s}.{n}"}
    # The warehouse's own table macros (investment_marks(...)): SQL over its tables, written by the ETL.
    macros = con.execute(
        "SELECT function_name FROM duckdb_functions() WHERE function_type = 'table_macro' AND NOT internal "
        "AND database_name NOT IN ('system', 'temp')"
    ).fetchall()
    names |= {MACRO + name.lower() for (name,) in macros}
    return frozenset(names)


def check(con: duckdb.DuckDBPyConnection, sql: str, known: frozenset[str]) -> str:
    """The statement to run, or `Refused`. `known` is `relations(con)`."""
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
        _check_query(con, query, known)
        return f"{prefix} {query.query.strip()}"
    if statement.type != duckdb.StatementType.SELECT:
        raise Refused(
            f"{_kind(statement)} statements are refused: the SQL page runs one read-only query ({ALLOWED}), "
            "with no writes, files, extensions or settings"
        )
    _check_query(con, statement, known)
    return statement.query.strip()


def _kind(statement) -> str:
    return statement.type.name.replace("_", " ")


def _one_statement(con: duckdb.DuckDBPyConnection, sql: str):
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as e:
        raise Refused(f"not valid SQL: {one_line(e)}") from None
    if not statements:
        raise Refused("no statement found: the text holds only comments or semicolons")
    if len(statements) > 1:
        raise Refused(f"one statement at a time: found {len(statements)} (separated by semicolons)")
    statement = statements[0]
    if statement.named_parameters:
        names = ", ".join(sorted(statement.named_parameters))
        raise Refused(f"parameters ({names}) cannot be bound here: write the values into the query")
    return statement


def _explained(text: str) -> tuple[str, str]:
    """EXPLAIN [ANALYZE] <query> -> ("EXPLAIN [ANALYZE]", "<query>"), by DuckDB's tokenizer."""
    words = [
        (pos, text[pos:].split(None, 1)[0].upper()) for pos, kind in duckdb.tokenize(text) if kind.name != "comment"
    ]
    prefix = ["EXPLAIN"]
    i = 1
    if len(words) > i and words[i][1] == "ANALYZE":
        prefix.append("ANALYZE")
        i += 1
    if len(words) <= i or words[0][1] != "EXPLAIN":
        raise Refused("EXPLAIN needs a query after it, e.g. EXPLAIN SELECT * FROM agreements")
    if words[i][1].startswith("("):
        raise Refused("EXPLAIN options in parentheses are refused: write EXPLAIN or EXPLAIN ANALYZE")
    return " ".join(prefix), text[words[i][0] :]


def _check_query(con: duckdb.DuckDBPyConnection, statement, known: frozenset[str]) -> None:
    [(serialized,)] = con.execute("SELECT json_serialize_sql($sql)", {"sql": statement.query}).fetchall()
    tree = json.loads(serialized)
    if tree.get("error"):
        raise Refused(f"this query cannot be checked, so it is refused: {one_line(tree.get('error_message', ''))}")
    ctes = {key.lower() for node in _nodes(tree) for key in _cte_names(node)}
    for node in _nodes(tree):
        kind = node.get("type")
        if kind == "TABLE_FUNCTION":
            name = (node.get("function") or {}).get("function_name", "").lower()
            if name not in TABLE_FUNCTIONS and MACRO + name not in known:
                raise Refused(
                    f"the table function {name}() is refused: the SQL page reads only the warehouse's tables "
                    "and views, never files, URLs or settings"
                )
        if "function_name" in node and str(node["function_name"]).lower() in DENIED_FUNCTIONS:
            raise Refused(
                f"the function {node['function_name']}() is refused: it reads the server's environment, settings "
                "or files, or runs SQL from a string"
            )
        if kind == "BASE_TABLE":
            _check_relation(node, ctes, known)
        if kind == "SHOW_REF":
            _check_show(node, known)


def _nodes(tree):
    """Every dict in the parse tree, depth first, without recursion (trees can be deep)."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _cte_names(node: dict) -> list[str]:
    cte_map = node.get("cte_map")
    if not isinstance(cte_map, dict):
        return []
    return [entry.get("key", "") for entry in cte_map.get("map", []) if isinstance(entry, dict)]


def _check_relation(node: dict, ctes: set[str], known: frozenset[str]) -> None:
    name = node.get("table_name", "")
    parts = [p for p in (node.get("catalog_name"), node.get("schema_name"), name) if p]
    qualified = ".".join(parts).lower()
    if len(parts) == 1 and name.lower() in ctes:
        return
    if name.lower() in DENIED_RELATIONS:
        raise Refused(f"{qualified} is refused: it shows the server's settings, not the warehouse")
    if qualified in known:
        return
    if any(ch in name for ch in "/\\:*?.") or name.lower().endswith(("csv", "parquet", "json", "xlsx", "txt")):
        raise Refused(f"reading files is refused: '{name}' is a file path, not a table or view of the warehouse")
    close = difflib.get_close_matches(
        qualified, sorted(n for n in known if "." not in n and not n.startswith(MACRO)), n=1
    )
    hint = f" (did you mean {close[0]}?)" if close else " (the list beside the editor names them)"
    raise Refused(f"there is no table or view named {qualified} in the warehouse{hint}")


def _check_show(node: dict, known: frozenset[str]) -> None:
    name = node.get("table_name", "").strip('"').lower()
    if not name:  # DESCRIBE / SUMMARIZE <query>: the query is checked as a node of its own
        return
    if node.get("show_type") == "SHOW_SPECIAL":
        if name in SHOW_SPECIAL:
            return
        raise Refused(f"SHOW {name} is refused: SHOW lists tables, databases and schemas here")
    qualified = ".".join(p for p in (node.get("catalog_name"), node.get("schema_name"), name) if p).lower()
    if qualified not in known:
        raise Refused(f"SHOW {name} is refused: it is not a table or view of the warehouse (settings are not shown)")
