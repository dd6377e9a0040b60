"""The one place queries run: read-only, time-limited, cached per warehouse version.

Every page, export and API query passes through `Warehouse.query`. It

- opens the warehouse read-only, with DuckDB's threads and memory set per
  process (so several gunicorn workers fit the machine);
- notices when the ETL has swapped in a new file (a new inode) and reopens:
  DuckDB serves the old file to every connection of a process until all of
  them are closed, so the swap waits for queries in flight, closes them all
  and opens afresh;
- interrupts a query that runs past its time limit;
- caches results by (warehouse version, SQL, parameters): a new load is a
  new version, so nothing stale is served;
- turns DuckDB's errors into `WarehouseError`, whose message names the
  query and says what went wrong, for the person reading it.

User values reach DuckDB only as bound `$name` parameters, never pasted in.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

QUERIES = Path(__file__).resolve().parent / "queries"


class WarehouseError(Exception):
    """A query could not run; the message is written for the person reading it."""


class WarehouseUnavailable(WarehouseError):
    """The warehouse file is missing, truncated or not a DuckDB file."""


class QueryTimeout(WarehouseError):
    """The query ran past its time limit and was interrupted."""


@dataclass(frozen=True)
class FileId:
    """What identifies one build of the warehouse file on disk."""

    inode: int
    size: int
    mtime_ns: int


def file_id(path: str) -> FileId | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return FileId(st.st_ino, st.st_size, st.st_mtime_ns)


class _RWLock:
    """Many readers (queries) or one writer (the reopen)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    def acquire_read(self) -> None:
        with self._cond:
            while self._writer:
                self._cond.wait()
            self._readers += 1

    def release_read(self) -> None:
        with self._cond:
            self._readers -= 1
            if not self._readers:
                self._cond.notify_all()

    def acquire_write(self) -> None:
        with self._cond:
            while self._writer:
                self._cond.wait()
            self._writer = True
            while self._readers:
                self._cond.wait()

    def release_write(self) -> None:
        with self._cond:
            self._writer = False
            self._cond.notify_all()


