"""The one place queries run: read-only, time-limited, cached per warehouse version.

Every page, export and API query passes through `Warehouse.query`. It

- opens the warehouse read-only (warehouse_file.connect, the SQL worker's way
  too), with DuckDB's threads and memory set per process (so several gunicorn
  workers fit the machine), and defines on the connection, before it serves,
  the filter bar's table macros (queries/_filters.sql: agreement_f(...) and
  the rest), so every file of queries/ is one complete statement that runs as
  it stands;
- notices when the ETL has swapped in a new file (a new inode) and moves to it
  without a cold start: it opens the new file beside the old one, runs the
  queries most recently asked for on it in the background (below the
  requests' priority, for at most `swap_warm_s` seconds), and only then
  switches. Until the switch every request is answered from the old build,
  which is complete and stays readable while it is open; after it, the pages
  analysts were looking at are already in the cache. A file rewritten in
  place (the same inode) or a first open is switched to at once;
- interrupts a query that runs past its time limit;
- caches results by (warehouse version, SQL, parameters): a new load is a
  new version, so nothing stale is served;
- turns DuckDB's errors into `WarehouseError`, whose message names the
  query and says what went wrong, for the person reading it.

User values reach DuckDB only as bound `$name` parameters, never pasted in.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa

from dashboard.warehouse_file import FileId, connect, file_id, memory_limit

QUERIES = Path(__file__).resolve().parent / "queries"
# The warehouse schema the queries are written for (meta.schema_version; etl/build.py writes it).
SCHEMA_VERSION = "4"
log = logging.getLogger("dashboard.warehouse")
# What a cursor reads: the warehouse's tables, views and macros, then the connection's own filter macros.
SEARCH_PATH = "SET search_path = 'warehouse.main,memory.main'"


class WarehouseError(Exception):
    """A query could not run; the message is written for the person reading it."""


class WarehouseUnavailable(WarehouseError):
    """The warehouse file is missing, truncated or not a DuckDB file."""


class QueryTimeout(WarehouseError):
    """The query ran past its time limit and was interrupted."""


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

    @contextlib.contextmanager
    def writing(self):
        self.acquire_write()
        try:
            yield
        finally:
            self.release_write()


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
        swap_warm_s: float = 30.0,
    ) -> None:
        self.parallel = parallel
        self.swap_warm_s = swap_warm_s
        self._warming: FileId | None = None  # the file being warmed before the switch
        self._closes = 0  # close() called: a warm-up begun before it must not install its file
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
        # key (version, sql, frozen params) -> (frame, bytes, params): the params to run it again on a new file
        self._cache: OrderedDict[tuple, tuple[pl.DataFrame, int, dict]] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._cache_entries = cache_entries
        # Bounded by size as well as by count: a records export can be a 100 MB frame. A result larger
        # than an eighth of the budget is not kept (it would push out everything the pages reuse).
        self._cache_budget = cache_mb * 2**20
        self._cache_bytes = 0

    @classmethod
    def from_settings(cls, settings) -> Warehouse:
        """The warehouse as the settings describe it (dashboard/settings.py): the app and the command line build
        it the same way."""
        return cls(
            settings.warehouse,
            threads=settings.duckdb_threads,
            memory_limit=settings.duckdb_memory,
            timeout_s=settings.query_timeout_s,
            cache_mb=settings.cache_mb,
            parallel=settings.page_parallel,
            swap_warm_s=settings.swap_warm_s,
        )

    # -- connection ---------------------------------------------------------

    def _connect(self) -> tuple[duckdb.DuckDBPyConnection, FileId, dict[str, str]]:
        """Open the file now at `path` -> (connection, the file it is, its meta table)."""
        fid = file_id(self.path)
        if fid is None:
            raise WarehouseUnavailable(
                f"the warehouse file {self.path} does not exist; build it with `python -m etl build`"
            )
        try:
            limit = memory_limit(self.memory_limit)
        except ValueError as e:
            raise WarehouseError(str(e)) from None
        con = None
        try:
            # Attached to an instance of its own: the new build can be opened beside the old one.
            con = connect(self.path, limit, self.threads, attach_as="warehouse")
            meta = dict(con.sql("SELECT key, value FROM warehouse.meta").fetchall())
        except duckdb.Error as e:
            if con is not None:
                con.close()
            raise WarehouseUnavailable(
                f"the warehouse file {self.path} cannot be read ({str(e).splitlines()[0]}); "
                "rebuild it with `python -m etl build`"
            ) from e
        if file_id(self.path) != fid:  # swapped again while we opened it: what we hold is some other build
            con.close()
            return self._connect()
        if meta.get("schema_version") != SCHEMA_VERSION:  # its tables and counting rules are not the ones asked for
            con.close()
            raise WarehouseUnavailable(
                f"the warehouse file {self.path} has schema {meta.get('schema_version', '?')}, this dashboard reads "
                f"schema {SCHEMA_VERSION}: rebuild it with `python -m etl build` (README: the schema's changes)"
            )
        try:
            define_filters(con)
        except duckdb.Error as e:
            con.close()
            raise WarehouseUnavailable(
                f"the warehouse file {self.path} lacks what the filter bar reads ({str(e).splitlines()[0]}); "
                "rebuild it with `python -m etl build`"
            ) from e
        return con, fid, meta

    def _install(self, con, fid: FileId, meta: dict[str, str]) -> None:
        """Serve from `con` from now on; caller holds the write lock."""
        if self._con is not None:
            self._con.close()
        self._con, self._file, self._meta, self._version = con, fid, meta, _version_of(meta, fid)

    def _drop(self) -> None:
        """Close what we serve from; caller holds the write lock."""
        if self._con is not None:
            self._con.close()
        self._con, self._file, self._version = None, None, None

    def _open(self) -> None:
        """(Re)open the file at once; caller holds the write lock."""
        self._drop()
        self._install(*self._connect())

    def _ensure_current(self) -> None:
        """Move to the file on disk when it is not the one we have open."""
        current = file_id(self.path)
        if self._con is not None and current == self._file:
            return
        with self._swap:
            current = file_id(self.path)
            if self._con is not None and (current == self._file or self._warming is not None):
                return  # current, or a new build is being warmed: the old one answers meanwhile
            keys = self._hot_keys()
            renamed = current is not None and self._file is not None and current.inode != self._file.inode
            if self._con is None or not renamed or not keys or self.swap_warm_s <= 0:
                with self._lock.writing():
                    self._open()
                return
            try:
                con, fid, meta = self._connect()
            except WarehouseError:  # the new file is broken: say so now rather than serve the old one on
                with self._lock.writing():
                    self._drop()
                raise
            self._warming = fid
            args = (con, fid, meta, keys, self._closes)
        threading.Thread(target=self._warm_then_switch, args=args, name="warehouse-warm", daemon=True).start()

    def _hot_keys(self) -> list[tuple[str, dict, str]]:
        """The current version's cached queries, most recently used first: (sql, params, name)."""
        with self._cache_lock:
            return [(k[1], v[2], k[3]) for k, v in reversed(self._cache.items()) if k[0] == self._version]

    def _warm_then_switch(self, con, fid: FileId, meta: dict[str, str], keys: list, closes: int) -> None:
        version, warmed = _version_of(meta, fid), 0
        with contextlib.suppress(AttributeError, OSError):  # Linux: this thread only, below the requests
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        deadline = time.monotonic() + self.swap_warm_s
        try:
            for sql, params, name in keys:
                if time.monotonic() > deadline or self._closes != closes:
                    break
                try:
                    frame = _execute(con, sql, params, self.timeout_s, name)
                except WarehouseError:
                    continue
                self._store((version, sql, _freeze(params), name), frame, params)
                warmed += 1
        finally:
            with self._swap:
                try:
                    with self._lock.writing():
                        if self._closes != closes:
                            con.close()
                        else:
                            self._install(con, fid, meta)
                finally:
                    self._warming = None  # whatever happened, the next new file may be warmed
            with self._cache_lock:  # the old build's results are never asked for again
                for key in [k for k in self._cache if k[0] != version]:
                    self._cache_bytes -= self._cache.pop(key)[1]
            log.info("warehouse %s: switched to load %s after warming %d of %d queries",
                     self.path, meta.get("load_id", "?"), warmed, len(keys))  # fmt: skip

    @property
    def version(self) -> str:
        self._ensure_current()
        return self._version or ""

    @property
    def meta(self) -> dict[str, str]:
        self._ensure_current()
        return dict(self._meta)

    def close(self) -> None:
        self._closes += 1
        with self._lock.writing():
            self._drop()

    # -- queries ------------------------------------------------------------

    def query(
        self, sql: str, params: dict | None = None, *, timeout_s: float | None = None, name: str = "query"
    ) -> pl.DataFrame:
        """Run one read-only statement with bound parameters -> a Polars frame (cached)."""
        self._ensure_current()
        params = params or {}
        key = (self._version, sql, _freeze(params), name)
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit[0]
        frame = self._run(sql, params, timeout_s or self.timeout_s, name)
        if key[0] == self._version:  # not a result of the build we just left
            self._store(key, frame, params)
        return frame

    def _store(self, key: tuple, frame: pl.DataFrame, params: dict) -> None:
        size = int(frame.estimated_size())
        if size > self._cache_budget // 8:
            return
        with self._cache_lock:
            if key in self._cache:
                self._cache_bytes -= self._cache[key][1]
            self._cache_bytes += size
            self._cache[key] = (frame, size, params)
            while len(self._cache) > self._cache_entries or self._cache_bytes > self._cache_budget:
                _, (_, dropped, _) = self._cache.popitem(last=False)
                self._cache_bytes -= dropped

    def query_file(self, name: str, params: dict | None = None, **kw) -> pl.DataFrame:
        """Run dashboard/queries/<name>.sql; parameters it names but is not given are NULL (= any). Only the
        parameters it names are bound and key its answer: a query that ignores the filters (which breakdowns
        the sources give at all) is answered once per build, not once per view."""
        sql = query_text(name)
        given = params or {}
        return self.query(sql, {p: given.get(p) for p in sorted(parameter_names(sql))}, name=name, **kw)

    def batches(self, name: str, params: dict | None = None, rows: int = 32_768) -> Iterator[pa.RecordBatch]:
        """dashboard/queries/<name>.sql as Arrow record batches of at most `rows` rows, one at a time (not
        cached: a data file of every record). The statement runs now, up to its first batch, so a query that
        fails raises here; the rest is read as the caller asks for it. The time limit holds for each batch
        (the first: the query and its sort), not for the time the caller takes between them. A batch is
        read under the read lock, the stream is not: a new build is switched to meanwhile, and the stream
        reads on from the result it holds."""
        self._ensure_current()
        sql = query_text(name)
        given = {p: (params or {}).get(p) for p in parameter_names(sql)}

        def read(step):
            self._lock.acquire_read()
            timer = threading.Timer(self.timeout_s, interrupt)
            timer.start()
            try:
                return step()
            except (duckdb.Error, pa.ArrowException, OSError) as e:  # pyarrow reports DuckDB's errors as OSError
                if state["timed_out"]:
                    raise QueryTimeout(f"{name}: stopped after {self.timeout_s:g} s (the time limit)") from e
                raise WarehouseError(f"{name}: {str(e).splitlines()[0]}") from e
            finally:
                timer.cancel()
                self._lock.release_read()

        def start():
            if self._con is None:
                raise WarehouseUnavailable(f"the warehouse file {self.path} is not open")
            cur = self._con.cursor()
            cur.execute(SEARCH_PATH)  # a cursor starts in the instance's own database
            state["cursor"] = cur
            reader = cur.sql(sql, params=given).to_arrow_reader(rows)
            try:
                return reader, reader.read_next_batch()
            except StopIteration:  # no rows: an empty batch still carries the columns
                return reader, pa.RecordBatch.from_pylist([], schema=reader.schema)

        def interrupt():
            state["timed_out"] = True
            if state["cursor"] is not None:
                state["cursor"].interrupt()

        state: dict[str, Any] = {"cursor": None, "timed_out": False}
        try:
            reader, first = read(start)
        except BaseException:
            if state["cursor"] is not None:
                state["cursor"].close()
            raise

        def rest() -> Iterator[pa.RecordBatch]:
            try:
                yield first
                while True:
                    try:
                        yield read(reader.read_next_batch)
                    except StopIteration:
                        return
            finally:
                state["cursor"].close()

        return rest()

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
            return _execute(self._con, sql, params, timeout_s, name)
        finally:
            self._lock.release_read()


