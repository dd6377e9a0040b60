"""The dashboard's side of the SQL worker: start it when first needed, send it one query at a
time, wait no longer than the time limit and a grace, and kill and restart it when it does not
answer or dies.

Each dashboard process (each gunicorn worker) owns one `SqlRunner` and so one worker process.
The worker is a fresh interpreter (`python -m dashboard.sql.worker`), not a multiprocessing
child: spawn would import the whole dashboard again in it, a fork would copy the dashboard's
threads and open connections, and multiprocessing's pickle channel would let a worker that was
taken over run code in the dashboard. Requests and answers are JSON lines on its stdin and stdout;
its stderr is read line by line into the server log (a pipe, which its no-file-writes limit allows),
and a worker that dies is logged with its exit status and the start of the query it was running.

The worker runs one query at a time, so the queries wait in a fair queue (`FairQueue`): users take
turns (the one served longest ago goes first), each user has at most one query queued or running
(a second is answered at once: busy, 503), at most `max_waiting` wait and none longer than
`wait_s`, so ad-hoc SQL never holds many of the server's threads, and pages never wait on it.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import astuple, dataclass, replace
from pathlib import Path

from dashboard.warehouse_file import file_id

ROOT = Path(__file__).resolve().parents[2]
STARTUP_S = 30.0
WAIT_S = 2.0  # the longest a query waits for its turn before it is answered busy (503)
MAX_WAITING = 4  # queries waiting at once per dashboard process (each holds a server thread)
RETRY_AFTER_S = 5
KEPT_BYTES = 16 * 1024 * 1024  # answers kept per dashboard process, in bytes of their JSON
KEPT_ANSWER_BYTES = 256 * 1024  # a larger answer is never kept (it costs more to keep than to send again)
log = logging.getLogger(__name__)


class SqlError(Exception):
    """A query was refused or stopped; `status` is the HTTP status to answer with (503: try again
    after `retry_after_s` seconds)."""

    def __init__(
        self,
        message: str,
        status: int = 400,
        kind: str = "error",
        retry_after_s: int | None = None,
        at: dict | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.retry_after_s = retry_after_s
        self.at = at  # where in the text DuckDB placed the error: {"line", "col", "length"}, from 1


class FairQueue:
    """Turns at the one SQL worker: `with q.turn(who): ...` runs when it is `who`'s turn.

    Of the users waiting, the one served longest ago (never served first) goes next, so a user who
    sends query after query gets every other turn at most, however many they send. A user with a
    query queued or running is answered at once; so is anyone when `max_waiting` already wait; a
    wait ends after `wait_s`. Each refusal is a 503 that says why and when to try again."""

    def __init__(self, wait_s: float = WAIT_S, max_waiting: int = MAX_WAITING) -> None:
        self.wait_s, self.max_waiting = wait_s, max_waiting
        self._cond = threading.Condition()
        self._waiting: dict[str, int] = {}  # user -> arrival number
        self._running: str | None = None
        self._served: dict[str, float] = {}  # user -> when their last turn began
        self._arrivals = 0

    @contextlib.contextmanager
    def turn(self, who: str):
        with self._cond:
            if who in self._waiting or who == self._running:
                raise SqlError(
                    "busy: your previous query is still running; wait for its answer, then run the next one",
                    503,
                    "busy",
                    RETRY_AFTER_S,
                )
            if len(self._waiting) >= self.max_waiting:
                raise SqlError(
                    f"busy: {len(self._waiting) + 1} queries of other users are ahead of yours; "
                    f"try again in {RETRY_AFTER_S} seconds",
                    503,
                    "busy",
                    RETRY_AFTER_S,
                )
            self._arrivals += 1
            self._waiting[who] = self._arrivals
            deadline = time.monotonic() + self.wait_s
            try:
                while self._running is not None or self._next() != who:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise SqlError(
                            f"busy: the SQL worker was busy with other users' queries for {self.wait_s:g} s; "
                            f"try again in {RETRY_AFTER_S} seconds (your turn comes before theirs)",
                            503,
                            "busy",
                            RETRY_AFTER_S,
                        )
                    self._cond.wait(left)
            finally:
                del self._waiting[who]
                self._cond.notify_all()
            self._running = who
            self._served[who] = time.monotonic()
            if len(self._served) > 10_000:  # forget users not seen for a long time
                for user, _at in sorted(self._served.items(), key=lambda kv: kv[1])[:5_000]:
                    del self._served[user]
        try:
            yield
        finally:
            with self._cond:
                self._running = None
                self._cond.notify_all()

    def _next(self) -> str:
        return min(self._waiting, key=lambda u: (self._served.get(u, float("-inf")), self._waiting[u]))

    @property
    def waiting(self) -> int:
        with self._cond:
            return len(self._waiting)


@dataclass(frozen=True)
class SqlResult:
    columns: list[str]
    types: list[str]
    rows: list[list]
    truncated: bool
    elapsed_ms: int
    query_ms: float
    kept: bool = False  # answered from the answers kept for this build, not run again

    def as_json(self) -> dict:
        """The answer of /api/sql (SPEC section 7)."""
        return {"columns": self.columns, "rows": self.rows, "truncated": self.truncated, "elapsed_ms": self.elapsed_ms}


class KeptAnswers:
    """Answers of repeatable queries (guard.Verdict.repeatable) on the build being served, by exact
    text and row cap, least recently used dropped past `max_bytes`. The warehouse file only changes
    by a new build, which has a new identity: the first answer kept for it drops all the others."""

    def __init__(self, max_bytes: int = KEPT_BYTES, max_answer: int = KEPT_ANSWER_BYTES) -> None:
        self.max_bytes, self.max_answer = max_bytes, max_answer
        self._lock = threading.Lock()
        self._answers: OrderedDict[tuple, tuple[SqlResult, int]] = OrderedDict()
        self._file: tuple | None = None
        self._bytes = 0

    def get(self, key: tuple) -> SqlResult | None:
        with self._lock:
            kept = self._answers.get(key)
            if kept is None:
                return None
            self._answers.move_to_end(key)
            return kept[0]

    def put(self, key: tuple, result: SqlResult, size: int) -> None:
        if size > self.max_answer:
            return
        with self._lock:
            if key[0] != self._file:
                self._answers.clear()
                self._file, self._bytes = key[0], 0
            old = self._answers.pop(key, None)
            self._bytes += size - (old[1] if old else 0)
            self._answers[key] = (result, size)
            while self._bytes > self.max_bytes:
                _key, (_result, dropped) = self._answers.popitem(last=False)
                self._bytes -= dropped

    def __len__(self) -> int:
        with self._lock:
            return len(self._answers)


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
        wait_s: float = WAIT_S,
        max_waiting: int = MAX_WAITING,
    ) -> None:
        self.warehouse = os.path.abspath(warehouse)
        self.timeout_s, self.row_cap, self.memory, self.threads = timeout_s, row_cap, memory, threads
        self.grace_s = grace_s
        self.queue = FairQueue(wait_s, max_waiting)
        self.kept = KeptAnswers()
        self._proc: subprocess.Popen | None = None
        self._owner = 0  # the pid that started the worker: a forked copy of this object starts its own
        self._buffer = b""
        self._closed = False
        self.restarts = 0
        atexit.register(self.close)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._owner == os.getpid() else None

    def run(self, sql: str, *, who: str = "", timeout_s: float | None = None, row_cap: int | None = None) -> SqlResult:
        """Run one statement in the worker in `who`'s turn -> SqlResult, or SqlError (refused,
        stopped, busy). `who` names the user (a sign-in name or an address)."""
        timeout_s = self.timeout_s if timeout_s is None else timeout_s
        row_cap = self.row_cap if row_cap is None else row_cap
        try:
            sql.encode("utf-8")
        except UnicodeEncodeError as e:  # a lone surrogate (a JSON body may carry one): not text to run
            raise SqlError(
                f"the query holds a character that is not text (U+{ord(sql[e.start]):04X} at character "
                f"{e.start + 1}): remove it",
                400,
                "refused",
            ) from None
        start = time.perf_counter()
        fid = file_id(self.warehouse)
        key = (astuple(fid), sql, row_cap) if fid is not None else None
        kept = self.kept.get(key) if key is not None else None
        if kept is not None:  # the same text on the same build: its answer again, without a turn at the worker
            return replace(kept, elapsed_ms=round((time.perf_counter() - start) * 1000), kept=True)
        with self.queue.turn(who):
            answer = self._ask({"sql": sql, "timeout_s": timeout_s, "row_cap": row_cap}, timeout_s + self.grace_s)
        if not answer.get("ok"):
            at = answer.get("at") if isinstance(answer.get("at"), dict) else None
            raise SqlError(str(answer.get("error", "the query failed")), 400, str(answer.get("kind", "error")), at=at)
        result = SqlResult(
            columns=list(answer["columns"]),
            types=list(answer["types"]),
            rows=answer["rows"],
            truncated=bool(answer["truncated"]),
            elapsed_ms=round((time.perf_counter() - start) * 1000),
            query_ms=float(answer.get("query_ms", 0)),
        )
        # Kept only when the worker ran it on the build this request saw (not one swapped in meanwhile).
        if key is not None and answer.get("repeatable") is True and answer.get("file") == list(key[0]):
            self.kept.put(key, result, int(answer.get("_bytes", 0)))
        return result

    def close(self) -> None:
        """Stop the worker (it would also stop by itself when this process ends: its stdin closes)."""
        proc, self._proc = self._proc, None
        if proc is None or self._owner != os.getpid():
            return
        assert proc.stdin is not None  # the worker is started with pipes
        try:
            proc.stdin.close()
            proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        if proc.stdout is not None:  # its stderr is closed by the thread that forwards it
            with contextlib.suppress(OSError):
                proc.stdout.close()

    # -- the worker process ---------------------------------------------------

    def _ask(self, request: dict, wait_s: float) -> dict:
        proc = self._started()
        assert proc.stdin is not None  # the worker is started with pipes
        try:
            proc.stdin.write((json.dumps(request, ensure_ascii=False) + "\n").encode("utf-8"))
            proc.stdin.flush()
        except OSError:
            self._kill()
            raise SqlError("the SQL worker had stopped; it starts afresh: run the query again", 400) from None
        line = self._read_line(proc, time.monotonic() + wait_s)
        if line is None:
            died = self._closed
            if died:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=1)
                log.error(
                    "the SQL worker (pid %s) died (%s) while running: %s",
                    proc.pid,
                    exit_status(proc.returncode),
                    " ".join(str(request.get("sql", "")).split())[:300],
                )
            else:
                log.error(
                    "the SQL worker (pid %s) did not answer within %.1f s; killed. The query: %s",
                    proc.pid,
                    wait_s,
                    " ".join(str(request.get("sql", "")).split())[:300],
                )
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
            answer = json.loads(line)
            if isinstance(answer, dict):
                answer["_bytes"] = len(line)
            return answer
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
            stderr=subprocess.PIPE,
            cwd="/",
            env=env,
        )
        threading.Thread(target=forward_stderr, args=(proc,), name=f"sql-worker-{proc.pid}-stderr", daemon=True).start()
        self._proc, self._owner, self._buffer = proc, os.getpid(), b""
        ready = self._read_line(proc, time.monotonic() + STARTUP_S)
        if ready is None:
            self._kill()
            raise SqlError("the SQL worker did not start; see the server log", 500, "crash")
        return proc

    def _read_line(self, proc: subprocess.Popen, deadline: float) -> bytes | None:
        """One answer line, or None when the deadline passes or the worker's stdout closes."""
        assert proc.stdout is not None  # the worker is started with pipes
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
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def forward_stderr(proc: subprocess.Popen) -> None:
    """The worker's stderr, line by line, into this process's stderr (the server log), flushed at
    once: a traceback or faulthandler's report of a crash is there even when the worker dies."""
    assert proc.stderr is not None  # the worker is started with pipes
    for raw in iter(proc.stderr.readline, b""):
        line = raw.decode("utf-8", errors="replace").rstrip("\n")
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"[sql worker {proc.pid}] {line}\n")
            sys.stderr.flush()
    with contextlib.suppress(OSError):
        proc.stderr.close()


def exit_status(code: int | None) -> str:
    if code is None:
        return "still running"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
        return f"killed by signal {-code}"
    return f"exit code {code}"
