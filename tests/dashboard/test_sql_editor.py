"""The SQL page's editor, history, saved queries, chart and plan, without a browser: where DuckDB's errors
are placed, the plan through the same checks, the history file, who sees which saved query (real sign-ins),
the chart's numbers against the result's, its slide, and how the editor's script is served."""

from __future__ import annotations

import hashlib
import io
import json
import re

import brotli
import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx import Presentation

from dashboard.auth.accounts import Accounts
from dashboard.sql import chart as sqlchart
from dashboard.sql import guard
from dashboard.sql.editor import BUNDLE, IMMUTABLE, script_url
from dashboard.sql.examples import EXAMPLES
from dashboard.sql.history import BadQuery, History
from dashboard.sql.runner import SqlError, SqlRunner
from tests.dashboard.authkit import callback_body, client, layout, make_app, sign_in
from tests.dashboard.test_sql_schema import components

THAI = "สวัสดีครับ น้ำ ผู้ใหญ่ ก็ไม่"  # combining vowels above and below, tone marks


def error_of(con, sql: str) -> str:
    with pytest.raises(duckdb.Error) as e:
        con.execute(sql).fetchall()
    return str(e.value)


def culprit(sql: str, at: dict) -> str:
    line = sql.split("\n")[at["line"] - 1]
    return line[at["col"] - 1 : at["col"] - 1 + at["length"]]


# -- where an error is -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "word"),
    [
        ("SELECT *\nFORM range(3)", "range"),  # the parser stops at the word after the typo
        (f"SELECT '{THAI}' AS t, nope FROM range(3)", "nope"),
        (f"SELECT 1,\n   '{THAI}', nope\nFROM range(3)", "nope"),
        ("SELECT " + "1 + " * 60 + "nope FROM range(3) WHERE " + "2 = 2 AND " * 20 + "true", "nope"),
        ("SELECT '日本語テキスト', nope FROM range(1)", "nope"),  # wide characters take two columns
    ],
)
def test_an_error_is_placed_at_duckdbs_line_and_column(sql, word):
    con = duckdb.connect()
    at = guard.error_at(error_of(con, sql), sql)
    assert at is not None and culprit(sql, at) == word, at


def test_an_error_in_a_statement_cut_from_the_text_is_placed_in_the_text():
    sql = f"-- {THAI}\n\n  SELECT nope FROM range(2);  "
    con = duckdb.connect()
    ran = con.extract_statements(sql)[0].query.strip()
    at = guard.error_at(error_of(con, ran), sql, ran)
    assert at is not None and culprit(sql, at) == "nope" and at["line"] == 3


def test_messages_without_a_place_give_none():
    assert guard.error_at("Binder Error: no such thing", "SELECT 1") is None
    assert guard.error_at("LINE 9: x\n        ^", "SELECT 1") is None  # a line the text does not have


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.text(alphabet=st.sampled_from(list("ก่้ัีิุูเแ๑ abc(')\n,;-*")), max_size=40))
def test_any_text_gets_a_place_inside_it_or_none(prefix, tail):
    sql = f"SELECT {prefix!r}, {tail}"
    con = duckdb.connect()
    try:
        con.extract_statements(sql)
        return
    except duckdb.Error as e:
        at = guard.error_at(str(e), sql)
    if at is not None:
        lines = sql.split("\n")
        assert 1 <= at["line"] <= len(lines)
        assert 1 <= at["col"] <= len(lines[at["line"] - 1]) + 1


@pytest.fixture(scope="module")
def runner(mixed_warehouse):
    r = SqlRunner(str(mixed_warehouse), timeout_s=5)
    yield r
    r.close()


def test_the_worker_says_where_its_error_is(runner):
    sql = f"SELECT '{THAI}' AS greeting,\n       nope\nFROM agreements"
    with pytest.raises(SqlError) as e:
        runner.run(sql)
    assert "nope" in str(e.value) and e.value.at == {"line": 2, "col": 8, "length": 4}
    with pytest.raises(SqlError) as e:
        runner.run(f"-- {THAI}\nSELECT *\nFORM agreements")
    assert e.value.at["line"] == 3 and culprit(f"-- {THAI}\nSELECT *\nFORM agreements", e.value.at) == "agreements"


