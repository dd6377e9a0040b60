"""What each user ran on the SQL page, and the queries they saved: one SQLite file on the server
(`<auth_dir>/sql_queries.sqlite3`, beside the accounts and the audit trail), so both outlive a restart
and are the same in every dashboard process.

A user is the signed-in name, or `loopback` for this machine's own requests when sign-in is off
(`owner()`). History: every query run from the SQL page, with its time, rows, duration and error,
searched by its text (`History.runs`). Saved queries have a name, a description (Thai or English,
any text) and an owner; a shared one is seen by everyone, a private one by its owner alone. The ten
built-in examples (examples.sql) are listed as shared queries beside them, owned by nobody.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from dashboard.sql.examples import EXAMPLES

FILE_NAME = "sql_queries.sqlite3"
MAX_SQL_CHARS = 100_000  # the guard's limit: a longer text never ran
MAX_NAME_CHARS = 200
MAX_DESCRIPTION_CHARS = 2_000
KEEP_RUNS = 2_000  # per user: older lines of history are dropped
SCHEMA = """
CREATE TABLE IF NOT EXISTS run (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    sql TEXT NOT NULL,
    ran_at TEXT NOT NULL,           -- UTC, ISO 8601 with seconds
    rows INTEGER,                   -- NULL when the query failed
    ms INTEGER NOT NULL,
    truncated INTEGER NOT NULL DEFAULT 0,
    error TEXT
);
CREATE INDEX IF NOT EXISTS run_owner ON run (owner, id);
CREATE TABLE IF NOT EXISTS saved (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    sql TEXT NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0,
    saved_at TEXT NOT NULL,
    UNIQUE (owner, name)
);
"""


class BadQuery(ValueError):
    """A saved query that cannot be kept (no name, no SQL, too long); the message says which field."""


@dataclass(frozen=True)
class Run:
    id: int
    sql: str
    ran_at: str
    rows: int | None
    ms: int
    truncated: bool
    error: str | None


@dataclass(frozen=True)
class Saved:
    key: str  # "example:<name>" or "saved:<id>"
    name: str
    description: str
    sql: str
    owner: str  # "" for the built-in examples
    shared: bool
    saved_at: str


def owner() -> str:
    """Whose history a query of this request goes into: the signed-in name (`loopback` for this machine
    when sign-in is off), else the client's address (a request outside sign-in, in tests)."""
    from flask import g, has_request_context, request

    if not has_request_context():
        return "-"
    name = getattr(g.get("user", None), "name", None)
    return str(name) if name else f"addr:{request.remote_addr or '-'}"


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def examples(lang: str) -> list[Saved]:
    return [Saved(f"example:{e.name}", e.title(lang), e.title("en" if lang == "th" else "th"), e.sql, "", True, "")
            for e in EXAMPLES]  # fmt: skip


