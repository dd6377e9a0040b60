"""A warehouse that goes bad under a running dashboard: the health check says so, pages explain it,
nothing crashes, and the next good build is picked up without a restart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.app import create_app, page_request
from dashboard.settings import load
from etl.build import build
from tests.conftest import DATA


def truncate(w: Path) -> None:
    """A copy cut to a third, renamed over the file (a new inode, as a careless copy would leave)."""
    data = w.read_bytes()
    tmp = w.with_suffix(".cut")
    tmp.write_bytes(data[: len(data) // 3])
    os.replace(tmp, w)


def overwrite(w: Path) -> None:
    """Garbage written into the file in place (the same inode)."""
    with open(w, "r+b") as f:
        f.write(b"\x00garbage" * 4096)


@pytest.mark.parametrize("damage", [truncate, overwrite])
def test_a_damaged_warehouse_is_reported_and_the_next_build_recovers(tmp_path: Path, damage):
    w = tmp_path / "w.duckdb"
    build(DATA / "basic", w, say=lambda m: None)
    app = create_app(load(warehouse=str(w)))
    client = app.server.test_client()

    def page(path: str) -> tuple[int, str]:
        r = client.post("/_dash-update-component", json=page_request(app, path, "?lang=en"))
        return r.status_code, r.get_data(as_text=True)

    assert client.get("/api/health").get_json()["warehouse"]["rows"]["agreements"] == 4
    assert page("/investment")[0] == 200

    damage(w)
    r = client.get("/api/health")
    assert r.status_code == 503
    body = r.get_json()
    assert body["status"] == "error"
    assert str(w) in body["error"] and "python -m etl build" in body["error"]
    assert "Traceback" not in body["error"]
    for path in ("/", "/agreements", "/delegations", "/investment", "/partners", "/data"):
        status, text = page(path)
        assert status == 200, path
        assert "The warehouse cannot be read" in text, path
        assert "Traceback" not in text
    assert client.get("/investment?lang=en").status_code == 200  # the page shell still loads

    build(DATA / "mixed", w, say=lambda m: None)  # the next good build
    r = client.get("/api/health")
    assert r.status_code == 200 and r.get_json()["warehouse"]["rows"]["agreements"] == 7
    status, text = page("/investment")
    assert status == 200 and "The warehouse cannot be read" not in text
