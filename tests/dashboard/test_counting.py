"""The counting rules on tests/data/counting: every sum worked out by hand from the figures there.

Japan (jp) holds Aichi (jp-aichi), which holds Nagoya; all foreign investors, all investors and
ASEAN investors are aggregates that overlap; EV is under AUTO. I01 and I21 state the same scope.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard import context, drill, marks, views
from dashboard.db import Warehouse
from dashboard.filters import Filters
from dashboard.settings import load
from etl.build import build
from tests.conftest import DATA


@pytest.fixture(scope="module")
def w(tmp_path_factory) -> Warehouse:
    path = tmp_path_factory.mktemp("counting") / "warehouse.duckdb"
    result = build(DATA / "counting", path, say=lambda m: None)
    assert result.rejected == 0, result.rejects
    wh = Warehouse(str(path), timeout_s=10)
    context.set_context(context.Context(settings=load(warehouse=str(path)), warehouse=wh))  # what drill-downs read
    return wh


def sums(w, per="series", **args) -> dict:
    """{(stage, count_unit, series, mark_key, year, months): (value, value qualifier, figures, projects)}."""
    params = ", ".join(f"{k} := ${k}" for k in args)
    frame = w.query(f"FROM investment_marks(per := $per{', ' + params if params else ''})", {"per": per, **args})
    return {
        (r["stage"], r["count_unit"], r["series"], r["mark_key"], r["year"], f"{r['month_from']}-{r['month_to']}"): (
            r["value_thb_million"], r["value_qualifier"], r["value_figures"], r["projects"])
        for r in frame.iter_rows(named=True)
    }  # fmt: skip


def test_a_prefecture_and_a_repeat_of_the_same_figure_are_not_added_to_the_country(w):
    got = sums(w)
    # I01 Japan 100 + I02 China 50; I06 Aichi (in Japan's figure) and I21 (I01 stated again) left out.
    assert got[("application", "projects", "", "", 2017, "1-12")] == (150.0, "exact", 2, 15)


def test_aggregates_are_never_added_to_anything_not_even_each_other(w):
    got = sums(w, levels=["aggregate"])
    whole = {k[2]: v[0] for k, v in got.items() if k[0] == "application" and k[4] == 2017}
    assert whole == {"all-foreign": 400.0, "all-investors": 700.0, "asean": 300.0}
    both = sums(w, partners=["jp", "all-foreign"])
    assert both[("application", "projects", "", "", 2017, "1-12")][0] == 100.0  # Japan alone (Aichi under it)
    assert both[("application", "projects", "all-foreign", "all-foreign", 2017, "1-12")][0] == 400.0
    # Unpicked, aggregates stay out of every sum.
    assert all(k[2] == "" for k in sums(w))


def test_measures_and_count_units_stay_apart(w):
    got = sums(w)
    assert got[("approval", "projects", "", "", 2017, "1-12")] == (90.0, "exact", 1, 8)
    # Permits (Japan) and investors (China) are counted apart; each mark's value is its own rows'.
    assert got[("fba_permit", "permits", "", "", 2019, "1-12")] == (15.0, "exact", 1, 20)
    assert got[("fba_permit", "investors", "", "", 2019, "1-12")] == (9.0, "exact", 1, 12)


def test_part_years_stay_apart_and_qualifiers_carry_into_sums(w):
    got = sums(w)
    assert got[("application", "projects", "", "", 2019, "1-12")] == (180.0, "at_least", 2, 7)  # about 120 + over 60
    parts = {k[5]: v[0] for k, v in got.items() if k[0] == "application" and k[4] == 2019 and k[5] != "1-12"}
    assert parts == {"1-3": 30.0, "1-6": 55.0, "1-9": 90.0}  # Q1, H1, January-September: never added


def test_a_sub_sector_is_not_added_to_its_sector(w):
    got = sums(w, sectors=["AUTO"])  # AUTO takes EV: I15 Japan AUTO 60; I16 (EV) and I18 (Aichi AUTO) inside it
    assert got[("application", "projects", "", "", 2017, "1-12")] == (60.0, "exact", 1, 6)
    assert sums(w, sectors=["EV"])[("application", "projects", "", "", 2017, "1-12")][0] == 25.0
    by_sector = {k[3]: v[0] for k, v in sums(w, per="sector").items() if k[4] == 2017}
    assert by_sector == {"AUTO": 60.0, "EV": 25.0, "FOOD": 10.0}  # each bar its own, Aichi's AUTO inside Japan's


def test_figures_that_overlap_in_part_are_never_added(w):
    # 2018: Japan's EV figure (I24, 12) and Aichi's AUTO figure (I25, 30) both hold Aichi's EV investment.
    # Japan is above Aichi, so its figure counts and Aichi's is left out of the sum: less, never twice.
    assert sums(w, sectors=["AUTO"])[("application", "projects", "", "", 2018, "1-12")] == (12.0, "exact", 1, None)
    by_sector = {k[3]: v[0] for k, v in sums(w, per="sector").items() if k[4] == 2018}
    assert by_sector == {"AUTO": 30.0, "EV": 12.0}  # bars of two sectors are never added: each shows its own


def test_province_figures_make_their_own_breakdown(w):
    got = {k[3]: v[0] for k, v in sums(w, per="province").items()}
    assert got == {"eec": 40.0, "elsewhere": 20.0}
    f = Filters()
    fr, _ = views.load(w, [views.CHARTS["iv-eec"]], f)
    assert views.CHARTS["iv-eec"].marks(fr, f).frame["y"].to_list() == [pytest.approx(40 / 60 * 100)]


def test_stated_totals_beside_what_is_recorded(w):
    got = {r[0]: r[1:] for r in w.query("SELECT total_id, value, recorded, possibly, comparable FROM "
                                        "stated_total_coverage ORDER BY 1").rows()}  # fmt: skip
    # A1 (Jul 2022) and A2 (2015, Nagoya, the Ministry) certainly by July 2022; A4 (2022) may be after.
    assert got["ST-1"] == (22, 2, 1, True)
    assert got["ST-2"] == (21, 2, 0, True)  # Aichi and Nagoya
    assert got["ST-3"] == (284, None, None, False)  # companies: the warehouse keeps no records of them


def frames(w, f: Filters) -> dict:
    fr, _ = views.load(w, list(views.CHARTS.values()), f, also=views.HEADLINE_QUERIES)
    return fr


def test_the_headline_is_a_figure_a_source_could_have_written(w):
    f = Filters(lang="en", era="ce")
    k = {x.id: x for x in views.headline(frames(w, f), f)}
    assert k["agreements_signed"].text == "4"
    assert any("DIPROM stated 22 agreements with Japan (Local government) (Jul 2022); 2 are recorded here, and 1 more"
               in d for d in k["agreements_signed"].details)  # fmt: skip
    assert k["agreements_active"].text == "1" and "of the 2 agreements with a recorded status" in k[
        "agreements_active"].details[0]  # fmt: skip
    assert (k["delegations_outbound"].value, k["delegations_inbound"].value) == (1, 0)
    assert k["delegations_outbound"].details == ("1 more with no status recorded", "1 cancelled")
    assert k["delegations_inbound"].details == ("1 more planned",)
    assert k["participants"].text == "about 40"
    value = k["investment_value"]
    assert value.label == "BOI applications: value (THB million)"
    assert value.text == "at least 180.0"
    assert value.details[0].startswith("2019 · sum of 2 of the 2 partners with figures: China, Japan")
    assert "at least +20.0% on 2017 (150.0)" in value.details  # from a stated figure to a lower bound
    assert "newer, for part of a year: Jan–Sep 2025: 70.0" in value.details
    count = k["investment_count"]
    assert count.text == "7" and "not comparable with 2017: other partners stated it" in count.details


def test_agreements_in_force_is_not_recorded_when_no_status_is(w):
    f = Filters(lang="en", partner=("jp-nagoya",))
    k = {x.id: x for x in views.headline(frames(w, f), f)}
    assert k["agreements_active"].text == "Not recorded"


def test_every_mark_lists_exactly_the_records_it_adds_up(w):
    """A click's drill parameters select the rows whose sum is the mark's number."""
    for f in (Filters(), Filters(sector=("AUTO",)), Filters(level=("aggregate",)), Filters(partner=("jp",))):
        fr = frames(w, f)
        for chart in views.CHARTS.values():
            m = chart.marks(fr, f)
            for row in m.frame.iter_rows(named=True):
                params = json.loads(row["drill"])
                dataset = params.pop("dataset", chart.dataset)
                got = drill.records(dataset, f, params, limit=None)
                if chart.id == "iv-eec":
                    continue  # a share of two sums: its rows are both sums' (checked in the property test)
                if m.sums:
                    col = "value_thb_million" if params.get("measure") == "value" else "projects"
                    assert got[col].sum() == pytest.approx(row["y"]), (chart.id, row)
                    assert got.height == row["records"], (chart.id, row)
                elif chart.id != "dl-timeline":
                    assert got.height == row["y"], (chart.id, row)


def test_a_chart_with_no_breakdown_in_the_sources_says_so(w):
    f = Filters(lang="en", stage="approval")
    m = views.CHARTS["iv-sector"].marks(frames(w, f), f)
    assert m.is_empty and m.empty == "The sources give no breakdown of BOI approvals by sector"
    # The latest whole year picked has figures but no source breaks them down: which year, and where to look.
    f = Filters(lang="en", era="ce", year_from=2018)
    m = views.CHARTS["iv-sector"].marks(frames(w, f), f)
    assert m.is_empty and m.empty == (
        "No source breaks BOI applications down by sector for 2019, the latest whole year picked "
        "(some do for years in 2017–2018)"
    )
    f = Filters(lang="en", year_from=2030)  # nothing at all in the years picked
    m = views.CHARTS["iv-sector"].marks(frames(w, f), f)
    assert m.is_empty and m.empty == "No records match these filters: widen the years or clear a filter"


def test_the_measure_is_the_one_with_most_whole_year_figures_unless_picked(w):
    f = Filters()
    fr = frames(w, f)
    assert marks.measure(fr, f) == "application"
    assert marks.measure(fr, Filters(stage="fba_permit")) == "fba_permit"
    m = views.CHARTS["iv-projects"].marks(fr, Filters(stage="fba_permit", lang="en"))
    assert sorted(m.frame["series"].to_list()) == [
        "Partners with figures (sum of stated figures) (investors)",
        "Partners with figures (sum of stated figures) (permits)",
    ]


def test_years_without_a_figure_are_gaps_on_a_time_axis(w):
    f = Filters(era="ce")
    fig = views.CHARTS["iv-value"].figure(frames(w, f), f)
    assert fig["layout"]["meta"]["x"] == [2017, 2018, 2019]  # 2018 kept as a gap
    assert fig["layout"]["barmode"] == "group"
    assert [tr["x"] for tr in fig["data"]] == [[2017, 2019]]
    assert fig["data"][0]["text"] == ["", "≥"]  # the qualifier on the mark


def test_chart_numbers_export_as_the_marks(w, tmp_path: Path):
    from dashboard.export import numbers

    f = Filters(lang="en", era="ce")
    m = views.CHARTS["iv-part-year"].marks(frames(w, f), f)
    table = numbers.table(m, f)
    assert table.columns[:3] == ["Series", "Mark", "THB million"]
    assert table["Mark"].to_list() == ["Jan–Mar 2019", "Jan–Jun 2019", "Jan–Sep 2019", "Jan–Sep 2025"]
    assert table["THB million"].to_list() == [30.0, 55.0, 90.0, 70.0]
