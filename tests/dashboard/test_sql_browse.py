"""Browse without SQL (/sql/browse): the URL read into filters, sort and pages; the SQL written from it, run by the
real SQL worker and compared with DuckDB on the file itself; hostile URLs refused; roles; downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode

import duckdb
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dashboard import context
from dashboard.auth.accounts import Accounts
from dashboard.browse import (
    Column,
    answer,
    catalogue,
    from_forms,
    literal,
    parse,
    read_value,
    rows_sql,
    text_literal,
)
from dashboard.sql.results import BOM, json_safe
from tests.dashboard.authkit import client, layout, make_app, sign_in

PEOPLE = {"vera": "viewer", "ann": "analyst"}
LOCAL = "127.0.0.1"  # this machine: the loopback admin


def pw(name: str) -> str:
    return f"{name}-password-42"


@pytest.fixture(scope="module")
def app(mixed_warehouse, tmp_path_factory):
    folder = tmp_path_factory.mktemp("auth")
    accounts = Accounts(folder)
    for name, role in PEOPLE.items():
        accounts.set(name, pw(name), role, new=True)
    return make_app(mixed_warehouse, folder)


@pytest.fixture(scope="module")
def con(mixed_warehouse):
    with duckdb.connect(str(mixed_warehouse), read_only=True) as c:
        yield c


def answered(app, name: str, query: str):
    """The page's answer for /sql/browse/<name>?<query>, through the real SQL worker."""
    with app.server.test_request_context(f"/sql/browse/{name}?{query}"):
        relation = catalogue(context.get().warehouse)[name]
        b = parse(relation, parse_qsl(query, keep_blank_values=True))
        assert b.problems == ()
        return answer(b)


def problems(app, name: str, pairs: list[tuple[str, str]]):
    with app.server.test_request_context("/"):
        return parse(catalogue(context.get().warehouse)[name], pairs).problems


def safe_rows(cur) -> list[list]:
    return [[json_safe(v) for v in row] for row in cur.fetchall()]


def same_rows(a: list[list], b: list[list]) -> bool:
    key = lambda r: json.dumps(r, sort_keys=True, default=str)  # noqa: E731
    return sorted(map(key, a)) == sorted(map(key, b))


# -- facets equal a GROUP BY on the file -------------------------------------------------------------

CASES = [
    ("investments", "", ""),
    ("investments", "stage=approval&year_ce__gte=2015", "WHERE stage = 'approval' AND year_ce >= 2015"),
    ("investments", "stage=approval&stage=application", "WHERE stage IN ('approval', 'application')"),
    ("investments", "period__isnull=1&is_full_year=true", "WHERE period IS NULL AND is_full_year"),
    ("agreements", "agreement_type__not=MOU", "WHERE agreement_type IS DISTINCT FROM 'MOU'"),
    ("agreements", "signed_date__gte=2561-01-01", "WHERE signed_date >= DATE '2018-01-01'"),
    ("dim_province", "is_eec=true", "WHERE is_eec"),
    ("fact_investment", "value_thb_million__lt=1000.5&partner_id__contains=J",
     "WHERE value_thb_million < 1000.5 AND lower(partner_id) LIKE '%j%'"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "query", "where"), CASES)
def test_facet_counts_equal_a_group_by_on_the_duckdb_file(app, con, name, query, where):
    a = answered(app, name, query)
    assert a.count == con.execute(f"SELECT count(*) FROM {name} {where}").fetchone()[0]
    shown = con.execute(a.facets_sql).fetchall()  # the statement the page shows gives the page's numbers
    assert [n for i, _v, n in shown if i == -1] == [a.count]
    for col, values in a.facets:
        direct = con.execute(
            f'SELECT CAST("{col.name}" AS VARCHAR), count(*) FROM {name} {where} GROUP BY ALL'
        ).fetchall()
        assert sorted(values, key=str) == sorted(direct, key=str), col.name


