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
    for table in ("fact_agreement", "fact_delegation", "fact_investment", "stated_total", "source_note"):
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


def test_count_only_facts_are_stated_totals_or_notes_not_rows(shipped: Path):
    # Partners named only as "one of 21 agreements" (no signing date) are notes, never agreement rows.
    assert query(shipped, "SELECT count(*) > 0 FROM source_note WHERE text_en ILIKE '%prefecture%'") == [(True,)]
    assert query(
        shipped,
        "SELECT count(*) FROM fact_agreement WHERE partner_id IN ('jp-saitama', 'jp-fukui', 'jp-toyama')",
    ) == [(0,)]
    # Aggregate counts are stated totals, each once: not also a note.
    assert query(shipped, "SELECT count(*) > 0 FROM stated_total WHERE counts = 'companies'") == [(True,)]
    assert query(
        shipped,
        "SELECT count(*) FROM source_note WHERE text_en ILIKE '%21 local governments%' OR text_en ILIKE '%1,493%' "
        "OR text_en ILIKE '%32 agreements%' OR text_en ILIKE '%seven MOUs%' OR text_en ILIKE '%companies from%'",
    ) == [(0,)]


DIP = ["Department of Industrial Promotion (DIPROM), Ministry of Industry", "Ministry of Industry"]


def test_diprom_july_2022_statement_is_six_stated_totals(shipped: Path):
    rows = query(
        shipped,
        "SELECT partner_id, list_sort(partner_levels), counts, value, qualifier, list_sort(thai_parties) FROM stated_total "
        "WHERE stated_by = 'DIPROM' AND as_of_year = 2022 AND as_of_month = 7 ORDER BY total_id",
    )
    assert [r[1:4] for r in rows] == [
        (["local_government"], "agreements", 22),
        (["local_government"], "partners", 21),
        (["agency", "national_government"], "agreements", 6),
        (["agency", "national_government"], "partners", 4),
        (["business_association", "company"], "agreements", 4),
        (["business_association", "company"], "partners", 4),
    ]
    assert {(r[0], r[4]) for r in rows} == {("jp", "exact")}
    assert all(r[5] == sorted(DIP) for r in rows)


def test_stated_totals_beside_the_records(shipped: Path):
    def recorded(where: str) -> list[tuple]:
        return query(shipped, f"SELECT recorded FROM stated_total_coverage WHERE {where}")

    # DIPROM, July 2022: 22 documents with 21 local governments; 8 agreements with 8 of them are recorded
    # (Akita, Shimane, Aichi, Kawasaki, Chiba, Mie, Wakayama, Yokohama).
    dip = "stated_by = 'DIPROM' AND as_of_year = 2022 AND list_contains(partner_levels, 'local_government')"
    assert recorded(dip + " AND counts = 'agreements'") == [(8,)]
    assert recorded(dip + " AND counts = 'partners'") == [(8,)]
    # The Ministry of Industry, 2019: 21 agreements with 20 prefectures; Aichi the sixth local government (2014).
    assert recorded("stated_by = 'Bangkok Post' AND value = 21 AND counts = 'agreements'") == [(7,)]
    assert recorded("as_of_date = '2014-09-10' AND counts = 'partners'") == [(3,)]
    # Seven MOUs at the 2023 Thailand-Taiwan summit: none is a record here.
    assert recorded("partner_id = 'tw' AND counts = 'agreements'") == [(0,)]
    # Counts of companies and projects are shown as stated, never compared.
    assert query(
        shipped, "SELECT DISTINCT comparable FROM stated_total_coverage WHERE counts IN ('companies', 'projects')"
    ) == [(False,)]
    assert query(
        shipped,
        "SELECT value, qualifier, from_year FROM stated_total WHERE partner_id = 'jp' AND counts = 'projects'",
    ) == [(1493, "exact", 2020)]
    assert query(shipped, "SELECT value, qualifier FROM stated_total WHERE partner_id = 'jp-akita'") == [
        (21, "at_least")
    ]


