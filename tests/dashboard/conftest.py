"""A real dashboard server and a real headless Chromium for browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_and_client(warehouse: Path, **settings):
    """(app, test client) on `warehouse` with these settings, past the first request (Dash's page registry)."""
    from dashboard.app import create_app
    from dashboard.settings import load

    app = create_app(load(warehouse=str(warehouse), **settings))
    client = app.server.test_client()
    client.get("/")
    return app, client


@pytest.fixture(scope="module")
def app_client(mixed_warehouse: Path):
    """(app, test client) on the mixed test warehouse."""
    return app_and_client(mixed_warehouse)


def started(command: list[str], env: dict, log: Path, port: int) -> tuple[str, subprocess.Popen]:
    """Run a server `command` listening on loopback `port` until /api/health answers 200: -> (base URL,
    process). Its output goes to `log`: a pipe nobody reads fills up and stops the server."""
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/api/health", timeout=2) as r:
                if r.status == 200:
                    return base, proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the dashboard did not start: " + log.read_text()[-2000:])


def serve(warehouse: Path, tmp_path_factory):
    """`python -m dashboard` on a free loopback port, serving `warehouse`: -> (base URL, process)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_LANG": "th", "DASHBOARD_ERA": "be"}
    command = [sys.executable, "-m", "dashboard", "--warehouse", str(warehouse), "--port", str(port)]
    return started(command, env, tmp_path_factory.mktemp("server") / "dashboard.log", port)


def gunicorn(warehouse: Path, log: Path, threads: int = 8) -> tuple[str, subprocess.Popen]:
    """Production serving as the README gives it (two workers) on a free loopback port: -> (base URL, process)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_WAREHOUSE": str(warehouse)}
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "--threads", str(threads), "-b", f"127.0.0.1:{port}",
               "--timeout", "120", "dashboard.wsgi:server"]  # fmt: skip
    return started(command, env, log, port)


def served(warehouse: Path, tmp_path_factory):
    """For a fixture: yields the base URL of `serve(warehouse)`, and stops the server after."""
    base, proc = serve(warehouse, tmp_path_factory)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def server(mixed_warehouse: Path, tmp_path_factory):
    """The dashboard serving the mixed test warehouse."""
    yield from served(mixed_warehouse, tmp_path_factory)


@pytest.fixture(scope="session")
def shipped_server(shipped_warehouse: Path, tmp_path_factory):
    """The dashboard serving the real, cited data of data/raw."""
    yield from served(shipped_warehouse, tmp_path_factory)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make system` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watched:
    """A page whose console errors, failed requests and every requested URL are recorded."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} {r.failure}"))
        page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        page.on("request", lambda r: self.requests.append(r.url))

    def off_machine(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))]


@pytest.fixture
def page(browser):
    # Playwright's waits evaluate their predicates as strings, which the dashboard's Content-Security-Policy
    # forbids; test_security.py loads every page with the policy enforced.
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="th-TH", bypass_csp=True)
    p = ctx.new_page()
    p.set_default_timeout(20_000)
    yield Watched(p)
    ctx.close()


def show(p, chart: str) -> None:
    """Scroll a chart's card into view and wait for its drawing: a chart far below the fold is drawn only
    when it comes into view (dashboard/assets/lazy-charts.js)."""
    card = p.locator(f"#{chart}-card")
    card.wait_for(state="attached")
    card.scroll_into_view_if_needed()
    p.wait_for_selector(f"#{chart} .main-svg")


def show_grid(p, grid: str) -> None:
    """Scroll a records grid into view and wait for its rows: a grid far below the fold loads its script
    when it comes into view (or at the first pointer move; dashboard/app.py, GRID_LOADER)."""
    box = p.locator(f"#{grid}")
    box.wait_for(state="attached")
    box.scroll_into_view_if_needed()
    p.wait_for_selector(f"#{grid} .ag-row")


def search_in(p, selector: str, typed: str) -> None:
    """Open a Dash dropdown and type `typed` into its search box. The box takes the keys only once the
    opened list has moved the focus to it: keys typed in the instant between (a click and typing at once)
    can be lost, so wait for the focus first."""
    p.locator(selector).click()
    p.wait_for_function("document.activeElement?.classList.contains('dash-dropdown-search')")
    p.keyboard.type(typed)
