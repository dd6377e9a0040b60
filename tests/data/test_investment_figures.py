"""The shipped investment statistics: figures checked by hand against their sources, and the register.

Each pinned figure was read on its source page (the record's `source_url`); a later edit that changes
one must say which source proves the old figure wrong.
"""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT, query

RAW = ROOT / "data" / "raw"

# record_id: (year, partner, period, stage, province, projects, value, qualifier, currency, unit)
HAND_CHECKED = {
    # BOI International Affairs Bureau table, Japanese projects: net applications 2003, approvals 2008.
    "INV-0001": (2003, "jp", "", "application", "", 316, 106374.1, "exact", "THB", "million"),
    "INV-0012": (2008, "jp", "", "approval", "", 324, 106155.1, "exact", "THB", "million"),
    # INN via Sanook: first ten months of 2010 (year placed by Pattaya Mail's year-earlier figures).
    "INV-0105": (2010, "jp", "01-10", "application", "", 284, 71342.4, "exact", "THB", "million"),
    # Pattaya Mail, 17 May 2011: January-April 2011.
    "INV-0110": (2011, "jp", "01-04", "application", "", 172, 45.12, "exact", "THB", "billion"),
    # People's Daily: January-June 2019 in US dollars, "almost 1.4 billion".
    "INV-0148": (2019, "jp", "H1", "application", "", 114, 1.4, "approx", "USD", "billion"),
    # Vietnam News Agency, 7 February 2022: 2021, all applications and Japan.
    "INV-0173": (2021, "all-investors", "", "application", "", None, 642.7, "exact", "THB", "billion"),
    "INV-0175": (2021, "jp", "", "application", "", 178, 80.7, "exact", "THB", "billion"),
    # NNT via Pattaya Mail, 18 August 2022: January-June 2022 applications for projects in Rayong.
    "INV-0193": (2022, "all-investors", "H1", "application", "TH-21", 86, 85.5, "exact", "THB", "billion"),
    # BOI figures released 26 January 2023, approved basis: all foreign projects in 2022, "approximately".
    "INV-0202": (2022, "all-foreign", "", "approval", "", 802, 320.4, "approx", "THB", "billion"),
    # Department of Business Development via news-agency.jp: January-November 2023 permits, Japan.
    "INV-0224": (2023, "jp", "01-11", "fba_permit", "", 129, 30.106, "exact", "THB", "billion"),
    # Bangkok Post, 13 January 2025: Singapore's 2024 FDI applications.
    "INV-0236": (2024, "sg", "", "application", "", 305, 357.5, "exact", "THB", "billion"),
    # January-March 2024 approvals, Thai and foreign.
    "INV-0241": (2024, "all-investors", "Q1", "approval", "", 785, 255.0, "exact", "THB", "billion"),
    # MGR Online, 21 January 2026: 2025 Foreign Business Act total.
    "INV-0251": (2025, "all-foreign", "", "fba_permit", "", None, 324148.0, "exact", "THB", "million"),
}


def _rows(name: str) -> list[dict[str, str]]:
    with (RAW / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def investments() -> dict[str, dict[str, str]]:
    return {r["record_id"]: r for r in _rows("investments.csv")}


def _number(text: str) -> float | None:
    return float(text) if text else None


@pytest.mark.parametrize("record_id", sorted(HAND_CHECKED))
def test_hand_checked_figure_is_as_its_source_states(investments, record_id: str):
    year, partner, period, stage, province, projects, value, qualifier, currency, unit = HAND_CHECKED[record_id]
    row = investments[record_id]
    assert (int(row["year"]), row["partner"], row["period"], row["stage"], row["province"]) == (
        year,
        partner,
        period,
        stage,
        province,
    )
    assert _number(row["projects"]) == projects
    assert _number(row["value"]) == pytest.approx(value)
    assert (row["value_qualifier"], row["currency"], row["unit"]) == (qualifier, currency, unit)


def test_every_investment_source_is_in_the_register(investments):
    register = {r["source_url"]: r for r in _rows("sources.csv")}
    cited = {r["source_url"] for r in investments.values()}
    missing = sorted(cited - register.keys())
    assert not missing, f"investments.csv cites sources not in sources.csv: {missing}"
    for url in cited:
        assert register[url]["publisher"].strip(), url
    for rate in _rows("fx_rates.csv"):
        assert rate["source_url"] in register, rate


def test_every_investment_source_url_is_well_formed(investments):
    for row in investments.values():
        parts = urlsplit(row["source_url"])
        assert parts.scheme in ("http", "https") and parts.netloc and " " not in row["source_url"], row["record_id"]


def test_sectors_and_partners_resolve(investments):
    sectors = {r["sector_code"] for r in _rows("sectors.csv")}
    partners = {r["partner_id"] for r in _rows("partners.csv")}
    for row in investments.values():
        assert row["partner"] in partners, row["record_id"]
        assert not row["sector"] or row["sector"] in sectors, row["record_id"]


def test_every_foreign_currency_figure_has_a_cited_yearly_rate(investments):
    rates = {(r["year"], r["currency"]) for r in _rows("fx_rates.csv")}
    foreign = [r for r in investments.values() if r["currency"] not in ("", "THB")]
    assert foreign, "the US dollar figures are statistics, converted with a cited rate"
    for row in foreign:
        assert (row["year"], row["currency"]) in rates, row["record_id"]


def test_us_dollar_figure_is_converted_with_the_years_rate(shipped_warehouse: Path):
    # 1.4 billion dollars at the IMF's 2019 average of 31.05 baht per dollar.
    [(thb_million, rate)] = query(
        shipped_warehouse,
        "SELECT i.value_thb_million, f.thb_per_unit FROM fact_investment i "
        "JOIN fx_rate f ON f.year = i.year AND f.currency = i.currency WHERE i.record_id = 'INV-0148'",
    )
    assert rate == pytest.approx(31.05)
    assert thb_million == pytest.approx(1.4 * 1000 * 31.05)


def test_sector_and_province_breakdowns_hold_real_figures(shipped_warehouse: Path):
    by_sector = query(
        shipped_warehouse,
        "SELECT count(DISTINCT sector_code) FROM fact_investment WHERE year = 2021 AND period IS NULL "
        "AND partner_id = 'all-investors' AND sector_code IS NOT NULL",
    )
    assert by_sector[0][0] >= 5
    by_province = query(
        shipped_warehouse,
        "SELECT province_code FROM fact_investment WHERE year = 2022 AND period = 'H1' "
        "AND province_code IS NOT NULL ORDER BY province_code",
    )
    assert [p for (p,) in by_province] == ["TH-20", "TH-21", "TH-24"]
