"""Every page through the real Dash callback endpoint (no browser): content, banners, empty states."""

from __future__ import annotations

import json

import pytest

from dashboard.app import create_app, page_request
from dashboard.settings import load
from etl.build import build
from synth import write_synthetic

PATHS = ["/", "/agreements", "/delegations", "/investment", "/partners", "/data", "/sql"]


def router(app, client, pathname: str, search: str) -> str:
    r = client.post("/_dash-update-component", json=page_request(app, pathname, search))
    assert r.status_code == 200, r.data[:500]
    return json.dumps(r.get_json(), ensure_ascii=False)


@pytest.mark.parametrize("path", PATHS)
def test_each_page_renders_in_both_languages(app_client, path):
    a, c = app_client
    th = router(a, c, path, "?lang=th")
    en = router(a, c, path, "?lang=en&era=ce")
    assert "ความร่วมมือ" in th and "Thailand bilateral industrial cooperation" in en
    assert "Data as of 14 Jul 2022" in en  # the footer on every page


def test_no_matching_records_explains_itself(app_client):
    a, c = app_client
    out = router(a, c, "/agreements", "?lang=en&year_from=1990&year_to=1991")
    assert "No records match these filters" in out


def test_a_partner_profile_lists_its_records(app_client):
    a, c = app_client
    out = router(a, c, "/partners", "?lang=en&partner=jp-smrj")
    assert "Organization for SME and Regional Innovation" in out
    assert "AGR-2" not in out  # ids stay internal; the rows show dates and links
    assert "/partners?partner=jp-smrj" in out


def test_synthetic_data_is_flagged_on_every_page(tmp_path_factory):
    raw = tmp_path_factory.mktemp("syn")
    write_synthetic(raw, rows=2000, seed=3)
    w = raw / "w.duckdb"
    build(raw, w, say=lambda m: None)
    a = create_app(load(warehouse=str(w)))
    c = a.server.test_client()
    c.get("/")
    for path in ("/", "/investment"):
        assert "SYNTHETIC" in router(a, c, path, "?lang=en")
