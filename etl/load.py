"""The warehouse's inside: the schema, the loader that inserts staged frames, the column comments of the
friendly views, the counting rules and bookkeeping that finish a file, and the checks a file must pass.

etl/build.py runs the phases (find the inputs, stage and load, finish, check, swap, Parquet); this module is
what they write with.
"""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from contract.datasets import DATASETS
from etl.staging import countries_table, provinces_table

if TYPE_CHECKING:
    from etl.build import BuildResult

SCHEMA_VERSION = "4"
HERE = Path(__file__).resolve().parent
MODELS = HERE / "models"
CHECKS = HERE / "checks"


ETL_LOAD_COLUMNS = (
    "load_id", "loaded_at", "dataset", "file", "sha256", "encoding", "rows_read", "rows_loaded",
    "rows_duplicate", "rows_rejected", "rows_blank", "seconds",
)  # fmt: skip


class CheckFailed(Exception):
    """A data check found rows that break the warehouse contract."""


def run_sql_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    con.execute(path.read_text(encoding="utf-8"))


def insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    con.register("_staged", frame)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _staged")
    con.unregister("_staged")


# View columns named differently from the table column they show.
VIEW_COLUMN_SOURCES = {
    "partner_en": ("dim_partner", "name_en"),
    "partner_th": ("dim_partner", "name_th"),
    "partner_local": ("dim_partner", "name_local"),
    "partner_level": ("dim_partner", "level"),
    "country_code": ("dim_partner", "country_code"),
    "subdivision": ("dim_partner", "subdivision"),
    "country_en": ("dim_country", "name_en"),
    "country_th": ("dim_country", "name_th"),
    "sector_en": ("dim_sector", "name_en"),
    "sector_th": ("dim_sector", "name_th"),
    "sector_group": ("dim_sector", "sector_group"),
    "province_en": ("dim_province", "name_en"),
    "province_th": ("dim_province", "name_th"),
}


VIEW_COLUMN_TEXT = {
    "signed_on": "Date of signing at the precision the source gives: YYYY-MM-DD, YYYY-MM or YYYY",
    "started_on": "Start at the precision the source gives: YYYY-MM-DD, YYYY-MM or YYYY",
    "year_ce": "Calendar year, common era",
    "year_be": "Calendar year, Buddhist era (year_ce + 543)",
    "fiscal_year_ce": "Thai government fiscal year (1 Oct-30 Sep), named by the CE year it ends in; NULL if only the year is known",
    "sectors": "Sector codes (see dim_sector)",
    "in_eec": "True when the province is in the Eastern Economic Corridor",
    "comparable": "True when the warehouse keeps records of what is counted (agreements, partners, delegations)",
    "recorded": "How many such records the warehouse holds, dated certainly within the count's period",
    "possibly": "Records whose date, at its precision, may or may not fall within the period",
    "thai_party_th": "The Thai party's name in Thai, from dim_thai_party (for a stated total, one per thai_parties "
    "entry); NULL where no cited Thai name is recorded",
}


# The friendly views whose columns take the comments of their dataset's table (the contract names both).
VIEW_TABLE = {d.view: d.table for d in DATASETS.values() if d.view}


def comment_view_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Give every column of the friendly views the comment of what it shows."""
    comments = {
        (t, c): text
        for t, c, text in con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE comment IS NOT NULL"
        ).fetchall()
    }
    for view, table in VIEW_TABLE.items():
        cols = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = $v", {"v": view}
            ).fetchall()
        ]
        for col in cols:
            text = (
                VIEW_COLUMN_TEXT.get(col)
                or comments.get((table, col))
                or comments.get(VIEW_COLUMN_SOURCES.get(col, ("", "")))
            )
            if text is None:
                text = comments.get((table, col.replace("_ce", "")), "")
            if text:
                con.execute(f"COMMENT ON COLUMN {view}.{col} IS $t".replace("$t", "'" + text.replace("'", "''") + "'"))


def run_checks(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Each checks/*.sql returns the rows that break a rule; empty means pass. A failure says how many
    rows break its rule and shows the first five."""
    failures = []
    for path in sorted(CHECKS.glob("*.sql")):
        sql = path.read_text(encoding="utf-8").strip().rstrip(";")
        rows = con.execute(f"SELECT * FROM ({sql}) LIMIT 5").fetchall()
        if rows:
            (n,) = con.execute(f"SELECT count(*) FROM ({sql})").fetchone() or (0,)
            shown = "" if n <= len(rows) else f", the first {len(rows)}"
            failures.append(
                f"{path.stem}: {n:,} row{'s' if n != 1 else ''} break{'s' if n == 1 else ''} it{shown}: {rows}"
            )
    return failures