def test_facets_are_the_low_cardinality_columns_and_not_ids(app, con):
    a = answered(app, "investments", "")
    names = [c.name for c, _ in a.facets]
    assert "stage" in names and "record_id" not in names
    for name in names:
        n, rows = con.execute(f'SELECT count(DISTINCT "{name}"), count(*) FROM investments').fetchone()
        assert n <= 30 and n < rows


@pytest.mark.parametrize(("name", "query", "where"), CASES)
def test_filters_from_the_url_give_the_rows_of_the_same_sql(app, con, name, query, where):
    a = answered(app, name, query + "&_size=500")
    assert same_rows(a.rows, safe_rows(con.execute(f"SELECT * FROM {name} {where}")))


@pytest.mark.parametrize("desc", [False, True])
def test_sort_from_the_url_orders_the_rows_with_nulls_last_and_pages_do_not_overlap(app, con, desc):
    key = "_sort_desc" if desc else "_sort"
    pages = [answered(app, "dim_province", f"{key}=region&_size=10&_page={p}") for p in range(1, 10)]
    rows = [r for p in pages for r in p.rows]
    direct = safe_rows(con.execute("SELECT * FROM dim_province"))
    assert same_rows(rows, direct) and len(rows) == len(direct) == pages[0].count
    i = [c.name for c in pages[0].columns].index("region")
    values = [r[i] for r in rows]
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=desc)
    assert values[: len(present)] == present  # NULLs last
    assert pages[0].sql.endswith("LIMIT 10 OFFSET 0") and pages[2].sql.endswith("LIMIT 10 OFFSET 20")


def test_a_table_pages_by_its_stored_order_and_a_view_by_all_its_columns(app, con):
    assert answered(app, "dim_province", "").sql == 'SELECT *\nFROM "dim_province"\nORDER BY rowid\nLIMIT 50 OFFSET 0'
    table = answered(app, "dim_province", "_sort=region&_size=100")
    assert safe_rows(con.execute(table.sql)) == table.rows
    assert table.rows == safe_rows(con.execute("SELECT * FROM dim_province ORDER BY region NULLS LAST, rowid"))


def test_the_sql_shown_is_the_sql_run_and_runs_as_it_is_on_the_file(app, con):
    a = answered(app, "investments", "stage=approval&_sort_desc=value_thb_million")
    assert a.sql == (
        'SELECT *\nFROM "investments"\nWHERE "stage" = \'approval\'\n'
        'ORDER BY "value_thb_million" DESC NULLS LAST, COLUMNS(*)\nLIMIT 50 OFFSET 0'
    )
    assert safe_rows(con.execute(a.sql)) == a.rows


# -- the oracle: random filters on the investments view against Python over the same rows ----------


def oracle(rows: list[list], columns: list[str], filters: list[tuple[str, str, object]]) -> list[list]:
    """The rows a filter list keeps, decided in Python over the JSON-safe rows (no SQL)."""

    def keep(row) -> bool:
        anyof: dict[str, list] = {}  # one column's equality filters: any of the values
        for name, op, value in filters:
            if op == "exact":
                anyof.setdefault(name, []).append(value)
        if any(row[columns.index(name)] not in values for name, values in anyof.items()):
            return False
        for name, op, value in filters:
            v = row[columns.index(name)]
            if op == "not" and v == value:
                return False
            if op in ("gt", "gte", "lt", "lte") and (
                v is None or not {"gt": v > value, "gte": v >= value, "lt": v < value, "lte": v <= value}[op]
            ):
                return False
            if op == "contains" and (v is None or str(value).lower() not in str(v).lower()):
                return False
            if op == "isnull" and v is not None:
                return False
            if op == "notnull" and v is None:
                return False
        return True

    return [r for r in rows if keep(r)]


@pytest.fixture(scope="module")
def investments(con):
    cur = con.execute("SELECT * FROM investments")
    return [d[0] for d in cur.description], safe_rows(cur)


FILTER_COLUMNS = ["stage", "partner_id", "year_ce", "value_thb_million", "period", "is_full_year", "projects"]


