"""The SQL worker: a process of its own that runs the analysts' SQL, so that a crash, a runaway
query or a way around the checks cannot take the dashboard down.

    python -m dashboard.sql.worker WAREHOUSE MEMORY_LIMIT THREADS

reads one JSON request per line on stdin, `{"sql": ..., "timeout_s": 5.0, "row_cap": 10000}`, and
answers each with one JSON line on stdout: `{"ok": true, "columns", "types", "rows", "truncated",
"query_ms"}` or `{"ok": false, "kind": "refused" | "timeout" | "memory" | "error", "error": ...}`.
It exits when stdin closes (the dashboard process ended). runner.py starts it, one per dashboard
process, and kills and restarts it when it does not answer in time.

The layers between an analyst's text and the machine, each meant to hold when another does not:

1. guard.check: one statement of an allowed kind, by DuckDB's own parser; only allowlisted
   functions, table functions and relations (the warehouse's), checked again in the bound plan;
2. the connection: read-only, enable_external_access off, extension autoload and autoinstall off,
   no Python replacement scans, no temp directory (nothing spills to disk), DuckDB's local file
   system disabled once the warehouse is open, then lock_configuration so no statement can undo
   any of it; its own memory limit and threads;
3. the process: it may write no byte to any file (RLIMIT_FSIZE 0, no core dumps), its address
   space is bounded (memory the DuckDB limit does not see: Python values, huge strings), and it
   answers in JSON, never pickle, so a worker taken over cannot run code in the dashboard;
4. time: a watchdog thread interrupts the query at its limit (DuckDB has no statement timeout of
   its own); the dashboard kills a worker that does not answer soon after;
5. the machine: it runs at a lower CPU priority (os.nice), so the dashboard's pages go first.

Every input gets an answer line: requests are read and answered on one thread with a deep stack
(the parser, binder and JSON reader recurse per level of nesting), a deep tree is refused, and an
unexpected exception is answered as an error and its traceback written to stderr, which the
dashboard reads into its log (faulthandler writes a crash's stack there too).

The warehouse is opened, and reopened when the ETL has swapped in a new file, the one way db.py
opens it too (dashboard/warehouse_file.py: the memory limit's rule, the file's identity, the read-only
connection), with the lock-down settings above added. The
guard's verdict on a statement is kept per exact text for the file it was checked on (both checks
depend on nothing else), so a repeated query skips its parse-tree walk and EXPLAIN; a new file starts
with none. Refusals are not kept, nor a verdict whose plan could not be looked at.
"""

from __future__ import annotations

import faulthandler
import json
import os
import resource
import signal
import sys
import threading
import time
import traceback
from collections import OrderedDict
from dataclasses import astuple

import duckdb

from dashboard.sql import guard
from dashboard.sql.results import json_safe
from dashboard.warehouse_file import FileId, connect, file_id, size_bytes

MAX_ANSWER_BYTES = 64 * 1024 * 1024  # rows past this much JSON are cut, like rows past the cap
CHUNK_ROWS = 500
# Column types whose Python values are JSON as they are; the others go through json_safe.
PLAIN_TYPES = frozenset(
    {"VARCHAR", "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
     "UINTEGER", "UBIGINT", "UHUGEINT"}
)  # fmt: skip
NICE = 10  # the worker's CPU priority below the dashboard's (os.nice increment)
STACK_BYTES = 128 * 1024 * 1024  # the query thread's stack (address space, touched only as deep as used)
RECURSION_LIMIT = 60_000  # Python levels on that stack (the checks refuse deeper parse trees)
ADDRESS_SPACE_HEADROOM = 1536 * 1024 * 1024  # Python, DuckDB's code and what its memory limit does not count
VERDICTS = 1024  # accepted statements whose verdict is kept (per warehouse file, least recently used dropped)
# The lock-down, beside the read-only access, memory limit and threads that warehouse_file.connect sets.
LOCKED = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "python_enable_replacements": False,
    "temp_directory": "",
}