class Warehouse:
    def __init__(
        self,
        path: str,
        *,
        threads: int = 1,
        memory_limit: str = "1GB",
        timeout_s: float = 10.0,
        cache_entries: int = 512,
        cache_mb: int = 256,
        parallel: int = 2,
    ) -> None:
        self.parallel = parallel
        self._executor: ThreadPoolExecutor | None = None
        self.path = str(path)
        self.threads = threads
        self.memory_limit = memory_limit
        self.timeout_s = timeout_s
        self._lock = _RWLock()
        self._swap = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._file: FileId | None = None
        self._version: str | None = None
        self._cache: OrderedDict[tuple, tuple[pl.DataFrame, int]] = OrderedDict()  # key -> (frame, bytes)
        self._cache_lock = threading.Lock()
        self._cache_entries = cache_entries
        # Bounded by size as well as by count: a records export can be a 100 MB frame. A result larger
        # than an eighth of the budget is not kept (it would push out everything the pages reuse).
        self._cache_budget = cache_mb * 2**20
        self._cache_bytes = 0

    # -- connection ---------------------------------------------------------

    def _open(self) -> None:
        """(Re)open the file; caller holds the write lock."""
        if self._con is not None:
            self._con.close()
            self._con = None
            self._version = None
        fid = file_id(self.path)
        if fid is None:
            self._file = None
            raise WarehouseUnavailable(
                f"the warehouse file {self.path} does not exist; build it with `python -m etl build`"
            )
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)?\s*[KMGT]i?B", self.memory_limit):
            raise WarehouseError(f"memory limit {self.memory_limit!r} is not a size like 1GB")
        try:
            # Settings by SET, not connect(config=...): DuckDB refuses a second connection to a file
            # that is open in this process with a different configuration (an export, a test).
            con = duckdb.connect(self.path, read_only=True)
            con.execute(f"SET threads = {int(self.threads)}")
            con.execute(f"SET memory_limit = '{self.memory_limit}'")
            meta = dict(con.sql("SELECT key, value FROM meta").fetchall())
        except duckdb.Error as e:
            self._file = None
            raise WarehouseUnavailable(
                f"the warehouse file {self.path} cannot be read ({str(e).splitlines()[0]}); "
                "rebuild it with `python -m etl build`"
            ) from e
        self._con, self._file = con, fid
        self._version = f"{meta.get('load_id', '?')}:{fid.inode}:{fid.mtime_ns}"
        self._meta = meta

    def _ensure_current(self) -> None:
        """Reopen when the file on disk is not the one we have open."""
        current = file_id(self.path)
        if self._con is not None and current == self._file:
            return
        with self._swap:
            if self._con is not None and file_id(self.path) == self._file:
                return
            self._lock.acquire_write()
            try:
                self._open()
            finally:
                self._lock.release_write()

    @property
    def version(self) -> str:
        self._ensure_current()
        return self._version or ""

    @property
    def meta(self) -> dict[str, str]:
        self._ensure_current()
        return dict(self._meta)

    def close(self) -> None:
        self._lock.acquire_write()
        try:
            if self._con is not None:
                self._con.close()
            self._con, self._file, self._version = None, None, None
        finally:
            self._lock.release_write()

    # -- queries ------------------------------------------------------------

    def query(
        self, sql: str, params: dict | None = None, *, timeout_s: float | None = None, name: str = "query"
    ) -> pl.DataFrame:
        """Run one read-only statement with bound parameters -> a Polars frame (cached)."""
        self._ensure_current()
        params = params or {}
        key = (self._version, sql, _freeze(params))
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit[0]
        frame = self._run(sql, params, timeout_s or self.timeout_s, name)
        size = frame.estimated_size()
        if size > self._cache_budget // 8:
            return frame
        with self._cache_lock:
            if key not in self._cache:
                self._cache_bytes += size
            self._cache[key] = (frame, size)
            while len(self._cache) > self._cache_entries or self._cache_bytes > self._cache_budget:
                _, (_, dropped) = self._cache.popitem(last=False)
                self._cache_bytes -= dropped
        return frame

    def query_file(self, name: str, params: dict | None = None, **kw) -> pl.DataFrame:
        """Run dashboard/queries/<name>.sql after the shared filter CTEs (_filters.sql)
        when it uses them; parameters it names but is not given are NULL (= any)."""
        sql = sql_text(name)
        if any(
            cte in sql
            for cte in ("partner_f", "sector_f", "agreement_f", "delegation_f", "investment_f", "investment_agg_f")
        ):
            sql = sql_text("_filters") + "\n" + sql
        given = dict(params or {})
        for p in parameter_names(sql):
            given.setdefault(p, None)
        return self.query(sql, given, name=name, **kw)

    def query_many(self, calls: list[tuple[str, dict]]) -> list[pl.DataFrame]:
        """Several query files at once (a page's charts), on up to `parallel` threads:
        each runs on its own cursor, and DuckDB releases the GIL while it works."""
        if self.parallel <= 1 or len(calls) <= 1:
            return [self.query_file(name, params) for name, params in calls]
        futures = [self._pool().submit(self.query_file, name, params) for name, params in calls]
        return [f.result() for f in futures]

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=self.parallel, thread_name_prefix="warehouse")
        return self._executor

    def _run(self, sql: str, params: dict, timeout_s: float, name: str) -> pl.DataFrame:
        self._lock.acquire_read()
        try:
            if self._con is None:
                raise WarehouseUnavailable(f"the warehouse file {self.path} is not open")
            cur = self._con.cursor()
            timer = threading.Timer(timeout_s, cur.interrupt)
            timer.start()
            try:
                names = parameter_names(sql)
                used = {k: v for k, v in params.items() if k in names}
                return cur.sql(sql, params=used).pl()
            except duckdb.InterruptException as e:
                raise QueryTimeout(f"{name}: stopped after {timeout_s:g} s (the time limit)") from e
            except duckdb.Error as e:
                raise WarehouseError(f"{name}: {str(e).splitlines()[0]}") from e
            finally:
                timer.cancel()
                cur.close()
        finally:
            self._lock.release_read()


def _freeze(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


_SQL: dict[str, str] = {}
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def parameter_names(sql: str) -> set[str]:
    """The $names a statement binds (not those mentioned in -- comments)."""
    return set(_PARAM.findall(re.sub(r"--[^\n]*", "", sql)))


def sql_text(name: str) -> str:
    if name not in _SQL:
        _SQL[name] = (QUERIES / f"{name}.sql").read_text(encoding="utf-8")
    return _SQL[name]
