"""Shared fixtures: real files in tests/data, real DuckDB warehouses built from them."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"

# Accounts, the session key and the audit trail of every app and server the tests start go to a
# folder of the test run, not the checkout's data/auth (a test that needs its own sets auth_dir).
os.environ.setdefault("DASHBOARD_AUTH_DIR", tempfile.mkdtemp(prefix="dashboard-auth-"))


def run_etl(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """`python -m etl ...` as a user runs it, in its own process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "etl", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def query(path: Path, sql: str, params: dict | None = None) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params or {}).fetchall()


@pytest.fixture(scope="session")
def mixed_warehouse(tmp_path_factory) -> Path:
    """tests/data/mixed built once: friendly rows, messy formats and bad rows."""
    from etl.build import build

    path = tmp_path_factory.mktemp("mixed") / "warehouse.duckdb"
    build(DATA / "mixed", path, say=lambda m: None)
    return path


@pytest.fixture(scope="session")
def shipped_warehouse(tmp_path_factory) -> Path:
    """data/raw built as `make warehouse` builds it."""
    from etl.build import build

    path = tmp_path_factory.mktemp("shipped") / "warehouse.duckdb"
    build(ROOT / "data" / "raw", path, say=lambda m: None)
    return path