def previous_history(warehouse: Path) -> tuple[pl.DataFrame | None, str | None]:
    """The old file's load history, to carry forward: (history, None), or (None, why not) when the old
    file cannot be read (cut short, overwritten, not a warehouse): the build goes on without it."""
    if not warehouse.exists():
        return None, None
    columns = ", ".join(f'"{c}"' for c in ETL_LOAD_COLUMNS)
    try:
        with duckdb.connect(str(warehouse), read_only=True) as old:
            return old.sql(f"SELECT {columns} FROM etl_load").pl(), None
    except (duckdb.Error, OSError) as e:
        why = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        return None, f"the old warehouse {warehouse} cannot be read ({why}); its load history is not carried over"


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    # One transaction: each statement on its own would commit (and sync) the file, ten times slower.
    con.execute("BEGIN TRANSACTION")
    for f in ("00_bookkeeping.sql", "01_dimensions.sql", "02_facts.sql"):
        run_sql_file(con, MODELS / f)
    insert(con, "dim_country", countries_table().rename({"code": "country_code"}))
    provinces = provinces_table().select(
        "province_code", "name_en", "name_th", "region", (pl.col("eec").str.to_lowercase() == "true").alias("is_eec")
    )
    insert(con, "dim_province", provinces)
    con.execute("COMMIT")


class Loader:
    """Inserts staged chunks into the new file on a thread of its own, so DuckDB
    writes chunk k while Polars stages chunk k+1 (both release the GIL). At
    most two chunks wait, which bounds the memory; errors surface on `wait`."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="etl-load")
        self.pending: list[Future] = []

    def sink_for(self, name: str):
        """Where a dataset's staged chunks go: its warehouse table, with lineage for facts."""

        def sink(kind: str, frame: pl.DataFrame) -> None:
            if kind == "good":
                ds = DATASETS[name]
                frame = frame.rename(ds.renames).drop("sector_codes", strict=False)
                if ds.lineage:  # facts keep file and row of their input; reference tables do not
                    frame = frame.rename({"_file": "source_file", "_row": "source_row"})
                else:
                    frame = frame.drop("_file", "_row")
                table = ds.table
            else:
                table = kind
            while len(self.pending) >= 2:
                self.pending.pop(0).result()
            self.pending.append(self.pool.submit(insert, self.con, table, frame))

        return sink

    def wait(self) -> None:
        while self.pending:
            self.pending.pop(0).result()

    def close(self) -> None:
        for f in self.pending:
            f.cancel()
        self.pool.shutdown(wait=True)
        self.pending.clear()


def finish_warehouse(
    con: duckdb.DuckDBPyConnection,
    result: BuildResult,
    history: pl.DataFrame | None,
    started: dt.datetime,
    say=print,
) -> None:
    """Year dimension, views, summaries, bookkeeping and meta; then the checks."""
    t = time.perf_counter()
    con.execute("BEGIN TRANSACTION")  # as in create_schema: one commit, not one per statement
    for f in ("03_dim_year.sql", "04_views.sql", "06_counting.sql"):
        run_sql_file(con, MODELS / f)
    say(f"warehouse: years, views and counting rules ({time.perf_counter() - t:.1f} s)")
    comment_view_columns(con)
    if history is not None and history.height:
        insert(con, "etl_load", history)
    loads = pl.DataFrame(
        [
            {
                "load_id": result.load_id,
                "loaded_at": started.replace(tzinfo=None),
                "dataset": s.dataset,
                "file": s.file,
                "sha256": s.sha256,
                "encoding": s.encoding,
                "rows_read": s.read,
                "rows_loaded": s.loaded,
                "rows_duplicate": s.duplicate,
                "rows_rejected": s.rejected,
                "rows_blank": s.blank,
                "seconds": s.seconds,
            }
            for s in result.files
        ],
        schema_overrides={"loaded_at": pl.Datetime("us")},
    )
    if loads.height:
        insert(con, "etl_load", loads)
    assert result.rejects is not None  # stage_datasets gathered them
    insert(
        con,
        "etl_reject",
        result.rejects.select(
            pl.lit(result.load_id).alias("load_id"),
            "dataset",
            pl.col("_file").alias("file"),
            pl.col("_row").alias("row"),
            "column",
            "value",
            "reason",
            pl.col("raw").alias("raw_row"),
        ),
    )
    con.execute(
        "INSERT INTO meta VALUES ('schema_version', $v), ('load_id', $l), ('built_at', $b), ('inputs_sha256', $i)",
        {
            "v": SCHEMA_VERSION,
            "l": result.load_id,
            "b": started.isoformat(timespec="seconds"),
            "i": result.inputs,
        },
    )
    run_sql_file(con, MODELS / "05_meta.sql")
    con.execute("COMMIT")
    t = time.perf_counter()
    failures = run_checks(con)
    if failures:
        raise CheckFailed("warehouse checks failed: " + "; ".join(failures))
    say(f"warehouse: checks passed ({time.perf_counter() - t:.1f} s)")
    t = time.perf_counter()
    con.execute("CHECKPOINT")
    say(f"warehouse: written to disk ({time.perf_counter() - t:.1f} s)")
