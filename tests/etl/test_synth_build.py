"""Synthetic files of the whole contract build: each deliberately bad row is rejected, nothing else."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from contract.datasets import ENUMS
from etl.build import build
from synth import DUPLICATE_NOTE, REJECT_ID, REJECT_NOTE, RESTATED_NOTE, write_synthetic
from tests.conftest import query


@pytest.fixture(scope="module")
def synth_build(tmp_path_factory) -> tuple[Path, Path]:
    raw = tmp_path_factory.mktemp("synth")
    write_synthetic(raw, rows=20_000, seed=7)
    w = raw / "w.duckdb"
    build(raw, w, say=lambda m: None)
    return raw, w


def _marked(raw: Path, dataset: str, note: str, id_mark: str | None = None) -> set[tuple[str, int]]:
    """(file, row) of the rows whose notes hold `note` (or whose id holds `id_mark`)."""
    out = set()
    for p in sorted(raw.glob(f"{dataset}*.csv")):
        enc = "cp874" if p.name.endswith("_th.csv") else "utf-8-sig"
        text = p.read_bytes().decode(enc)
        df = pl.read_csv(text.encode(), infer_schema=False)
        notes_col = next(c for c in df.columns if c in ("notes", "หมายเหตุ"))
        hit = pl.col(notes_col).fill_null("").str.contains(note, literal=True)
        if id_mark:
            hit |= pl.col(df.columns[0]).str.contains(id_mark, literal=True)
        hits = df.with_row_index("_row", offset=2).filter(hit)
        out |= {(p.name, r) for r in hits["_row"].to_list()}
    return out


@pytest.mark.parametrize("dataset", ["agreements", "delegations", "investments", "stated_totals"])
def test_exactly_the_bad_rows_are_rejected(synth_build, dataset: str):
    raw, w = synth_build
    id_mark = REJECT_ID.format(id="", kind="")  # "-rejected-": a bad row whose notes must stay blank
    expected = _marked(raw, dataset, REJECT_NOTE.split("}")[1], id_mark)  # "(must be rejected)"
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


def test_other_stage_without_a_note_is_rejected_for_its_note(synth_build):
    _, w = synth_build
    got = query(
        w,
        "SELECT DISTINCT \"column\", value FROM etl_reject WHERE dataset = 'investments' AND raw_row LIKE '%-rejected-other%'",
    )
    assert got == [("notes", "other")]


def test_a_scope_is_stated_once_but_for_deliberate_repeats(synth_build):
    _, w = synth_build
    scope = "stage, year, month_from, month_to, partner_id, sector_code, province_code"
    repeats = query(
        w,
        f"""SELECT record_id, notes, first_value(record_id) OVER s, value = first_value(value) OVER s,
                   projects IS NOT DISTINCT FROM first_value(projects) OVER s
            FROM fact_investment WINDOW s AS (PARTITION BY {scope} ORDER BY record_id)
            QUALIFY row_number() OVER s > 1""",
    )
    [(rows,)] = query(w, "SELECT count(*) FROM fact_investment")
    assert 0.0005 * rows < len(repeats) < 0.005 * rows
    for record_id, notes, first, same_value, same_count in repeats:
        assert same_count and same_value is not False, record_id  # the same figure, stated again
        assert notes == RESTATED_NOTE.format(id=first) or notes.startswith("[synthetic]"), (record_id, notes)


def test_delegation_status_follows_the_dates(synth_build):
    _, w = synth_build
    shares = dict(
        query(w, "SELECT coalesce(status, '-'), count(*) / sum(count(*)) OVER () FROM fact_delegation GROUP BY 1")
    )
    assert shares["held"] > 0.6 and 0.02 < shares["planned"] < 0.2 and 0 < shares["cancelled"] < 0.08
    assert 0.05 < shares["-"] < 0.25
    last = query(w, "SELECT max(year) FROM fact_investment")[0][0]
    assert query(w, "SELECT count(*) FROM fact_delegation WHERE status = 'held' AND start_year > $y", {"y": last}) == [
        (0,)
    ]
    [(planned_recent, planned)] = query(
        w,
        "SELECT count(*) FILTER (start_year >= $y), count(*) FROM fact_delegation WHERE status = 'planned'",
        {"y": last},
    )
    assert planned_recent > planned / 2
    assert query(w, "SELECT count(*) FROM fact_delegation WHERE start_year > $y", {"y": last})[0][0] > 0


def test_investment_measures_at_scale(synth_build):
    _, w = synth_build
    n = query(w, "SELECT count(*) FROM fact_investment")[0][0]
    stages = dict(query(w, "SELECT stage, count(*) / $n FROM fact_investment GROUP BY 1", {"n": n}))
    assert set(stages) == set(ENUMS["stage"]) and 0 < stages["other"] < 0.01
    units = dict(query(w, "SELECT count_unit, count(*) FROM fact_investment WHERE stage = 'fba_permit' GROUP BY 1"))
    assert set(units) == {"permits", "investors"}
    for column in ("value_qualifier", "projects_qualifier"):
        share = dict(query(w, f"SELECT {column}, count(*) / $n FROM fact_investment GROUP BY 1", {"n": n}))
        assert share["exact"] > 0.9 and 0.01 < share["approx"] < 0.05 and 0.005 < share["at_least"] < 0.04, column
    named = query(w, "SELECT avg((coverage = 'named_only')::INT) FROM fact_investment")[0][0]
    assert 0.003 < named < 0.03
    grains = dict(
        query(
            w,
            """SELECT CASE WHEN sector_code IS NULL AND province_code IS NULL THEN 'totals'
                           WHEN province_code IS NULL THEN 'sector' WHEN sector_code IS NULL THEN 'province'
                           ELSE 'both' END, count(*) / $n FROM fact_investment GROUP BY 1""",
            {"n": n},
        )
    )
    assert all(share > 0.05 for share in grains.values()) and len(grains) == 4