def limit_process(memory_limit: str) -> None:
    """No file writes, no core dumps, a bounded address space (an allocation past it fails)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cap = size_bytes(memory_limit) + ADDRESS_SPACE_HEADROOM
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or cap < hard:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


class Warehouse:
    """The locked-down read-only connection, reopened when the file on disk changes."""

    def __init__(self, path: str, memory_limit: str, threads: int) -> None:
        self.path, self.memory_limit, self.threads = path, memory_limit, threads
        self.con: duckdb.DuckDBPyConnection | None = None
        self.file: FileId | None = None
        self.allowed: guard.Allowed | None = None
        self.verdicts: OrderedDict[str, guard.Verdict] = OrderedDict()  # SQL text -> its verdict, for self.file

    def current(self) -> duckdb.DuckDBPyConnection:
        fid = file_id(self.path)
        if self.con is not None and fid == self.file:
            return self.con
        if self.con is not None:
            self.con.close()
            self.con = None
        self.verdicts.clear()
        if fid is None:
            raise OSError(f"the warehouse file {self.path} does not exist; build it with `python -m etl build`")
        con = connect(self.path, self.memory_limit, self.threads, config=LOCKED)
        try:
            self.allowed = guard.Allowed.of(con)
            con.execute("SET disabled_filesystems = 'LocalFileSystem'")
            con.execute("SET lock_configuration = true")
        except BaseException:
            con.close()
            raise
        self.con, self.file = con, fid
        return con

    def checked(self, cur: duckdb.DuckDBPyConnection, sql: str) -> guard.Verdict:
        """guard.verdict of sql on the open file, or its kept verdict (raises guard.Refused)."""
        kept = self.verdicts.get(sql)
        if kept is not None:
            self.verdicts.move_to_end(sql)
            return kept
        assert self.allowed is not None  # current() set it with the connection
        verdict = guard.verdict(cur, sql, self.allowed)
        if verdict.plan_checked:
            self.verdicts[sql] = verdict
            if len(self.verdicts) > VERDICTS:
                self.verdicts.popitem(last=False)
        return verdict


class Watchdog:
    """Interrupts the running query at its time limit: one thread for the worker's life, in place of
    a timer thread per query. `arm(cursor, seconds)` before the query and `disarm()` after; the
    thread is woken only when its present wait would end after the new limit, so a quick query costs
    no thread switch (it wakes at the old limit, finds the new one, and waits again)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._cursor: duckdb.DuckDBPyConnection | None = None
        self._deadline = 0.0
        self._wakes_at: float | None = None  # when the thread's present wait ends; None: until armed
        self._thread: threading.Thread | None = None

    def arm(self, cursor: duckdb.DuckDBPyConnection, seconds: float) -> None:
        with self._cond:
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="time-limit", daemon=True)
                self._thread.start()
            self._cursor, self._deadline = cursor, time.monotonic() + seconds
            if self._wakes_at is None or self._wakes_at > self._deadline:
                self._cond.notify()

    def disarm(self) -> None:
        with self._cond:
            self._cursor = None

    def _watch(self) -> None:
        with self._cond:
            while True:
                if self._cursor is None:
                    self._wakes_at = None
                    self._cond.wait()
                    continue
                left = self._deadline - time.monotonic()
                if left <= 0:
                    self._cursor.interrupt()
                    self._cursor = None
                    continue
                self._wakes_at = self._deadline
                self._cond.wait(left)


watchdog = Watchdog()


def safe_rows(chunk: list[tuple], convert: list[int]) -> list[list]:
    """Rows with JSON-safe values, converting only the columns that need it (column by column)."""
    if not convert:
        return [list(row) for row in chunk]
    columns: list[list | tuple] = list(zip(*chunk, strict=True))
    for i in convert:
        columns[i] = [json_safe(v) for v in columns[i]]
    return [list(row) for row in zip(*columns, strict=True)]


def encode(answer: dict) -> str:
    """One JSON line; rows encoded while they were read are spliced in, not encoded twice."""
    rows = answer.pop("rows_json", None)
    text = json.dumps(answer, ensure_ascii=False)
    return text if rows is None else text[:-1] + ', "rows": [' + rows + "]}"


def duckdb_message(e: Exception) -> str:
    """DuckDB's message on one line, without the quoted SQL and caret it ends with (LINE 1: ...)."""
    lines = str(e).splitlines()
    cut = next((i for i, line in enumerate(lines) if line.startswith("LINE ") and i), len(lines))
    return guard.one_line(" ".join(lines[:cut]))