# -- the plan ---------------------------------------------------------------------------------------------


def test_the_plan_as_json_goes_through_the_same_checks(runner):
    rows = runner.run("EXPLAIN (FORMAT JSON) SELECT year_be, count(*) FROM agreements GROUP BY ALL").rows
    plan = json.loads(rows[0][1])
    names = json.dumps(plan)
    assert "SCAN" in names and "GROUP_BY" in names
    for attack in [
        "EXPLAIN (FORMAT JSON) SELECT * FROM read_csv('/etc/passwd')",
        "EXPLAIN (FORMAT JSON) COPY agreements TO '/tmp/x.csv'",
        "EXPLAIN (FORMAT JSON) SELECT current_setting('threads')",
        "EXPLAIN ANALYZE (FORMAT JSON) SELECT 1",
        "EXPLAIN (FORMAT JSON, ANALYZE) SELECT 1",
        "EXPLAIN (FORMAT JSON)",
        "EXPLAIN (FORMAT JSON) ATTACH '/tmp/x.duckdb'",
    ]:
        with pytest.raises(SqlError) as e:
            runner.run(attack)
        assert e.value.status == 400, attack


# -- history and saved queries ----------------------------------------------------------------------------


def test_history_is_kept_per_user_searchable_and_outlives_its_process(tmp_path):
    h = History(tmp_path)
    h.record("ann", f"SELECT '{THAI}'", rows=1, ms=12)
    h.record("ann", "SELECT year_be FROM agreements", rows=7, ms=30, truncated=True)
    h.record("bob", "SELECT 'bob only'", rows=1, ms=3)
    h.record("ann", "SELEC oops", rows=None, ms=0, error="not valid SQL")
    again = History(tmp_path)  # a new process on the same folder
    runs = again.runs("ann")
    assert [r.sql for r in runs] == ["SELEC oops", "SELECT year_be FROM agreements", f"SELECT '{THAI}'"]
    assert runs[0].error == "not valid SQL" and runs[1].rows == 7 and runs[1].truncated and runs[2].ms == 12
    assert [r.sql for r in again.runs("ann", "น้ำ")] == [f"SELECT '{THAI}'"]
    assert [r.sql for r in again.runs("ann", "AGREEMENTS")] == ["SELECT year_be FROM agreements"]
    assert again.runs("ann", "bob only") == [] and again.run("ann", again.runs("bob")[0].id) is None
    assert again.has_run("ann", "SELECT year_be FROM agreements") and not again.has_run("ann", "SELEC oops")
    for pattern in ("%", "'; DROP TABLE run; --", "\\"):  # text to find, not patterns
        assert again.runs("ann", pattern) == [], pattern
    assert [r.sql for r in again.runs("ann", "_")] == ["SELECT year_be FROM agreements"]
    assert len(again.runs("ann")) == 3


def test_saved_queries_private_shared_and_the_examples(tmp_path):
    h = History(tmp_path)
    mine = h.save(
        "ann", "ลงนามรายปี", "จำนวนความตกลงต่อปี (พ.ศ.)", "SELECT year_be, count(*) FROM agreements GROUP BY ALL", False
    )
    shared = h.save("ann", "Shared one", "For everyone", "SELECT 1", True)
    keys_bob = [q.key for q in h.visible("bob")]
    assert shared.key in keys_bob and mine.key not in keys_bob
    assert h.saved("bob", mine.key) is None and h.saved("bob", shared.key).sql == "SELECT 1"
    assert h.saved("ann", mine.key).description == "จำนวนความตกลงต่อปี (พ.ศ.)"
    examples = [q for q in h.visible("bob", "th") if q.key.startswith("example:")]
    assert [q.sql for q in examples] == [e.sql for e in EXAMPLES] and len(examples) == 10
    assert all(q.shared and q.owner == "" for q in examples) and examples[0].name == EXAMPLES[0].th
    assert not h.delete("bob", shared.key) and h.saved("bob", shared.key) is not None  # not bob's to delete
    assert h.delete("ann", shared.key) and h.saved("bob", shared.key) is None
    again = h.save("ann", "ลงนามรายปี", "ใหม่", "SELECT 2", True)  # the same name replaces
    assert again.key == mine.key and h.saved("bob", mine.key).sql == "SELECT 2"


