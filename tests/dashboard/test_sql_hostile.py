"""Ad-hoc SQL against a hostile user: inputs that once stopped the SQL worker, ways around the
statement check, the worker fuzzed with random and deeply nested SQL (it answers everything and
stays the same process), time-zoned values, a crash that leaves its reason in the log, and users
taking turns at the one worker."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.sql import guard
from dashboard.sql.runner import FairQueue, SqlError, SqlRunner

THAI = "ญี่ปุ่น กรุงเทพฯ ไทย"
# Thai base letters, combining vowels and tone marks (they stack on the letter before them).
THAI_MARKS = "".join(chr(c) for c in range(0x0E31, 0x0E3B)) + "".join(chr(c) for c in range(0x0E47, 0x0E4F))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, mixed_warehouse: Path) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "warehouse.duckdb"
    shutil.copy(mixed_warehouse, path)
    return path


@pytest.fixture(scope="module")
def runner(warehouse):
    r = SqlRunner(str(warehouse), timeout_s=2.0, row_cap=100, memory="256MB", grace_s=2.0, wait_s=30.0)
    yield r
    r.close()


@pytest.fixture(scope="module")
def checked(warehouse):
    """guard.check in this process, on a read-only connection of its own: -> check(sql)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    allowed = guard.Allowed.of(con)
    yield lambda sql: guard.check(con, sql, allowed)
    con.close()


def answer(runner: SqlRunner, sql: str, who: str = "fuzz") -> str:
    """ok, refused, or the error kind; the worker must stay the same process."""
    try:
        runner.run(sql, who=who)
        return "ok"
    except SqlError as e:
        assert e.kind != "crash", (sql[:200], str(e))
        assert "\n" not in str(e) and str(e)
        return e.kind


# -- inputs that once stopped the worker --------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        f"EXPLAIN SELECT '{THAI}' AS x",
        f"EXPLAIN ANALYZE SELECT '{THAI}' AS x",
        f"/* {THAI} */ EXPLAIN SELECT 1",
        f"EXPLAIN /* {THAI} */ SELECT partner_th FROM agreements WHERE partner_th <> '{THAI}'",
    ],
)
def test_explain_of_text_in_thai_answers_and_the_worker_lives(runner, sql):
    runner.run("SELECT 1")
    pid = runner.pid
    result = runner.run(sql)
    assert result.columns == ["explain_key", "explain_value"]
    assert runner.pid == pid and runner.restarts == 0


def test_a_flat_expression_of_600_terms_answers_and_the_worker_lives(runner):
    runner.run("SELECT 1")
    pid = runner.pid
    assert runner.run("SELECT " + "+".join(["1"] * 600) + " AS n").rows == [[600]]
    # Longer ones pass DuckDB's own depth limit: refused or an error, on one line, same worker.
    for n in (1_500, 5_000, 20_000):
        assert answer(runner, "SELECT " + "+".join(["1"] * n)) in ("refused", "error")
    assert runner.pid == pid


def test_twenty_crashing_inputs_in_parallel_leave_one_worker_up(warehouse):
    r = SqlRunner(str(warehouse), timeout_s=2.0, wait_s=60.0, max_waiting=25)
    try:
        r.run("SELECT 1")
        pid = r.pid
        sqls = [f"EXPLAIN SELECT '{THAI}'", "SELECT " + "+".join(["1"] * 600)] * 10
        kinds: list[str] = []
        threads = [
            threading.Thread(target=lambda i=i, s=s: kinds.append(answer(r, s, who=f"u{i}")))
            for i, s in enumerate(sqls)
        ]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert kinds == ["ok"] * 20
        assert r.pid == pid and r.restarts == 0
    finally:
        r.close()


