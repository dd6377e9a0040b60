"""dashboard/warehouse_file.py: the one way the pages' queries (db.py) and the SQL worker open the warehouse."""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import pytest

from dashboard import warehouse_file
from tests.conftest import ROOT


def test_the_sql_worker_imports_no_page_code():
    """The worker is a process of its own, started per dashboard process: its imports stay light."""
    code = (
        "import sys, dashboard.sql.worker; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dash', 'plotly', 'flask', 'polars')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_build_renamed_over_the_file_is_a_new_file_id(tmp_path):
    path = tmp_path / "w.duckdb"
    assert warehouse_file.file_id(str(path)) is None
    duckdb.connect(str(path)).close()
    first = warehouse_file.file_id(str(path))
    assert first == warehouse_file.file_id(str(path))
    duckdb.connect(str(tmp_path / "new.duckdb")).close()
    os.replace(tmp_path / "new.duckdb", path)
    assert warehouse_file.file_id(str(path)).inode != first.inode


def test_both_ways_of_opening_are_read_only_with_the_limit_and_threads(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS n")
    for kw in ({}, {"attach_as": "warehouse"}):
        con = warehouse_file.connect(str(path), "256mb", 1, **kw)
        try:
            t = "warehouse.t" if kw else "t"
            assert con.sql(f"SELECT n FROM {t}").fetchall() == [(1,)]
            assert con.sql("SELECT current_setting('threads')").fetchall() == [(1,)]
            assert con.sql("SELECT current_setting('memory_limit')").fetchall() == [("244.1 MiB",)]  # 256 MB
            with pytest.raises(duckdb.Error):
                con.execute(f"INSERT INTO {t} VALUES (2)")
        finally:
            con.close()
    with pytest.raises(ValueError, match="memory limit 'much' is not a size like"):
        warehouse_file.connect(str(path), "much", 1)
