"""The warehouse file on disk, the one way it is opened: by the pages' queries (db.py) and by the SQL
worker's process (sql/worker.py), which imports this and nothing of the dashboard's pages (no Dash, no
Plotly).

- `memory_limit`: the one rule for a DuckDB memory limit (a number and a unit, KB to TB or KiB to TiB, in
  any case) and its one spelling; settings.py checks `duckdb_memory` and `sql_memory` with it when they
  load, and `size_bytes` says how many bytes a limit is.
- `file_id`: what tells one build of the file from the next (the ETL writes a new file and renames it over
  the old one: a new inode; a rewrite in place: a new size or time).
- `connect`: a read-only connection to the file with the memory limit and threads given.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import duckdb

# The units DuckDB reads in a memory limit: KB..TB are powers of 1000, KiB..TiB powers of 1024.
UNITS = {"KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
_SIZE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGT])(i?)B\s*", flags=re.IGNORECASE)
MEMORY_ACCEPTED = "a size like 512MB, 1GB or 2GiB (a number and a unit: KB, MB, GB, TB, KiB, MiB, GiB, TiB)"


def memory_limit(text: str) -> str:
    """A memory limit in its one spelling ('1 gb' -> '1GB', '512mib' -> '512MiB'); ValueError when it is not
    a size."""
    m = _SIZE.fullmatch(str(text))
    if not m or float(m.group(1)) <= 0:
        raise ValueError(f"memory limit {text!r} is not {MEMORY_ACCEPTED}")
    return m.group(1) + m.group(2).upper() + ("iB" if m.group(3) else "B")


def size_bytes(text: str) -> int:
    """How many bytes a memory limit is ('1GB' -> 1000000000)."""
    limit = memory_limit(text)
    m = re.fullmatch(r"([0-9.]+)(\w+)", limit)
    assert m is not None  # memory_limit gives only this shape (or raises)
    number, unit = m.groups()
    return int(float(number) * UNITS[unit])


@dataclass(frozen=True)
class FileId:
    """What identifies one build of the warehouse file on disk."""

    device: int
    inode: int
    size: int
    mtime_ns: int


def file_id(path: str) -> FileId | None:
    """The build at `path` now, or None when there is no file there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return FileId(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def quoted(text: str) -> str:
    """A string literal of DuckDB's SQL."""
    return "'" + text.replace("'", "''") + "'"


def connect(
    path: str, memory_limit_text: str, threads: int, *, attach_as: str | None = None, config: dict | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse file at `path`, with DuckDB's memory limit and threads.

    attach_as: the file is attached under that name to an in-memory instance of its own, which is what the
    connection opens (its `memory` catalog is writable, for what the connection itself defines). DuckDB keeps
    one instance per path in a process and would hand back the old file while any connection to it lives;
    an instance of its own lets a new build be opened beside the old one. None: the file itself is opened
    (its catalog is named after the file). `config`: further DuckDB settings for the instance.
    Raises ValueError for a bad memory limit and duckdb.Error when the file cannot be opened."""
    settings = {**(config or {}), "memory_limit": memory_limit(memory_limit_text), "threads": int(threads)}
    if attach_as is None:
        return duckdb.connect(path, config={**settings, "access_mode": "READ_ONLY"})
    con = duckdb.connect(":memory:", config=settings)
    try:
        con.execute(f'ATTACH {quoted(path)} AS "{attach_as}" (READ_ONLY)')
    except BaseException:
        con.close()
        raise
    return con
