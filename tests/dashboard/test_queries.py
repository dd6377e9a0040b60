"""Every chart's query against a small built warehouse, numbers checked by hand from tests/data/mixed."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from dashboard.db import QueryTimeout, Warehouse, WarehouseUnavailable
from dashboard.filters import Filters


@pytest.fixture(scope="module")
def w(mixed_warehouse: Path) -> Warehouse:
    return Warehouse(str(mixed_warehouse), timeout_s=5)


def rows(w, name, **filters):
    return w.query_file(name, Filters(**filters).params()).rows()


def counts(w, name, **filters):
    """(year, type, agreements) of agreements_by_year (each count also carries its sources)."""
    return [(y, kind, n) for y, kind, n, _ in rows(w, name, **filters)]


def test_agreements_by_year_and_type(w):
    assert counts(w, "agreements_by_year") == [
        (2017, "LOI", 1),
        (2017, "MOU", 1),
        (2018, "MOC", 1),
        (2020, "MOC", 1),
        (2022, "LOI", 1),
        (2022, "MOU", 2),
    ]


def test_a_prefecture_includes_its_cities(w):
    # jp-kanagawa: AGR-4 and AGR-X2 directly, AGR-1, AGR-3, AGR-X1 through jp-yokohama.
    assert sum(n for *_, n in counts(w, "agreements_by_year", partner=("jp-kanagawa",))) == 5


def test_a_sector_includes_its_sub_sectors(w):
    # MEDDEV is under MED: AGR-2 and AGR-X3.
    assert sum(n for *_, n in counts(w, "agreements_by_year", sector=("MED",))) == 2


def test_year_range(w):
    assert counts(w, "agreements_by_year", year_from=2018, year_to=2020) == [(2018, "MOC", 1), (2020, "MOC", 1)]


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
    assert counts(fw, "agreements_by_year", period="fy") == [(2023, "MOU", 2), (2024, "MOU", 1)]
    assert counts(fw, "agreements_by_year", period="cy") == [(2023, "MOU", 3)]


def test_headline(w):
    h = w.query_file("headline", Filters().params()).row(0, named=True)
    assert h["agreements_signed"] == 7
    assert h["partners_with_agreements"] == 3
    assert (h["agreements_status_recorded"], h["agreements_active"]) == (1, 1)  # AGR-1 alone records a status
    # These files record no delegation status: nothing counts as held, nothing is dropped.
    assert (h["outbound_held"], h["inbound_held"]) == (0, 0)
    assert (h["outbound_not_recorded"], h["inbound_not_recorded"]) == (3, 1)
    assert h["participants"] is None and h["participants_stated"] == 0


def series_marks(w, f: Filters):
    return w.query_file("investment_marks", f.params()).filter(pl.col("per") == "series").iter_rows(named=True)


def test_investment_marks_keep_part_years_apart_and_aggregates_out(w):
    got = {(r["year"], r["stage"], r["month_from"], r["month_to"]): (r["value_thb_million"], r["projects"])
           for r in series_marks(w, Filters())}  # fmt: skip
    assert got[(2019, "application", 1, 12)] == (pytest.approx(106374.1), 316)  # INV-B2 (all-foreign) out
    assert (2019, "application", 1, 3) not in got  # INV-2 is for AUTO in Rayong: a breakdown, not a total
    # INV-3 (EE, Rayong) is a breakdown; INV-4 (10 USD million) the whole-year total.
    assert got[(2022, "approval", 1, 12)] == (pytest.approx(10 * 35.06), None)
    with_total = {(r["series"], r["year"], r["month_to"]) for r in series_marks(w, Filters(partner=("all-foreign",)))}
    assert with_total == {("all-foreign", 2019, 3)}


def test_eec_share(w):
    from dashboard import views

    def share(f: Filters):
        frames, _ = views.load(w, [views.CHARTS["iv-eec"]], f)
        return views.CHARTS["iv-eec"].marks(frames, f).frame

    assert share(Filters(stage="approval")).height == 0  # no figure for all sectors is given by province
    got = share(Filters(sector=("EE",), stage="approval")).row(0, named=True)
    assert (got["x_key"], got["y"]) == (2022, 100.0)  # INV-3, Rayong


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
    p["d_per"] = "series"  # the figures a whole-year total adds up: not INV-3, a breakdown by sector and province
    assert w.query_file("investments_records", p)["record_id"].to_list() == ["INV-4"]


def test_prefecture_map_counts_cities_for_their_prefecture(w):
    # AGR-1, AGR-3, AGR-X1 (Yokohama) + AGR-4, AGR-X2 (Kanagawa); DEL-1, DEL-T3 (Yokohama).
    assert rows(w, "prefecture_map") == [("JP-14", 5, 2)]


def test_results_are_cached_per_version(w):
    a = w.query_file("agreements_by_year", Filters().params())
    assert w.query_file("agreements_by_year", Filters().params()) is a


def count(w: Warehouse) -> int:
    return w.query("SELECT count(*) AS n FROM fact_agreement", name="count")["n"][0]


def test_a_swapped_file_is_picked_up_at_once_when_nothing_is_to_be_warmed(tmp_path):
    from etl.build import build
    from tests.conftest import DATA

    path = tmp_path / "w.duckdb"
    build(DATA / "basic", path, say=lambda m: None)
    fw = Warehouse(str(path), swap_warm_s=0)
    assert count(fw) == 4
    build(DATA / "mixed", path, say=lambda m: None)
    assert count(fw) == 7


def test_a_new_build_is_warmed_with_the_recent_queries_before_it_is_served(tmp_path, monkeypatch):
    import time

    from dashboard import db
    from etl.build import build
    from tests.conftest import DATA

    path = tmp_path / "w.duckdb"
    build(DATA / "basic", path, say=lambda m: None)
    fw = Warehouse(str(path))
    assert count(fw) == 4
    assert rows(fw, "agreements_by_year")  # two queries in the cache of the first build
    first = fw.meta["load_id"]
    slow = db._execute

    def slowly(con, sql, params, timeout_s, name):  # the warm-up takes a while
        time.sleep(0.3)
        return slow(con, sql, params, timeout_s, name)

    monkeypatch.setattr(db, "_execute", slowly)
    build(DATA / "mixed", path, say=lambda m: None)  # renamed over the file: a new inode
    assert count(fw) == 4  # the old build answers while the new one warms
    assert fw.meta["load_id"] == first  # and says which load it is
    deadline = time.monotonic() + 20
    while count(fw) == 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert count(fw) == 7
    monkeypatch.setattr(db, "_execute", lambda *a: pytest.fail("warmed: answered from the cache"))
    assert count(fw) == 7
    assert counts(fw, "agreements_by_year")[-1] == (2022, "MOU", 2)  # the new build's answer, from the cache
    assert {k[0] for k in fw._cache} == {fw.version}  # nothing of the old build is kept


def test_a_broken_new_build_is_reported_at_once_not_papered_over(tmp_path):
    import os

    from etl.build import build
    from tests.conftest import DATA

    path = tmp_path / "w.duckdb"
    build(DATA / "basic", path, say=lambda m: None)
    fw = Warehouse(str(path))
    assert count(fw) == 4
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(path.read_bytes()[:8192])
    os.replace(bad, path)
    with pytest.raises(WarehouseUnavailable, match="cannot be read"):
        count(fw)
    build(DATA / "mixed", path, say=lambda m: None)  # the next good build recovers
    assert count(fw) == 7


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


def test_a_query_file_runs_as_it_stands_on_the_connection_s_filter_macros(w):
    from dashboard.db import query_text, sql_text

    sql = query_text("agreements_by_sector")
    assert sql == sql_text("agreements_by_sector") and sql.lstrip().startswith("--")
    assert "agreement_f($year_from, $year_to, $sectors, $countries, $partners, $levels, $fiscal)" in sql
    assert "WITH" not in sql_text("_filters")  # macros, not CTEs to glue on
    macros = w.query(
        "SELECT function_name FROM duckdb_functions() WHERE database_name = 'memory' ORDER BY 1", name="macros"
    )
    assert macros["function_name"].to_list() == [
        "agreement_f", "delegation_f", "filter_year", "investment_f", "investment_listed", "partner_f", "sector_f"
    ]  # fmt: skip


def test_a_warehouse_of_another_schema_is_refused_with_what_to_do(tmp_path):
    import duckdb

    from dashboard import db
    from etl.build import SCHEMA_VERSION, build
    from tests.conftest import DATA

    assert db.SCHEMA_VERSION == SCHEMA_VERSION  # the dashboard reads what the ETL writes
    path = tmp_path / "w.duckdb"
    build(DATA / "basic", path, say=lambda m: None)
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with pytest.raises(WarehouseUnavailable, match=r"has schema 2, this dashboard reads schema 4: rebuild it"):
        _ = Warehouse(str(path)).meta
