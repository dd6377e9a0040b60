"""`build --parquet DIR`: every warehouse table as Parquet, facts in hive-style year folders, read back
row for row by DuckDB and by Polars; written aside and put in place only with the new warehouse."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl.build import build
from etl.parquet import PARTITIONS
from tests.conftest import DATA, query, run_etl


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> tuple[Path, Path]:
    """tests/data/mixed built with --parquet: (warehouse, Parquet folder)."""
    root = tmp_path_factory.mktemp("parquet")
    w, out = root / "w.duckdb", root / "parquet"
    r = run_etl("build", "--raw", str(DATA / "mixed"), "--warehouse", str(w), "--parquet", str(out))
    assert r.returncode == 0, r.stderr
    assert f"parquet: {out} ready" in r.stdout
    return w, out


def tables(w: Path) -> list[str]:
    return [r[0] for r in query(w, "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1")]


def columns(w: Path, table: str) -> list[str]:
    return [r[0] for r in query(w, "SELECT column_name FROM duckdb_columns() WHERE table_name = $t", {"t": table})]


def where(out: Path, table: str) -> str:
    return str(out / table / "**" / "*.parquet") if table in PARTITIONS else str(out / f"{table}.parquet")


def test_every_table_is_written_facts_by_year(copy):
    w, out = copy
    assert sorted(p.name.removesuffix(".parquet") for p in out.iterdir()) == tables(w)
    for table, year in PARTITIONS.items():
        years = {r[0] for r in query(w, f"SELECT DISTINCT {year} FROM {table}")}
        assert {p.name for p in (out / table).iterdir()} == {f"{year}={y}" for y in years}, table
    assert list((out / "fact_investment" / "year=2022").glob("*.parquet"))


def test_duckdb_reads_back_every_table_row_for_row(copy):
    w, out = copy
    with duckdb.connect(str(w), read_only=True) as con:
        for table in tables(w):
            cols = ", ".join(f'"{c}"' for c in columns(w, table))
            want = con.execute(f"SELECT {cols} FROM {table} ORDER BY ALL").fetchall()
            got = con.execute(
                f"SELECT {cols} FROM read_parquet($p, hive_partitioning = true) ORDER BY ALL", {"p": where(out, table)}
            ).fetchall()
            assert got == want, table


def _rows(df: pl.DataFrame) -> list[tuple]:
    return sorted(df.rows(), key=repr)  # list columns cannot be sorted on: order by the rows' text


def test_polars_reads_back_every_table_row_for_row(copy):
    w, out = copy
    with duckdb.connect(str(w), read_only=True) as con:
        for table in tables(w):
            want = con.sql(f"SELECT * FROM {table}").pl()
            if table in PARTITIONS:
                got = pl.scan_parquet(out / table, hive_partitioning=True).collect()
            else:
                got = pl.read_parquet(out / f"{table}.parquet")
            assert got.columns == want.columns, table
            assert _rows(got) == _rows(want), table


def test_an_empty_fact_table_is_one_file_with_its_columns(tmp_path: Path):
    raw = tmp_path / "raw"
    shutil.copytree(DATA / "basic", raw)
    (raw / "delegations.csv").write_text("delegation_id,start_date,direction,partner\n")
    build(raw, tmp_path / "w.duckdb", say=lambda m: None, parquet=tmp_path / "pq")
    got = pl.scan_parquet(tmp_path / "pq" / "fact_delegation", hive_partitioning=True).collect()
    assert got.height == 0 and got.columns == columns(tmp_path / "w.duckdb", "fact_delegation")


def test_a_rebuild_replaces_the_earlier_copy_whole(tmp_path: Path):
    w, out = tmp_path / "w.duckdb", tmp_path / "pq"
    build(DATA / "mixed", w, say=lambda m: None, parquet=out)
    stray = out / "fact_investment" / "year=1999"
    stray.mkdir()
    (stray / "data_0.parquet").write_bytes(b"from an older copy")
    build(DATA / "basic", w, say=lambda m: None, parquet=out)
    assert not stray.exists()
    n = pl.scan_parquet(out / "fact_agreement", hive_partitioning=True).select(pl.len()).collect().item()
    assert n == query(w, "SELECT count(*) FROM fact_agreement")[0][0] == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pq", "w.duckdb"]


def test_a_folder_that_is_not_a_copy_is_refused_before_building(tmp_path: Path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "budget.xlsx").write_bytes(b"keep me")
    r = run_etl("build", "--raw", str(DATA / "basic"), "--warehouse", str(tmp_path / "w.duckdb"), "--parquet", str(out))
    assert r.returncode == 2
    assert f"--parquet {out}: exists and is not a Parquet copy of the warehouse" in r.stderr
    assert [p.name for p in out.iterdir()] == ["budget.xlsx"]
    assert not (tmp_path / "w.duckdb").exists()


def test_a_build_that_is_not_swapped_in_leaves_the_copy_as_it_was(tmp_path: Path):
    w, out = tmp_path / "w.duckdb", tmp_path / "pq"
    build(DATA / "basic", w, say=lambda m: None, parquet=out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    r = run_etl("build", "--raw", str(DATA / "basic"), "--warehouse", str(w), "--parquet", str(out), "--strict")
    assert r.returncode == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pq", "w.duckdb"]


def test_no_room_for_the_copy_keeps_the_old_warehouse_and_the_old_copy(tmp_path: Path):
    """The copy's folder on a tmpfs with room for the old copy only (mounting needs root, as on CI)."""
    w, disk = tmp_path / "w.duckdb", tmp_path / "disk"
    build(DATA / "basic", tmp_path / "sizing.duckdb", say=lambda m: None, parquet=tmp_path / "sizing")
    page = 4096  # a tmpfs gives each file whole pages
    used = sum(-(-p.stat().st_size // page) * page for p in (tmp_path / "sizing").rglob("*") if p.is_file())
    disk.mkdir()
    size = f"size={used + 4 * page}"
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", size, "tmpfs", str(disk)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {r.stderr.strip()}")
    try:
        out = disk / "pq"
        build(DATA / "basic", w, say=lambda m: None, parquet=out)
        warehouse = w.read_bytes()
        old = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
        r = run_etl("build", "--raw", str(DATA / "mixed"), "--warehouse", str(w), "--parquet", str(out))
        assert r.returncode == 3, r.stderr
        first, second = r.stderr.strip().splitlines()
        assert first.startswith(f"error: the disk is full: cannot write {out}.tmp-"), first
        assert second == f"the warehouse {w} was not changed"
        assert w.read_bytes() == warehouse
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == old
        assert [p.name for p in disk.iterdir()] == ["pq"]
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_help_describes_the_copy():
    r = run_etl("build", "--help")
    assert "--parquet DIR" in r.stdout and "year=2017" in r.stdout