# -- ways around the check --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("SELECT json_serialize_plan('SELECT current_setting(''memory_limit'')')", "json_serialize_plan() is refused"),
        ("SELECT json_serialize_plan('SELECT 1')", "json_serialize_plan() is refused"),
        ("SELECT current_setting('threads')", "current_setting() is refused"),
        ("SELECT getvariable('x')", "getvariable() is refused"),
        ("SELECT currval('s')", "currval() is refused"),
        ("SELECT current_query()", "current_query() is refused"),
        ("SELECT write_log('x')", "write_log() is refused"),
        ("SELECT sleep_ms(100000)", "sleep_ms() is refused"),
        ("SELECT pg_sleep(100)", "pg_sleep() is refused"),
        ("SELECT json_execute_serialized_sql('x')", "refused"),
        ("SELECT system.main.current_setting('threads')", "current_setting() is refused"),
        ("SELECT * FROM duckdb_settings()", "duckdb_settings() is refused"),
        ("SELECT * FROM duckdb_extensions()", "duckdb_extensions() is refused"),
        ("SELECT * FROM duckdb_settings", "settings"),
        ("SELECT * FROM pg_catalog.pg_settings", "settings"),
        ("SELECT * FROM which_secret('s3://x', 's3')", "which_secret() is refused"),
        # A CTE named like a path is a CTE only where it is visible: not in another scope.
        (
            'WITH a AS (WITH "/etc/passwd" AS (SELECT 1) SELECT * FROM "/etc/passwd") SELECT * FROM a, \'/etc/passwd\'',
            "reading files is refused",
        ),
        ("SELECT (WITH \"/etc/hosts\" AS (SELECT 1) SELECT 1), * FROM '/etc/hosts'", "reading files is refused"),
        ('WITH "/etc/passwd" AS (SELECT * FROM \'/etc/passwd\') SELECT * FROM "/etc/passwd"', "reading files"),
        ("WITH x AS (SELECT * FROM y), y AS (SELECT * FROM '/etc/passwd') SELECT * FROM x", "refused"),
        ("SELECT * FROM (WITH meta AS (SELECT 1) SELECT 1), 'meta.csv'", "reading files is refused"),
        ("SELECT lenght('a')", "no function named lenght() (did you mean length?)"),
    ],
)
def test_a_way_around_the_check_is_refused_on_one_line(runner, sql, words):
    with pytest.raises(SqlError) as e:
        runner.run(sql)
    assert e.value.status == 400 and words in str(e.value), str(e.value)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(
    "sql",
    [
        'WITH "a.csv" AS (SELECT 1 AS x) SELECT * FROM "a.csv"',
        "WITH a AS (SELECT 1 AS x), b AS (SELECT * FROM a) SELECT * FROM b",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT * FROM n",
        "SELECT (WITH c AS (SELECT 2 AS y) SELECT y FROM c) AS z",
        "SELECT row_number() OVER (ORDER BY agreement_id), lag(agreement_id) OVER () FROM agreements",
        "SELECT list_transform([1, 2], lambda x: x + 1), regexp_replace('ab', 'b', 'c'), 'a' ILIKE 'A'",
        "SELECT coalesce(NULL, 1), [1, 2][1], {'a': 1}.a, strftime(DATE '2024-01-02', '%Y'), length('ไทย')",
        "SELECT year_be, count(*), sum(1) FILTER (WHERE true), string_agg(agreement_id, ',') FROM agreements GROUP BY 1",
        "FROM investment_marks(partners := ['jp']) LIMIT 1",
        "SELECT * FROM information_schema.columns LIMIT 1",
        "SELECT version(), now(), current_date, uuid() IS NOT NULL",
    ],
)
def test_ordinary_queries_pass_the_allowlists(runner, sql):
    assert runner.run(sql).columns


def test_the_bound_plan_is_checked_too(warehouse, tmp_path):
    """A scan the parse tree did not show (here: asked of the plan check directly) is refused."""
    (tmp_path / "secret.csv").write_text("a\n1\n", encoding="utf-8")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        allowed = guard.Allowed.of(con)
        with pytest.raises(guard.Refused, match="read_csv"):
            guard.check_plan(con, f"SELECT * FROM read_csv('{tmp_path / 'secret.csv'}')", allowed)
        guard.check_plan(con, "SELECT * FROM agreements, range(3)", allowed)
    finally:
        con.close()


# -- types ------------------------------------------------------------------------------------------


def test_time_zoned_and_other_types_answer(runner):
    sql = (
        "SELECT now() AS now, TIMESTAMPTZ '2024-01-02 03:04:05+07' AS tz, TIMETZ '12:00:00+07' AS ttz, "
        "current_date AS today, '3f8a2c3e-0000-4000-8000-000000000000'::UUID AS id, "
        "'a'::ENUM ('a', 'b') AS e, 255::UTINYINT AS u, 1.5::FLOAT AS f, '101'::BITSTRING AS bits, "
        "union_value(k := 1) AS un, [[1, 2], [3]] AS nested, INTERVAL 1 MONTH AS month, "
        "TIMESTAMP_NS '2024-01-02 03:04:05.123456789' AS ns, 12345678901234567890::UBIGINT AS big"
    )
    result = runner.run(sql)
    row = dict(zip(result.columns, result.rows[0], strict=True))
    assert "TIMESTAMP WITH TIME ZONE" in result.types
    assert isinstance(row["now"], str) and row["now"][:2] == "20"
    assert row["tz"].startswith("2024-01-") and row["id"] == "3f8a2c3e-0000-4000-8000-000000000000"
    assert row["e"] == "a" and row["u"] == 255 and row["nested"] == [[1, 2], [3]] and row["big"] == 12345678901234567890


