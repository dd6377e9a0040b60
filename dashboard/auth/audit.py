"""The audit trail: one JSON object a line in `audit.jsonl` under auth_dir, appended and never rewritten.

Each line carries `seq` (1, 2, ...) and `prev`, the SHA-256 of the line before it (the first: 64 zeros),
so an edited, inserted or deleted line breaks the chain at the next line, and `verify()` names it. A
writer takes an exclusive lock on the file, reads the last line, and appends one line in a single
write (O_APPEND), so the processes of one server never interleave or fork the chain. Each line's hash
also goes to the `dashboard.audit` log (stderr, the journal): a copy outside auth_dir to compare the
trail's last lines with, since whoever can write the file could rebuild its tail.
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import hashlib
import io
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

FILE = "audit.jsonl"
GENESIS = "0" * 64
CSV_COLUMNS = ("seq", "time", "event", "outcome", "user", "role", "via", "addr", "detail")
log = logging.getLogger("dashboard.audit")


def line_hash(line: bytes) -> str:
    return hashlib.sha256(line.rstrip(b"\n")).hexdigest()


def _last_line(fd: int) -> bytes:
    """The file's last line (without reading the whole file)."""
    end = os.lseek(fd, 0, os.SEEK_END)
    chunk, pos, tail = 4096, end, b""
    while pos > 0:
        step = min(chunk, pos)
        pos -= step
        tail = os.pread(fd, step, pos) + tail
        if tail.count(b"\n") >= 2 or pos == 0:
            break
    lines = tail.rstrip(b"\n").split(b"\n")
    return lines[-1] if lines and lines[-1] else b""


@dataclass(frozen=True)
class Verdict:
    ok: bool
    lines: int
    head: str  # the hash of the last good line
    problem: str = ""


class Trail:
    def __init__(self, auth_dir: str | Path):
        self.path = Path(auth_dir) / FILE

    def append(self, event: str, **fields: object) -> dict:
        """Write one line: time (UTC), event, the fields given (None left out), seq and prev."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        record: dict[str, object] = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"), "event": event}
        record.update({k: v for k, v in fields.items() if v is not None})
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            last = _last_line(fd)
            if last:
                try:
                    seq = int(json.loads(last)["seq"]) + 1
                except (ValueError, KeyError, TypeError):
                    seq = 0  # a damaged last line: the chain goes on from it, and verify reports it
                prev = line_hash(last)
            else:
                seq, prev = 1, GENESIS
            line = json.dumps(
                {"seq": seq, **record, "prev": prev}, ensure_ascii=False, separators=(",", ":"), default=str
            )
            # A lone surrogate (text a JSON body may carry, never UTF-8) is kept as its JSON escape, \ud800.
            data = line.encode("utf-8", "backslashreplace") + b"\n"
            os.write(fd, data)
        finally:
            os.close(fd)  # closing releases the lock
        log.info("audit %d %s %s", seq, event, line_hash(data))
        return {"seq": seq, **record}

    def read(self) -> list[dict]:
        """Every line as a dict (a line that is not JSON is shown as {"event": "unreadable", ...})."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        out = []
        for n, line in enumerate(raw.splitlines(), 1):
            try:
                out.append(json.loads(line))
            except ValueError:
                out.append({"seq": n, "event": "unreadable", "detail": line[:200].decode("utf-8", "replace")})
        return out

    def verify(self) -> Verdict:
        """Follow the chain from the first line: each `prev` must be the hash of the line before, each `seq` one more."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Verdict(True, 0, GENESIS)
        if raw and not raw.endswith(b"\n"):
            return Verdict(False, raw.count(b"\n"), "", f"{self.path}: the last line is cut short")
        prev, n = GENESIS, 0
        for n, line in enumerate(raw.splitlines(), 1):
            try:
                record = json.loads(line)
                seq, claimed = record["seq"], record["prev"]
            except (ValueError, KeyError, TypeError):
                return Verdict(False, n - 1, prev, f"{self.path} line {n}: not an audit record")
            if claimed != prev:
                return Verdict(
                    False, n - 1, prev,
                    f"{self.path} line {n} (seq {seq}): the line before it was changed, removed or inserted "
                    f"(it names {claimed[:12]}..., the line before hashes to {prev[:12]}...)",
                )  # fmt: skip
            if seq != n:
                return Verdict(
                    False, n - 1, prev, f"{self.path} line {n}: seq {seq}, expected {n} (lines removed at the start?)"
                )
            prev = line_hash(line)
        return Verdict(True, n, prev)


def to_csv(records: list[dict]) -> bytes:
    """The trail as CSV (UTF-8 with BOM): the common columns, the rest of each record as JSON in `detail`."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for r in records:
        rest = {k: v for k, v in r.items() if k not in CSV_COLUMNS and k != "prev"}
        w.writerow(
            [_cell(r.get(c, "")) for c in CSV_COLUMNS[:-1]] + [json.dumps(rest, ensure_ascii=False) if rest else ""]
        )
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _cell(value: object) -> object:
    """A text cell a spreadsheet would read as a formula (a user name typed as =HYPERLINK(...)) gets a quote first."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
