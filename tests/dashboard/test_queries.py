"""Every chart's query against a small built warehouse, numbers checked by hand from tests/data/mixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.db import QueryTimeout, Warehouse, WarehouseUnavailable
from dashboard.filters import Filters


@pytest.fixture(scope="module")
def w(mixed_warehouse: Path) -> Warehouse:
    return Warehouse(str(mixed_warehouse), timeout_s=5)


def rows(w, name, **filters):
    return w.query_file(name, Filters(**filters).params()).rows()


def test_agreements_by_year_and_type(w):
    assert rows(w, "agreements_by_year") == [
        (2017, "LOI", 1),
        (2017, "MOU", 1),
        (2018, "MOC", 1),
        (2020, "MOC", 1),
        (2022, "LOI", 1),
        (2022, "MOU", 2),
    ]


def test_a_prefecture_includes_its_cities(w):
    # jp-kanagawa: AGR-4 and AGR-X2 directly, AGR-1, AGR-3, AGR-X1 through jp-yokohama.
    assert sum(n for *_, n in rows(w, "agreements_by_year", partner=("jp-kanagawa",))) == 5


def test_a_sector_includes_its_sub_sectors(w):
    # MEDDEV is under MED: AGR-2 and AGR-X3.
    assert sum(n for *_, n in rows(w, "agreements_by_year", sector=("MED",))) == 2


def test_year_range(w):
    assert rows(w, "agreements_by_year", year_from=2018, year_to=2020) == [(2018, "MOC", 1), (2020, "MOC", 1)]


def test_fiscal_years_move_october_and_keep_year_only_records(w, tmp_path):
    from etl.build import build
    from tests.conftest import DATA

    raw = tmp_path / "raw"
    import shutil

    shutil.copytree(DATA / "basic", raw)
    (raw / "agreements.csv").write_text(
        "agreement_id,signed_date,agreement_type,thai_party,partner\n"
        "A1,30/09/2566,MOU,DIPROM,jp\nA2,1/10/2566,MOU,DIPROM,jp\nA3,2566,MOU,DIPROM,jp\n"
    )
    build(raw, tmp_path / "w.duckdb", say=lambda m: None)
    fw = Warehouse(str(tmp_path / "w.duckdb"))
    assert rows(fw, "agreements_by_year", period="fy") == [(2023, "MOU", 2), (2024, "MOU", 1)]
    assert rows(fw, "agreements_by_year", period="cy") == [(2023, "MOU", 3)]


def test_headline(w):
    h = w.query_file("headline", Filters().params()).row(0, named=True)
    assert h["agreements_signed"] == 7
    assert h["partners_with_agreements"] == 3
    assert (h["delegations_outbound"], h["delegations_inbound"]) == (3, 1)
    assert h["participants"] == 12 + 12 + 1200
    # Whole-year rows: application 1 (INV-1), approval 2 (INV-3, INV-4): the headline stage is approval.
    assert h["investment_stage"] == "approval"
    assert h["investment_value"] == pytest.approx(1000 * 0.2667 + 10 * 35.06)
    assert h["investment_projects"] == 3


def test_investment_by_year_keeps_part_years_apart_and_aggregates_out(w):
    got = {(y, s): (v, p, part) for y, s, v, p, part in rows(w, "investment_by_year")}
    assert got[(2019, "application")] == (pytest.approx(106374.1), 316, 1)  # INV-2 (Q1) apart; INV-B2 (all-foreign) out
    assert got[(2022, "approval")] == (pytest.approx(617.3), 3, 1)  # INV-B3 (01-09) apart
    assert got[(2022, "application")] == (None, None, 1)  # only H1 figures
    with_total = {(y, s): part for y, s, _, _, part in rows(w, "investment_by_year", partner=("all-foreign",))}
    assert with_total == {(2019, "application"): 1}


def test_eec_share(w):
    assert rows(w, "investment_eec") == [(2022, "approval", pytest.approx(266.7), pytest.approx(266.7), 100.0)]


def test_records_behind_a_mark(w):
    p = {**Filters().params(), "d_year": 2022, "d_type": "MOU"}
    assert sorted(r["agreement_id"] for r in w.query_file("agreements_records", p).iter_rows(named=True)) == [
        "AGR-1",
        "AGR-X1",
    ]
    p = {**Filters().params(), "d_direction": "inbound"}
    got = w.query_file("delegations_records", p)
    assert got["delegation_id"].to_list() == ["DEL-T2"]
    assert got["source_url"].to_list() == [None]
    p = {**Filters().params(), "d_year": 2022, "d_stage": "approval", "d_full_year": True}
    assert sorted(w.query_file("investments_records", p)["record_id"].to_list()) == ["INV-3", "INV-4"]


def test_prefecture_map_counts_cities_for_their_prefecture(w):
    # AGR-1, AGR-3, AGR-X1 (Yokohama) + AGR-4, AGR-X2 (Kanagawa); DEL-1, DEL-T3 (Yokohama).
    assert rows(w, "prefecture_map") == [("JP-14", 5, 2)]


def test_results_are_cached_per_version(w):
    a = w.query_file("agreements_by_year", Filters().params())
    assert w.query_file("agreements_by_year", Filters().params()) is a


def test_a_swapped_file_is_picked_up(tmp_path):
    from etl.build import build
    from tests.conftest import DATA

    path = tmp_path / "w.duckdb"
    build(DATA / "basic", path, say=lambda m: None)
    fw = Warehouse(str(path))
    assert fw.query("SELECT count(*) AS n FROM fact_agreement")["n"][0] == 4
    build(DATA / "mixed", path, say=lambda m: None)
    assert fw.query("SELECT count(*) AS n FROM fact_agreement")["n"][0] == 7


def test_timeout_interrupts(w):
    with pytest.raises(QueryTimeout, match="time limit"):
        w.query("SELECT count(*) FROM range(100000000000) a", timeout_s=0.5)


def test_missing_or_broken_file_is_a_clear_error(tmp_path):
    with pytest.raises(WarehouseUnavailable, match="does not exist"):
        _ = Warehouse(str(tmp_path / "none.duckdb")).meta
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"\0" * 4096)
    with pytest.raises(WarehouseUnavailable, match="cannot be read"):
        _ = Warehouse(str(bad)).meta
