"""A partner's profile through the real Dash callback endpoint, on the mixed and the shipped warehouses, and once
in Chromium: its first and latest agreement, the headline figures the Overview gives for it (held and planned
delegations apart, the latest stated investment figure with its year and source), what sources state about it,
its records per year, its place on the map, and one line where it has no records of a kind."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dashboard.app import page_request
from tests.dashboard.conftest import app_and_client, show


def tree(app, client, pathname: str, search: str) -> dict:
    r = client.post("/_dash-update-component", json=page_request(app, pathname, search))
    assert r.status_code == 200, r.data[:500]
    return r.get_json()


def by_id(node, wanted: str):
    """The component with id `wanted` in a Dash layout (JSON), or None."""
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == wanted:
            return node
        return next((x for v in node.values() if (x := by_id(v, wanted)) is not None), None)
    if isinstance(node, list):
        return next((x for v in node if (x := by_id(v, wanted)) is not None), None)
    return None


def text(node) -> str:
    """Every string under a component, joined by " | "."""
    out = []

    def walk(n):
        if isinstance(n, str):
            out.append(n)
        elif isinstance(n, dict):
            walk(n.get("props", {}).get("children"))
        elif isinstance(n, list):
            for v in n:
                walk(v)

    walk(node)
    return " | ".join(out)


def kpi(layout, key: str) -> tuple[str, str]:
    """(value shown, its details) of a headline figure."""
    value = by_id(layout, f"kpi-{key}")
    assert value is not None, key
    return text(value), text(by_id(layout, f"kpi-{key}-details"))


@pytest.fixture(scope="module")
def mixed(app_client, mixed_warehouse: Path):
    app, client = app_client
    con = duckdb.connect(str(mixed_warehouse), read_only=True)
    yield app, client, lambda q: con.execute(q).fetchall()
    con.close()


@pytest.fixture(scope="module")
def shipped(shipped_warehouse: Path):
    app, client = app_and_client(shipped_warehouse)
    con = duckdb.connect(str(shipped_warehouse), read_only=True)
    yield app, client, lambda q: con.execute(q).fetchall()
    con.close()


UNDER = "partner_id IN (SELECT partner_id FROM partner_tree WHERE ancestor_id = '{p}')"


def test_first_and_latest_agreement_and_the_count_recorded_here(mixed):
    app, client, sql = mixed
    layout = tree(app, client, "/partners", "?lang=th&era=be&partner=jp")
    (n,) = sql(f"SELECT count(*) FROM fact_agreement WHERE {UNDER.format(p='jp')}")[0]
    assert kpi(layout, "agreements_signed")[0] == str(n)
    (first_year, last_year) = sql(f"SELECT min(signed_year), max(signed_year) FROM fact_agreement WHERE {UNDER.format(p='jp')}")[0]  # fmt: skip
    first, latest = kpi(layout, "first_agreement")[0], kpi(layout, "latest_agreement")[0]
    assert first.endswith(str(first_year + 543)) and latest.endswith(str(last_year + 543))  # Buddhist era
    assert latest == "14 ก.ค. 2565"  # at its precision, as the records show it
    assert "2560" in {first, latest} or first.endswith("2560")


def test_delegations_with_no_status_are_never_counted_as_held(mixed):
    app, client, sql = mixed
    layout = tree(app, client, "/partners", "?lang=en&era=ce&partner=jp")
    (outbound,) = sql(f"SELECT count(*) FROM fact_delegation WHERE direction = 'outbound' AND {UNDER.format(p='jp')}")[
        0
    ]
    assert sql("SELECT count(*) FROM fact_delegation WHERE status IS NOT NULL")[0][0] == 0  # the files give none
    value, details = kpi(layout, "delegations_outbound")
    assert value == "0" and f"{outbound} more with no status recorded" in details


def test_the_latest_investment_figure_is_the_one_the_overview_gives(mixed):
    app, client, _ = mixed
    profile = tree(app, client, "/partners", "?lang=en&era=ce&partner=jp")
    overview = tree(app, client, "/", "?lang=en&era=ce&partner=jp")
    for key in ("investment_value", "investment_count"):
        assert kpi(profile, key) == kpi(overview, key)  # the same headline code: value, year, source
    value, details = kpi(profile, "investment_value")
    assert value == "106,374.1" and details.startswith("2019 · Japan")


def test_a_kind_with_no_records_is_one_line_not_an_empty_table(mixed):
    app, client, sql = mixed
    assert sql(f"SELECT count(*) FROM fact_delegation WHERE {UNDER.format(p='all-foreign')}")[0][0] == 0
    layout = tree(app, client, "/partners", "?lang=en&partner=all-foreign")
    line = by_id(layout, "pt-delegations-none")
    assert text(line) == "No delegation with All foreign investors recorded here for these filters."
    assert by_id(layout, "pt-delegations-box") is None and by_id(layout, "pt-agreements-box") is None  # no table
    assert kpi(layout, "first_agreement")[0] == "none recorded here"
    assert by_id(layout, "pt-investments-box") is not None
    smrj = tree(app, client, "/partners", "?lang=en&partner=jp-smrj")
    assert text(by_id(smrj, "pt-investments-none")).startswith("No investment figure that a source states")
    assert by_id(smrj, "kpi-investment_value") is None  # no dashes for figures nobody states


def test_records_per_year_count_each_kind_apart(mixed):
    app, client, sql = mixed
    layout = tree(app, client, "/partners", "?lang=en&era=ce&partner=jp")
    figure = by_id(layout, "pt-by-year")["props"]["figure"]
    bars = {t["name"]: dict(zip(t["x"], t["y"], strict=True)) for t in figure["data"]}
    agreements = dict(sql(f"SELECT signed_year, count(*) FROM fact_agreement WHERE {UNDER.format(p='jp')} GROUP BY 1"))
    assert bars["Agreements signed"] == agreements
    assert not any("held" in name for name in bars)  # no delegation has a status: none is drawn as held
    assert figure["layout"]["barmode"] == "group"  # side by side, never stacked into one total


def test_japan_on_the_shipped_data_with_what_sources_state(shipped):
    app, client, sql = shipped
    layout = tree(app, client, "/partners", "?lang=en&era=ce&partner=jp")
    box = text(by_id(layout, "partner-coverage"))
    assert "DIPROM stated 22 agreements with Japan (Local government) (Jul 2022)" in box
    held = sql(f"SELECT count(*) FROM fact_delegation WHERE status = 'held' AND direction = 'outbound' AND {UNDER.format(p='jp')}")  # fmt: skip
    planned = sql(f"SELECT count(*) FROM fact_delegation WHERE status = 'planned' AND direction = 'outbound' AND {UNDER.format(p='jp')}")  # fmt: skip
    value, details = kpi(layout, "delegations_outbound")
    assert value == str(held[0][0]) and f"{planned[0][0]} more planned" in details
    value, details = kpi(layout, "investment_value")
    assert details.split(" | ")[0].startswith("20") and "source: " in details  # its year, then its source
    assert by_id(layout, "pt-map") is not None


def test_a_prefecture_is_on_the_map_and_a_partner_elsewhere_says_why_not(shipped):
    app, client, _ = shipped
    layout = tree(app, client, "/partners", "?lang=th&era=be&partner=jp-kanagawa")
    figure = by_id(layout, "pt-map")["props"]["figure"]
    coloured = [iso for iso, z in zip(figure["data"][-1]["locations"], figure["data"][-1]["z"], strict=True) if z]
    assert coloured == ["JP-14"]  # Kanagawa alone, among every prefecture drawn
    china = tree(app, client, "/partners", "?lang=en&partner=cn")
    assert by_id(china, "pt-map") is None
    assert (
        text(by_id(china, "pt-map-none"))
        == "No map: the prefecture map covers Japan only, and this partner is in China."
    )
    assert json.dumps(china).count("pt-by-year") >= 1


@pytest.mark.browser
def test_a_prefecture_profile_in_chromium(shipped_server, shipped_warehouse, page):
    con = duckdb.connect(str(shipped_warehouse), read_only=True)
    n, first = con.execute(
        "SELECT count(*), min(signed_year) FROM fact_agreement WHERE partner_id IN"
        " (SELECT partner_id FROM partner_tree WHERE ancestor_id = 'jp-kanagawa')"
    ).fetchone()
    con.close()
    p = page.page
    p.goto(shipped_server + "/partners?partner=jp-kanagawa&lang=th&era=be")
    p.wait_for_selector("#partner-summary .kpi-value")
    assert p.inner_text("#kpi-first_agreement") == str(first + 543)
    assert p.inner_text("#kpi-agreements_signed") == str(n)
    show(p, "pt-by-year")
    show(p, "pt-map")
    assert "ไม่มีตัวเลขการลงทุนที่แหล่งข้อมูลระบุ" in p.inner_text("#pt-investments-none")
    p.wait_for_selector("#pt-agreements .ag-row")
    assert p.locator("#pt-agreements .ag-row").count() == n
    assert not page.errors, page.errors
