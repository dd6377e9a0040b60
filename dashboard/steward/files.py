"""The raw files a steward writes, and nothing else.

Accepted records go to `<raw_dir>/<dataset>_entered.csv` (the ETL reads every `<dataset>*` file, so the
hand-curated files are never touched), one row per record in the raw contract's columns plus who
entered it, when, and the words it came from. A source address not yet in the register
`<raw_dir>/sources.csv` gets a row there too. Every write holds an exclusive lock on
`<raw_dir>/.steward.lock` (fcntl.flock), so two stewards, or a steward and a build, never interleave;
a file is rewritten (an undo, a new column) through a temporary file renamed over it.

Every cell is written as data: control and direction characters removed, runs of white space made one
space, and a text that a spreadsheet would take for a formula (=, +, -, @ first) written with an
apostrophe in front (OWASP's advice on CSV injection), so opening the raw file in Excel runs nothing.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import os
import re
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

ENTRY_COLUMNS = ("entered_by", "entered_at", "source_text")
REGISTER = "sources.csv"
REGISTER_COLUMNS = ("source_url", "publisher", "title", "published", "language", "kind", "notes")
LOCK = ".steward.lock"
SUFFIX = "_entered.csv"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# C0/C1 controls and the bidirectional overrides and isolates: never part of a value.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_NUMBER = re.compile(r"^[+-]?[0-9๐-๙][0-9๐-๙,]*(\.[0-9๐-๙]+)?([eE][+-]?[0-9]+)?$")


class LockBusy(Exception):
    """Another steward (or a build started here) holds the raw folder's lock for too long."""


class StewardFileError(Exception):
    """A raw file that cannot be read or written as asked; the message names it."""


def clean(value: object, limit: int = 4000) -> str:
    """One line of text: controls and direction characters out, white space runs made one space, cut at `limit`."""
    if value is None:
        return ""
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text[:limit]


