"""A view's years cut from the answer for every year (views.BY_YEAR) give the very rows the query gives when
asked for those years, on the mixed test data and on a synthetic warehouse with aggregates and their members,
part years and fiscal years; and a change of years alone asks the warehouse nothing new of those queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import views
from dashboard.db import Warehouse, parameter_names, query_text
from dashboard.filters import Filters
from etl.build import build
from synth import write_synthetic


@pytest.fixture(scope="module", params=["mixed", "synthetic"])
def w(request, mixed_warehouse: Path, tmp_path_factory) -> Warehouse:
    if request.param == "mixed":
        return Warehouse(str(mixed_warehouse), timeout_s=30)
    raw = tmp_path_factory.mktemp("span-raw")
    write_synthetic(raw, rows=2_000, seed=7)
    path = raw.parent / "span.duckdb"
    build(raw, path, say=lambda m: None)
    return Warehouse(str(path), timeout_s=30)


def choices(w: Warehouse) -> dict[str, list]:
    q = w.query
    return {
        "years": q("SELECT min(year) AS lo, max(year) AS hi FROM fact_investment", name="y").row(0),
        "partners": q("SELECT partner_id FROM dim_partner ORDER BY 1", name="p")["partner_id"].to_list(),
        "countries": q("SELECT DISTINCT country_code FROM dim_partner ORDER BY 1", name="c")["country_code"].to_list(),
        "sectors": q("SELECT sector_code FROM dim_sector ORDER BY 1", name="s")["sector_code"].to_list(),
    }


def states(c: dict):
    lo, hi = c["years"]
    years = st.integers(lo - 2, hi + 2)
    some = lambda values: st.lists(st.sampled_from(values), max_size=2, unique=True).map(tuple)  # noqa: E731
    return st.builds(
        lambda y0, y1, sector, country, partner, level, period: Filters(
            year_from=y0, year_to=y1, sector=sector, country=country, partner=partner, level=level, period=period),
        st.none() | years, st.none() | years,
        st.just(()) | some(c["sectors"]),
        st.just(()) | some(c["countries"]),
        st.just(()) | some(c["partners"]),
        st.just(()) | some(["aggregate", "national_government", "local_government", "company"]),
        st.sampled_from(("cy", "fy")),
    )  # fmt: skip


def as_rows(frame) -> list[str]:
    """Rows as comparable text, in the order given (lists and structs included); sums of decimals to 6 places (a
    sum of the same figures read in another order can differ in its last bit)."""
    return [repr(tuple(round(v, 6) if isinstance(v, float) else v for v in r)) for r in frame.rows()]


def test_every_query_cut_by_year_has_a_year_column_and_reads_the_span():
    for name in views.BY_YEAR:
        assert {"year_from", "year_to"} <= parameter_names(query_text(name)), name


def test_the_cut_answer_is_the_answer_for_those_years(w):
    c = choices(w)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(states(c))
    def check(f):
        p = f.params()
        for name in sorted(views.BY_YEAR):
            asked = w.query_file(name, p)
            cut = views.cut_years(w.query_file(name, views.every_year(p)), p)
            assert "year" in asked.columns, name
            assert as_rows(cut) == as_rows(asked), (name, f)

    check()


def test_a_change_of_years_alone_asks_nothing_new_of_them(w):
    ran: list[str] = []
    run = w._run

    def counting(sql, params, timeout_s, name):
        ran.append(name)
        return run(sql, params, timeout_s, name)

    w._run = counting
    try:
        charts = [*views.PAGES["investment"], *views.PAGES["overview"]]
        lo, hi = choices(w)["years"]
        views.load(w, charts, Filters(sector=("AUTO",), year_from=lo, year_to=hi))
        ran.clear()
        frames, _ = views.load(w, charts, Filters(sector=("AUTO",), year_from=lo + 1, year_to=hi - 1))
        assert not set(ran) & views.BY_YEAR
        assert frames["investment_marks"]["year"].is_between(lo + 1, hi - 1).all()
    finally:
        w._run = run
