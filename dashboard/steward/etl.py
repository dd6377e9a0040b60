"""The ETL run as a program (`sys.executable -m etl ...`), never imported: the extractor, a dry-run build
into a temporary file compared with the warehouse being served, and the real build, which swaps the
warehouse in as the command line does. Nothing else here writes a warehouse.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]  # the folder holding dashboard/ and etl/
EXTRACT_TIMEOUT_S = 120
BUILD_TIMEOUT_S = 600
# Fact tables and their ids, compared between the served warehouse and a dry run.
FACTS = {
    "agreements": ("fact_agreement", "agreement_id"),
    "delegations": ("fact_delegation", "delegation_id"),
    "investments": ("fact_investment", "record_id"),
    "stated_totals": ("stated_total", "total_id"),
    "notes": ("source_note", "note_id"),
    "partners": ("dim_partner", "partner_id"),
}
# Where a row came from, not what it says: a row moved within its file is not a change.
NOT_CONTENT = ("source_row",)
SHOWN = 200  # rows of each kind a dry run lists (the counts are whole)


class EtlError(Exception):
    """The ETL could not do what was asked; the message says why, for the steward."""


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def _run(args: list[str], timeout_s: float) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(args, cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        raise EtlError(f"the ETL did not finish within {timeout_s:.0f} s") from None
    except OSError as e:
        raise EtlError(f"the ETL could not be started ({e.strerror or e})") from None


def run_python(script: str, timeout_s: float = 60) -> str:
    """A short script run by this Python with the ETL on its path -> its standard output."""
    done = _run([sys.executable, "-c", script], timeout_s)
    if done.returncode != 0:
        raise EtlError(f"the ETL could not be asked: {_last_line(done.stderr)}")
    return done.stdout


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    return lines[-1][:500] if lines else "no message"


def extract(path: Path, published: str | None, url: str | None) -> dict:
    """`python -m etl extract FILE [--published D] [--url U]` -> the document it prints."""
    args = [sys.executable, "-m", "etl", "extract", str(path)]
    if published:
        args += ["--published", published]
    if url:
        args += ["--url", url]
    done = _run(args, EXTRACT_TIMEOUT_S)
    if done.returncode != 0:
        raise EtlError(f"the extractor failed: {_last_line(done.stderr)}")
    try:
        doc = json.loads(done.stdout)
    except ValueError:
        raise EtlError("the extractor's answer is not JSON") from None
    if isinstance(doc, dict) and isinstance(doc.get("documents"), list) and doc["documents"]:
        doc = doc["documents"][0]
    if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
        raise EtlError("the extractor's answer has no text")
    return doc


@dataclass
class BuildResult:
    code: int
    lines: list[str]  # what the build printed (progress, reconciliation, first rejects)
    error: str = ""


def build(raw_dir: str | Path, warehouse: str | Path) -> BuildResult:
    """`python -m etl build --raw RAW --warehouse W`: 0 built (rejects or not); 1 a check failed; 2 unusable
    input; 3 could not write. The old file is kept on any failure (the ETL's own promise)."""
    args = [sys.executable, "-m", "etl", "build", "--raw", str(Path(raw_dir).resolve()),
            "--warehouse", str(Path(warehouse).resolve()), "--rejects", "20"]  # fmt: skip
    done = _run(args, BUILD_TIMEOUT_S)
    lines = done.stdout.splitlines()
    error = ""
    if done.returncode != 0:
        errors = [ln for ln in done.stderr.splitlines() if ln.startswith("error:")]
        error = errors[0][len("error:") :].strip() if errors else _last_line(done.stderr)
    return BuildResult(done.returncode, lines, error)


@dataclass
class Diff:
    """What a build would change in the warehouse being served."""

    added: list[dict] = field(default_factory=list)  # dataset, id, summary
    changed: list[dict] = field(default_factory=list)  # dataset, id, columns
    removed: list[dict] = field(default_factory=list)  # dataset, id, summary
    rejected: list[dict] = field(default_factory=list)  # dataset, file, row, column, value, reason
    counts: dict = field(default_factory=dict)  # added/changed/removed/rejected -> whole counts

    def empty(self) -> bool:
        return not any(self.counts.values())


def _columns(con, schema: str, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = $c AND table_name = $t "
        "ORDER BY ordinal_position",
        {"c": schema, "t": table},
    ).fetchall()
    return [r[0] for r in rows]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def compare(current: str | Path, dry: str | Path) -> Diff:
    """The dry-run warehouse beside the current one: records added, changed (which columns), removed, and the
    rejects the current load does not have. A missing or unreadable current warehouse: every record is new."""
    diff = Diff()
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH {_literal(str(dry))} AS dry (READ_ONLY)")
        has_current = Path(current).exists()
        if has_current:
            try:
                con.execute(f"ATTACH {_literal(str(current))} AS cur (READ_ONLY)")
            except duckdb.Error:
                has_current = False
        for dataset, (table, key) in FACTS.items():
            new_cols = _columns(con, "dry", table)
            if not new_cols:
                continue
            old_cols = _columns(con, "cur", table) if has_current else []
            summary = _summary_sql(new_cols)
            if not old_cols:
                rows = con.execute(f"SELECT {_q(key)}, {summary} FROM dry.{table} ORDER BY 1").fetchall()
                diff.added += [{"dataset": dataset, "id": r[0], "summary": r[1]} for r in rows]
                continue
            same = [c for c in new_cols if c in old_cols and c not in NOT_CONTENT]
            added = con.execute(
                f"SELECT {_q(key)}, {summary} FROM dry.{table} WHERE {_q(key)} NOT IN (SELECT {_q(key)} FROM cur.{table}) ORDER BY 1"
            ).fetchall()
            removed = con.execute(
                f"SELECT {_q(key)}, {_summary_sql(old_cols)} FROM cur.{table} WHERE {_q(key)} NOT IN (SELECT {_q(key)} FROM dry.{table}) ORDER BY 1"
            ).fetchall()
            differs = " OR ".join(f"n.{_q(c)} IS DISTINCT FROM o.{_q(c)}" for c in same if c != key) or "false"
            which = ", ".join(
                f"CASE WHEN n.{_q(c)} IS DISTINCT FROM o.{_q(c)} THEN {_literal(c)} END" for c in same if c != key
            )
            changed = con.execute(
                f"SELECT n.{_q(key)}, list_filter([{which}], lambda x: x IS NOT NULL) FROM dry.{table} n "
                f"JOIN cur.{table} o USING ({_q(key)}) WHERE {differs} ORDER BY 1"
            ).fetchall()
            diff.added += [{"dataset": dataset, "id": r[0], "summary": r[1]} for r in added]
            diff.removed += [{"dataset": dataset, "id": r[0], "summary": r[1]} for r in removed]
            diff.changed += [{"dataset": dataset, "id": r[0], "columns": ", ".join(r[1])} for r in changed]
        reject_cols = 'd.dataset, d.file, d."row", d."column", d.value, d.reason'
        known = (
            " AND NOT EXISTS (SELECT 1 FROM cur.etl_reject c WHERE c.dataset = d.dataset AND c.file = d.file "
            'AND c."column" = d."column" AND c.value IS NOT DISTINCT FROM d.value AND c.reason = d.reason)'
            if has_current and _columns(con, "cur", "etl_reject")
            else ""
        )
        rejected = con.execute(
            f"SELECT {reject_cols} FROM dry.etl_reject d WHERE true{known} ORDER BY 1, 2, 3"
        ).fetchall()
        diff.rejected = [
            dict(zip(("dataset", "file", "row", "column", "value", "reason"), r, strict=True)) for r in rejected
        ]
    finally:
        con.close()
    diff.counts = {k: len(getattr(diff, k)) for k in ("added", "changed", "removed", "rejected")}
    for k in ("added", "changed", "removed", "rejected"):
        setattr(diff, k, getattr(diff, k)[:SHOWN])
    return diff


def _summary_sql(columns: list[str]) -> str:
    """A record's one-line summary in SQL: its date or year, partner and title or value, as stored."""
    parts = [c for c in ("name_en", "level", "parent_id", "signed_date", "start_date", "as_of_date", "year", "signed_year", "partner_id",
                         "agreement_type", "direction", "stage", "counts", "value", "title_en", "event", "text_en")
             if c in columns]  # fmt: skip
    if not parts:
        return "''"
    return "concat_ws(' · ', " + ", ".join(f"CAST({_q(c)} AS VARCHAR)" for c in parts) + ")"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def dry_run(raw_dir: str | Path, current: str | Path) -> tuple[BuildResult, Diff | None]:
    """Build the raw folder into a temporary warehouse and compare it with `current`; the temporary file is
    removed afterwards. -> (the build's result, the difference when it built)."""
    with tempfile.TemporaryDirectory(prefix="steward-dry-") as tmp:
        path = Path(tmp) / "dry.duckdb"
        result = build(raw_dir, path)
        if result.code != 0 or not path.exists():
            return result, None
        return result, compare(current, path)
