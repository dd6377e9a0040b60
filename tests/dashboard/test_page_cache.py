"""A page drawn once is kept per warehouse build and view: the same view answers the same bytes without
drawing again, another view or another build is drawn anew, and nothing about who asks is kept. And the
grid's script, which pages opening without a grid run only when wanted."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from dashboard.app import page_request
from dashboard.pages import _common
from tests.conftest import DATA
from tests.dashboard.conftest import app_and_client


@pytest.fixture
def fresh():
    """An empty page cache before and after the test (it is one per process)."""
    _common.PAGES.clear()
    yield _common.PAGES
    _common.PAGES.clear()


def draw(app, client, path: str, search: str) -> bytes:
    r = client.post("/_dash-update-component", json=page_request(app, path, search))
    assert r.status_code == 200, r.data[:300]
    assert b"notice error" not in r.data, r.data[:2000]
    return r.data


def graphs(body: bytes) -> dict[str, dict]:
    """The figures in a router answer, by graph id."""
    out = {}

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "Graph":
                out[node["props"]["id"]] = node["props"]["figure"]
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(json.loads(body))
    return out


def test_the_same_view_is_answered_from_the_cache_with_the_same_bytes(mixed_warehouse: Path, fresh):
    app, client = app_and_client(mixed_warehouse)
    for path in ("/", "/agreements", "/delegations", "/investment", "/partners"):
        first = draw(app, client, path, "?lang=en&year_from=2015")
        hits = fresh.hits
        assert draw(app, client, path, "?lang=en&year_from=2015") == first, path
        assert fresh.hits == hits + 1, f"{path}: drawn again instead of kept"


def test_another_view_is_drawn_anew(mixed_warehouse: Path, fresh):
    app, client = app_and_client(mixed_warehouse)
    all_years = graphs(draw(app, client, "/agreements", "?lang=en"))
    hits = fresh.hits
    english = draw(app, client, "/agreements", "?lang=en&year_from=2020")
    assert fresh.hits == hits
    assert graphs(english) != all_years  # fewer years on the axes: the filtered view, not the kept one
    thai = draw(app, client, "/agreements", "?lang=th&year_from=2020")
    assert fresh.hits == hits
    assert thai != english  # the language is part of the view


def test_a_mark_picked_is_kept_apart_from_the_view_without_it(mixed_warehouse: Path, fresh):
    """The drill panel highlights its mark in a copy: the view without `drill=` keeps every mark plain."""
    app, client = app_and_client(mixed_warehouse)
    plain = graphs(draw(app, client, "/agreements", "?lang=en"))
    drilled = graphs(draw(app, client, "/agreements", "?lang=en&drill=ag-by-level:level=local_government"))
    assert any("selectedpoints" in t for t in drilled["ag-by-level"]["data"])
    again = graphs(draw(app, client, "/agreements", "?lang=en"))
    assert again == plain
    assert not any("selectedpoints" in t for t in again["ag-by-level"]["data"])


def test_pages_that_depend_on_who_asks_are_not_kept(mixed_warehouse: Path, fresh):
    app, client = app_and_client(mixed_warehouse)
    for path in ("/data", "/sql"):
        draw(app, client, path, "?lang=en")
        draw(app, client, path, "?lang=en")
    assert fresh.hits == 0
    assert not [k for k in fresh._kept if k[1] in ("data", "sql")]


def test_a_new_build_is_drawn_anew_and_the_old_one_forgotten(mixed_warehouse: Path, tmp_path: Path, fresh):
    w = tmp_path / "warehouse.duckdb"
    shutil.copy(mixed_warehouse, w)
    app, client = app_and_client(w, swap_warm_s=0)  # switch to a new file at once
    first = draw(app, client, "/investment", "?lang=en")
    old = {k[0] for k in fresh._kept}
    assert len(old) == 1

    from etl.build import build

    build(DATA / "basic", tmp_path / "next.duckdb", say=lambda m: None)
    os.replace(tmp_path / "next.duckdb", w)  # the ETL's swap: a new file renamed over the old
    hits = fresh.hits
    second = draw(app, client, "/investment", "?lang=en")
    assert fresh.hits == hits, "a page of the old build was served after the swap"
    assert second != first
    assert {k[0] for k in fresh._kept}.isdisjoint(old), "the old build's pages are still kept"


def test_the_cache_is_bounded(mixed_warehouse: Path, fresh):
    app, client = app_and_client(mixed_warehouse)
    fresh.entries, entries = 3, fresh.entries
    try:
        for year in range(2010, 2016):
            draw(app, client, "/delegations", f"?lang=en&year_from={year}")
        assert len(fresh._kept) == 3
        assert [k[2].year_from for k in fresh._kept] == [2013, 2014, 2015]  # the oldest went first
    finally:
        fresh.entries = entries


# -- the grid's script, run only when a page draws a grid ------------------------------------------------------

GRID_BUNDLE = re.compile(r'<script src="/_dash-component-suites/dash_ag_grid/[^"]+\.js">')


def test_every_page_names_the_grid_loader_instead_of_the_bundle(mixed_warehouse: Path):
    """No page runs the grid's bundle before its first drawing: pages whose first screen holds no grid fetch it
    when wanted, pages that open with a grid (`data-eager`) fetch it at once, run when it arrives; the SQL page
    opened without a query lets the bundle's own component take over once it comes (`data-own`)."""
    _, client = app_and_client(mixed_warehouse)
    loader = re.compile(r'<script src="(/_grid-loader\.js\?v=[0-9a-f]+)" data-src="([^"]+)"( data-eager)?( data-own)?>')
    for path, eager in (
        ("/", False), ("/investment?lang=en", False), ("/partners", False), ("/sql", False),
        ("/agreements", False), ("/delegations", False),
        ("/data", False),  # its first screen: short tables drawn as HTML
        ("/agreements?drill=ag-by-year:year=2020", True),
        ("/investment?drill=iv-value:year=2020", True),
        ("/partners?partner=jp", True),
        ("/sql?sql=SELECT+1", True),  # a query in the address runs at once: its answer's grid is wanted
    ):  # fmt: skip
        page = client.get(path, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
        assert not GRID_BUNDLE.search(page), path
        found = loader.search(page)
        assert found and bool(found.group(3)) == eager, path
        assert bool(found.group(4)) == (path == "/sql"), path
        assert client.get(found.group(2)).status_code == 200  # the bundle it names is served
        r = client.get(found.group(1))
        assert r.status_code == 200 and r.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.browser
def test_the_grid_script_runs_only_when_wanted(server, page):
    """The Investment page draws without the grid's bundle; a pointer move fetches it, and a click on a bar
    draws the records grid with it."""
    p = page.page
    p.goto(f"{server}/investment?lang=en&era=ce")
    p.wait_for_selector("#iv-value .bars path")
    p.wait_for_load_state("networkidle")
    assert not [u for u in page.requests if "dash_ag_grid.v" in u]
    box = p.locator("#iv-value .bars path").first.bounding_box()
    p.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    p.wait_for_function("window.dashboardGrids.loaded()")
    assert [u for u in page.requests if "dash_ag_grid.v" in u]
    p.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    p.wait_for_selector("#drill-panel:not([hidden]) #drill-records .ag-row")
    assert page.errors == []


@pytest.mark.browser
def test_the_sql_page_fetches_the_grid_for_its_first_answer(server, page):
    """The SQL page opens without the grid's bundle (no answer to show yet); running a query with the keyboard
    alone (a key press fetches it) draws the answer in the real grid."""
    p = page.page
    p.goto(f"{server}/sql?lang=en")
    p.wait_for_selector("#sql-editor-cm .cm-content")
    p.wait_for_load_state("networkidle")
    assert not [u for u in page.requests if "dash_ag_grid.v" in u]
    p.locator("#sql-editor-cm .cm-content").click()
    p.keyboard.press("Control+a")
    p.keyboard.type("SELECT 42 AS answer")
    p.keyboard.press("Control+Enter")
    p.wait_for_selector("#sql-grid .ag-row")
    assert [u for u in page.requests if "dash_ag_grid.v" in u]
    assert "42" in p.locator("#sql-grid .ag-row").first.inner_text()
    assert page.errors == []


# -- no @babel/polyfill: only the regenerator runtime its users need -------------------------------------------------


def test_pages_load_the_regenerator_runtime_instead_of_babels_polyfill(mixed_warehouse: Path):
    _, client = app_and_client(mixed_warehouse)
    for path in ("/", "/investment?lang=en", "/partners", "/sql", "/data", "/agreements?drill=ag-by-year:year=2020"):
        page = client.get(path, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
        assert "polyfill@" not in page, path
        assert "dash_table/bundle" not in page, path  # no page draws a DataTable
        scripts = re.findall(r'<script src="([^"]+)"', page)
        runtime = [s for s in scripts if "/assets/vendor/regenerator-runtime.js" in s]
        assert len(runtime) == 1, (path, scripts)
        # It runs before the renderer, whose async components (dropdowns, graphs) call it when they load.
        renderer = next(i for i, s in enumerate(scripts) if "dash_renderer" in s)
        assert scripts.index(runtime[0]) < renderer, scripts
        body = client.get(runtime[0]).get_data(as_text=True)
        assert "regeneratorRuntime = runtime" in body


@pytest.mark.browser
def test_async_components_load_without_the_polyfill(server, page):
    """The filter bar's dropdowns and the charts are Dash's async components, loaded through
    regeneratorRuntime: with the polyfill gone they still load, open and draw, with no error."""
    p = page.page
    p.goto(f"{server}/investment?lang=en&era=ce")
    p.wait_for_selector("#iv-value .bars path")
    assert p.evaluate("typeof regeneratorRuntime.mark") == "function"
    p.locator("#f-sector").click()
    p.wait_for_selector(".dash-dropdown-options, .Select-menu-outer, [role=listbox]")
    assert not [u for u in page.requests if "polyfill@" in u or "dash_table" in u]
    assert page.errors == []


# -- what the first screen needs after Dash draws it, asked for in the head -----------------------------------------


def test_every_page_asks_for_its_fonts_and_dcc_chunks_in_its_head(mixed_warehouse: Path):
    _, client = app_and_client(mixed_warehouse)
    # charts: does the page draw charts (dcc's graph chunk)? None: nor has it a filter bar (its dropdown chunk)
    for path, charts in (("/", True), ("/investment?lang=en", True), ("/sql", False), ("/data", False),
                         ("/sql/browse", None)):  # fmt: skip
        page = client.get(path, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
        head = page.split("</head>")[0]
        preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="(font|script)"', head)
        assert sorted(h for h, _ in preloads) == sorted([
            "/assets/fonts/sarabun-latin-400-normal.woff2", "/assets/fonts/sarabun-latin-700-normal.woff2",
            "/assets/fonts/sarabun-thai-400-normal.woff2", "/assets/fonts/sarabun-thai-700-normal.woff2",
            *(["/_dash-component-suites/dash/dcc/async-dropdown.js"] if charts is not None else []),
            *(["/_dash-component-suites/dash/dcc/async-graph.js"] if charts else []),
        ]), path  # fmt: skip
        for href, _ in preloads:
            r = client.get(href)
            assert r.status_code == 200, href
            r.close()


@pytest.mark.browser
def test_what_the_head_asks_for_is_fetched_once_and_before_the_page_is_drawn(server, page):
    """A preload the page then fetches again (a font preloaded without `crossorigin`, a chunk at another
    address) would cost a second download: each comes once, and before Dash has asked for the layout."""
    p = page.page
    p.goto(f"{server}/investment?lang=th")
    p.wait_for_selector("#iv-value .main-svg")
    p.wait_for_load_state("networkidle")
    timing = p.evaluate(
        "() => performance.getEntriesByType('resource').map(e => [e.name.replace(location.origin, ''), e.startTime])"
    )
    starts = {}
    for name, start in timing:
        starts.setdefault(name.split("?")[0], []).append(start)
    layout = min(starts["/_dash-layout"])
    for name in ("sarabun-thai-400", "sarabun-latin-700", "async-dropdown", "async-graph"):
        (hit,) = [k for k in starts if name in k]
        assert len(starts[hit]) == 1, (hit, starts[hit])
        assert starts[hit][0] < layout, (hit, starts[hit], layout)
    assert page.errors == []


# -- plotly.js's Thai texts: registered once per page, not sent with every chart -------------------------------------


def test_the_thai_plotly_locale_is_one_script_after_plotly_and_charts_only_name_it(mixed_warehouse: Path):
    app, client = app_and_client(mixed_warehouse)
    page = client.get("/investment?lang=th", headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    plotly = next(i for i, s in enumerate(scripts) if "plotly-dashboard.min.js" in s)
    assert scripts[plotly + 1].startswith("/_plotly-locale-th.js?v=")
    r = client.get(scripts[plotly + 1])
    assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Plotly.register(" in r.get_data(as_text=True) and "ดาวน์โหลดแผนภูมิเป็นภาพ PNG" in r.get_data(as_text=True)
    body = draw(app, client, "/investment", "?lang=th")
    assert b'"locale":"th"' in body.replace(b" ", b"") and b'"locales"' not in body


@pytest.mark.browser
def test_a_thai_chart_speaks_thai_with_the_locale_registered_once(server, page):
    p = page.page
    p.goto(f"{server}/investment?lang=th")
    p.wait_for_selector("#iv-value .main-svg")
    titles = p.locator("#iv-value .modebar-btn").evaluate_all("els => els.map(e => e.getAttribute('data-title'))")
    assert "ดาวน์โหลดแผนภูมิเป็นภาพ PNG" in titles
    assert page.errors == []
