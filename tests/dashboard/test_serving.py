"""Production serving: gunicorn workers read the warehouse read-only and pick up a swapped file."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from pathlib import Path

from etl.build import build
from tests.conftest import DATA
from tests.dashboard.conftest import gunicorn


def get(url: str) -> tuple[int, dict | str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            body = r.read().decode()
            return r.status, json.loads(body) if r.headers.get_content_type() == "application/json" else body
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_gunicorn_workers_serve_pages_and_pick_up_a_new_warehouse(tmp_path: Path):
    w = tmp_path / "w.duckdb"
    build(DATA / "basic", w, say=lambda m: None)
    log = tmp_path / "gunicorn.log"
    base, proc = gunicorn(w, log, threads=2)
    try:
        status, body = get(base + "/api/health")
        assert status == 200 and body["warehouse"]["rows"]["agreements"] == 4
        status, html = get(base + "/agreements?lang=en")
        assert status == 200 and "_dash-config" in html
        build(DATA / "mixed", w, say=lambda m: None)  # swapped in while the workers run
        # Each worker runs its recent queries on the new build, then serves from it: within seconds.
        seen, deadline = [], time.monotonic() + 30
        while seen[-12:] != [7] * 12 and time.monotonic() < deadline:
            seen.append(get(base + "/api/health")[1]["warehouse"]["rows"]["agreements"])
        assert seen[-12:] == [7] * 12, seen
        assert set(seen) <= {4, 7}
        lines = log.read_text().splitlines()
        assert any(re.search(r"\[\d+\] GET /agreements\?lang=en 200 \d+ [0-9.]+ ms$", line) for line in lines), lines[
            -5:
        ]
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_each_request_is_logged_with_its_time(mixed_warehouse: Path, caplog):
    from dashboard.app import create_app
    from dashboard.settings import load

    client = create_app(load(warehouse=str(mixed_warehouse))).server.test_client()
    with caplog.at_level("INFO", logger="dashboard.requests"):
        client.get("/api/health?x=1")
        client.get("/assets/no-such-file.css")
    lines = [r.getMessage() for r in caplog.records if r.name == "dashboard.requests"]
    assert re.fullmatch(r"GET /api/health\?x=1 200 \d+ [0-9.]+ ms", lines[0]), lines
    assert lines[1].startswith("GET /assets/no-such-file.css 404 ")


def test_a_serving_process_starts_its_image_browser_and_sql_worker_at_once(mixed_warehouse: Path):
    from dashboard.app import create_app, warm
    from dashboard.export.images import renderer
    from dashboard.sql.api import KEY

    app = create_app(load_settings(mixed_warehouse))
    warm(app)
    sql = app.server.extensions[KEY]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (renderer.running and sql.pid):
        time.sleep(0.2)
    assert renderer.running and sql.pid, "warm() should start both before any request"
    sql.close()


def test_the_warm_up_pays_what_a_first_export_would_and_keeps_no_view_s_answer(mixed_warehouse: Path):
    """warm_exports: python-pptx and plotly's figure classes imported, plotly.js parsed in the image browser, the
    filter bar's choices read; no chart's query run, so an analyst's first view still asks the warehouse."""
    import sys

    from dashboard.app import WARMED, create_app, warm_exports
    from dashboard.export.images import renderer

    create_app(load_settings(mixed_warehouse))
    t0 = time.perf_counter()
    warm_exports()
    assert WARMED.is_set() and renderer.running
    assert "dashboard.export.deck" in sys.modules and "pptx" in sys.modules
    from dashboard import context

    kept = [name for _sql, _params, name in context.get().warehouse._hot_keys()]
    assert kept == ["choices"], kept  # the filter bar's values only: no figure of any view
    assert time.perf_counter() - t0 < 60


def load_settings(w: Path):
    from dashboard.settings import load

    return load(warehouse=str(w), log_requests=0)