@pytest.mark.parametrize(
    ("name", "description", "sql", "field"),
    [("", "", "SELECT 1", "name"), ("  \n ", "", "SELECT 1", "name"), ("x" * 201, "", "SELECT 1", "name"),
     ("ok", "d" * 2001, "SELECT 1", "description"), ("ok", "", "   ", "sql"), ("ok", "", "x" * 100_001, "sql")],
)  # fmt: skip
def test_a_saved_query_that_cannot_be_kept_says_which_field(tmp_path, name, description, sql, field):
    with pytest.raises(BadQuery) as e:
        History(tmp_path).save("ann", name, description, sql, False)
    assert str(e.value).startswith(field + ":")


@settings(max_examples=40, deadline=None)
@given(name=st.text(min_size=1, max_size=60).filter(str.strip), sql=st.text(min_size=1, max_size=200).filter(str.strip))
def test_any_name_and_text_come_back_as_they_were_saved(tmp_path_factory, name, sql):
    h = History(tmp_path_factory.mktemp("h"))
    q = h.save("ann", name, name, sql, True)
    assert h.saved("bob", q.key).sql == sql and q.name == " ".join(name.split())


PEOPLE = {"ann": "analyst", "bob": "analyst"}


@pytest.fixture(scope="module")
def signed_app(mixed_warehouse, tmp_path_factory):
    folder = tmp_path_factory.mktemp("auth")
    accounts = Accounts(folder)
    for name, role in PEOPLE.items():
        accounts.set(name, f"{name}-password-42", role, new=True)
    return make_app(mixed_warehouse, folder), folder


def signed_in(app, name: str):
    c = client(app)
    assert sign_in(c, name, f"{name}-password-42").status_code == 303
    return c


def save_body(app, name: str, sql: str, shared: bool) -> dict:
    return callback_body(
        app, "sqled-save-status.children", [("sqled-save", "n_clicks", 1), ("sqled-delete", "n_clicks", 0)],
        [("sqled-save-name", "value", name), ("sqled-save-description", "value", "คำอธิบาย"),
         ("sqled-save-shared", "value", "shared" if shared else "private"), ("sql-editor", "value", sql),
         ("sql-example", "value", None), ("_pages_location", "search", "?lang=en")],
    )  # fmt: skip


def test_a_shared_query_is_seen_by_another_analyst_and_a_private_one_is_not(signed_app):
    app, folder = signed_app
    ann, bob = signed_in(app, "ann"), signed_in(app, "bob")
    assert (
        ann.post("/_dash-update-component", json=save_body(app, "ann private", "SELECT 'secret'", False)).status_code
        == 200
    )
    r = ann.post("/_dash-update-component", json=save_body(app, "ann shared", "SELECT 'for all'", True))
    assert r.status_code == 200 and "everyone sees it" in r.get_data(as_text=True)
    page = json.dumps(layout(app, bob, "/sql").get_json(), ensure_ascii=False)
    assert "ann shared (ann, แบ่งปัน)" in page and "ann private" not in page  # the page in Thai, the default
    keys = {q.name: q.key for q in History(folder).visible("ann")}
    pick = callback_body(app, "sql-editor.value", [("sql-example", "value", keys["ann private"])], [])
    r = bob.post("/_dash-update-component", json=pick)
    assert r.status_code == 204 or "secret" not in r.get_data(as_text=True)
    pick = callback_body(app, "sql-editor.value", [("sql-example", "value", keys["ann shared"])], [])
    assert "for all" in bob.post("/_dash-update-component", json=pick).get_data(as_text=True)
    mine = json.dumps(layout(app, ann, "/sql").get_json(), ensure_ascii=False)
    assert "ann private (ของฉัน, ส่วนตัว)" in mine


