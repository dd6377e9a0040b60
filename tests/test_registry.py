"""The registry of datasets (contract/datasets.py) is what both halves read: each declaration names things that
exist, in the warehouse the ETL builds and in the dashboard that shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract.datasets import BUILD_ORDER, DATASETS, ENTRY_SHOWN, ENUMS, REGISTERED, Column, Dataset, Shown
from dashboard import drill
from dashboard.i18n.strings import STRINGS
from tests.conftest import ROOT, query


def test_every_dataset_names_its_table_and_its_staging_module():
    for name, d in DATASETS.items():
        assert d.table, f"{name}: no table"
        assert (ROOT / "etl" / "staging" / f"{d.staging}.py").exists(), f"{name}: no etl/staging/{d.staging}.py"
    assert len({d.table for d in DATASETS.values()}) == len(DATASETS), "two datasets load into one table"
    assert tuple(DATASETS) == BUILD_ORDER
    first_fact = next(i for i, n in enumerate(BUILD_ORDER) if not DATASETS[n].reference)
    assert all(DATASETS[n].reference for n in BUILD_ORDER[:first_fact]), "a reference dataset after a fact"
    assert all(not DATASETS[n].reference for n in BUILD_ORDER[first_fact:]), "a reference dataset after a fact"


def test_every_vocabulary_a_column_takes_is_declared():
    for name, d in DATASETS.items():
        for c in d.columns:
            assert c.kind in ("text", "date", "number", "list"), f"{name}.{c.name}: kind {c.kind!r}"
            assert c.vocabulary is None or c.vocabulary in ENUMS, f"{name}.{c.name}: vocabulary {c.vocabulary!r}"


def test_every_shown_column_has_a_kind_the_dashboard_reads_and_a_header_in_both_languages():
    for name, d in DATASETS.items():
        for s in d.shown:
            kind, _, arg = s.kind.partition(":")
            assert kind in drill.KINDS, f"{name}.{s.column}: no kind {kind!r} in dashboard/drill.py KINDS"
            if kind == "enum":
                assert arg in ENUMS, f"{name}.{s.column}: enum:{arg} names no vocabulary"
            if kind == "date":
                assert arg, f"{name}.{s.column}: date needs the stem of its columns (date:signed)"
            for lang in ("en", "th"):
                assert STRINGS[lang].get(s.header), f"{name}.{s.column}: no {lang} string {s.header!r}"
        assert set(d.panel_first) <= {s.column for s in d.shown}, f"{name}: panel_first names a column not shown"
        if d.shown:
            assert d.view, f"{name}: records shown on pages need a friendly view"


def test_the_maps_both_halves_used_to_keep_apart_are_read_from_the_registry():
    from dashboard.app import COUNTS
    from dashboard.export.data import IDS
    from dashboard.steward.contract import ID_PREFIX, KEYS
    from dashboard.views import DATASETS as PAGE_DATASETS
    from etl.staging import MODULES

    shown = tuple(n for n, d in DATASETS.items() if d.shown)
    assert PAGE_DATASETS == shown == tuple(drill.COLUMNS) == tuple(IDS)
    assert {n: IDS[n] for n in shown} == {n: DATASETS[n].key[0] for n in shown}
    assert {k: v for k, v in COUNTS.items() if k != "rejects"} == {n: d.table for n, d in DATASETS.items() if d.counted}
    assert set(MODULES) == set(DATASETS)
    assert all(MODULES[n].__name__ == f"etl.staging.{d.staging}" for n, d in DATASETS.items())
    assert set(KEYS) == {n for n, d in DATASETS.items() if d.provenance}
    assert all(ID_PREFIX[n] == DATASETS[n].id_prefix and ID_PREFIX[n] for n, d in DATASETS.items() if d.extracted)
    assert set(REGISTERED) == {n for n, d in DATASETS.items() if d.registered}
    assert [s.column for s in ENTRY_SHOWN] == [c.name for c in DATASETS["agreements"].provenance]


def test_in_a_built_warehouse_every_declared_table_view_and_renamed_column_exists(shipped_warehouse: Path):
    tables = {r[0] for r in query(shipped_warehouse, "SELECT table_name FROM duckdb_tables()")}
    views = {r[0] for r in query(shipped_warehouse, "SELECT view_name FROM duckdb_views() WHERE NOT internal")}
    for name, d in DATASETS.items():
        assert d.table in tables, f"{name}: no table {d.table}"
        if d.view:
            assert d.view in views | tables, f"{name}: no view or summary table {d.view}"
        columns = {r[0] for r in query(shipped_warehouse, f"SELECT name FROM pragma_table_info('{d.table}')")}
        for raw, renamed in d.renames.items():
            assert renamed in columns and raw not in columns, f"{name}: {raw} -> {renamed}"
        if d.lineage:
            assert {"source_file", "source_row"} <= columns, f"{name}: a fact keeps file and row"
        else:
            assert "source_row" not in columns, name


@pytest.mark.parametrize("name", [n for n, d in DATASETS.items() if d.shown])
def test_the_records_query_gives_every_column_its_kinds_read(name, shipped_warehouse: Path):
    """Each kind reads known columns of the records query (a date its stem's four, a partner its names...)."""
    from dashboard.db import Warehouse
    from dashboard.filters import Filters

    w = Warehouse(str(shipped_warehouse))
    try:
        frame = w.query_file(f"{name}_records", drill.params(Filters(), {}, 5))
    finally:
        w.close()
    assert frame.height, f"{name}: the shipped data hold records"
    needs = {
        "date": lambda key, arg: {f"{arg}_year", f"{arg}_month", f"{arg}_date", f"{arg}_precision"},
        "partner": lambda key, arg: {"partner_en", "partner_th", "partner_id"},
        "thai_party": lambda key, arg: {"thai_party", "thai_party_th"},
        "title": lambda key, arg: {"title_en", "title_th"},
        "sector": lambda key, arg: {"sector_en", "sector_th"},
        "province": lambda key, arg: {"province_en", "province_th"},
        "year": lambda key, arg: {"year"},
        "period": lambda key, arg: {"period"},
    }
    for s in DATASETS[name].shown:
        kind, _, arg = s.kind.partition(":")
        wanted = needs.get(kind, lambda key, arg: {key})(s.column, arg)
        assert wanted <= set(frame.columns), f"{name}.{s.column} ({s.kind}): missing {wanted - set(frame.columns)}"


def test_a_declaration_is_all_a_new_dataset_needs_in_the_contract():
    """The README's example: a declaration with its table and staging module is a whole Dataset."""
    d = Dataset(
        "visits",
        key=("visit_id",),
        columns=(Column("visit_id", True), Column("visit_date", True, kind="date")),
        table="fact_visit",
        staging="visits",
        view="visits",
        shown=(Shown("date", "col.date", "date:visit"),),
    )
    assert d.lineage and d.record_id == "visit_id" and d.required == ["visit_id", "visit_date"]
    assert d.header_map()["visit date"] == "visit_date"
