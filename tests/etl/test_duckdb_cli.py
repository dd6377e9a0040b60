"""The duckdb command line the README names (PyPI's duckdb-cli, installed by the set-up) opens the warehouse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dashboard.sql.examples import FILE as EXAMPLES
from etl.build import build
from tests.conftest import ROOT

CLI = Path(sys.executable).parent / "duckdb"


def cli(warehouse: Path, *args: str) -> str:
    r = subprocess.run([str(CLI), "-readonly", "-csv", str(warehouse), *args], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "Error" not in r.stderr, r.stderr
    return r.stdout


def test_the_command_line_reads_the_warehouse_with_its_comments(mixed_warehouse: Path):
    out = cli(mixed_warehouse, "-c", "SELECT count(*) AS n FROM agreements")
    assert out.split() == ["n", "7"]
    out = cli(
        mixed_warehouse, "-c", "SELECT count(*) > 100 AS commented FROM duckdb_columns() WHERE comment IS NOT NULL"
    )
    assert out.split() == ["commented", "true"]


def test_the_saved_examples_run_in_the_command_line(tmp_path: Path):
    w = tmp_path / "warehouse.duckdb"
    build(ROOT / "data" / "raw", w, say=lambda m: None)
    out = cli(w, "-c", f".read {EXAMPLES}")
    assert out.count("\n") > 20
