"""Synthetic files of the whole contract build: each deliberately bad row is rejected, nothing else."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from etl.build import build
from etl.synth import DUPLICATE_NOTE, REJECT_NOTE, write_synthetic
from tests.conftest import query


@pytest.fixture(scope="module")
def synth_build(tmp_path_factory) -> tuple[Path, Path]:
    raw = tmp_path_factory.mktemp("synth")
    write_synthetic(raw, rows=20_000, seed=7)
    w = raw / "w.duckdb"
    build(raw, w, say=lambda m: None)
    return raw, w


def _marked(raw: Path, dataset: str, note: str) -> set[tuple[str, int]]:
    out = set()
    for p in sorted(raw.glob(f"{dataset}*.csv")):
        enc = "cp874" if p.name.endswith("_th.csv") else "utf-8-sig"
        text = p.read_bytes().decode(enc)
        df = pl.read_csv(text.encode(), infer_schema=False)
        notes_col = next(c for c in df.columns if c in ("notes", "หมายเหตุ"))
        hits = df.with_row_index("_row", offset=2).filter(
            pl.col(notes_col).fill_null("").str.contains(note, literal=True)
        )
        out |= {(p.name, r) for r in hits["_row"].to_list()}
    return out


@pytest.mark.parametrize("dataset", ["agreements", "delegations", "investments"])
def test_exactly_the_bad_rows_are_rejected(synth_build, dataset: str):
    raw, w = synth_build
    expected = _marked(raw, dataset, REJECT_NOTE.split("}")[1])  # "(must be rejected)"
    got = set(query(w, 'SELECT file, "row" FROM etl_reject WHERE dataset = $d', {"d": dataset}))
    assert expected, "the generator wrote no bad rows"
    assert got == expected


@pytest.mark.parametrize("dataset", ["agreements", "delegations", "investments"])
def test_exact_duplicates_are_loaded_once(synth_build, dataset: str):
    raw, w = synth_build
    marked = _marked(raw, dataset, DUPLICATE_NOTE)
    [(dups,)] = query(w, "SELECT sum(rows_duplicate) FROM etl_load WHERE dataset = $d", {"d": dataset})
    assert marked and dups == len(marked) // 2


def test_reconciliation_and_synthetic_flag(synth_build):
    _, w = synth_build
    assert query(
        w, "SELECT count(*) FROM etl_load WHERE rows_read <> rows_loaded + rows_duplicate + rows_rejected"
    ) == [(0,)]
    assert query(w, "SELECT value FROM meta WHERE key = 'synthetic'") == [("true",)]
    assert query(w, "SELECT sum(rows_read) FROM etl_load WHERE dataset = 'investments'") == [(20_000,)]
    assert query(w, "SELECT bool_and(is_synthetic) FROM fact_investment") == [(True,)]
