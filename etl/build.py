"""Raw files -> a new DuckDB file -> checks -> atomic rename into place, in named phases:

    find_inputs      the raw files of each dataset, snapshotted (stat, then hash)
    clear_strays     what a build that died left beside the outputs
    stage_datasets   each dataset extracted, staged (etl/staging) and loaded (etl/load.py) into a new file
    finish_warehouse years, views, counting rules, bookkeeping; then the checks (etl/load.py)
    parquet          the tables as Parquet files, when asked (etl/parquet.py)
    swap_in          the checked file renamed over the old one

The warehouse a dashboard reads is never written in place: the build writes `<warehouse>.tmp-<pid>` beside
it, closes it, flushes it to disk and renames it over the old file in one step. A failure or a kill at any
point leaves the old file as it was (and at worst a stray temporary file, removed by the next build). With
`strict`, a rejected row ends the build before the swap and the outcome says so (swapped false): it is
returned, not raised.

The raw files are snapshotted before anything reads them and looked at again after the last one is read; a
file that changed in between stops the build (InputChanged, exit 2), so the warehouse holds one version of
each file and the hash of that version.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from contract.datasets import BUILD_ORDER, DATASETS
from etl import parquet as parquet_files
from etl.extract import FileRead, InputChanged, Snapshot, UnusableInput, changed, extract, find_files, snapshot
from etl.load import (  # noqa: F401  (SCHEMA_VERSION and CheckFailed are the build's answers too)
    SCHEMA_VERSION,
    CheckFailed,
    Loader,
    create_schema,
    finish_warehouse,
    previous_history,
)
from etl.staging import Refs, stage
from etl.staging.base import Staged

# The file format the warehouse is written in: DuckDB 1.5's, which every client from 1.5 on opens
# (the duckdb command line on PyPI, `duckdb-cli`, stops at 1.5.6; DuckDB 2.0 reads it as well).
STORAGE_VERSION = "v1.5.0"


class OutputFailed(Exception):
    """The new files could not be written (the disk is full, no permission): exit 3. The old
    warehouse is kept unless `replaced` (only a Parquet copy failing after the swap sets it)."""

    def __init__(self, message: str, replaced: bool = False) -> None:
        super().__init__(message)
        self.replaced = replaced


# What stops a write for want of room (the OS's error), what it means and what to do.
NO_ROOM = {
    errno.ENOSPC: ("the disk is full", "make room in {dir} and run again"),
    errno.EDQUOT: ("the disk quota is used up", "make room in {dir} and run again"),
    errno.EFBIG: ("the file size limit is reached", "raise the limit (ulimit -f) and run again"),
}


def output_failure(e: BaseException, path: Path, replaced: bool = False) -> OutputFailed | None:
    """`e` as a one-line OutputFailed naming `path`, or None when `e` is not about writing files.
    DuckDB reports a failed write as its own error carrying the OS's message, hence the text match."""
    if not isinstance(e, OSError | duckdb.Error):
        return None
    lines = str(e).strip().splitlines()
    detail = lines[0] if lines else type(e).__name__
    for code, (what, todo) in NO_ROOM.items():
        if (isinstance(e, OSError) and e.errno == code) or os.strerror(code) in detail:
            return OutputFailed(
                f"{what}: cannot write {path} ({os.strerror(code)}); {todo.format(dir=path.parent)}", replaced
            )
    if isinstance(e, OSError | duckdb.IOException):
        return OutputFailed(f"cannot write {path}: {detail}", replaced)
    return None


@dataclass
class FileStats:
    dataset: str
    file: str
    sha256: str
    encoding: str
    read: int
    loaded: int
    duplicate: int
    rejected: int
    blank: int
    seconds: float


@dataclass
class BuildResult:
    warehouse: Path
    load_id: str
    inputs: str
    files: list[FileStats] = field(default_factory=list)
    rejects: pl.DataFrame | None = None
    notices: list[str] = field(default_factory=list)
    swapped: bool = False
    parquet: Path | None = None  # where the Parquet copy was put, if asked for
    seconds: float = 0.0

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)


def _by_file(frame: pl.DataFrame) -> dict[str, int]:
    if frame.height == 0:
        return {}
    return dict(frame.group_by("_file").len().iter_rows())


def _file_stats(name: str, files: list[FileRead], st: Staged, seconds: float) -> list[FileStats]:
    dup, rej = _by_file(st.duplicates), _by_file(st.rejects)
    return [
        FileStats(
            dataset=name,
            file=f.label,
            sha256=f.sha256,
            encoding=f.encoding,
            read=f.rows,
            loaded=st.loaded.get(f.label, 0),
            duplicate=dup.get(f.label, 0),
            rejected=rej.get(f.label, 0),
            blank=f.blank_rows,
            seconds=round(seconds, 3),
        )
        for f in files
    ]


