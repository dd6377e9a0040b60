"""Property: on synthetic warehouses, every number every chart draws is a stated figure, a sum the
counting rules allow, or a count of records; and a mark's drill-down lists exactly what it adds up.

The synthetic data (synth/) hold aggregates with their members and two aggregates that overlap,
countries with prefectures, cities and companies under them, sectors with sub-sectors, several
measures and count units, part years that overlap, figures stated twice, and every qualifier. For
random filter states the rules are checked here independently of the warehouse's SQL: the partner
and sector trees are rebuilt in Python from the parents in dim_partner and dim_sector.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import context, drill, views
from dashboard.db import Warehouse
from dashboard.filters import STAGES, Filters
from dashboard.settings import load
from etl.build import build
from synth import write_synthetic

SEEDS = (3, 11)
STATES_PER_SEED = 20  # filter states tried on each synthetic warehouse


class Synthetic:
    def __init__(self, path: Path) -> None:
        self.w = Warehouse(str(path), timeout_s=30)
        partners = self.w.query("SELECT partner_id, parent_id, level, country_code FROM dim_partner", name="p")
        sectors = self.w.query("SELECT sector_code, parent_code FROM dim_sector", name="s")
        self.parent = dict(zip(partners["partner_id"], partners["parent_id"], strict=True))
        self.level = dict(zip(partners["partner_id"], partners["level"], strict=True))
        self.sector_parent = dict(zip(sectors["sector_code"], sectors["parent_code"], strict=True))
        self.partners = sorted(self.parent)
        self.countries = sorted(set(partners["country_code"]))
        self.sectors = sorted(self.sector_parent)
        self.years = self.w.query("SELECT min(year) AS lo, max(year) AS hi FROM fact_investment", name="y").row(0)
        self.settings = load(warehouse=str(path))

    def up(self, table: dict, key: str | None) -> set:
        """`key` and everything above it."""
        out = set()
        while key is not None and key not in out:
            out.add(key)
            key = table.get(key)
        return out

    def overlap(self, a: dict, b: dict) -> bool:
        """Could figures a and b count the same investment? (then they may not be added)"""
        if self.level[a["partner_id"]] == "aggregate" or self.level[b["partner_id"]] == "aggregate":
            partners = True  # an aggregate takes in anyone
        else:
            partners = a["partner_id"] in self.up(self.parent, b["partner_id"]) or b["partner_id"] in self.up(
                self.parent, a["partner_id"])  # fmt: skip
        sa, sb = a["sector_code"], b["sector_code"]
        sectors = (
            sa is None or sb is None or sa in self.up(self.sector_parent, sb) or sb in self.up(self.sector_parent, sa)
        )
        pa, pb = a["province_code"], b["province_code"]
        provinces = pa is None or pb is None or pa == pb
        return partners and sectors and provinces


@pytest.fixture(scope="module", params=SEEDS, ids=[f"seed{s}" for s in SEEDS])
def synthetic(request, tmp_path_factory) -> Synthetic:
    raw = tmp_path_factory.mktemp(f"raw{request.param}")
    write_synthetic(raw, rows=2_000, seed=request.param)
    path = raw.parent / f"warehouse{request.param}.duckdb"
    build(raw, path, say=lambda m: None)
    return Synthetic(path)


def filter_states(s: Synthetic):
    years = st.integers(s.years[0], s.years[1])
    some = lambda values: st.lists(st.sampled_from(values), max_size=3, unique=True).map(tuple)  # noqa: E731
    return st.builds(
        lambda y0, y1, sector, country, partner, level, stage, period: Filters(
            year_from=min(y0, y1) if y0 is not None and y1 is not None else y0,
            year_to=max(y0, y1) if y0 is not None and y1 is not None else y1,
            sector=sector, country=country, partner=partner, level=level, stage=stage, period=period, lang="en"),
        st.none() | years, st.none() | years,
        st.just(()) | some(s.sectors),
        st.just(()) | some(s.countries),
        st.just(()) | some(s.partners) | some(["all-foreign", "all-investors", *s.partners[:5]]),
        st.just(()) | some(["aggregate", "national_government", "local_government", "company"]),
        st.none() | st.sampled_from(STAGES),
        st.sampled_from(("cy", "fy")),
    )  # fmt: skip


def qualifier_of(rows: list[dict], col: str) -> str:
    q = {r[col] for r in rows}
    return "at_least" if "at_least" in q else "approx" if "approx" in q else "exact"


def check_sum(s: Synthetic, chart_id: str, mark: dict, rows: list[dict], params: dict) -> None:
    value = params.get("measure") == "value"
    col, qual = ("value_thb_million", "value_qualifier") if value else ("projects", "projects_qualifier")
    where = (chart_id, mark["x"], mark["series"])
    assert rows, where
    assert all(r[col] is not None for r in rows), where
    # One measure, one period: never across stages, count units, years or spans of months.
    assert len({r["stage"] for r in rows}) == 1, where
    assert len({(r["year"], r["month_from"], r["month_to"]) for r in rows}) == 1, where
    assert len({r["count_unit"] for r in rows}) == 1, where  # permits never with investors, values neither
    # An aggregate only ever on its own.
    aggregates = {r["partner_id"] for r in rows if s.level[r["partner_id"]] == "aggregate"}
    assert not aggregates or ({r["partner_id"] for r in rows} == aggregates and len(aggregates) == 1), where
    # Nothing counted twice.
    for a, b in combinations(rows, 2):
        assert not s.overlap(a, b), (where, a["record_id"], b["record_id"])
    assert sum(r[col] for r in rows) == pytest.approx(mark["y"], rel=1e-9), where
    assert mark["qualifier"] == qualifier_of(rows, qual), where
    assert mark["records"] == len(rows), where
    assert mark["sources"] == len({r["source_url"] for r in rows if r["source_url"]}), where


def check_state(s: Synthetic, f: Filters) -> int:
    """Every mark of every chart under `f`; -> how many marks were checked."""
    fr, _ = views.load(s.w, list(views.CHARTS.values()), f, also=views.HEADLINE_QUERIES)
    checked = 0
    for chart in views.CHARTS.values():
        m = chart.marks(fr, f)
        for mark in m.frame.iter_rows(named=True):
            params = json.loads(mark["drill"])
            dataset = params.pop("dataset", chart.dataset)
            rows = list(drill.records(dataset, f, params, limit=None).iter_rows(named=True))
            if chart.id == "iv-eec":
                eec = [r for r in rows if r["province_code"] in EEC]
                for part in (eec, rows):
                    for a, b in combinations(part, 2):
                        assert not s.overlap(a, b), (chart.id, a["record_id"], b["record_id"])
                located = sum(r["value_thb_million"] for r in rows)
                assert mark["y"] == pytest.approx(100 * sum(r["value_thb_million"] for r in eec) / located)
            elif m.sums:
                check_sum(s, chart.id, mark, rows, params)
            elif chart.id != "dl-timeline":  # a count of records: exactly the records listed
                assert mark["y"] == len(rows), (chart.id, mark)
            if m.kind in ("year", "lines"):
                lo, hi = f.year_from or 1900, f.year_to or 2100
                assert lo <= int(mark["x_key"]) <= hi, (chart.id, mark)
            checked += 1
    # The headline's investment figure is one of the by-year chart's marks (a stated figure or a permitted sum).
    heads = {k.id: k for k in views.headline(fr, f)}
    by_year = views.CHARTS["iv-value"].marks(fr, f).frame
    if heads["investment_value"].value is not None:
        assert heads["investment_value"].value in by_year["y"].to_list()
    return checked


EEC = frozenset({"TH-20", "TH-21", "TH-24"})


@pytest.mark.slow
def test_every_number_is_stated_or_a_permitted_sum(synthetic: Synthetic):
    context.set_context(context.Context(settings=synthetic.settings, warehouse=synthetic.w))
    seen = {"states": 0, "marks": 0}

    @settings(max_examples=STATES_PER_SEED, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
    @given(filter_states(synthetic))
    def each(f: Filters) -> None:
        seen["marks"] += check_state(synthetic, f)
        seen["states"] += 1

    each()
    check_state(synthetic, Filters(lang="en"))  # and the view with no filter at all
    assert seen["states"] >= STATES_PER_SEED // 2 and seen["marks"] > 0, seen
