"""The dashboard's side of the SQL worker: start it when first needed, send it one query at a
time, wait no longer than the time limit and a grace, and kill and restart it when it does not
answer or dies.

Each dashboard process (each gunicorn worker) owns one `SqlRunner` and so one worker process.
The worker is a fresh interpreter (`python -m dashboard.sql.worker`), not a multiprocessing
child: spawn would import the whole dashboard again in it, a fork would copy the dashboard's
threads and open connections, and multiprocessing's pickle channel would let a worker that was
taken over run code in the dashboard. Requests and answers are JSON lines on its stdin and stdout.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTUP_S = 30.0


class SqlError(Exception):
    """A query was refused or stopped; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400, kind: str = "error") -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind


@dataclass(frozen=True)
class SqlResult:
    columns: list[str]
    types: list[str]
    rows: list[list]
    truncated: bool
    elapsed_ms: int
    query_ms: float

    def as_json(self) -> dict:
        """The answer of /api/sql (SPEC section 7)."""
        return {"columns": self.columns, "rows": self.rows, "truncated": self.truncated, "elapsed_ms": self.elapsed_ms}


class SqlRunner:
    def __init__(
        self,
        warehouse: str,
        *,
        timeout_s: float = 5.0,
        row_cap: int = 10_000,
        memory: str = "512MB",
        threads: int = 1,
        grace_s: float = 3.0,
    ) -> None:
        self.warehouse = os.path.abspath(warehouse)
        self.timeout_s, self.row_cap, self.memory, self.threads = timeout_s, row_cap, memory, threads
        self.grace_s = grace_s
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._owner = 0  # the pid that started the worker: a forked copy of this object starts its own
        self._buffer = b""
        self._closed = False
        self.restarts = 0
        atexit.register(self.close)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._owner == os.getpid() else None

    def run(self, sql: str, *, timeout_s: float | None = None, row_cap: int | None = None) -> SqlResult:
        """Run one statement in the worker -> SqlResult, or SqlError (refused, stopped, busy)."""
        timeout_s = self.timeout_s if timeout_s is None else timeout_s
        row_cap = self.row_cap if row_cap is None else row_cap
        start = time.perf_counter()
        if not self._lock.acquire(timeout=timeout_s + self.grace_s):
            raise SqlError("the SQL worker is busy with other queries: try again in a few seconds", 503, "busy")
        try:
            answer = self._ask({"sql": sql, "timeout_s": timeout_s, "row_cap": row_cap}, timeout_s + self.grace_s)
        finally:
            self._lock.release()
        if not answer.get("ok"):
            raise SqlError(str(answer.get("error", "the query failed")), 400, str(answer.get("kind", "error")))
        return SqlResult(
            columns=list(answer["columns"]),
            types=list(answer["types"]),
            rows=answer["rows"],
            truncated=bool(answer["truncated"]),
            elapsed_ms=round((time.perf_counter() - start) * 1000),
            query_ms=float(answer.get("query_ms", 0)),
        )

    def close(self) -> None:
        """Stop the worker (it would also stop by itself when this process ends: its stdin closes)."""
        proc, self._proc = self._proc, None
        if proc is None or self._owner != os.getpid():
            return
        try:
            proc.stdin.close()
            proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()

    # -- the worker process ---------------------------------------------------

    def _ask(self, request: dict, wait_s: float) -> dict:
        proc = self._started()
        try:
            proc.stdin.write((json.dumps(request, ensure_ascii=False) + "\n").encode("utf-8"))
            proc.stdin.flush()
        except OSError:
            self._kill()
            raise SqlError("the SQL worker had stopped; it starts afresh: run the query again", 400) from None
        line = self._read_line(proc, time.monotonic() + wait_s)
        if line is None:
            died = self._closed
            self._kill()
            if died:
                raise SqlError("the query stopped the SQL worker; it starts afresh for the next query", 400, "crash")
            raise SqlError(
                f"the query did not stop at the time limit of {request['timeout_s']:g} s; "
                "its worker was killed and starts afresh for the next query",
                400,
                "timeout",
            )
        try:
            return json.loads(line)
        except ValueError:
            self._kill()
            raise SqlError("the SQL worker answered nonsense; it starts afresh for the next query", 400) from None

    def _started(self) -> subprocess.Popen:
        if self._proc is not None and self._owner == os.getpid() and self._proc.poll() is None:
            return self._proc
        if self._proc is not None and self._owner == os.getpid():
            self._kill()
        # A bare environment (nothing of the dashboard's: no secrets to find) and a working directory
        # where a relative path leads nowhere of ours.
        env = {"PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8", "PATH": os.defpath}
        proc = subprocess.Popen(
            [sys.executable, "-m", "dashboard.sql.worker", self.warehouse, self.memory, str(self.threads)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd="/",
            env=env,
        )
        self._proc, self._owner, self._buffer = proc, os.getpid(), b""
        ready = self._read_line(proc, time.monotonic() + STARTUP_S)
        if ready is None:
            self._kill()
            raise SqlError("the SQL worker did not start; see the server log", 500, "crash")
        return proc

    def _read_line(self, proc: subprocess.Popen, deadline: float) -> bytes | None:
        """One answer line, or None when the deadline passes or the worker's stdout closes."""
        fd = proc.stdout.fileno()
        parts = [self._buffer]
        self._closed = False
        while b"\n" not in parts[-1]:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            readable, _, _ = select.select([fd], [], [], left)
            if not readable:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                self._closed = True  # the worker died (its stdout closed)
                return None
            parts.append(chunk)
        line, _, self._buffer = b"".join(parts).partition(b"\n")
        return line

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        self._buffer = b""
        if proc is None:
            return
        self.restarts += 1
        proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            with contextlib.suppress(OSError):
                stream.close()