def test_each_analyst_has_their_own_history_on_the_page(signed_app):
    app, folder = signed_app
    ann, bob = signed_in(app, "ann"), signed_in(app, "bob")
    run = callback_body(app, "sql-grid.rowData", [("sql-run", "n_clicks", 1)],
                        [("sql-editor", "value", "SELECT 'ann ran this' AS x"), ("_pages_location", "search", "")])  # fmt: skip
    assert ann.post("/_dash-update-component", json=run).status_code == 200
    runs = History(folder).runs("ann", "ann ran this")
    assert len(runs) == 1 and runs[0].rows == 1 and runs[0].ms >= 0
    assert "ann ran this" in layout(app, ann, "/sql").get_data(as_text=True)
    assert "ann ran this" not in layout(app, bob, "/sql").get_data(as_text=True)
    assert History(folder).runs("bob", "ann ran this") == []


# -- the chart --------------------------------------------------------------------------------------------


def direct(warehouse, sql: str):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cur = con.execute(sql)
        return [d[0] for d in cur.description], [str(d[1]) for d in cur.description], [list(r) for r in cur.fetchall()]


def test_the_charts_numbers_are_the_results(runner, mixed_warehouse):
    sql = "SELECT year_be, agreement_type, count(*) AS n FROM agreements GROUP BY ALL ORDER BY ALL"
    result = runner.run(sql)
    fig = sqlchart.figure(result.columns, result.types, result.rows, x=0, y=2, series=1, kind="bar", lang="th")
    marks = sorted((name, x, y) for name, x, y in sqlchart.plotted(fig))
    _, _, rows = direct(mixed_warehouse, sql)
    assert marks == sorted((str(t), str(y), n) for y, t, n in rows)
    assert fig["layout"]["barmode"] == "group"  # side by side: never stacked, never added
    line = sqlchart.figure(result.columns, result.types, result.rows, x=0, y=2, series=1, kind="line", lang="en")
    assert sorted(sqlchart.plotted(line)) == marks and {tr["type"] for tr in line["data"]} == {"scatter"}


def test_two_rows_at_one_x_are_refused_not_added(runner):
    result = runner.run("SELECT year_be, count(*) AS n FROM agreements GROUP BY year_be, agreement_type ORDER BY 1")
    with pytest.raises(sqlchart.ChartError) as e:
        sqlchart.figure(result.columns, result.types, result.rows, x=0, y=1, lang="en")
    assert re.search(r"Rows \d+ and \d+ both have year_be = \d+", str(e.value)) and "GROUP BY" in str(e.value)
    with pytest.raises(sqlchart.ChartError, match="y must be a number column: t is VARCHAR"):
        sqlchart.figure(["year_be", "t"], ["INTEGER", "VARCHAR"], [[1, "a"]], x=0, y=1, lang="en")
    with pytest.raises(sqlchart.ChartError, match="แกน y ต้องเป็นคอลัมน์ตัวเลข"):
        sqlchart.figure(["a", "t"], ["INTEGER", "VARCHAR"], [[1, "a"]], x=0, y=1, lang="th")
    with pytest.raises(sqlchart.ChartError, match="no rows"):
        sqlchart.figure(["a", "n"], ["VARCHAR", "BIGINT"], [], x=0, y=1, lang="en")


def test_names_from_data_are_drawn_as_text():
    rows = [["<b>bold</b>", 1.5], ['=HYPERLINK("x")', 2.25], ["\u202eexe.gnp", None]]
    fig = sqlchart.figure(["<i>name</i>", "value"], ["VARCHAR", "DOUBLE"], rows, x=0, y=1, lang="en")
    xs = fig["data"][0]["x"]
    assert xs[0] == "&lt;b&gt;bold&lt;/b&gt;" and "\u202e" not in xs[2]
    assert fig["data"][0]["y"] == [1.5, 2.25, None]
    assert "&lt;i&gt;name&lt;/i&gt;" in fig["layout"]["xaxis"]["title"]["text"]


