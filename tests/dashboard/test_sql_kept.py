"""Answers kept per build: the same query text on the same warehouse file is answered again without a
turn at the SQL worker, only when running it again would give the same answer (no clock, chance or
session in it, not EXPLAIN), never across a new build, and within a bounded memory."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.sql import guard, worker
from dashboard.sql.runner import KeptAnswers, SqlError, SqlResult, SqlRunner


def small_warehouse(path: Path, rows: int) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute(f"CREATE TABLE t AS SELECT range AS n, 'x' || range AS label FROM range({rows})")
    return path


@pytest.fixture
def runner(tmp_path):
    r = SqlRunner(str(small_warehouse(tmp_path / "w.duckdb", 5)), timeout_s=5.0)
    yield r
    r.close()


@pytest.mark.parametrize(
    "sql, repeatable",
    [
        ("SELECT n FROM t ORDER BY n", True),
        ("SELECT count(*) AS c, max(label) FROM t WHERE n > 1", True),
        ("WITH a AS (SELECT n FROM t) SELECT sum(n) FROM a", True),
        ("SELECT * FROM range(3)", True),
        ("SELECT now() AS t", False),
        ("SELECT current_date AS d", False),
        ("SELECT CURRENT_TIMESTAMP", False),
        ("SELECT n FROM t WHERE n < random() * 5", False),
        ("WITH a AS (SELECT today() AS d) SELECT * FROM a", False),
        ("SELECT uuid() AS u", False),
        ("SELECT n FROM t ORDER BY random() LIMIT 2", False),
        ("SELECT n FROM t WHERE n IN (SELECT epoch(get_current_timestamp()) % 5)", False),
        ("EXPLAIN SELECT n FROM t", False),
        ("EXPLAIN ANALYZE SELECT n FROM t", False),
    ],
)
def test_the_guard_says_whether_a_query_answers_alike_again(tmp_path, sql, repeatable):
    w = worker.Warehouse(str(small_warehouse(tmp_path / "w.duckdb", 5)), "256MB", 1)
    try:
        assert guard.verdict(w.current(), sql, w.allowed).repeatable is repeatable
    finally:
        w.con.close()


def test_a_repeated_query_is_answered_from_what_was_kept(runner):
    first = runner.run("SELECT n, label FROM t ORDER BY n")
    assert first.kept is False
    pid = runner.pid
    second = runner.run("SELECT n, label FROM t ORDER BY n")
    assert second.kept is True and (second.columns, second.types, second.rows) == (
        first.columns,
        first.types,
        first.rows,
    )
    assert runner.pid == pid and runner.run("SELECT n, label FROM t ORDER BY n", row_cap=2).kept is False  # cap: a key
    assert runner.run("SELECT n, label FROM t  ORDER BY n").kept is False  # another text, however alike


def test_a_query_of_the_clock_or_chance_is_run_every_time(runner):
    for sql in ("SELECT random() AS r", "SELECT now() AS t", "EXPLAIN SELECT n FROM t"):
        assert [runner.run(sql).kept for _ in range(3)] == [False] * 3, sql
    values = {runner.run("SELECT random() AS r").rows[0][0] for _ in range(5)}
    assert len(values) > 1


def test_a_new_build_is_never_answered_from_the_last_ones_answers(runner, tmp_path):
    sql = "SELECT count(*) AS c FROM t"
    assert [runner.run(sql).rows for _ in range(2)] == [[[5]], [[5]]]
    os.replace(small_warehouse(tmp_path / "fresh.duckdb", 7), runner.warehouse)  # what the ETL's swap does
    again = runner.run(sql)
    assert again.kept is False and again.rows == [[7]]
    assert runner.run(sql).kept is True and len(runner.kept) == 1  # the old build's answers dropped


def test_refusals_errors_and_large_answers_are_not_kept(runner):
    for sql in ("SELECT * FROM read_csv('/etc/passwd')", "SELECT nope FROM t"):
        for _ in range(2):
            with pytest.raises(SqlError):
                runner.run(sql)
    big = "SELECT range AS n, repeat('x', 1000) AS pad FROM range(400)"  # about 400 KB of JSON
    assert [runner.run(big).kept for _ in range(2)] == [False, False]
    assert len(runner.kept) == 0


def test_the_kept_answers_are_bounded_and_the_least_recent_go_first():
    kept = KeptAnswers(max_bytes=300, max_answer=200)
    result = SqlResult(["a"], ["INTEGER"], [[1]], False, 1, 1.0)
    for i in range(3):
        kept.put(("file", f"q{i}", 10), result, 100)
    assert kept.get(("file", "q0", 10)) is result  # q0 used: q1 is now the least recent
    kept.put(("file", "q3", 10), result, 100)
    assert kept.get(("file", "q1", 10)) is None and len(kept) == 3
    kept.put(("file", "huge", 10), result, 201)
    assert kept.get(("file", "huge", 10)) is None
    kept.put(("new file", "q0", 10), result, 100)
    assert len(kept) == 1 and kept.get(("file", "q0", 10)) is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    template=st.sampled_from(
        [
            "SELECT n, label FROM t WHERE n >= {a} ORDER BY n",
            "SELECT count(*) AS c FROM t WHERE label <> 'x{a}'",
            "SELECT n + {a} AS m FROM t ORDER BY n LIMIT {b}",
            "SELECT n FROM t WHERE n < random() * {a} ORDER BY n",
            "SELECT {a} AS a, now() > TIMESTAMP '2000-01-01' AS later",
            "SELECT list(n ORDER BY n) AS l FROM t WHERE n % {b} = 0",
        ]
    ),
    a=st.integers(0, 6),
    b=st.integers(1, 4),
)
def test_whatever_is_answered_from_the_kept_answers_is_what_running_it_gives(runner, template, a, b):
    sql = template.format(a=a, b=b)
    runner.run(sql)
    again = runner.run(sql)
    if again.kept:
        direct = worker.Warehouse(runner.warehouse, "256MB", 1)  # the worker's own code, run here afresh
        try:
            ran = worker.run(direct, sql, 5.0, 10_000)
        finally:
            direct.con.close()
        assert (again.columns, again.rows) == (ran["columns"], json.loads("[" + ran["rows_json"] + "]")), sql
    else:
        assert "random()" in sql or "now()" in sql, sql


@pytest.mark.parametrize("lang, words", [("en", "not run again"), ("th", "ไม่ได้ประมวลผลซ้ำ")])
def test_the_sql_page_says_when_an_answer_was_kept(app_client, runner, lang, words):
    status = sys.modules[
        "pages.sql"
    ].status  # as Dash imported it (importing dashboard.pages.sql would register it twice)

    first, again = runner.run("SELECT n FROM t ORDER BY n"), runner.run("SELECT n FROM t ORDER BY n")
    assert words not in status(first, lang)
    assert words in status(again, lang)
    empty = runner.run("SELECT n FROM t WHERE n < 0")
    assert words in status(runner.run("SELECT n FROM t WHERE n < 0"), lang) and words not in status(empty, lang)
