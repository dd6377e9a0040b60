"""The finished warehouse -> Parquet files that other engines read (Spark, Polars, pandas, DuckDB).

Every table of the warehouse (not the views: they are joins of these) becomes Parquet in one folder:

    DIR/fact_agreement/signed_year=2022/data_0.parquet    facts, by their year (hive style)
    DIR/fact_delegation/start_year=2017/data_0.parquet
    DIR/fact_investment/year=2017/data_0.parquet
    DIR/dim_partner.parquet, DIR/meta.parquet, ...        every other table, one file each

A fact is partitioned by the year column it has, so a reader with hive partitioning gets the table's
own columns back; the files hold the year column too, so one file read alone is whole. A NULL year
would go to `<column>=__HIVE_DEFAULT_PARTITION__` (DuckDB's name, read back as NULL), but every fact's
year is NOT NULL. An empty fact table is one file with no rows, so its columns are still there. JSON
columns are written as text.

The build writes the copy from the new warehouse file after its checks, into `DIR.tmp-<pid>`, and
puts it in place of DIR after the warehouse is swapped in: a failure leaves DIR as it was.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from etl.extract import UnusableInput

# Fact tables and the year column each is partitioned by.
PARTITIONS = {
    "fact_agreement": "signed_year",
    "fact_delegation": "start_year",
    "fact_investment": "year",
}
MARKER = "meta.parquet"  # in every copy: a folder holding it may be replaced by the next one


def check_target(out: Path) -> None:
    """Refuse a folder that holds something other than an earlier copy: it would be replaced whole."""
    if not out.exists():
        return
    if out.is_dir() and (not any(out.iterdir()) or (out / MARKER).is_file()):
        return
    raise UnusableInput(
        f"--parquet {out}: exists and is not a Parquet copy of the warehouse (it has no {MARKER}); "
        "give a new or empty folder"
    )


def _select(con: duckdb.DuckDBPyConnection, table: str) -> str:
    json_columns = [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = $t AND data_type = 'JSON'", {"t": table}
        ).fetchall()
    ]
    replace = ", ".join(f'"{c}"::VARCHAR AS "{c}"' for c in json_columns)
    return f"SELECT * {f'REPLACE ({replace}) ' if replace else ''}FROM {table}"


def write(con: duckdb.DuckDBPyConnection, out: Path) -> list[str]:
    """Every table of `con` into the new folder `out`; -> the tables written."""
    out.mkdir(parents=True)
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal ORDER BY 1"
        ).fetchall()
    ]
    for table in tables:
        select = _select(con, table)
        year = PARTITIONS.get(table)
        if year is None:
            con.execute(f"COPY ({select}) TO $p (FORMAT parquet)", {"p": str(out / f"{table}.parquet")})
        elif (con.execute(f"SELECT count(*) FROM {table}").fetchone() or (0,))[0]:
            con.execute(
                f"COPY ({select}) TO $p (FORMAT parquet, PARTITION_BY ({year}), WRITE_PARTITION_COLUMNS true)",
                {"p": str(out / table)},
            )
        else:
            (out / table).mkdir()
            con.execute(f"COPY ({select}) TO $p (FORMAT parquet)", {"p": str(out / table / "data_0.parquet")})
    _fsync_tree(out)
    return tables


def put_in_place(new: Path, out: Path) -> None:
    """Replace `out` by the folder `new`. A folder cannot replace another in one step: the old one is
    renamed aside, the new one renamed in, the old one removed. For that instant `out` is missing;
    a kill in between leaves `out.old-<pid>` beside it (the next build removes it)."""
    old = out.with_name(f"{out.name}.old-{os.getpid()}")
    if out.exists():
        os.rename(out, old)
    os.rename(new, out)
    _fsync(out.parent)
    if old.is_dir():
        shutil.rmtree(old)
    elif old.exists():
        old.unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)  # a file or a folder
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    """Flush every file and folder under `root` to disk (COPY only writes them)."""
    for folder, _, files in os.walk(root):
        for name in files:
            _fsync(Path(folder, name))
        _fsync(Path(folder))