def test_the_slide_holds_the_chart_with_the_results_numbers_and_the_sql_in_its_notes(app_client, runner):
    app, _ = app_client
    sql = f"-- {THAI}\nSELECT year_be, count(*) AS n FROM agreements GROUP BY ALL ORDER BY 1"
    result = runner.run(sql)
    fig = sqlchart.figure(result.columns, result.types, result.rows, x=0, y=1, lang="th")
    with app.server.test_request_context():
        data = sqlchart.slide(fig, sql, "th", "http://127.0.0.1:8050/sql?sql=x")
    prs = Presentation(io.BytesIO(data))
    [slide] = prs.slides
    [chart] = [s.chart for s in slide.shapes if s.has_chart]
    assert list(chart.plots[0].categories) == [str(r[0]) for r in result.rows]
    assert list(chart.plots[0].series[0].values) == [r[1] for r in result.rows]
    notes = slide.notes_slide.notes_text_frame.text
    assert sql in notes and "คำสั่ง SQL ของแผนภูมินี้" in notes


# -- the editor's script --------------------------------------------------------------------------------


def test_the_editor_script_is_served_by_its_hash_for_a_year_and_to_the_sql_page_only(app_client):
    app, c = app_client
    url = script_url()
    digest = hashlib.sha256(BUNDLE.read_bytes()).hexdigest()[:16]
    assert url == f"/vendor/sql-editor.{digest}.min.js" and "assets" not in str(BUNDLE)
    r = c.get(url)
    assert r.status_code == 200 and r.headers["Cache-Control"] == IMMUTABLE == "public, max-age=31536000, immutable"
    assert r.headers["Content-Type"].startswith("text/javascript") and b"SqlEditor" in r.data
    assert c.get("/vendor/sql-editor.0123456789abcdef.min.js").status_code == 404
    packed = c.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "br" and brotli.decompress(packed.data) == BUNDLE.read_bytes()
    assert len(packed.data) < len(BUNDLE.read_bytes()) / 3
    assert "==== @codemirror/view" in c.get("/vendor/sql-editor.LICENSES.txt").get_data(as_text=True)
    from dashboard.app import page_request

    sql_page = c.post("/_dash-update-component", json=page_request(app, "/sql", "?lang=en")).get_data(as_text=True)
    assert url.replace("/", "\\u002f") in sql_page
    other = c.post("/_dash-update-component", json=page_request(app, "/agreements", "?lang=en")).get_data(as_text=True)
    assert "sql-editor." not in other
    assert "vendor/sql-editor" not in c.get("/sql?lang=en").get_data(as_text=True)  # fetched by the page, later


def test_the_page_gives_the_editor_the_catalogue_with_comments(app_client, mixed_warehouse):
    from dashboard.app import page_request

    app, c = app_client
    body = c.post("/_dash-update-component", json=page_request(app, "/sql", "?lang=en")).get_json()
    (store,) = [n for n in components(body) if n["props"].get("id") == "sqled-catalogue"]
    cat = c.get(store["props"]["data"]).get_json()  # where the editor fetches it, beside its script
    by_name = {r["name"]: r for r in cat}
    with duckdb.connect(str(mixed_warehouse), read_only=True) as con:
        want = con.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'agreements' ORDER BY column_index"
        ).fetchall()
        (view_comment,) = con.execute("SELECT comment FROM duckdb_views() WHERE view_name = 'agreements'").fetchone()
    assert by_name["agreements"]["kind"] == "view" and by_name["agreements"]["comment"] == view_comment
    assert [(c["name"], c["comment"] or None) for c in by_name["agreements"]["columns"]] == want