@st.composite
def filter_lists(draw, data):
    columns, rows = data
    out = []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(FILTER_COLUMNS))
        values = [r[columns.index(name)] for r in rows if r[columns.index(name)] is not None]
        is_text = isinstance(values[0], str)
        ops = ["exact", "not", "isnull", "notnull"] + (["contains"] if is_text else ["gt", "gte", "lt", "lte"])
        op = draw(st.sampled_from(ops))
        value = draw(st.sampled_from(values))
        if op == "contains":
            value = value[: draw(st.integers(1, max(1, len(value))))]
        out.append((name, op, value))
    return out


def url_value(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_filters_give_the_rows_python_keeps(app, investments, data):
    filters = data.draw(filter_lists(investments))
    pairs = [(f"{n}__{op}", "1" if op in ("isnull", "notnull") else url_value(v)) for n, op, v in filters]
    columns, rows = investments
    want = oracle(rows, columns, filters)
    a = answered(app, "investments", urlencode(pairs))
    assert a.count == len(want)
    assert same_rows(a.rows, want[:50]) if len(want) <= 50 else len(a.rows) == 50


# -- values are read by type and written from their reading -----------------------------------------

TEXT = Column("t", "VARCHAR", "")


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=60))
def test_a_text_literal_reads_back_as_the_same_text_in_duckdb(text):
    with duckdb.connect() as c:
        assert c.execute(f"SELECT {text_literal(text)}").fetchone()[0] == text


ATTACKS = [
    "' OR 1=1 --",
    "x'; DROP TABLE fact_investment; --",
    "approval' UNION SELECT * FROM meta --",
    "\\' OR 1=1 --",
    "'' OR ''='",
    'approval"',
    "$$ OR true $$",
    "รับรอง' OR 'ก'='ก",
    "/* */ OR 1=1",
    "' || (SELECT current_setting('threads')) || '",
]


@pytest.mark.parametrize("value", ATTACKS)
def test_attack_sql_in_a_value_is_only_ever_a_value(app, investments, value):
    columns, rows = investments
    for op in ("exact", "contains", "not"):
        a = answered(app, "investments", urlencode([(f"stage__{op}", value)]))
        assert a.count == len(oracle(rows, columns, [("stage", op, value)])), (op, value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40))