# -- a crash leaves its reason in the log ---------------------------------------------------------------


def test_a_worker_that_dies_leaves_its_reason_in_the_server_log(warehouse, capfd, caplog):
    r = SqlRunner(str(warehouse), timeout_s=5.0, grace_s=2.0)
    try:
        r.run("SELECT 1")
        pid = r.pid
        threading.Timer(0.5, os.kill, (pid, signal.SIGSEGV)).start()
        with pytest.raises(SqlError) as e:
            r.run("SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b")
        assert e.value.kind == "crash"
        time.sleep(0.3)  # the last lines of its stderr on their way
        err = capfd.readouterr().err
        assert f"[sql worker {pid}] Fatal Python error: Segmentation fault" in err
        assert "died (killed by SIGSEGV) while running: SELECT sum(a.range * b.range)" in caplog.text
        assert r.run("SELECT 2 AS x").rows == [[2]]
    finally:
        r.close()


# -- fuzz ------------------------------------------------------------------------------------------

FRAGMENTS = [
    "SELECT", "FROM", "WHERE", "WITH", "AS", "(", ")", ",", "*", "1", "'x'", "agreements", "meta", "range(3)",
    "EXPLAIN", "ANALYZE", "DESCRIBE", "SUMMARIZE", "SHOW", "VALUES", "UNION ALL", "JOIN", "ON", "IN", "+", "||",
    "/*", "*/", "--", "\n", ";", "$1", "?", "'/etc/passwd'", "read_csv", "getenv", "current_setting", "\"q\"",
    "COPY", "TO", "ATTACH", "SET", "PRAGMA", "LIMIT", "ORDER BY", "GROUP BY", "CASE WHEN", "THEN", "END", "::",
    "[", "]", "{", "}", "lambda x:", "x", f"'{THAI}'", THAI, "ก" + THAI_MARKS, "NULL", "1e308", "-", "→", "\x00",
]  # fmt: skip

random_sql = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join)
unicode_sql = st.text(
    alphabet=st.one_of(st.characters(), st.sampled_from(list("กขคญปยรลวไ" + THAI_MARKS))), max_size=200
).map(lambda s: "SELECT '" + s.replace("'", "''") + "' AS t")
raw_unicode = st.text(max_size=200)
deep_parens = st.integers(1, 3000).map(lambda n: "SELECT " + "(" * n + "1" + ")" * n)
deep_subqueries = st.integers(1, 400).map(lambda n: "SELECT " + "(SELECT " * n + "1" + ")" * n)
long_sums = st.integers(1, 4000).map(lambda n: "SELECT " + "+".join(["1"] * n))
in_lists = st.integers(1, 15000).map(lambda n: "SELECT 1 IN (" + ",".join(map(str, range(n))) + ")")
many_ctes = st.integers(1, 400).map(
    lambda n: "WITH " + ", ".join(f"c{i} AS (SELECT {i} AS x)" for i in range(n)) + f" SELECT * FROM c{n - 1}"
)
nested_ctes = st.integers(1, 200).map(
    lambda n: "SELECT * FROM " + "(WITH c AS (SELECT 1 AS x) SELECT * FROM " * n + "c" + ")" * n
)
any_sql = st.one_of(
    random_sql, unicode_sql, raw_unicode, deep_parens, deep_subqueries, long_sums, in_lists, many_ctes, nested_ctes
)

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@FUZZ
@given(sql=any_sql)
def test_the_check_answers_every_input_with_a_statement_or_a_one_line_refusal(checked, sql):
    try:
        statement = checked(sql)
    except guard.Refused as e:
        assert str(e) and "\n" not in str(e)
    else:
        assert isinstance(statement, str) and statement


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(sql=any_sql)
def test_the_worker_answers_every_input_and_stays_the_same_process(runner, sql):
    runner.run("SELECT 1")
    pid = runner.pid
    assert answer(runner, sql) in ("ok", "refused", "error", "timeout", "memory")
    assert runner.pid == pid


@pytest.mark.parametrize("sql", ["SELECT '\ud800' AS t", "SELECT 1 -- \udfff", "\ud83d"])
def test_a_character_that_is_not_text_is_refused_by_name(runner, sql):
    runner.run("SELECT 1")
    pid = runner.pid
    with pytest.raises(SqlError) as e:
        runner.run(sql)
    assert e.value.kind == "refused" and "is not text (U+D" in str(e.value) and "\n" not in str(e.value)
    assert runner.pid == pid and runner.run("SELECT 2 AS x").rows == [[2]]


