"""The SQL worker keeps the guard's verdict on a statement per exact text and warehouse file: a repeated
query gives the same answer without being checked again, a refusal is never kept, a new file starts
with no verdicts, and the time limit holds for a query answered from a kept verdict."""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb
import pytest

from dashboard.sql import guard, worker
from dashboard.sql.examples import EXAMPLES
from dashboard.sql.runner import SqlError, SqlRunner

RUNAWAY = "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b"


def small_warehouse(path: Path, table: str) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute(f"CREATE TABLE {table} AS SELECT range AS n, 'x' || range AS label FROM range(5)")
    return path


@pytest.fixture
def w(tmp_path) -> worker.Warehouse:
    wh = worker.Warehouse(str(small_warehouse(tmp_path / "w.duckdb", "t1")), "256MB", 1)
    yield wh
    if wh.con is not None:
        wh.con.close()


def test_an_accepted_statement_is_kept_and_answers_alike(w):
    sql = "SELECT n, label FROM t1 ORDER BY n"
    first = worker.run(w, sql, 5.0, 100)
    assert first["ok"] and {k: v.statement for k, v in w.verdicts.items()} == {sql: sql}
    second = worker.run(w, sql, 5.0, 100)
    assert second["rows_json"] == first["rows_json"] and second["columns"] == ["n", "label"]


def test_refusals_and_unbound_queries_are_not_kept(w):
    for sql in ("SELECT * FROM read_csv('/etc/passwd')", "SELECT current_setting('threads')", "COPY t1 TO 'x.csv'"):
        for _ in range(2):
            answer = worker.run(w, sql, 5.0, 100)
            assert answer["ok"] is False and answer["kind"] == "refused", answer
    # Does not bind: DuckDB's own message, and no verdict kept (its plan was never looked at).
    answer = worker.run(w, "SELECT no_such_column FROM t1", 5.0, 100)
    assert answer["ok"] is False and "no_such_column" in answer["error"]
    assert w.verdicts == {}


def test_the_verdict_says_whether_the_plan_was_checked(w):
    con = w.current()
    assert guard.verdict(con, "SELECT n FROM t1", w.allowed) == guard.Verdict("SELECT n FROM t1", True, repeatable=True)
    assert guard.verdict(con, "SELECT nope FROM t1", w.allowed).plan_checked is False
    assert guard.check(con, "EXPLAIN SELECT n FROM t1", w.allowed) == "EXPLAIN SELECT n FROM t1"


def test_a_new_file_starts_with_no_verdicts(w, tmp_path):
    sql = "SELECT count(*) AS n FROM t1"
    assert worker.run(w, sql, 5.0, 100)["ok"]
    assert sql in w.verdicts
    # The ETL swaps in a build without t1: the kept verdict must not let the query through.
    fresh = small_warehouse(tmp_path / "fresh.duckdb", "t2")
    os.replace(fresh, w.path)
    answer = worker.run(w, sql, 5.0, 100)
    assert answer["ok"] is False and answer["kind"] == "refused" and "t1" in answer["error"], answer
    assert w.verdicts == {}
    assert worker.run(w, "SELECT count(*) AS n FROM t2", 5.0, 100)["rows_json"] == "[5]"


def test_the_verdicts_kept_are_bounded(w, monkeypatch):
    monkeypatch.setattr(worker, "VERDICTS", 3)
    texts = [f"SELECT n + {i} AS m FROM t1" for i in range(5)]
    for sql in texts:
        assert worker.run(w, sql, 5.0, 100)["ok"]
    assert list(w.verdicts) == texts[2:]
    worker.run(w, texts[2], 5.0, 100)  # used again: kept longest
    worker.run(w, texts[0], 5.0, 100)
    assert list(w.verdicts) == [texts[4], texts[2], texts[0]]


def test_the_time_limit_holds_for_a_kept_verdict(w):
    for _ in range(2):  # the second run is answered from the kept verdict, and stopped all the same
        start = time.monotonic()
        answer = worker.run(w, RUNAWAY, 0.3, 100)
        assert answer["kind"] == "timeout" and time.monotonic() - start < 3
    assert RUNAWAY in w.verdicts
    # The watchdog is disarmed after each query: quick ones after it are not interrupted.
    for _ in range(20):
        assert worker.run(w, "SELECT n FROM t1 LIMIT 1", 0.3, 100)["ok"]
    time.sleep(0.4)
    assert worker.run(w, "SELECT n FROM t1 LIMIT 1", 0.3, 100)["ok"]


def test_the_worker_process_answers_repeats_alike_and_refuses_repeats(tmp_path, mixed_warehouse):
    runner = SqlRunner(str(mixed_warehouse), timeout_s=5.0)
    try:
        for example in EXAMPLES:
            first, second = runner.run(example.sql), runner.run(example.sql)
            assert (second.columns, second.rows) == (first.columns, first.rows), example.name
        for _ in range(2):
            with pytest.raises(SqlError) as e:
                runner.run("SELECT * FROM read_parquet('/etc/passwd')")
            assert e.value.kind == "refused"
        for _ in range(2):
            with pytest.raises(SqlError) as e:
                runner.run(RUNAWAY, timeout_s=0.5)
            assert e.value.kind == "timeout"
        assert runner.run("SELECT 1 AS one").rows == [[1]]
        assert runner.restarts == 0
    finally:
        runner.close()


@pytest.mark.parametrize("name", ["warehouse-1000000.duckdb", "w 2.duckdb", 'w"q.duckdb', "w.v1.duckdb"])
def test_a_warehouse_file_whose_name_needs_quotes_answers(tmp_path, name):
    # EXPLAIN names such a file's catalog in double quotes ("warehouse-1000000".main.t1): the plan check
    # reads the name inside them, and the query runs (a kept verdict or not).
    wh = worker.Warehouse(str(small_warehouse(tmp_path / name, "t1")), "256MB", 1)
    try:
        for _ in range(2):
            answer = worker.run(wh, "SELECT count(*) AS n FROM t1", 5.0, 100)
            assert answer["ok"], answer
            assert answer["rows_json"] == "[5]"
    finally:
        wh.con.close()


def test_catalog_of_reads_quoted_names():
    assert guard.catalog_of("w.main.t") == "w"
    assert guard.catalog_of('"warehouse-1000000".main.dim_partner') == "warehouse-1000000"
    assert guard.catalog_of('"a""b.c".main.t') == 'a"b.c'
    assert guard.catalog_of("system.main.duckdb_tables") == "system"
