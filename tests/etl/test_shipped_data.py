"""The real, cited data in data/raw builds cleanly and holds what the sources state."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.build import build
from tests.conftest import ROOT, query

RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("shipped") / "warehouse.duckdb"
    result = build(RAW, path, say=lambda m: None)
    assert result.rejected == 0, result.rejects
    return path


def test_builds_with_zero_rejects_and_is_marked_real(shipped: Path):
    assert query(shipped, "SELECT count(*) FROM etl_reject") == [(0,)]
    assert query(shipped, "SELECT sum(rows_read) = sum(rows_loaded) FROM etl_load") == [(True,)]
    assert query(shipped, "SELECT value FROM meta WHERE key = 'synthetic'") == [("false",)]
    assert query(shipped, "SELECT count(*) FROM dim_partner WHERE is_synthetic") == [(0,)]


def test_every_fact_carries_a_source(shipped: Path):
    for table in ("fact_agreement", "fact_delegation", "fact_investment", "source_note"):
        assert query(shipped, f"SELECT count(*) FROM {table} WHERE source_url IS NULL") == [(0,)], table
        assert query(shipped, f"SELECT count(*) > 0 FROM {table}") == [(True,)], table


def test_seed_yokohama_mou_and_its_signing_mission(shipped: Path):
    assert query(
        shipped,
        "SELECT signed_on, agreement_type, partner_en, partner_local, year_be FROM agreements "
        "WHERE partner_id = 'jp-yokohama' AND signed_on = '2022-07-14'",
    ) == [("2022-07-14", "MOU", "City of Yokohama", "横浜市", 2565)]
    assert query(
        shipped,
        "SELECT direction, purpose, city FROM delegations WHERE partner_id = 'jp-yokohama' AND started_on = '2022-07-14'",
    ) == [("outbound", "signing", "Yokohama")]
    assert query(shipped, "SELECT parent_id, subdivision FROM dim_partner WHERE partner_id = 'jp-yokohama'") == [
        ("jp-kanagawa", "JP-14")
    ]


def test_seed_smrj_meeting_and_industry_expo_2017(shipped: Path):
    assert query(
        shipped,
        "SELECT direction, purpose FROM delegations WHERE partner_id = 'jp-smrj' AND started_on = '2017-06-06'",
    ) == [("outbound", "policy_dialogue")]
    expo = query(
        shipped,
        "SELECT start_date::VARCHAR, end_date::VARCHAR, direction, purpose, companies FROM delegations "
        "WHERE event = 'Thailand Industry Expo 2017'",
    )
    assert expo == [("2017-07-25", "2017-07-30", "inbound", "business_matching", 30)]


def test_month_and_year_precision_are_kept(shipped: Path):
    counts = dict(query(shipped, "SELECT signed_precision, count(*) FROM fact_agreement GROUP BY ALL"))
    assert counts.get("day", 0) > 0 and counts.get("month", 0) > 0 and counts.get("year", 0) > 0
    assert query(
        shipped, "SELECT count(*) FROM fact_agreement WHERE signed_precision <> 'day' AND signed_date IS NOT NULL"
    ) == [(0,)]


def test_boi_japan_series_is_loaded_as_stated(shipped: Path):
    # BOI, Japanese investment projects: 2003 applications 316 projects, 106,374.1 million baht.
    assert query(
        shipped,
        "SELECT projects, value_thb_million FROM investments WHERE partner_id = 'jp' AND year_ce = 2003 "
        "AND stage = 'application' AND is_full_year",
    ) == [(316, 106374.1)]


def test_part_year_figures_are_marked(shipped: Path):
    rows = query(
        shipped,
        "SELECT period, is_full_year FROM investments WHERE partner_id = 'jp' AND year_ce = 2019 AND period = 'Q1'",
    )
    assert rows and all(not full for _, full in rows)


def test_thai_s_curve_sectors_in_both_languages(shipped: Path):
    got = dict(query(shipped, "SELECT sector_code, name_th FROM dim_sector WHERE sector_group <> 'other'"))
    assert set(got) == {"AUTO", "EE", "TOUR", "AGRI", "FOOD", "ROBOT", "AVIA", "BIO", "DIGI", "MED", "DEF", "EDU"}
    assert got["AUTO"] == "ยานยนต์สมัยใหม่"


def test_count_only_facts_are_notes_not_rows(shipped: Path):
    assert query(shipped, "SELECT count(*) > 0 FROM source_note WHERE text_en ILIKE '%prefecture%'") == [(True,)]
