"""Raw files -> all-text Polars frames with canonical column names. No business rules.

Each frame has the dataset's columns and its provenance columns (as String;
absent optional columns are null) plus `_file` (the file name, with `:sheet` for workbooks) and `_row`
(the row number a person sees when opening the file: the header is row 1,
so the first record is row 2; for Parquet, which has no header row, the
first record is row 1).

CSV encodings: a UTF-8 byte-order mark means UTF-8, a UTF-16 one UTF-16 (Excel's
"Unicode text"); otherwise strict UTF-8;
otherwise strict Thai Windows cp874 (a superset of TIS-620 that also maps the
curly quotes and dashes Windows writes; Python's `tis-620` codec turns those
into control characters); otherwise the file is refused. Encoding detectors
guess Thai wrong too often to be trusted alone.

Workbooks: every sheet whose header row has the dataset's required columns is
read; other sheets (a cover note, a pivot) are skipped with a notice; a
workbook none of whose sheets qualifies is unusable.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import mmap
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from contract.datasets import DATASETS, EXTENSIONS, Dataset, normalise_header


class UnusableInput(Exception):
    """The input cannot be built at all (exit 2): a required file or column
    missing, an unreadable file. The message names the file and what is wrong."""


@dataclass
class FileRead:
    path: Path
    label: str
    sha256: str
    rows: int = 0
    blank_rows: int = 0
    encoding: str = ""
    notices: list[str] = field(default_factory=list)


@dataclass
class Extracted:
    frame: pl.DataFrame | None  # all String + _file, _row; None once staging has taken it
    rejects: pl.DataFrame  # rows that could not even be split into fields
    files: list[FileRead]


REJECT_SCHEMA = {
    "_file": pl.String,
    "_row": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "reason": pl.String,
    "raw": pl.String,
}


def frame_schema(ds: Dataset) -> dict:
    return {**{c: pl.String for c in ds.read_names}, "_file": pl.String, "_row": pl.Int64}


def find_files(raw_dir: Path) -> dict[str, list[Path]]:
    """Dataset name -> its files (by prefix, case-blind), sorted by name."""
    if not raw_dir.is_dir():
        raise UnusableInput(f"raw data folder {str(raw_dir)!r} does not exist")
    found: dict[str, list[Path]] = {name: [] for name in DATASETS}
    for p in sorted(raw_dir.iterdir()):
        low = p.name.lower()
        if not p.is_file() or low.startswith(("~$", ".")) or not low.endswith(EXTENSIONS):
            continue
        for name in DATASETS:
            if low.startswith(name):
                found[name].append(p)
                break
    return found


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class InputChanged(UnusableInput):
    """A raw file changed while the build was reading it: run the build again once it is complete."""


@dataclass(frozen=True)
class Snapshot:
    """A raw file as the build found it: its hash, and the identity, size and times it had before hashing."""

    sha256: str
    stat: tuple[int, int, int, int, int]  # device, inode, size, mtime_ns, ctime_ns


def _stat(path: Path) -> tuple[int, int, int, int, int]:
    st = path.stat()
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def snapshot(paths: list[Path]) -> dict[Path, Snapshot]:
    """Stat, then hash, each file before anything reads it. Any write after the stat moves the change
    time (the kernel sets it on every write, and no tool can set it back), so `changed` will see it."""
    out: dict[Path, Snapshot] = {}
    for p in paths:
        try:
            before = _stat(p)
            out[p] = Snapshot(sha256(p), before)
        except OSError as e:
            raise UnusableInput(f"{p.name}: cannot read the file: {e.strerror or e}") from e
    return out


def changed(snapshots: dict[Path, Snapshot]) -> list[str]:
    """The files that are no longer as `snapshot` found them, each with what changed."""
    out = []
    for p, was in snapshots.items():
        try:
            now = _stat(p)
        except OSError:
            out.append(f"{p.name} (removed)")
            continue
        if now[:2] != was.stat[:2]:
            out.append(f"{p.name} (replaced by another file)")
        elif now[2] != was.stat[2]:
            out.append(f"{p.name} (size {was.stat[2]:,} -> {now[2]:,} bytes)")
        elif now != was.stat:
            out.append(f"{p.name} (written to)")
    return out


def decode_csv_bytes(data: bytes, label: str) -> tuple[str, str]:
    """-> (text, encoding name). Refuses bytes that are neither UTF-8 (or UTF-16 with its mark) nor cp874."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise UnusableInput(f"{label}: starts with a UTF-8 byte-order mark but byte {e.start} is not UTF-8") from e
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode" text
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise UnusableInput(
                f"{label}: starts with a UTF-16 byte-order mark but byte {e.start} is not UTF-16"
            ) from e
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp874"), "cp874"
        except UnicodeDecodeError as e:
            raise UnusableInput(
                f"{label}: cannot read the text: not UTF-8 (byte {utf8_error.start}) and not Thai Windows "
                f"cp874/TIS-620 (byte {e.start}: {data[e.start : e.start + 1]!r}); save it as UTF-8 CSV"
            ) from e