def test_delegation_status_follows_the_sources(shipped: Path):
    assert query(shipped, "SELECT count(*) FROM fact_delegation WHERE status IS NULL") == [(0,)]
    assert query(
        shipped, "SELECT count(*) FROM fact_delegation WHERE status = 'held' AND notes ILIKE '%planned at the time%'"
    ) == [(0,)]
    assert query(
        shipped,
        "SELECT count(*) FROM fact_delegation WHERE status = 'planned' AND notes NOT ILIKE '%planned at the time%'",
    ) == [(0,)]
    assert dict(query(shipped, "SELECT status, count(*) FROM fact_delegation GROUP BY ALL")) == {
        "held": 113,
        "planned": 19,
    }
    # Announced beforehand, reported afterwards by a page the notes cite: held.
    assert query(
        shipped,
        "SELECT status, participants, participants_qualifier FROM fact_delegation WHERE start_date = '2025-11-27'",
    ) == [("held", 450, "at_least")]
    expo = query(
        shipped,
        "SELECT status, companies, companies_qualifier FROM fact_delegation WHERE event = 'Thailand Industry Expo 2017'",
    )
    assert expo == [("planned", 30, "at_least")]


def test_delegation_numbers_say_how_exact_they_are(shipped: Path):
    assert query(
        shipped, "SELECT count(*) FROM fact_delegation WHERE participants IS NULL AND participants_qualifier <> 'exact'"
    ) == [(0,)]
    assert query(
        shipped, "SELECT count(*) FROM fact_delegation WHERE companies IS NULL AND companies_qualifier <> 'exact'"
    ) == [(0,)]
    about = query(
        shipped,
        "SELECT participants_qualifier FROM fact_delegation WHERE notes ILIKE '%participants approximate%'",
    )
    assert about and {q for (q,) in about} == {"approx"}
    lower = query(
        shipped,
        "SELECT participants_qualifier, companies_qualifier FROM fact_delegation "
        "WHERE notes ILIKE '%= that lower bound%'",
    )
    assert lower and all("at_least" in r for r in lower)


def test_investment_qualifiers_as_stated(shipped: Path):
    # "over 540 billion baht" (foreign applications, January-September 2024) is a lower bound.
    assert query(
        shipped, "SELECT value, value_qualifier FROM fact_investment WHERE notes ILIKE '%over 540 billion%'"
    ) == [(540.0, "at_least")]
    # The 2022 BOI figures by country as one trade page gives them are stated as "approximately" / "about"
    # (other sources state other 2022 figures plainly).
    assert query(
        shipped,
        "SELECT DISTINCT value_qualifier FROM fact_investment WHERE year = 2022 AND stage IN ('application', 'approval') "
        "AND partner_id NOT IN ('all-foreign', 'all-investors') AND source_url ILIKE '%hiraitr%'",
    ) == [("approx",)]
    assert query(shipped, "SELECT count(*) FROM fact_investment WHERE coverage <> 'complete'") == [(0,)]


def test_permit_rows_are_fba_permits_in_the_units_their_sources_count(shipped: Path):
    rows = query(
        shipped,
        "SELECT count_unit, notes FROM fact_investment WHERE stage = 'fba_permit' ORDER BY record_id",
    )
    assert len(rows) == 82
    for unit, notes in rows:
        assert "Foreign Business Act" in notes
        assert unit == ("investors" if "number of investors permitted" in notes else "permits"), notes
    assert dict(
        query(shipped, "SELECT count_unit, count(*) FROM fact_investment WHERE stage = 'fba_permit' GROUP BY ALL")
    ) == {
        "permits": 43,
        "investors": 39,
    }
    assert query(
        shipped,
        "SELECT count(*) FROM fact_investment WHERE notes ILIKE '%Foreign Business Act%' AND stage <> 'fba_permit'",
    ) == [(0,)]


def test_no_investment_is_other_without_a_note(shipped: Path):
    assert query(shipped, "SELECT count(*) FROM fact_investment WHERE stage = 'other' AND notes IS NULL") == [(0,)]
    # Only Japan 2019 as the Industry Minister gave it: the source does not say which measure.
    assert query(shipped, "SELECT partner_id, year, value FROM fact_investment WHERE stage = 'other'") == [
        ("jp", 2019, 73102.0)
    ]
