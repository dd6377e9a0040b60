"""Every chart on the screen comes with margins that already hold its labels (figures/theme.fitted), so
plotly's automargin finds nothing to add and draws it once, not twice, in both languages; the labels
still fit: none runs past the left edge of its drawing."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# The chart whose room plotly still works out itself: the map, for its colour bar.
PUSHED_BY_DESIGN = {"pt-map"}

MARGINS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(g => {
  const m = g._fullLayout.margin, s = g._fullLayout._size, box = g.getBoundingClientRect();
  const left = Math.min(...[...g.querySelectorAll('.ytick text, .g-ytitle text')].map(t => t.getBoundingClientRect().left));
  return {id: g.parentElement.id || g.id, given: [m.l, m.r, m.t, m.b], drawn: [s.l, s.r, s.t, s.b],
          inside: !isFinite(left) || left >= box.left - 1};
})"""


@pytest.mark.parametrize("lang", ["th", "en"])
def test_charts_are_drawn_once_with_their_labels_inside(server, page, lang):
    p = page.page
    seen = []
    for path in ("/", "/agreements", "/delegations", "/investment", "/partners"):
        p.goto(f"{server}{path}?lang={lang}")
        p.wait_for_selector("figure .main-svg")
        p.wait_for_load_state("networkidle")
        p.wait_for_function(  # the charts below the fold too, drawn at once as for printing
            "(window.dashboardCharts.drawAll(), [...document.querySelectorAll('.js-plotly-plot')]"
            ".every(g => g._fullLayout && g.querySelector('.main-svg')))"
        )
        for chart in p.evaluate(MARGINS):
            seen.append(chart["id"])
            assert chart["inside"], (path, chart)
            if chart["id"] not in PUSHED_BY_DESIGN:
                assert chart["drawn"] == chart["given"], (path, chart)
    assert len(seen) >= 15, seen
    assert page.errors == []
