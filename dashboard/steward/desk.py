"""What a steward does, one function each: propose records from a text or a file, accept one, undo one,
see what a build would change, apply it. The page's callbacks call these and nothing else writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.db import WarehouseError
from dashboard.steward import etl, files
from dashboard.steward.contract import ENTERED, KEYS, contract
from dashboard.steward.entry import Entry, make_entry, read_date, source_text

MAX_TEXT_CHARS = (
    100_000  # Thai is 3 bytes a letter: the text travels back with each accept, under the 1 MB request limit
)
MAX_UPLOAD_BYTES = 700 * 1024  # base64 makes it about 950 KB: under the request limit's 1,024 KB
UPLOAD_KINDS = (".txt", ".html", ".htm", ".docx")


class Refused(Exception):
    """What a steward sent cannot be used; the message says what and why."""


@dataclass
class Undone:
    rows: int  # the entered rows removed (0: the record was not entered here)
    unregistered: list[str]  # the addresses taken out of the source register with them


def upload_name(name: str | None) -> tuple[str, str]:
    """(the name shown, its extension) of an uploaded file's name, whatever path it pretends to have:
    folders (either slash), controls and direction characters are dropped; the file is never stored under it."""
    base = files.clean(name, 200).replace("\\", "/").rsplit("/", 1)[-1].strip(". ") or "upload"
    ext = Path(base.lower()).suffix
    return base, ext


def check_upload(name: str | None, data: bytes) -> tuple[str, str]:
    """-> (name shown, extension) of an upload the extractor may read; Refused naming the file otherwise."""
    shown, ext = upload_name(name)
    if ext not in UPLOAD_KINDS:
        raise Refused(
            f"{shown}: only {', '.join(UPLOAD_KINDS)} files are read (this one is {ext or 'without an extension'!r})"
        )
    if not data:
        raise Refused(f"{shown}: the file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise Refused(f"{shown}: {len(data):,} bytes; at most {MAX_UPLOAD_BYTES:,} are read")
    if ext == ".docx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" not in z.namelist():
                    raise Refused(f"{shown}: not a Word document (no word/document.xml inside)")
        except zipfile.BadZipFile:
            raise Refused(f"{shown}: not a Word document (.docx is a zip file; this is not one)") from None
        return shown, ext
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        at = data.index(b"\x00")
        raise Refused(f"{shown}: binary data, not text (a NUL byte at byte {at:,})")
    for encoding in ("utf-8-sig", "utf-16", "cp874"):
        try:
            data.decode(encoding)
            if encoding != "utf-16" or data.startswith((b"\xff\xfe", b"\xfe\xff")):
                return shown, ext
        except UnicodeDecodeError:
            continue
    raise Refused(f"{shown}: not text in UTF-8 or Thai Windows encoding (cp874)")


@dataclass
class Source:
    """The page a record comes from, as the steward gives it (register columns)."""

    url: str
    published: str = ""  # typed, BE or CE
    publisher: str = ""
    kind: str = ""
    title: str = ""
    language: str = ""

    def register_row(self, entered_by: str, entered_at: str) -> dict:
        read = read_date(self.published)
        return {
            "source_url": self.url,
            "publisher": self.publisher or (urlsplit(self.url).hostname or ""),
            "title": self.title,
            "published": read.text if read else self.published,
            "language": self.language,
            "kind": self.kind,
            "notes": files.register_note(entered_by, entered_at),
        }


def _published_day(typed: str | None) -> str | None:
    read = read_date(typed)
    return read.text if read and read.day else None


class Desk:
    def __init__(self, raw_dir: str | Path, warehouse_path: str | Path, warehouse=None):
        self.raw_dir = Path(raw_dir)
        self.warehouse_path = Path(warehouse_path)
        self.warehouse = warehouse  # the dashboard's Warehouse: ids in use, and the new build served after apply

    # -- proposing -------------------------------------------------------------------------------------
    def propose_text(self, text: str, url: str | None, published: str | None) -> dict:
        if not text or not text.strip():
            raise Refused("nothing to read: paste a text or choose a file")
        if len(text) > MAX_TEXT_CHARS:
            raise Refused(f"the text has {len(text):,} characters; at most {MAX_TEXT_CHARS:,} are read at once")
        with tempfile.TemporaryDirectory(prefix="steward-in-") as tmp:
            path = Path(tmp) / "pasted.txt"
            path.write_text(text, encoding="utf-8")
            doc = etl.extract(path, _published_day(published), url or None)
        doc["file"] = None
        return doc

    def propose_file(self, name: str | None, data: bytes, url: str | None, published: str | None) -> dict:
        shown, ext = check_upload(name, data)
        with tempfile.TemporaryDirectory(prefix="steward-in-") as tmp:
            path = Path(tmp) / f"upload{ext}"
            path.write_bytes(data)
            doc = etl.extract(path, _published_day(published), url or None)
        doc["file"] = shown
        return doc

    # -- writing ----------------------------------------------------------------------------------------
    def used_ids(self, dataset: str) -> set[str]:
        key = KEYS[dataset]
        used = files.ids_in_files(self.raw_dir, dataset, key)
        if self.warehouse is not None:
            table, _ = etl.FACTS[dataset]
            with contextlib.suppress(WarehouseError):  # no warehouse yet: the raw files are the whole truth
                used |= set(
                    self.warehouse.query(f"SELECT {key} AS id FROM {table}", name="steward ids")["id"].to_list()
                )
        return used

    def accept(self, dataset: str, values: dict, source: Source, user: str, text: str | None = None,
               evidence: dict | None = None) -> tuple[Entry, bool]:  # fmt: skip
        """Write one record (and its source's register row when new) under the lock. -> (the entry, whether
        the register gained a row). An entry with problems writes nothing."""
        if dataset not in ENTERED:
            raise Refused(f"dataset {dataset!r}: one of {', '.join(ENTERED)}")
        c = contract()
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        with files.locked(self.raw_dir):
            entry = make_entry(c, dataset, values, source_url=source.url, used_ids=self.used_ids(dataset),
                               entered_by=user, entered_at=now, words=source_text(text, evidence))  # fmt: skip
            if entry.problems:
                return entry, False
            kinds = c.source_kinds()
            if kinds and source.kind and source.kind not in kinds:
                entry.problems.append(f"kind {source.kind!r}: one of {', '.join(kinds)}")
            elif kinds and not source.kind and source.url not in files.registered(self.raw_dir):
                entry.problems.append(f"kind: required for a source not yet in the register ({', '.join(kinds)})")
            if entry.problems:
                return entry, False
            added = files.register_source(self.raw_dir, source.register_row(user, now))
            columns = [*c.columns(dataset), *(col for col in files.ENTRY_COLUMNS if col not in c.columns(dataset))]
            files.append_row(files.entered_path(self.raw_dir, dataset), columns, entry.row)
        return entry, added

    def undo(self, dataset: str, record_id: str) -> Undone:
        """Remove an entered record's row, and the source register's row an accept added for its address when no
        record (entered or hand-curated) still cites it; a register row that was there before stays."""
        if dataset not in ENTERED:
            raise Refused(f"dataset {dataset!r}: one of {', '.join(ENTERED)}")
        path = files.entered_path(self.raw_dir, dataset)
        with files.locked(self.raw_dir):
            _, rows = files.read_rows(path)
            urls = dict.fromkeys(r.get("source_url") or "" for r in rows if r.get(KEYS[dataset]) == record_id)
            n = files.remove_rows(path, KEYS[dataset], record_id)
            unregistered = [u for u in urls if u and files.unregister(self.raw_dir, u)]
        return Undone(n, unregistered)

    def entries(self) -> list[dict]:
        return files.entries(self.raw_dir, KEYS)

    # -- building ---------------------------------------------------------------------------------------
    def dry_run(self) -> tuple[etl.BuildResult, etl.Diff | None, str]:
        """Build into a temporary file and compare; -> (result, difference, the raw folder's fingerprint the
        answer holds for). The lock is held throughout, so no entry lands in the middle of it."""
        with files.locked(self.raw_dir, timeout_s=60):
            mark = files.fingerprint(self.raw_dir)
            result, diff = etl.dry_run(self.raw_dir, self.warehouse_path)
        return result, diff, mark

    def apply(self, mark: str) -> etl.BuildResult:
        """Build into the warehouse as the command line does, only when the raw folder is as the dry run saw it;
        then wait (up to the settings' warm-up time) until this process serves the new file."""
        with files.locked(self.raw_dir, timeout_s=60):
            if not mark or files.fingerprint(self.raw_dir) != mark:
                raise Refused("the raw files changed since the dry run (another entry or undo): run the dry run again")
            before = self.load_id()
            result = etl.build(self.raw_dir, self.warehouse_path)
        if result.code == 0:
            self._wait_for_new(before)
        return result

    def load_id(self) -> str | None:
        if self.warehouse is None:
            return None
        try:
            return self.warehouse.meta.get("load_id")
        except WarehouseError:  # no warehouse yet
            return None

    def _wait_for_new(self, before: str | None, limit_s: float | None = None) -> None:
        if self.warehouse is None:
            return
        limit = limit_s if limit_s is not None else getattr(self.warehouse, "swap_warm_s", 30.0) + 10
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            now = self.load_id()
            if now is not None and now != before:
                return
            time.sleep(0.1)