def test_any_text_value_filters_exactly_and_never_widens(app, investments, value):
    columns, rows = investments
    a = answered(app, "investments", urlencode([("partner_id", value), ("notes__contains", value)]))
    assert a.count == len(oracle(rows, columns, [("partner_id", "exact", value), ("notes", "contains", value)]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.text(max_size=40), value=st.text(max_size=40))
def test_attack_any_key_is_a_column_an_option_or_refused_naming_it(app, key, value):
    with app.server.test_request_context("/"):
        relation = catalogue(context.get().warehouse)["investments"]
        b = parse(relation, [(key, value)])
        if b.problems:
            assert b.problems[0].param == key
            text = b.problems[0].text("en")
            assert "\n" not in text and "\r" not in text and "\x00" not in text
        else:
            # accepted: the view's keys, the filter bar's, or a real column's filter whose SQL names only real columns
            sql = rows_sql(b)
            named = set(re.findall(r'"((?:[^"]|"")*)"', sql))
            assert named <= {c.name for c in relation.columns} | {relation.name}


@pytest.mark.parametrize(
    ("pairs", "key", "said"),
    [
        ([("nope", "1")], "browse_bad_column", "nope='1': investments has no such column"),
        ([('stage"; DROP TABLE meta; --', "x")], "browse_bad_column", "has no such column"),
        ([("stage__regex", "a")], "browse_bad_op", "stage__regex='a': the condition after __ is not known"),
        ([("year_ce", "9" * 40)], "browse_bad_range", "outside the range of INTEGER"),
        ([("year_ce", "2015.5")], "browse_bad_int", "expected a whole number"),
        ([("projects__gte", "1" + "0" * 30)], "browse_bad_range", "outside the range of BIGINT"),
        ([("projects__gte", "1e400")], "browse_bad_int", "expected a whole number"),
        ([("value_thb_million__gt", "1e999")], "browse_bad_range", "outside the range of DOUBLE"),
        ([("value_thb_million__gt", "NaN")], "browse_bad_number", "expected a number"),
        ([("is_full_year", "maybe")], "browse_bad_bool", "expected true or false"),
        ([("stage", "a\x00b")], "browse_bad_control", "control characters"),
        ([("stage", "x" * 501)], "browse_bad_long", "longer than 500"),
        ([("_page", "99999999999999999999")], "browse_bad_count", "from 1 to 10,000,000"),
        ([("_page", "0")], "browse_bad_count", "from 1 to"),
        ([("_page", "201")], "browse_bad_deep", "_page='201': the pages reach the first 10,000 rows"),
        ([("_size", "100000")], "browse_bad_count", "from 10 to 500"),
        ([("_sort", "stage"), ("_sort_desc", "year_ce")], "browse_bad_sort_twice", "one column only"),
        ([("_sort", "1; DROP TABLE meta")], "browse_bad_column", "has no such column"),
        ([("_limit", "5")], "browse_bad_option", "not an option of this page"),
        ([("period__isnull", "0")], "browse_bad_flag", "takes 1"),
    ],
)
def test_attack_bad_urls_are_refused_saying_which_parameter_and_value(app, pairs, key, said):
    found = problems(app, "investments", pairs)
    assert found and found[0].key == key
    assert said in found[0].text("en")
    assert found[0].text("th") != found[0].text("en")


def test_attack_many_filters_are_refused(app):
    pairs = [("stage__not", f"x{i}") for i in range(25)]
    assert problems(app, "investments", pairs)[0].key == "browse_bad_too_many"


def test_values_are_read_by_the_columns_type():
    assert read_value(Column("y", "INTEGER", ""), "exact", " ๒๕๖๕ ") == 2565
    assert read_value(Column("d", "DATE", ""), "gte", "2565-07-14") == dt.date(2022, 7, 14)
    assert read_value(Column("d", "DATE", ""), "gte", "2022-07-14") == dt.date(2022, 7, 14)
    assert read_value(Column("v", "DECIMAL(18,3)", ""), "lt", "12.5") == Decimal("12.5")
    assert read_value(Column("b", "BOOLEAN", ""), "exact", "จริง") is True
    assert read_value(Column("u", "UTINYINT", ""), "exact", "-1").key == "browse_bad_range"
    assert literal(Column("d", "DATE", ""), dt.date(2022, 7, 14)) == "DATE '2022-07-14'"
    assert literal(Column("t", "TIMESTAMP", ""), dt.datetime(2022, 7, 14, 9, 5)) == "TIMESTAMP '2022-07-14 09:05:00'"
    assert literal(TEXT, "it's") == "'it''s'"


def test_the_forms_fields_become_the_urls_own_pairs():
    pairs = [("stage", "approval"), ("_page", "3"), ("_filter_column", "year_ce"), ("_filter_op", "gte"),
             ("_filter_value", "2015"), ("lang", "th")]  # fmt: skip
    assert from_forms(pairs) == [("stage", "approval"), ("lang", "th"), ("year_ce__gte", "2015")]
    sort = [("stage", "approval"), ("_sort", "x"), ("_sort_by", "year_ce"), ("_sort_dir", "desc")]
    assert from_forms(sort) == [("stage", "approval"), ("_sort_desc", "year_ce")]
    assert from_forms([("_filter_column", "period"), ("_filter_op", "isnull"), ("_filter_value", "")]) == [
        ("period__isnull", "1")
    ]
    assert from_forms([("stage", "x")]) is None


# -- over HTTP: 404, redirects, downloads, roles ---------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/sql/browse/nope",
        "/sql/browse/..%2F..%2Fetc%2Fpasswd",
        "/sql/browse/%2e%2e/%2e%2e/etc/passwd",
        "/sql/browse/investments%22%3B%20DROP%20TABLE%20meta%3B%20--",
        "/sql/browse/INVESTMENTS",
        "/sql/browse/investments/extra",
        "/sql/browse/%E0%B8%A5%E0%B8%87%E0%B8%97%E0%B8%B8%E0%B8%99",
        "/sql/browse/duckdb_settings",
        "/sql/browse/read_csv('%2Fetc%2Fpasswd')",
    ],
)
def test_attack_a_name_that_is_no_table_or_view_is_a_404_page(app, path):
    c = client(app, LOCAL)
    r = c.get(path + "?lang=en")
    assert r.status_code == 404 and "text/html" in r.content_type
    drawn = c.post("/_dash-update-component", json=_router(app, path, "?lang=en")).get_data(as_text=True)
    assert "browse-not-found" in drawn and "There is no table or view named" in drawn
    assert c.get(path + ".csv").status_code in (404, 400)


