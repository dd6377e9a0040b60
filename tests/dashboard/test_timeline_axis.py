"""The delegations timeline's date axis fits its marks: from just before the first mission's first day to
just after the last one's last day, every mark drawn, the years between kept, labels in the view's era."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import views
from dashboard.db import Warehouse
from dashboard.figures.charts import TIME_PAD, TIME_TICKS, time_axis
from dashboard.filters import Filters
from dashboard.i18n import fmt_year

VIEWS = [Filters(lang="en", era="ce"), Filters(lang="th", era="be"), Filters(lang="en", era="ce", year_from=2017),
         Filters(lang="th", era="be", partner=("jp-mie",)), Filters(lang="en", era="be", country=("JP",))]  # fmt: skip


def day(iso: str) -> date:
    return date.fromisoformat(iso[:10])


def check(axis: dict, bars: list[dict], era: str) -> None:
    lo, hi = day(axis["range"][0]), day(axis["range"][1])
    first, last = min(b["start"] for b in bars), max(b["end"] for b in bars)
    pad = max(20, round((last - first).days * TIME_PAD))
    assert lo == first - timedelta(days=pad) and hi == last + timedelta(days=pad)  # no empty year at an end
    ticks = [day(v) for v in axis["tickvals"]]
    assert ticks == sorted(ticks) and all(lo <= d <= hi for d in ticks)
    assert 1 <= len(ticks) <= TIME_TICKS
    for d, text in zip(ticks, axis["ticktext"], strict=True):
        assert text.endswith(fmt_year(d.year, era))


@pytest.mark.parametrize("f", VIEWS, ids=lambda f: f.query_string())
def test_the_shipped_timeline_fits_its_marks_and_draws_each(shipped_warehouse: Path, f):
    w = Warehouse(str(shipped_warehouse))
    try:
        chart = views.CHARTS["dl-timeline"]
        frames, _ = views.load(w, [chart], f)
        m = chart.marks(frames, f)
    finally:
        w.close()
    if m.is_empty:
        pytest.skip("no delegations in this view")
    fig = chart.draw(m, f)
    check(fig["layout"]["xaxis"], m.extra["bars"], f.era)
    dots = [x for tr in fig["data"] if tr.get("type") == "scatter" for x in tr["x"]]
    assert sorted(dots) == sorted(b["start"].isoformat() for b in m.extra["bars"])  # every mark, none added


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.dates(date(1990, 1, 1), date(2040, 12, 31)), st.integers(0, 400)), min_size=1, max_size=40),
    st.sampled_from(["be", "ce"]),
    st.sampled_from(["en", "th"]),
)
def test_any_missions_get_a_fitted_axis(spans, era, lang):
    bars = [{"start": s, "end": s + timedelta(days=n)} for s, n in spans]
    check(time_axis(bars, lang, era), bars, era)