class History:
    """The SQLite file of runs and saved queries. One connection per call (SQLite serialises writers
    across the processes; WAL lets readers go on meanwhile)."""

    def __init__(self, folder: str | Path) -> None:
        self.path = Path(folder) / FILE_NAME
        self._ready = False
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def _con(self):
        if not self._ready:
            with self._lock:
                if not self._ready:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    with contextlib.closing(sqlite3.connect(self.path, timeout=10)) as con:
                        con.execute("PRAGMA journal_mode=WAL")
                        con.executescript(SCHEMA)
                    self._ready = True
        con = sqlite3.connect(self.path, timeout=10)
        try:
            with con:  # a transaction: committed, or rolled back on an error
                yield con
        finally:
            con.close()

    # -- history ------------------------------------------------------------------------------------
    def record(self, who: str, sql: str, *, rows: int | None, ms: int, truncated: bool = False,
               error: str | None = None) -> int:  # fmt: skip
        with self._con() as con:
            cur = con.execute(
                "INSERT INTO run (owner, sql, ran_at, rows, ms, truncated, error) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (who, sql[:MAX_SQL_CHARS], now(), rows, int(ms), int(truncated), error),
            )
            con.execute(
                "DELETE FROM run WHERE owner = ? AND id <= (SELECT id FROM run WHERE owner = ? "
                "ORDER BY id DESC LIMIT 1 OFFSET ?)",
                (who, who, KEEP_RUNS),
            )
            return int(cur.lastrowid)

    def runs(self, who: str, search: str = "", limit: int = 50) -> list[Run]:
        """`who`'s runs, newest first; with `search`, those whose text holds it (any case)."""
        with self._con() as con:
            rows = con.execute(
                "SELECT id, sql, ran_at, rows, ms, truncated, error FROM run "
                "WHERE owner = ? AND instr(lower(sql), lower(?)) > 0 ORDER BY id DESC LIMIT ?",
                (who, search.strip(), limit),
            ).fetchall()
        return [Run(i, s, at, n, ms, bool(tr), err) for i, s, at, n, ms, tr, err in rows]

    def has_run(self, who: str, sql: str) -> bool:
        """Did `who` run exactly this text before (and it was answered)?"""
        with self._con() as con:
            row = con.execute("SELECT 1 FROM run WHERE owner = ? AND sql = ? AND error IS NULL LIMIT 1",
                              (who, sql)).fetchone()  # fmt: skip
        return row is not None

    def run(self, who: str, run_id: int) -> Run | None:
        with self._con() as con:
            row = con.execute(
                "SELECT id, sql, ran_at, rows, ms, truncated, error FROM run WHERE owner = ? AND id = ?",
                (who, run_id),
            ).fetchone()
        return Run(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6]) if row else None

    # -- saved queries ------------------------------------------------------------------------------
    def save(self, who: str, name: str, description: str, sql: str, shared: bool) -> Saved:
        """Keep a query under `name` (the same name of the same owner is replaced)."""
        name, description = " ".join(str(name or "").split()), str(description or "").strip()
        if not name:
            raise BadQuery("name: a saved query needs a name")
        if len(name) > MAX_NAME_CHARS:
            raise BadQuery(f"name: {len(name):,} characters; at most {MAX_NAME_CHARS:,}")
        if len(description) > MAX_DESCRIPTION_CHARS:
            raise BadQuery(f"description: {len(description):,} characters; at most {MAX_DESCRIPTION_CHARS:,}")
        if not str(sql or "").strip():
            raise BadQuery("sql: there is no query to save")
        if len(sql) > MAX_SQL_CHARS:
            raise BadQuery(f"sql: {len(sql):,} characters; at most {MAX_SQL_CHARS:,}")
        with self._con() as con:
            con.execute(
                "INSERT INTO saved (owner, name, description, sql, shared, saved_at) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (owner, name) DO UPDATE SET description = excluded.description, sql = excluded.sql, "
                "shared = excluded.shared, saved_at = excluded.saved_at",
                (who, name, description, sql, int(bool(shared)), now()),
            )
            (i,) = con.execute("SELECT id FROM saved WHERE owner = ? AND name = ?", (who, name)).fetchone()
        saved = self.saved(who, f"saved:{i}")
        assert saved is not None  # just written
        return saved

    def delete(self, who: str, key: str) -> bool:
        """Remove `who`'s own saved query (another's, shared or not, stays)."""
        i = _saved_id(key)
        if i is None:
            return False
        with self._con() as con:
            return con.execute("DELETE FROM saved WHERE id = ? AND owner = ?", (i, who)).rowcount > 0

    def visible(self, who: str, lang: str = "en") -> list[Saved]:
        """What `who` may open: their own queries, everyone's shared ones, then the built-in examples."""
        with self._con() as con:
            rows = con.execute(
                "SELECT id, name, description, sql, owner, shared, saved_at FROM saved "
                "WHERE owner = ? OR shared ORDER BY owner <> ?, lower(name)",
                (who, who),
            ).fetchall()
        own = [Saved(f"saved:{i}", n, d, s, o, bool(sh), at) for i, n, d, s, o, sh, at in rows]
        return own + examples(lang)

    def saved(self, who: str, key: str, lang: str = "en") -> Saved | None:
        """One query `who` may open, by its key; None for one they may not (another's private one)."""
        if key.startswith("example:"):
            return next((e for e in examples(lang) if e.key == key), None)
        i = _saved_id(key)
        if i is None:
            return None
        with self._con() as con:
            row = con.execute(
                "SELECT id, name, description, sql, owner, shared, saved_at FROM saved "
                "WHERE id = ? AND (owner = ? OR shared)",
                (i, who),
            ).fetchone()
        return Saved(f"saved:{row[0]}", row[1], row[2], row[3], row[4], bool(row[5]), row[6]) if row else None


def _saved_id(key: str) -> int | None:
    kind, _, number = str(key or "").partition(":")
    return int(number) if kind == "saved" and number.isdigit() and len(number) < 18 else None