def _router(app, path, search):
    from dashboard.app import page_request

    return page_request(app, path, search)


def test_the_list_names_every_table_and_view_with_its_comment_and_row_count(app, con):
    c = client(app, LOCAL)
    assert c.get("/sql/browse?lang=en").status_code == 200
    drawn = c.post("/_dash-update-component", json=_router(app, "/sql/browse", "?lang=en")).get_data(as_text=True)
    names = con.execute(
        "SELECT table_name, comment FROM duckdb_tables() UNION ALL "
        "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'"
    ).fetchall()
    for name, comment in names:
        assert f'"children":"{name}"' in drawn
        assert json.dumps(comment or "", ensure_ascii=False)[1:-1][:60] in drawn
    n = con.execute("SELECT count(*) FROM dim_province").fetchone()[0]
    assert f'"children":"{n}"' in drawn


def test_the_forms_answer_with_the_url_they_mean(app):
    c = client(app, LOCAL)
    r = c.get("/sql/browse/investments?lang=en&_filter_column=stage&_filter_op=exact&_filter_value=approval")
    assert r.status_code == 303 and r.headers["Location"].endswith("/sql/browse/investments?lang=en&stage=approval")


def test_csv_and_xlsx_hold_the_filtered_rows_of_the_same_sql(app, con):
    import openpyxl

    c = client(app, LOCAL)
    r = c.get("/sql/browse/investments.csv?stage=approval&_sort_desc=value_thb_million&lang=en")
    assert r.status_code == 200 and r.headers["X-Truncated"] == "false"
    text = r.get_data().decode("utf-8")
    assert text.startswith(BOM)
    got = list(csv.reader(io.StringIO(text[1:])))
    cur = con.execute("SELECT * FROM investments WHERE stage = 'approval' ORDER BY value_thb_million DESC NULLS LAST")
    want = cur.fetchall()
    assert got[0] == [d[0] for d in cur.description] and len(got) == len(want) + 1
    assert {row[0] for row in got[1:]} == {row[0] for row in want}

    r = c.get("/sql/browse/investments.xlsx?stage=approval&lang=th")
    book = openpyxl.load_workbook(io.BytesIO(r.get_data()))
    sheet = book["investments"]
    assert sheet.max_row == len(want) + 1
    about = {row[0].value: row[1].value for row in book.worksheets[1].iter_rows()}
    assert "WHERE \"stage\" = 'approval'" in about["คำสั่ง SQL"]

    bad = c.get("/sql/browse/investments.csv?year_ce=abc&lang=en")
    assert bad.status_code == 400 and "year_ce='abc'" in bad.get_data(as_text=True)


def test_a_refused_url_runs_nothing_and_says_why_in_the_page(app):
    c = client(app, LOCAL)
    drawn = c.post(
        "/_dash-update-component", json=_router(app, "/sql/browse/investments", "?lang=en&year_ce=abc&zzz=1")
    ).get_data(as_text=True)
    assert "browse-problems" in drawn and "year_ce='abc'" in drawn and "zzz='1'" in drawn
    assert "browse-grid" not in drawn