def run(w: Warehouse, sql: str, timeout_s: float, row_cap: int) -> dict:
    try:
        con = w.current()
    except (OSError, duckdb.Error) as e:
        return {"ok": False, "kind": "error", "error": f"the warehouse cannot be opened: {guard.one_line(str(e))}"}
    cur = con.cursor()
    start = time.perf_counter()
    watchdog.arm(cur, timeout_s)
    statement = None
    try:
        verdict = w.checked(cur, sql)
        statement = verdict.statement
        result = cur.execute(statement)
        columns = [d[0] for d in result.description] if result.description else []
        types = [str(d[1]) for d in result.description] if result.description else []
        convert = [i for i, typ in enumerate(types) if typ not in PLAIN_TYPES]
        parts, count, size, truncated = [], 0, 0, False
        while not truncated:
            chunk = result.fetchmany(CHUNK_ROWS)
            if not chunk:
                break
            rows = safe_rows(chunk, convert)
            if count + len(rows) > row_cap:
                rows, truncated = rows[: row_cap - count], True
            text = json.dumps(rows, ensure_ascii=False)[1:-1]
            if size + len(text) > MAX_ANSWER_BYTES:  # cut inside this chunk, row by row
                texts = [json.dumps(row, ensure_ascii=False) for row in rows]
                keep, room = 0, MAX_ANSWER_BYTES - size
                while keep < len(texts) and len(texts[keep]) + 1 <= room:
                    room -= len(texts[keep]) + 1
                    keep += 1
                rows, text, truncated = rows[:keep], ",".join(texts[:keep]), True
            if rows:
                parts.append(text)
                count += len(rows)
                size += len(text) + 1
        return {
            "ok": True,
            "columns": columns,
            "types": types,
            "rows_json": ",".join(parts),
            "truncated": truncated,
            "query_ms": round((time.perf_counter() - start) * 1000, 1),
            # The same text on this file gives this answer again: the dashboard may keep it for the file.
            "repeatable": verdict.repeatable and verdict.plan_checked,
            "file": list(astuple(w.file)) if w.file is not None else None,
        }
    except guard.Refused as e:
        return {"ok": False, "kind": "refused", "error": str(e), "at": e.at}
    except duckdb.InterruptException:
        return {
            "ok": False,
            "kind": "timeout",
            "error": f"stopped after {timeout_s:g} s, the time limit (setting sql_timeout_s): "
            "filter or aggregate more, or add LIMIT",
        }
    except (duckdb.OutOfMemoryException, MemoryError):
        return {
            "ok": False,
            "kind": "memory",
            "error": f"stopped: the query needs more memory than the limit of {w.memory_limit} "
            "(setting sql_memory): filter or aggregate more, or add LIMIT",
        }
    except duckdb.Error as e:
        return {"ok": False, "kind": "error", "error": duckdb_message(e), "at": guard.error_at(str(e), sql, statement)}
    except RecursionError:
        return {"ok": False, "kind": "refused", "error": "the query is nested too deeply to run: write it flatter"}
    finally:
        watchdog.disarm()
        cur.close()


def answer_line(w: Warehouse, line: str) -> str:
    """One request line -> one answer line. Every input gets an answer: a failure of this code is
    answered as an error and written to stderr (the server log), never the end of the worker."""
    try:
        req = json.loads(line)
        return encode(run(w, str(req["sql"]), float(req["timeout_s"]), int(req["row_cap"])))
    except (ValueError, KeyError, TypeError) as e:
        return json.dumps({"ok": False, "kind": "error", "error": f"bad request: {guard.one_line(str(e))}"})
    except MemoryError:
        return json.dumps({"ok": False, "kind": "memory", "error": "stopped: the answer needs more memory"})
    except RecursionError:
        return json.dumps({"ok": False, "kind": "refused", "error": "the query is nested too deeply: write it flatter"})
    except Exception as e:  # a bug here: answered, logged, and the worker goes on
        traceback.print_exc(file=sys.stderr)
        sys.stderr.flush()
        return json.dumps(
            {"ok": False, "kind": "error", "error": f"the query could not be answered ({type(e).__name__})"}
        )


def serve(w: Warehouse, requests, answers) -> None:
    """One answer line per request line, until the requests end (the dashboard closed our stdin)."""
    for line in requests:
        try:
            out = answer_line(w, line)
        except BaseException:  # answer_line answers every Exception; anything else still gets a line
            traceback.print_exc(file=sys.stderr)
            sys.stderr.flush()
            out = json.dumps({"ok": False, "kind": "error", "error": "the query could not be answered"})
        answers.write(out + "\n")
        answers.flush()


def in_deep_thread(fn, *args) -> None:
    """fn(*args) on a thread with a deep stack, until it returns: DuckDB's parser and binder and
    Python's JSON reader recurse once per level of nesting, and the main thread's 8 MB stack is not
    enough for every input the checks must see before they can refuse it. The thread is a daemon,
    so the worker still ends when its main thread does."""
    th = threading.Thread(target=fn, args=args, name="query", daemon=True)
    threading.stack_size(STACK_BYTES)  # this thread only: the watchdog keeps the default
    try:
        th.start()
    finally:
        threading.stack_size(0)
    th.join()


def main(argv: list[str]) -> int:
    path, memory_limit, threads = argv[0], argv[1], int(argv[2])
    # A crash (a signal in DuckDB's code) leaves its reason on stderr, which the dashboard logs.
    faulthandler.enable(file=sys.stderr, all_threads=True)
    # stdout carries the answers and nothing else: anything printed goes to stderr.
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    os.nice(NICE)  # the dashboard's pages run first on the same cores
    sys.setrecursionlimit(RECURSION_LIMIT)
    limit_process(memory_limit)
    w = Warehouse(path, memory_limit, threads)
    answers.write(json.dumps({"ready": True, "pid": os.getpid()}) + "\n")
    answers.flush()
    in_deep_thread(serve, w, sys.stdin, answers)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