def test_a_json_body_with_a_lone_surrogate_is_refused_and_still_audited(mixed_warehouse, tmp_path):
    from dashboard.auth.audit import Trail
    from tests.dashboard.conftest import app_and_client

    _app, client = app_and_client(mixed_warehouse, auth_dir=str(tmp_path))
    r = client.post("/api/sql", data='{"sql": "SELECT \'\\ud800\' AS t"}', content_type="application/json")
    assert r.status_code == 400 and "not text (U+D800" in r.get_json()["error"]
    trail = Trail(tmp_path)
    assert trail.verify().ok and trail.read()[-1]["sql"] == "SELECT '\ud800' AS t"


# -- turns -----------------------------------------------------------------------------------------


def test_users_take_turns_however_many_queries_one_of_them_sends():
    q = FairQueue(wait_s=10.0, max_waiting=10)
    order: list[str] = []
    release = threading.Event()

    def take(who: str, hold: threading.Event | None = None) -> None:
        with q.turn(who):
            order.append(who)
            if hold is not None:
                hold.wait(5)

    first = threading.Thread(target=take, args=("flood", release))
    first.start()
    while not order:
        time.sleep(0.01)
    others = [threading.Thread(target=take, args=(u,)) for u in ("b", "c")]
    for th in others:
        th.start()
    while q.waiting < 2:
        time.sleep(0.01)
    again = threading.Thread(target=take, args=("flood",))  # flood's next query, queued after b and c
    release.set()
    first.join()
    again.start()
    for th in [*others, again]:
        th.join()
    assert order[0] == "flood" and set(order[1:3]) == {"b", "c"} and order[3] == "flood"


def test_a_users_second_query_is_answered_busy_at_once_and_others_wait_no_longer_than_the_bound():
    q = FairQueue(wait_s=0.3, max_waiting=1)
    refused: list[str] = []

    def wait_for_b() -> None:
        try:
            with q.turn("b"):
                pass
        except SqlError as e:
            refused.append(str(e))

    with q.turn("a"):
        start = time.perf_counter()
        with pytest.raises(SqlError, match=r"^busy: your previous query is still running") as e, q.turn("a"):
            pass
        assert time.perf_counter() - start < 0.05 and e.value.status == 503 and e.value.retry_after_s
        waiter = threading.Thread(target=wait_for_b)
        waiter.start()
        while q.waiting < 1:
            time.sleep(0.01)
        with pytest.raises(SqlError, match="queries of other users are ahead of yours"), q.turn("c"):  # queue full
            pass
        start = time.perf_counter()
        waiter.join()
        assert time.perf_counter() - start < 0.5
    assert refused and refused[0].startswith("busy: the SQL worker was busy")


def test_the_api_answers_a_second_query_of_one_address_busy_with_retry_after(tmp_path, mixed_warehouse):
    from dashboard.app import create_app
    from dashboard.settings import load

    shutil.copy(mixed_warehouse, tmp_path / "w.duckdb")
    app = create_app(load(warehouse=str(tmp_path / "w.duckdb"), sql_timeout_s=1.0))
    client = app.server.test_client()
    slow = "SELECT sum(hash(a.range * b.range)) FROM range(100000) a, range(100000) b"  # runs to the 1 s limit
    try:
        # The worker started first, so the slow query holds it from now for its 1 s: the same address asking
        # again is busy at once, another waits less than its 2 s for a turn.
        assert (
            client.get(
                "/api/sql", query_string={"sql": "SELECT 0"}, environ_base={"REMOTE_ADDR": "127.0.0.8"}
            ).status_code
            == 200
        )
        first = threading.Thread(target=client.get, args=("/api/sql",), kwargs={"query_string": {"sql": slow}})
        first.start()
        time.sleep(0.4)
        r = client.get("/api/sql", query_string={"sql": "SELECT 1"})
        other = client.get("/api/sql", query_string={"sql": "SELECT 1 AS x"}, environ_base={"REMOTE_ADDR": "127.0.0.9"})
        first.join()
        assert r.status_code == 503 and r.headers["Retry-After"]
        assert r.get_json()["error"].startswith("busy: your previous query is still running")
        assert other.status_code == 200 and other.get_json()["rows"] == [[1]]
    finally:
        app.server.extensions["dashboard.sql"].close()