def inputs_hash(found: dict[str, list[Path]], snapshots: dict[Path, Snapshot]) -> str:
    h = hashlib.sha256()
    for name in sorted(found):
        for p in found[name]:
            h.update(f"{name}/{p.name}/".encode())
            h.update(bytes.fromhex(snapshots[p].sha256))
    return h.hexdigest()[:16]


def find_inputs(raw_dir: Path) -> tuple[dict[str, list[Path]], dict[Path, Snapshot]]:
    """Phase 1: the raw files of each dataset and a snapshot of each (size, time, hash), so a file changed
    while the build reads it is noticed. Raises UnusableInput when a required dataset has no file."""
    found = find_files(raw_dir)
    missing = [n for n in BUILD_ORDER if not found[n] and not DATASETS[n].optional and n != "fx_rates"]
    if missing:
        raise UnusableInput(
            f"{raw_dir}: no file for dataset{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(expected e.g. {missing[0]}.csv, {missing[0]}_2024.xlsx or {missing[0]}.parquet)"
        )
    return found, snapshot([p for paths in found.values() for p in paths])


def clear_strays(warehouse: Path, parquet: Path | None) -> None:
    """Phase 2: make the folders, and remove what a build that died left beside the outputs."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    for stray in warehouse.parent.glob(warehouse.name + ".tmp-*"):
        _remove_if_stale(stray)
    if parquet is not None:
        parquet.parent.mkdir(parents=True, exist_ok=True)
        for pattern in (".tmp-*", ".old-*"):
            for stray in parquet.parent.glob(parquet.name + pattern):
                _remove_if_stale(stray)


def stage_datasets(
    found: dict[str, list[Path]], snapshots: dict[Path, Snapshot], loader: Loader, result: BuildResult, say=print
) -> dict[str, Staged]:
    """Phase 3: each dataset read, checked and loaded into the new file in dependency order (partners before
    the facts that name them); its files' figures go to `result`. Raises InputChanged when a file changed
    while it was read."""
    refs = Refs()
    staged: dict[str, Staged] = {}
    for name in BUILD_ORDER:
        paths = found[name]
        if not paths:
            continue
        t = time.perf_counter()
        say(f"{name}: reading {len(paths)} file{'s' if len(paths) > 1 else ''}")
        ex = extract(DATASETS[name], paths, snapshots)
        for f in ex.files:
            result.notices.extend(f.notices)
            for n in f.notices:
                say(f"  notice: {n}")
        read = (ex.frame.height if ex.frame is not None else 0) + ex.rejects.height
        say(f"{name}: {read:,} rows read; checking and loading")
        st = stage(name, ex, refs, loader.sink_for(name))
        loader.wait()
        staged[name] = st
        result.files.extend(_file_stats(name, ex.files, st, time.perf_counter() - t))
        say(
            f"{name}: {sum(st.loaded.values()):,} loaded, {st.duplicates.height:,} duplicate, "
            f"{st.rejects.height:,} rejected ({time.perf_counter() - t:.1f} s)"
        )
    moved = changed(snapshots)
    if moved:
        raise InputChanged(
            f"{'; '.join(moved)}: changed while being read; run the build again once "
            f"{'they are' if len(moved) > 1 else 'it is'} complete"
        )
    result.rejects = pl.concat(
        [st.rejects.with_columns(pl.lit(n).alias("dataset")) for n, st in staged.items()], how="vertical_relaxed"
    )
    return staged


def swap_in(tmp: Path, warehouse: Path, result: BuildResult) -> None:
    """Phase 6: the finished, closed file on disk, then in place of the old one in one rename."""
    _fsync(tmp)
    os.replace(tmp, warehouse)
    result.swapped = True
    # A write-ahead log beside the old file (someone opened it for writing and did not close it)
    # would be replayed onto the new one, which DuckDB then refuses to open: it goes with the old file.
    warehouse.with_name(warehouse.name + ".wal").unlink(missing_ok=True)
    _fsync_dir(warehouse.parent)


def build(
    raw_dir: Path,
    warehouse: Path,
    strict: bool = False,
    say=print,
    parquet: Path | None = None,
) -> BuildResult:
    """Build the warehouse from the raw files (and, given `parquet`, its tables as Parquet files
    there: see etl/parquet.py). Raises UnusableInput (exit 2), CheckFailed (1), OutputFailed (3);
    with `strict` and a rejected row, returns with `swapped` false and the old file untouched.

    The phases: find the inputs, clear strays, stage every dataset into a temporary file beside the
    warehouse, finish it (views, counting rules, bookkeeping, checks), write the Parquet copy, swap the
    file into place; only a complete and checked file is swapped in.
    """
    t0 = time.perf_counter()
    started = dt.datetime.now(dt.UTC)
    found, snapshots = find_inputs(raw_dir)
    if parquet is not None:
        parquet_files.check_target(parquet)
    inputs = inputs_hash(found, snapshots)
    result = BuildResult(warehouse=warehouse, load_id=f"{started:%Y%m%dT%H%M%S.%f}-{inputs[:8]}", inputs=inputs)
    history, unreadable = previous_history(warehouse)
    if unreadable:
        result.notices.append(unreadable)
        say(f"  notice: {unreadable}")
    tmp = warehouse.with_name(f"{warehouse.name}.tmp-{os.getpid()}")
    parquet_tmp = parquet.with_name(f"{parquet.name}.tmp-{os.getpid()}") if parquet is not None else None
    writing = tmp  # what a failed write is about
    con: duckdb.DuckDBPyConnection | None = None
    loader: Loader | None = None
    try:
        clear_strays(warehouse, parquet)
        con = duckdb.connect(str(tmp), config={"storage_compatibility_version": STORAGE_VERSION})
        loader = Loader(con)
        create_schema(con)
        stage_datasets(found, snapshots, loader, result, say)
        if strict and result.rejected:
            say(f"--strict: {result.rejected:,} rows rejected; the warehouse was not replaced")
            _close(loader, con)
            _discard(tmp, parquet_tmp)
            result.seconds = time.perf_counter() - t0
            return result
        loader.close()
        say("warehouse: finishing and checking")
        finish_warehouse(con, result, history, started, say)
        if parquet_tmp is not None:
            t, writing = time.perf_counter(), parquet_tmp
            tables = parquet_files.write(con, parquet_tmp)
            say(f"parquet: {len(tables)} tables written ({time.perf_counter() - t:.1f} s)")
            writing = tmp
        con.close()
        swap_in(tmp, warehouse, result)
    except BaseException as e:
        _close(loader, con)
        _discard(tmp, parquet_tmp)
        failure = output_failure(e, writing, replaced=result.swapped)
        if failure is not None:
            raise failure from e
        raise
    if parquet is not None and parquet_tmp is not None:
        try:
            parquet_files.put_in_place(parquet_tmp, parquet)
        except OSError as e:
            shutil.rmtree(parquet_tmp, ignore_errors=True)
            raise OutputFailed(f"cannot put the Parquet copy in place of {parquet}: {e}", replaced=True) from e
        result.parquet = parquet
        say(f"parquet: {parquet} ready")
    result.seconds = time.perf_counter() - t0
    say(f"warehouse: {warehouse} ready ({result.seconds:.1f} s)")
    return result


def _close(loader: Loader | None, con: duckdb.DuckDBPyConnection | None) -> None:
    """Stop the loader and close the new file after a failure, which may have left DuckDB unusable."""
    if loader is not None:
        loader.close()
    if con is not None:
        with contextlib.suppress(duckdb.Error):
            con.close()


def _discard(tmp: Path, parquet_tmp: Path | None = None) -> None:
    """Remove a new file, its write-ahead log, DuckDB's spill folder (`<file>.tmp`) and a Parquet copy."""
    for p in (tmp, tmp.with_name(tmp.name + ".wal")):
        p.unlink(missing_ok=True)
    for folder in (tmp.with_name(tmp.name + ".tmp"), parquet_tmp):
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _remove_if_stale(path: Path) -> None:
    """A temporary file (or folder) of a build whose process is gone is left-over; remove it."""
    try:
        pid = int(path.name.rsplit("-", 1)[1].split(".")[0])
        os.kill(pid, 0)
    except ProcessLookupError:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except (ValueError, IndexError, PermissionError):
        pass


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def reconciliation_lines(result: BuildResult) -> list[str]:
    """The end-of-build table: per dataset and file, read = loaded + duplicate + rejected."""
    w = max([len(f"{s.dataset}/{s.file}") for s in result.files] + [20])
    head = f"{'dataset/file':<{w}} {'read':>10} {'loaded':>10} {'duplicate':>10} {'rejected':>10}"
    lines = [head, "-" * len(head)]
    for s in result.files:
        flag = "" if s.read == s.loaded + s.duplicate + s.rejected else "  MISMATCH"
        lines.append(
            f"{s.dataset + '/' + s.file:<{w}} {s.read:>10,} {s.loaded:>10,} {s.duplicate:>10,} {s.rejected:>10,}{flag}"
        )
    tot = [sum(getattr(s, a) for s in result.files) for a in ("read", "loaded", "duplicate", "rejected")]
    lines.append(f"{'total':<{w}} {tot[0]:>10,} {tot[1]:>10,} {tot[2]:>10,} {tot[3]:>10,}")
    return lines


def reject_lines(result: BuildResult, limit: int = 10) -> list[str]:
    if result.rejects is None or result.rejects.height == 0:
        return []
    lines = [f"first {min(limit, result.rejects.height)} of {result.rejects.height:,} rejects:"]
    for r in result.rejects.sort("dataset", "_file", "_row").head(limit).iter_rows(named=True):
        value = json.dumps(r["value"], ensure_ascii=False) if r["value"] is not None else "(blank)"
        lines.append(f"  {r['_file']} row {r['_row']}, column {r['column']}, value {value}: {r['reason']}")
    return lines
