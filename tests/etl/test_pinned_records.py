"""Hand-checked figures of the shipped records, pinned: each was read on its source page, with
its date at the precision the page gives. A later edit that changes one fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.build import build
from tests.conftest import ROOT, query

RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pinned") / "warehouse.duckdb"
    build(RAW, path, say=lambda m: None)
    return path


# record id -> (date as the source gives it, partner)
AGREEMENTS = {
    "AGR-0013": ("2014-09-02", "jp-shimane"),  # 協力覚書締結式 H26.9.2
    "AGR-0014": ("2014-09-10", "jp-aichi"),  # Aichi Prefecture's page: 2014年9月10日
    "AGR-0024": ("2019-05-20", "jp-wakayama"),  # WBS: きのう(20日), article of 2019-05-21
    "AGR-0033": ("2022-07-14", "jp-yokohama"),  # Matichon: 14 July; the seed
    "AGR-0045": ("2022-11-16", "jp-meti"),  # Ministry of Energy: 16 พฤศจิกายน 2565
    "AGR-0046": ("2024-02-08", "jp-ihi"),  # Thai embassy, Tokyo: 8 กุมภาพันธ์ 2567
    "AGR-0047": ("2024-05", "jp-icett"),  # Mie Prefecture: 令和6年5月 (month only)
    "AGR-0048": ("2022-04-11", "in-telangana"),  # FTI: 11 เมษายน 2565
}


@pytest.mark.parametrize("record", sorted(AGREEMENTS))
def test_agreement_dates_as_their_sources_give_them(shipped, record):
    assert query(shipped, "SELECT signed_on, partner_id FROM agreements WHERE agreement_id = $id", {"id": record}) == [
        AGREEMENTS[record]
    ]


# record id -> (start, participants, qualifier, companies, qualifier, status)
DELEGATIONS = {
    "DEL-0058": ("2024-10-30", 40, "approx", None, "exact", "held"),  # 約40人, Tokushima mission
    "DEL-0062": ("2024-10-29", 23, "exact", None, "exact", "held"),  # DIW deputy DG and 22 others
    "DEL-0067": ("2024-11-21", None, "exact", 600, "at_least", "held"),  # more than 600 Chinese companies
    "DEL-0075": ("2016-09-15", None, "exact", 16, "exact", "held"),  # 16 Thai companies in Okayama
    "DEL-0068": ("2024-03-07", None, "exact", None, "exact", "planned"),  # announced 1 March 2024
}


@pytest.mark.parametrize("record", sorted(DELEGATIONS))
def test_delegation_figures_as_their_sources_give_them(shipped, record):
    got = query(
        shipped,
        "SELECT started_on, participants, participants_qualifier, companies, companies_qualifier, status "
        "FROM delegations WHERE delegation_id = $id",
        {"id": record},
    )
    assert got == [DELEGATIONS[record]]


# record id -> (as of, counts, value, qualifier)
STATED = {
    "ST-001": ("2022-07", "agreements", 22, "exact"),  # DIPROM, July 2022: 22 documents with local governments
    "ST-024": ("2014-09-10", "companies", 284, "exact"),  # 284 Aichi companies, 416 factories
    "ST-027": ("2015", "agreements", 15, "exact"),  # the Chiba MOU was DIPROM's 15th with Japanese bodies
    "ST-028": ("2025-02", "agreements", 14, "exact"),  # 14 Thailand-China MOUs, February 2025
}


@pytest.mark.parametrize("record", sorted(STATED))
def test_stated_totals_as_their_sources_give_them(shipped, record):
    got = query(
        shipped,
        "SELECT CASE as_of_precision WHEN 'day' THEN strftime(as_of_date, '%Y-%m-%d') "
        "WHEN 'month' THEN printf('%04d-%02d', as_of_year, as_of_month) ELSE as_of_year::VARCHAR END, "
        "counts, value, qualifier FROM stated_total WHERE total_id = $id",
        {"id": record},
    )
    assert got == [STATED[record]]


def test_the_twenty_first_century_records_keep_their_precision(shipped):
    # Month-only and year-only records stay so: no day is made up for them.
    assert query(
        shipped,
        "SELECT agreement_id, signed_precision FROM fact_agreement "
        "WHERE agreement_id IN ('AGR-0043', 'AGR-0044', 'AGR-0049', 'AGR-0050') ORDER BY 1",
    ) == [("AGR-0043", "year"), ("AGR-0044", "year"), ("AGR-0049", "month"), ("AGR-0050", "month")]
