"""Production serving: gunicorn workers read the warehouse read-only and pick up a swapped file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from etl.build import build
from tests.conftest import DATA, ROOT
from tests.dashboard.conftest import free_port


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
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_WAREHOUSE": str(w)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "dashboard.wsgi:server"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(base + "/api/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.3)
        status, body = get(base + "/api/health")
        assert status == 200 and body["warehouse"]["rows"]["agreements"] == 4
        status, html = get(base + "/agreements?lang=en")
        assert status == 200 and "_dash-config" in html
        build(DATA / "mixed", w, say=lambda m: None)  # swapped in while the workers run
        seen = {get(base + "/api/health")[1]["warehouse"]["rows"]["agreements"] for _ in range(12)}
        assert seen == {7}
    finally:
        proc.terminate()
        proc.wait(timeout=15)