def cell(value: object, limit: int = 4000) -> str:
    """A value as it is written to a raw CSV: `clean`, and an apostrophe before a formula-like text (a
    plain number such as -5 stays as it is)."""
    text = clean(value, limit)
    if text.startswith(FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def entered_path(raw_dir: str | Path, dataset: str) -> Path:
    return Path(raw_dir) / f"{dataset}{SUFFIX}"


@contextlib.contextmanager
def locked(raw_dir: str | Path, timeout_s: float = 30.0) -> Iterator[None]:
    """Hold the raw folder's lock (exclusive, across processes); LockBusy after `timeout_s`."""
    folder = Path(raw_dir)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LockBusy(
                        f"another steward is writing the raw files in {folder.name} (or building); try again in a moment"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """(header, rows) of a CSV written here (UTF-8); no file: ([], [])."""
    if not path.exists():
        return [], []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = [dict(r) for r in reader]
            return list(reader.fieldnames or []), rows
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise StewardFileError(f"{path.name}: cannot be read ({e})") from None


def _write_all(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """The whole file, through a temporary file renamed over it (a reader sees the old or the new file)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            fh.write(buf.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise StewardFileError(f"{path.name}: cannot be written ({e.strerror or e})") from None


def append_row(path: Path, columns: list[str], row: Mapping[str, object]) -> int:
    """Append `row` (already cells) to `path` under the caller's lock; a missing file gets the header
    `columns`, a file whose header lacks some of them is rewritten with them added at the end.
    -> the row's number as a spreadsheet shows it (header = 1)."""
    header, rows = read_rows(path)
    if not header or any(c not in header for c in columns):
        header = [*header, *(c for c in columns if c not in header)]
        rows.append({k: str(v) for k, v in row.items()})
        _write_all(path, header, rows)
        return len(rows) + 1
    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=header, extrasaction="ignore", lineterminator="\n").writerow(
        {k: str(v) for k, v in row.items()}
    )
    try:
        with path.open("a", encoding="utf-8", newline="") as fh:
            fh.write(buf.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as e:
        raise StewardFileError(f"{path.name}: cannot be written ({e.strerror or e})") from None
    return len(rows) + 2


def remove_rows(path: Path, key: str, value: str) -> int:
    """Remove the rows whose `key` is `value` (under the caller's lock); -> how many. An empty file is removed."""
    header, rows = read_rows(path)
    kept = [r for r in rows if r.get(key) != value]
    gone = len(rows) - len(kept)
    if gone:
        if kept:
            _write_all(path, header, kept)
        else:
            path.unlink()
    return gone


def entries(raw_dir: str | Path, datasets: dict[str, str]) -> list[dict[str, Any]]:
    """Every record entered here, newest first: dataset, id, entered_by, entered_at, source_url and the row."""
    out: list[dict[str, Any]] = []
    for dataset, key in datasets.items():
        _, rows = read_rows(entered_path(raw_dir, dataset))
        for r in rows:
            out.append({"dataset": dataset, "id": r.get(key) or "", "entered_by": r.get("entered_by") or "",
                        "entered_at": r.get("entered_at") or "", "source_url": r.get("source_url") or "", "row": r})  # fmt: skip
    return sorted(out, key=lambda e: e["entered_at"], reverse=True)


def ids_in_files(raw_dir: str | Path, dataset: str, key: str) -> set[str]:
    """The ids every CSV of `dataset` in the raw folder uses (hand-curated and entered alike)."""
    found: set[str] = set()
    for path in sorted(Path(raw_dir).glob(f"{dataset}*.csv")):
        with contextlib.suppress(StewardFileError):
            found |= {r.get(key) or "" for r in read_rows(path)[1]}
    found.discard("")
    return found


def register_note(entered_by: str, entered_at: str) -> str:
    """The register row's `notes` an accept writes: who added the address, when, and that the steward's screen
    did (`added_here` reads it back, so an undo knows the rows the screen added from those that were there)."""
    return f"entered by {entered_by} at {entered_at} on the data steward's screen"


_ADDED_HERE = re.compile(r"^entered by .* at \S+ on the data steward's screen$")


def added_here(row: dict[str, str]) -> bool:
    """Whether a register row was added by an accept on the steward's screen (its notes as register_note wrote them)."""
    return bool(_ADDED_HERE.match(row.get("notes") or ""))


def cited(raw_dir: str | Path, url: str) -> list[str]:
    """The raw files (other than the register) with a cell that is `url`: every record, hand-curated or entered,
    that still points to the address. A workbook or Parquet file that cannot be read counts as citing it."""
    found = []
    for path in sorted(Path(raw_dir).iterdir()):
        name = path.name.lower()
        if not path.is_file() or name.startswith((".", "~$")) or path.name == REGISTER:
            continue
        if name.endswith(".csv"):
            try:
                with path.open(encoding="utf-8-sig", newline="") as fh:
                    if any(url in row for row in csv.reader(fh)):
                        found.append(path.name)
            except (OSError, UnicodeDecodeError, csv.Error):
                found.append(path.name)
        elif name.endswith((".xlsx", ".parquet")) and _cites(path, url):
            found.append(path.name)
    return found


def _cites(path: Path, url: str) -> bool:
    """Whether a workbook (any sheet) or Parquet file has a text cell that is `url`; True when it cannot be read."""
    import polars as pl

    try:
        if path.suffix.lower() == ".parquet":
            frames = [pl.read_parquet(path)]
        else:
            frames = list(pl.read_excel(path, sheet_id=0, infer_schema_length=0).values())
    except Exception:  # a file the dashboard cannot read: keep the address rather than guess
        return True
    for frame in frames:
        text = [pl.col(c).cast(pl.String) == url for c in frame.columns]
        if text and frame.select(pl.any_horizontal(text).any()).item():
            return True
    return False


def unregister(raw_dir: str | Path, url: str) -> bool:
    """Remove the register's row for `url` when an accept on the steward's screen added it and no record in the
    raw files cites the address any more (under the caller's lock): an undo leaves the register as it would be
    without the accepts undone. A row that was there otherwise (hand-curated) stays; a register left with no
    rows is removed (as it was before an accept made it). -> whether a row was removed."""
    path = Path(raw_dir) / REGISTER
    header, rows = read_rows(path)
    kept = [r for r in rows if not (r.get("source_url") == url and added_here(r))]
    if len(kept) == len(rows) or cited(raw_dir, url):
        return False
    if kept:
        _write_all(path, header, kept)
    else:  # the accept made the register: without rows it would refuse every record's address
        path.unlink()
    return True


def registered(raw_dir: str | Path) -> set[str]:
    """The source addresses in the register (none when there is no register)."""
    return {r.get("source_url") or "" for r in read_rows(Path(raw_dir) / REGISTER)[1]} - {""}


def register_source(raw_dir: str | Path, source: dict[str, object]) -> bool:
    """Append `source` (REGISTER_COLUMNS) to the register when its address is not in it yet (under the
    caller's lock; a missing register is made with its header). -> whether a row was added."""
    path = Path(raw_dir) / REGISTER
    url = cell(source.get("source_url"))
    if not url or url in registered(raw_dir):
        return False
    header, _ = read_rows(path)
    append_row(path, header or list(REGISTER_COLUMNS), {c: cell(source.get(c)) for c in REGISTER_COLUMNS})
    return True


def fingerprint(raw_dir: str | Path) -> str:
    """What the raw folder holds now (every file's name, size, modification time and inode): a dry run's
    answer is applied only while this is unchanged."""
    import hashlib

    h = hashlib.sha256()
    for path in sorted(Path(raw_dir).iterdir()):
        if path.is_file() and not path.name.startswith("."):
            st = path.stat()
            h.update(f"{path.name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n".encode())
    return h.hexdigest()
