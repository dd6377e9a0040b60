"""plotly.js only where charts are drawn: a page whose first screen has no chart (the Data page, the table
browser) is sent without it (1.4 MB; about 400 KB on the wire); it is run when the pointer or the keyboard
comes to a link to a page with charts, or fetched by the first chart drawn. Either way it comes once, as
the app's own build, with its Thai texts and with charts drawn as they come into view."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.dashboard.conftest import app_and_client

BUILD = "/assets/vendor/plotly-dashboard.min.js"
THAI = "ดาวน์โหลดแผนภูมิเป็นภาพ PNG"  # plotly's "Download plot as a PNG", registered in Thai


def scripts_of(client, path: str) -> list[str]:
    page = client.get(path, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
    return re.findall(r"<script src=\"([^\"]+)\"([^>]*)>", page)


@pytest.mark.parametrize("path", ["/data?lang=th", "/sql/browse?lang=en", "/sql?lang=th"])
def test_a_page_without_charts_names_plotly_and_does_not_load_it(mixed_warehouse: Path, path):
    _, client = app_and_client(mixed_warehouse)
    scripts = scripts_of(client, path)
    assert not [s for s, _ in scripts if BUILD in s]
    (locale,) = [(s, attrs) for s, attrs in scripts if s.startswith("/_plotly-locale-th.js?v=")]
    named = re.search(r'data-plotly="([^"]+)"', locale[1])
    assert named and named.group(1).startswith(BUILD + "?m=")
    served = client.get(named.group(1))
    assert served.status_code == 200
    served.close()
    charted = re.search(r'data-charted="([^"]+)"', locale[1]).group(1).split()
    assert {"/", "/investment", "/agreements", "/delegations", "/partners"} == set(charted)


@pytest.mark.parametrize("path", ["/investment?lang=th", "/?lang=en", "/partners?lang=th"])
def test_a_page_with_charts_loads_plotly_then_its_thai_texts(mixed_warehouse: Path, path):
    _, client = app_and_client(mixed_warehouse)
    scripts = [s for s, _ in scripts_of(client, path)]
    at = next(i for i, s in enumerate(scripts) if BUILD in s)
    assert scripts[at + 1].startswith("/_plotly-locale-th.js?v=")


def plotly_fetches(page) -> list[str]:
    return [u for u in page.requests if "plotly" in u and "locale" not in u]


def charts_in_thai(p) -> None:
    """Investment's first chart drawn with plotly's Thai texts, the charts below the fold waiting."""
    p.wait_for_selector("#iv-value .main-svg")
    titles = p.locator("#iv-value .modebar-btn").evaluate_all("els => els.map(e => e.getAttribute('data-title'))")
    assert THAI in titles
    assert p.evaluate("window.dashboardCharts.waiting()") > 0  # drawn when seen: assets/lazy-charts.js
    assert p.evaluate("document.querySelectorAll('script[src*=\"plotly-dashboard\"]').length") == 1


@pytest.mark.browser
def test_the_pointer_on_a_link_to_charts_brings_plotly_before_the_click(server, page):
    p = page.page
    p.goto(f"{server}/data?lang=th")
    p.wait_for_selector("main.page-data")
    p.wait_for_load_state("networkidle")
    assert plotly_fetches(page) == [] and p.evaluate("typeof window.Plotly") == "undefined"
    p.hover("#nav-data")  # a page without charts: nothing
    p.wait_for_timeout(300)
    assert plotly_fetches(page) == []
    p.hover("#nav-investment")
    p.wait_for_function("() => window.Plotly && window.Plotly.__drawnWhenSeen")
    assert [u.split("?")[0].removeprefix(server) for u in plotly_fetches(page)] == [BUILD]
    p.click("#nav-investment")
    charts_in_thai(p)
    assert len(plotly_fetches(page)) == 1
    assert page.errors == []


@pytest.mark.browser
def test_a_click_with_no_pointer_before_it_has_the_chart_fetch_plotly_once(server, page):
    """A click that comes with no pointer over the link (a script, a touch) leaves plotly.js to dcc.Graph,
    which fetches the app's build (not the plotly package's full one) once."""
    p = page.page
    p.goto(f"{server}/data?lang=th")
    p.wait_for_selector("main.page-data")
    p.wait_for_load_state("networkidle")
    p.evaluate("document.getElementById('nav-investment').click()")
    charts_in_thai(p)
    assert [u.split("?")[0].removeprefix(server) for u in plotly_fetches(page)] == [BUILD]
    assert page.errors == []


@pytest.mark.browser
def test_a_click_while_the_pointers_copy_is_on_its_way_waits_for_it(server, page):
    """The pointer comes to the link and the click follows before plotly.js has arrived: the chart waits
    for that copy, and no second one is fetched or run."""
    p = page.page
    held = []
    p.route(re.compile(r".*/plotly-dashboard\.min\.js.*"), lambda route: held.append(route))
    p.goto(f"{server}/sql/browse?lang=th")
    p.wait_for_load_state("networkidle")
    p.hover("#nav-investment")
    p.wait_for_function("() => document.querySelectorAll('script[src*=\"plotly-dashboard\"]').length === 1")
    p.click("#nav-investment")
    p.wait_for_selector("#iv-value-card")
    p.wait_for_timeout(500)  # the chart asks for plotly.js meanwhile
    assert len(held) == 1 and p.locator("#iv-value .main-svg").count() == 0
    held[0].continue_()
    charts_in_thai(p)
    assert len(held) == 1
    assert page.errors == []


@pytest.mark.browser
def test_a_copy_that_fails_is_asked_for_again_by_the_next_link(server, page):
    p = page.page
    failed = []

    def fail_once(route):
        if failed:
            route.continue_()
        else:
            failed.append(route.request.url)
            route.abort()

    p.route(re.compile(r".*/plotly-dashboard\.min\.js.*"), fail_once)
    p.goto(f"{server}/data?lang=th")
    p.wait_for_load_state("networkidle")
    p.hover("#nav-agreements")
    p.wait_for_function("() => document.querySelectorAll('script[src*=\"plotly-dashboard\"]').length === 0")
    assert len(failed) == 1 and p.evaluate("typeof window.Plotly") == "undefined"
    page.errors.clear()  # the failed fetch, as the browser reports it
    p.hover("#nav-investment")
    p.wait_for_function("() => window.Plotly && window.Plotly.__drawnWhenSeen")
    p.click("#nav-investment")
    charts_in_thai(p)
    assert page.errors == []