def _map_headers(headers: list[str], ds: Dataset, label: str, notices: list[str]) -> list[str | None]:
    """Header cells -> canonical names (None = ignored column). Raises on missing/duplicate."""
    hmap = ds.header_map()
    out: list[str | None] = []
    seen: dict[str, str] = {}
    for h in headers:
        canon = hmap.get(normalise_header(h or ""))
        if canon is None:
            if (h or "").strip():
                notices.append(f"{label}: column {h!r} is not part of {ds.name!r}; ignored")
            out.append(None)
            continue
        if canon in seen:
            raise UnusableInput(f"{label}: columns {seen[canon]!r} and {h!r} both mean {canon!r}; keep one of them")
        seen[canon] = h
        out.append(canon)
    missing = [c for c in ds.required if c not in seen]
    if missing:
        shown = ", ".join(repr(h) for h in headers if h is not None) or "none"
        raise UnusableInput(
            f"{label}: missing required column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(m) for m in missing)} for dataset {ds.name!r} (found: {shown})"
        )
    return out


def _conform(df: pl.DataFrame, mapping: list[str | None], ds: Dataset, label: str, first_row: int) -> pl.DataFrame:
    """Rename to canonical names, drop ignored columns, add absent ones, add _file/_row."""
    cols = df.columns
    keep = {cols[i]: canon for i, canon in enumerate(mapping) if canon is not None and i < len(cols)}
    df = df.select([pl.col(src).cast(pl.String).alias(dst) for src, dst in keep.items()])
    df = df.with_columns([pl.lit(None, pl.String).alias(c) for c in ds.read_names if c not in df.columns])
    df = df.with_row_index("_row", offset=first_row).with_columns(
        pl.col("_row").cast(pl.Int64), pl.lit(label).alias("_file")
    )
    return df.select([*ds.read_names, "_file", "_row"])


def _blank(column: str) -> pl.Expr:
    return pl.col(column).is_null() | ~pl.col(column).str.contains(r"\S")


def _drop_blank(df: pl.DataFrame, ds: Dataset) -> tuple[pl.DataFrame, int]:
    """Drop and count blank rows: every field empty or only spaces, however the file was read.

    Only a row whose first column is blank can be blank, so the other columns are tested on those few."""
    maybe = df.select(_blank(ds.read_names[0])).to_series()
    if not maybe.any():
        return df, 0
    at = maybe.arg_true()
    blank = df[at].select(pl.all_horizontal([_blank(c) for c in ds.read_names[1:]])).to_series()
    if not blank.any():
        return df, 0
    drop = pl.repeat(False, df.height, eager=True).scatter(at.filter(blank), True)
    return df.filter(~drop), int(blank.sum())


