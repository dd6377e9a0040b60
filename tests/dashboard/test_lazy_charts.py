"""A chart far below the fold is drawn when it comes into view (dashboard/assets/lazy-charts.js): the first
screen is drawn first, nothing moves when a chart below it is drawn, and printing draws every chart."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

BELOW = ("iv-sector", "iv-eec")  # the third row of Investment's charts, far below a 1366 x 900 window


def drawn(p, chart: str) -> bool:
    return p.locator(f"#{chart} .main-svg").count() > 0


def opened(p, url: str, chart: str) -> None:
    """Open `url` and wait until `chart` (one on the first screen) is drawn and the network is quiet."""
    p.goto(url)
    p.wait_for_selector(f"#{chart} .main-svg")
    p.wait_for_load_state("networkidle")


def test_charts_below_the_fold_wait_until_they_come_into_view(server, page):
    p = page.page
    opened(p, f"{server}/investment?lang=en", "iv-value")
    p.wait_for_selector("#iv-projects .main-svg")
    assert not any(drawn(p, c) for c in BELOW)
    assert p.evaluate("window.dashboardCharts.waiting()") == len(BELOW)
    top = p.locator("#iv-eec-card").bounding_box()["y"]
    p.locator("#iv-sector-card").scroll_into_view_if_needed()
    p.wait_for_selector("#iv-sector .main-svg", timeout=5_000)
    p.wait_for_selector("#iv-eec .main-svg", timeout=5_000)  # the same row: in view too
    assert p.evaluate("window.dashboardCharts.waiting()") == 0
    scrolled = p.evaluate("window.scrollY")
    assert abs(p.locator("#iv-eec-card").bounding_box()["y"] + scrolled - top) < 2  # its box kept its place
    assert page.errors == []


def test_printing_draws_every_chart(server, page):
    p = page.page
    opened(p, f"{server}/investment?lang=th", "iv-value")
    assert not drawn(p, "iv-eec")
    p.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what the browser sends before it prints
    for chart in BELOW:
        p.wait_for_selector(f"#{chart} .main-svg", timeout=5_000)
    assert page.errors == []


def test_a_new_view_draws_the_charts_in_view_and_keeps_the_others_waiting(server, page):
    p = page.page
    opened(p, f"{server}/investment?lang=en", "iv-value")
    p.locator("#lang-th, a[href*='lang=th']").first.click()  # another view: the page is drawn again
    p.wait_for_function("document.documentElement.lang === 'th'")
    p.wait_for_selector("#iv-value .main-svg")
    p.wait_for_load_state("networkidle")
    assert not drawn(p, "iv-eec")
    p.locator("#iv-eec-card").scroll_into_view_if_needed()
    p.wait_for_selector("#iv-eec .main-svg", timeout=5_000)
    assert page.errors == []


def test_a_records_grid_below_the_charts_loads_when_it_comes_into_view(server, page):
    p = page.page
    opened(p, f"{server}/agreements?lang=en", "ag-by-year")
    assert p.locator("#ag-records[data-grid-waiting]").count() == 1
    assert not [u for u in page.requests if "dash_ag_grid.v" in u]  # the grid's script not even fetched
    p.locator("#ag-records").scroll_into_view_if_needed()
    p.wait_for_selector("#ag-records .ag-row", timeout=10_000)
    assert [u for u in page.requests if "dash_ag_grid.v" in u]
    assert page.errors == []


def test_the_first_pointer_move_loads_the_grids_script_and_the_grid_waits_until_near(server, page):
    p = page.page
    opened(p, f"{server}/delegations?lang=th", "dl-by-year")
    assert not p.evaluate("window.dashboardGrids.loaded()")
    p.mouse.move(200, 200)  # the analyst is here: the grid's script is made ready before the grid is scrolled to
    p.wait_for_function("window.dashboardGrids.loaded()")
    assert p.locator("#dl-records[data-grid-waiting]").count() == 1  # far below: not drawn yet
    # The page drawn anew (another year) with the script there: the grid far below still waits.
    p.evaluate("""() => { history.pushState({}, '', location.pathname + '?lang=th&year_from=2018');
                          window.dispatchEvent(new CustomEvent('_dashprivate_pushstate')); }""")
    p.wait_for_selector("#dl-by-year .main-svg")
    p.wait_for_load_state("networkidle")
    p.wait_for_timeout(300)
    assert p.locator("#dl-records[data-grid-waiting]").count() == 1
    assert p.locator("#dl-records .ag-root").count() == 0
    p.locator("#dl-records").scroll_into_view_if_needed()
    p.wait_for_selector("#dl-records .ag-row", timeout=10_000)
    assert page.errors == []


def test_the_data_page_opens_without_the_grid_script_and_draws_a_grid_when_it_comes_near(server, page):
    """The Data page's first screen holds short tables drawn as HTML (the totals the sources state, the
    reconciliation), so it opens without the grid's script; the grids below keep their boxes until one comes
    near, and the script comes with the first move of the pointer, so a grid scrolled to is drawn at once."""
    p = page.page
    p.set_viewport_size({"width": 1366, "height": 900})
    fetched: list[str] = []
    p.on("request", lambda r: fetched.append(r.url) if "dash_ag_grid" in r.url or "async-community" in r.url else None)
    p.goto(f"{server}/data?lang=en")
    p.wait_for_selector("main.page-data #dt-stated-totals tbody tr")
    p.wait_for_load_state("networkidle")
    assert fetched == [] and not p.evaluate("window.dashboardGrids.loaded()")
    assert (
        p.locator("#dt-stated-totals tbody tr").count() >= 1 and p.locator("#dt-reconciliation tbody tr").count() >= 1
    )
    grids = p.locator("main.page-data [class^=ag-theme-][id]")
    ids = grids.evaluate_all("els => els.map(e => e.id)")
    waiting = p.locator("main.page-data [data-grid-waiting]").evaluate_all("els => els.map(e => e.id)")
    assert len(ids) >= 4 and waiting == ids, (ids, waiting)
    p.mouse.move(400, 400)  # the first move brings the script, not yet a drawing
    p.wait_for_function("window.dashboardGrids.loaded()", timeout=10_000)
    assert p.locator("main.page-data .ag-root").count() == 0
    last = waiting[-1]
    height = p.locator(f"#{last}").bounding_box()["height"]
    assert height > 100  # its box holds its height: nothing moves when it is drawn
    p.locator(f"#{last}").scroll_into_view_if_needed()
    p.wait_for_selector(f"#{last} .ag-root", timeout=10_000)
    assert abs(p.locator(f"#{last}").bounding_box()["height"] - height) < 2
    tops = grids.evaluate_all(
        "els => els.filter(e => e.querySelector('.ag-root')).map(e => e.getBoundingClientRect().top)"
    )
    assert tops and all(-900 - 200 <= top <= 900 + 200 for top in tops), tops  # only those near the window
    p.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # printing draws every table
    p.wait_for_function("!document.querySelector('main.page-data [data-grid-waiting]')", timeout=10_000)
    assert page.errors == []


def test_a_chart_drawn_at_its_size_is_not_laid_out_again_and_a_resize_refits_it(server, page):
    """dcc.Graph asks plotly to fit each chart to its box as it mounts; a chart already drawn at that size is
    left alone (plotly would lay it out again 0.1 s later, changing the page after it was drawn), and a
    window made narrower still refits it."""
    p = page.page
    p.set_viewport_size({"width": 1366, "height": 900})
    p.goto(f"{server}/investment?lang=th")
    p.wait_for_selector("#iv-value .main-svg")
    p.evaluate(
        """() => { window.__relayouts = [];
                   for (const gd of document.querySelectorAll('.js-plotly-plot'))
                     if (gd.on) gd.on('plotly_relayout', () => window.__relayouts.push(gd.id)); }"""
    )
    p.wait_for_load_state("networkidle")
    p.wait_for_timeout(600)  # plotly lays a chart out again 100 ms after it is asked to fit it
    assert p.evaluate("window.__relayouts") == []
    chart = "document.querySelector('#iv-value .js-plotly-plot')"
    width = p.evaluate(f"{chart}._fullLayout.width")
    p.set_viewport_size({"width": 1000, "height": 900})  # one chart a row: each chart is wider
    p.wait_for_function(
        f"Math.abs({chart}._fullLayout.width - parseFloat(getComputedStyle({chart}).width)) <= 1"
        f" && {chart}._fullLayout.width > {width} + 100",
        timeout=5_000,
    )
    assert p.evaluate("window.__relayouts")  # refitted by plotly, as before
    assert page.errors == []


def test_a_chart_a_layout_shift_brings_into_the_window_is_drawn_without_a_scroll(server, page):
    p = page.page
    p.set_viewport_size({"width": 1366, "height": 900})
    opened(p, f"{server}/investment?lang=en", "iv-value")
    assert not drawn(p, "iv-sector")
    top = p.evaluate("document.querySelector('#iv-sector').getBoundingClientRect().top")
    shift = "(px) => { document.querySelector('main').style.marginTop = px + 'px'; }"
    p.evaluate(shift, 1000 - top)  # what stands above shrinks: the chart is 100 px below the window, not in it
    p.wait_for_timeout(400)
    assert not drawn(p, "iv-sector")
    p.evaluate(shift, 800 - top)  # and shrinks again: the chart is in the window, with no scroll at all
    p.wait_for_selector("#iv-sector .main-svg", timeout=5_000)
    assert p.evaluate("window.scrollY") == 0
    assert page.errors == []


def test_the_sql_page_has_no_chart_before_a_result_and_drawn_again_fetches_nothing_twice(server, page):
    """The SQL page's chart of a result is put on the page only when a result has numbers: the page opens
    without it (and without plotly.js); drawn again for a filter change, the page asks the server only for
    itself (the editor's catalogue is kept for the build it was fetched for)."""
    p = page.page
    p.goto(f"{server}/sql?lang=en")
    p.wait_for_selector("#sql-editor-cm .cm-content")
    p.wait_for_load_state("networkidle")
    assert p.locator("#sqled-graph").count() == 0
    assert not [u for u in page.requests if "plotly-dashboard" in u or "async-graph" in u]
    assert sum("/api/sql/catalogue" in u for u in page.requests) == 1
    page.requests.clear()
    p.locator("a.toggle-option[href*='era=ce']").first.click()  # another view of the page: drawn again
    p.wait_for_url("**era=ce**")
    p.wait_for_selector("#sql-editor-cm .cm-content")
    p.wait_for_load_state("networkidle")
    assert [u for u in page.requests if "/api/sql/catalogue" in u] == []
    assert p.locator("#sqled-graph").count() == 0
    assert page.errors == []