def _execute(con: duckdb.DuckDBPyConnection, sql: str, params: dict, timeout_s: float, name: str) -> pl.DataFrame:
    """One statement on its own cursor of `con`, interrupted at the time limit."""
    cur = con.cursor()
    cur.execute(SEARCH_PATH)  # a cursor starts in the instance's own database
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


def _version_of(meta: dict[str, str], fid: FileId) -> str:
    return f"{meta.get('load_id', '?')}:{fid.inode}:{fid.mtime_ns}"


def _freeze(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


_SQL: dict[str, str] = {}
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@functools.lru_cache(maxsize=256)
def parameter_names(sql: str) -> frozenset[str]:
    """The $names a statement binds (not those mentioned in -- comments)."""
    return frozenset(_PARAM.findall(re.sub(r"--[^\n]*", "", sql)))


def define_filters(con: duckdb.DuckDBPyConnection) -> None:
    """The filter bar's table macros (queries/_filters.sql) in the connection's own in-memory catalog: a
    cursor of the connection reads them after the warehouse's (SEARCH_PATH). Run once, when it opens."""
    con.execute("SET search_path = 'memory.main,warehouse.main'")  # created in memory, reading the warehouse
    con.execute(sql_text("_filters"))
    con.execute(SEARCH_PATH)


def query_text(name: str) -> str:
    """The statement of queries/<name>.sql: the file as it stands."""
    return sql_text(name)


def sql_text(name: str) -> str:
    if name not in _SQL:
        _SQL[name] = (QUERIES / f"{name}.sql").read_text(encoding="utf-8")
    return _SQL[name]