def _read_csv_text(text: str, ds: Dataset, label: str, notices: list[str]):
    """The slow, forgiving path: Python's csv module, one record at a time,
    so a record with too many or too few fields becomes a reject, not a crash."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        header = []
    except csv.Error as e:
        raise UnusableInput(f"{label}: cannot read the header row: {e}") from e
    mapping = _map_headers(header, ds, label, notices)
    rows: list[list[str] | list[None] | None] = []
    rejects: list[tuple[str, int, str, str | None, str, str | None]] = []
    n = len(header)
    row_no = 1
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            row_no += 1
            rejects.append((label, row_no, "(row)", None, f"cannot split the row into fields: {e}", None))
            continue
        row_no += 1
        if len(rec) != n and all(not c.strip() for c in rec):  # an empty line, or one of spaces
            rows.append([None] * n)
            continue
        if len(rec) != n:
            # The fields cannot be matched to columns: the raw row is the JSON array of them.
            text, raw = ",".join(rec), json.dumps(rec, ensure_ascii=False)
            rejects.append((label, row_no, "(row)", text[:200], f"has {len(rec)} fields but the header has {n}", raw))
            rows.append(None)
            continue
        rows.append(rec)
    # Keep positional row numbers: build the frame with placeholders for rejects.
    data = {f"c{i}": [r[i] if r else None for r in rows] for i in range(n)}
    df = pl.DataFrame(data, schema={f"c{i}": pl.String for i in range(n)})
    out = _conform(df, mapping, ds, label, first_row=2)
    out = out.filter(pl.Series([r is not None for r in rows], dtype=pl.Boolean))
    rej = pl.DataFrame(rejects, schema=REJECT_SCHEMA, orient="row")
    return out, rej


_QUOTED = re.compile(rb'"[^"]*"')
_EMPTY_LINE = re.compile(rb"\n(?=\r?\n)")  # a line end followed by an empty line


def plain_records(path: Path) -> bool:
    """Whether every line of a CSV file ends in LF or CRLF and every line that is not empty has as
    many fields as the header. Counts commas and line ends outside quoted fields at the speed of a
    byte search (the file is mapped; one copy of it, less its quoted fields, is held meanwhile)."""
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        rest = _QUOTED.sub(b"q", mm)  # each quoted field -> one plain byte; separators stay
    if rest.count(b"\r") != rest.count(b"\r\n"):
        return False
    end = rest.find(b"\n")
    fields = (rest[:end] if end >= 0 else rest).count(b",") + 1
    lines = rest.count(b"\n") + (not rest.endswith(b"\n"))
    empty = sum(1 for _ in _EMPTY_LINE.finditer(rest))
    return rest.count(b",") == (fields - 1) * (lines - empty)


def _read_right(df: pl.DataFrame, path: Path) -> bool:
    """Whether Polars read the file as the careful reader would.

    Polars ends records only at LF, so a file with CR line ends (old Mac Excel) reads as one long
    header; and it pads a record with too few fields with nulls, so a cut-off last line would load
    as if its last columns were blank, where the careful reader rejects it. A record with too many
    fields makes Polars fail, so only a file whose last column has a null needs its lines counted.
    """
    if any("\r" in c for c in df.columns):
        return False
    if df.width == 0 or df.get_column(df.columns[-1]).null_count() == 0:
        return True
    return plain_records(path)


def read_csv(path: Path, ds: Dataset, fr: FileRead) -> tuple[pl.DataFrame, pl.DataFrame]:
    label = fr.label
    with path.open("rb") as f:
        head = f.read(4)
    if not head.strip() and not path.read_bytes().strip():
        fr.notices.append(f"{label}: empty file (no header, no rows)")
        return pl.DataFrame(schema=frame_schema(ds)), pl.DataFrame(schema=REJECT_SCHEMA)
    # Fast path: a well-formed UTF-8 file goes straight into Polars.
    try:
        df = pl.read_csv(
            path,
            infer_schema=False,
            encoding="utf8",
            has_header=True,
            quote_char='"',
            raise_if_empty=False,
        )
        if _read_right(df, path):
            fr.encoding = "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"
            mapping = _map_headers(df.columns, ds, label, fr.notices)
            return _conform(df, mapping, ds, label, first_row=2), pl.DataFrame(schema=REJECT_SCHEMA)
    except UnusableInput:
        raise
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, pl.exceptions.ShapeError, pl.exceptions.SchemaError):
        pass  # another encoding, or broken quoting: take the careful path
    text, fr.encoding = decode_csv_bytes(path.read_bytes(), label)
    return _read_csv_text(text, ds, label, fr.notices)


def read_xlsx(path: Path, ds: Dataset, fr: FileRead) -> list[tuple[str, pl.DataFrame]]:
    import fastexcel

    try:
        book = fastexcel.read_excel(str(path))
    except Exception as e:  # fastexcel raises its own error types for broken files
        raise UnusableInput(f"{path.name}: cannot open the workbook: {e}") from e
    frames: list[tuple[str, pl.DataFrame]] = []
    problems: list[str] = []
    for name in book.sheet_names:
        label = f"{path.name}:{name}"
        try:
            sheet = book.load_sheet(name, dtypes="string")
        except Exception as e:
            problems.append(f"{label}: cannot read the sheet: {e}")
            continue
        df = sheet.to_polars()
        if df.width == 0:
            fr.notices.append(f"{label}: empty sheet; skipped")
            continue
        notices: list[str] = []
        try:
            mapping = _map_headers(df.columns, ds, label, notices)
        except UnusableInput as e:
            problems.append(str(e))
            continue
        fr.notices.extend(notices)
        frames.append((label, _conform(df, mapping, ds, label, first_row=2)))
    if not frames:
        raise UnusableInput("; ".join(problems) or f"{path.name}: the workbook has no sheet of {ds.name!r}")
    for p in problems:
        fr.notices.append(f"{p}; sheet skipped")
    return frames


def read_parquet(path: Path, ds: Dataset, fr: FileRead) -> pl.DataFrame:
    try:
        df = pl.read_parquet(path)
    except Exception as e:
        raise UnusableInput(f"{path.name}: cannot read the Parquet file: {e}") from e
    df = df.with_columns([pl.col(c).dt.strftime("%Y-%m-%d") for c, t in df.schema.items() if t == pl.Date])
    mapping = _map_headers(df.columns, ds, fr.label, fr.notices)
    return _conform(df, mapping, ds, fr.label, first_row=1)


def _read_one(path: Path, ds: Dataset, digest: str | None) -> list[tuple[FileRead, pl.DataFrame, pl.DataFrame]]:
    """One file -> (what was read, rows, early rejects) per part (a workbook: per sheet)."""
    fr = FileRead(path=path, label=path.name, sha256=digest or sha256(path))
    empty = pl.DataFrame(schema=REJECT_SCHEMA)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            df, rej = read_csv(path, ds, fr)
            return [(fr, df, rej)]
        if suffix == ".parquet":
            fr.encoding = "parquet"
            return [(fr, read_parquet(path, ds, fr), empty)]
        parts = []
        for label, df in read_xlsx(path, ds, fr):
            sheet = FileRead(path=path, label=label, sha256=fr.sha256, encoding="xlsx")
            parts.append((sheet, df, empty))
        parts[0][0].notices = fr.notices  # workbook-level notices go with its first sheet
        return parts
    except OSError as e:
        raise UnusableInput(f"{path.name}: cannot read the file: {e.strerror or e}") from e


def extract(ds: Dataset, paths: list[Path], snapshots: dict[Path, Snapshot] | None = None) -> Extracted:
    """Read every file of a dataset into one all-text frame (with the hashes of `snapshots` when given)."""
    frames: list[pl.DataFrame] = []
    rejects: list[pl.DataFrame] = []
    files: list[FileRead] = []
    for path in paths:
        digest = snapshots[path].sha256 if snapshots else None
        for fr, df, rej in _read_one(path, ds, digest):
            df, fr.blank_rows = _drop_blank(df, ds)
            fr.rows = df.height + rej.height
            frames.append(df)
            rejects.append(rej)
            files.append(fr)
    frame = pl.concat(frames, how="vertical") if frames else pl.DataFrame(schema=frame_schema(ds))
    rej = pl.concat(rejects, how="vertical") if rejects else pl.DataFrame(schema=REJECT_SCHEMA)
    return Extracted(frame=frame, rejects=rej, files=files)