def signed_in(app, name):
    c = client(app)
    assert sign_in(c, name, pw(name)).status_code == 303
    return c


@pytest.mark.parametrize(
    "path", ["/sql/browse", "/sql/browse/investments", "/sql/browse/investments.csv", "/sql/browse/nope"]
)
def test_attack_a_viewer_cannot_browse_and_an_analyst_can(app, path):
    viewer, analyst = signed_in(app, "vera"), signed_in(app, "ann")
    assert viewer.get(path).status_code == 403
    assert client(app).get(path, headers={"Accept": "application/json"}).status_code == 401
    assert analyst.get(path).status_code == (404 if path.endswith("nope") else 200)


def test_attack_a_viewer_cannot_draw_a_browse_page_through_the_router(app):
    viewer, analyst = signed_in(app, "vera"), signed_in(app, "ann")
    for path in ("/sql/browse", "/sql/browse/investments", "//sql/browse/investments/", "/sql/browse/x/../investments"):
        assert layout(app, viewer, path).status_code == 403, path
    assert "browse-grid" in layout(app, analyst, "/sql/browse/investments").get_data(as_text=True)


def test_each_browse_query_is_in_the_audit_trail(app):
    from tests.dashboard.authkit import audit_lines

    analyst = signed_in(app, "ann")
    layout(app, analyst, "/sql/browse/dim_sector")
    folder = Path(app.server.extensions["dashboard.auth"].dir)
    lines = [x for x in audit_lines(folder) if x.get("event") == "sql" and x.get("user") == "ann"]
    assert any(x.get("source") == "browse rows" and 'FROM "dim_sector"' in x.get("sql", "") for x in lines)


def test_a_link_quotes_the_name_and_keeps_the_filters(app):
    a = answered(app, "investments", "stage=approval&_page=1")
    assert a.browse.pairs(page=2) == [("stage", "approval"), ("_page", "2")]
    assert quote("investments", safe="") == "investments"


@pytest.mark.parametrize("page", [1, 21, 61, 99])
def test_a_deep_page_of_a_sorted_table_is_the_same_rows_as_a_plain_offset(page):
    from dashboard.browse import Relation

    with duckdb.connect() as c:
        c.execute(
            "CREATE TABLE t AS SELECT range AS id, (range * 7919) % 97 AS v, NULLIF(range % 13, 0) AS w FROM range(5000)"
        )
        relation = Relation(
            "t", "table", "", (Column("id", "BIGINT", ""), Column("v", "BIGINT", ""), Column("w", "BIGINT", ""))
        )
        for key in ("_sort", "_sort_desc"):
            b = parse(relation, [(key, "w"), ("v__gte", "10"), ("_page", str(page))])
            sql = rows_sql(b)
            assert ("rowid IN (" in sql) == (b.offset >= 1000)
            plain = (
                f"SELECT * FROM t WHERE v >= 10 ORDER BY w {'DESC' if key == '_sort_desc' else 'ASC'} NULLS LAST, rowid "
                f"LIMIT 50 OFFSET {b.offset}"
            )
            assert c.execute(sql).fetchall() == c.execute(plain).fetchall()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=60))
@example(name="/")
@example(name="//")
@example(name="agreements/")
def test_attack_any_name_in_the_path_is_a_table_or_view_or_a_404(app, con, name):
    real = {
        n
        for (n,) in con.execute(
            "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal"
        ).fetchall()
    }
    c = client(app, LOCAL)
    drawn = c.post("/_dash-update-component", json=_router(app, "/sql/browse/" + name, "?lang=en"))
    assert drawn.status_code == 200
    body = drawn.get_data(as_text=True)
    index = name.strip("/") == ""  # only slashes: the list of tables and views, as /sql/browse itself
    assert ("browse-not-found" in body) == (name.strip("/") not in real and not index)
    r = c.get("/sql/browse/" + quote(name, safe=""))
    assert r.status_code == (200 if name.strip("/") in real or index else 404)
