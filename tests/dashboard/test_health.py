"""The health check names the warehouse state; settings come from one table and the environment."""

from __future__ import annotations

from pathlib import Path

from dashboard.app import create_app
from dashboard.settings import load


def test_health_reports_the_warehouse(mixed_warehouse: Path):
    app = create_app(load(warehouse=str(mixed_warehouse)))
    client = app.server.test_client()
    r = client.get("/api/health")
    assert r.status_code == 200
    body = r.get_json()
    assert body["status"] == "ok"
    assert body["warehouse"]["schema_version"] == "4"
    assert body["warehouse"]["rows"]["agreements"] == 7
    assert body["warehouse"]["synthetic"] is False


def test_health_says_when_the_warehouse_cannot_be_read(tmp_path: Path):
    bad = tmp_path / "broken.duckdb"
    bad.write_bytes(b"not a database")
    r = create_app(load(warehouse=str(bad))).server.test_client().get("/api/health")
    assert r.status_code == 503
    assert r.get_json()["status"] == "error"


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("DASHBOARD_WAREHOUSE", "/srv/w.duckdb")
    monkeypatch.setenv("DASHBOARD_PORT", "9000")
    s = load()
    assert (s.warehouse, s.port) == ("/srv/w.duckdb", 9000)
    assert load(warehouse="x.duckdb").warehouse == "x.duckdb"
