"""The Thai side of an agreement by its Thai name in the Thai view, wherever it is shown: the records grids
and the drill-down panel, a partner's profile, the CSV and XLSX data files; as the source gives it where no
cited Thai name is held, and in the English view."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from dashboard import drill, views
from dashboard.app import page_request
from dashboard.filters import Filters
from dashboard.i18n import t
from tests.dashboard.conftest import app_and_client


@pytest.fixture(scope="module")
def app(shipped_warehouse: Path):
    return app_and_client(shipped_warehouse)


@pytest.fixture(scope="module")
def client(app):
    return app[1]


@pytest.fixture(scope="module")
def truth(shipped_warehouse: Path) -> dict[str, tuple[str | None, str | None]]:
    con = duckdb.connect(str(shipped_warehouse), read_only=True)
    rows = con.execute("SELECT agreement_id, thai_party, thai_party_th FROM agreements").fetchall()
    con.close()
    return {a: (en, th) for a, en, th in rows}


def shown(truth, agreement_id: str, lang: str) -> str:
    en, th = truth[agreement_id]
    return (th if lang == "th" and th else en) or ""


def test_the_shipped_data_has_thai_names_and_parties_without_one(truth):
    assert any(th for _, th in truth.values()) and any(en and not th for en, th in truth.values())


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_data_files_name_the_thai_party_in_the_view_s_language(client, truth, lang):
    header, ident = t("col.thai_party", lang), t("col.id", lang)
    r = client.get(f"/export/data/agreements.csv?lang={lang}")
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert len(rows) == len(truth)
    for row in rows:
        assert row[header] == shown(truth, row[ident], lang), row
    r = client.get(f"/export/data/agreements.xlsx?lang={lang}")
    ws = load_workbook(io.BytesIO(r.data)).worksheets[1]
    heads = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2, values_only=True):
        assert (row[heads.index(header)] or "") == shown(truth, row[heads.index(ident)], lang)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_grids_and_the_drill_panel_name_the_thai_party_in_the_view_s_language(client, truth, lang):
    f = Filters(lang=lang, era="be")
    frame = drill.records("agreements", f, {}, limit=None)
    for first in ((), drill.PANEL_FIRST["agreements"]):  # the page's grid, the panel's order
        defs, rows = drill.grid("agreements", frame, f, first)
        assert t("col.thai_party", lang) in [d["headerName"] for d in defs]
        for ident, row in zip(frame["agreement_id"], rows, strict=True):
            assert row["thai_party"] == shown(truth, ident, lang)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_partner_s_profile_names_its_agreements_thai_party_in_the_view_s_language(app, truth, lang):
    """The profile's first and latest agreement, drawn by the page's own callback, name their Thai party."""
    app_, client_ = app
    f = Filters(lang=lang, era="be", partner=("jp-mie",))
    _, (ends,) = views.load(drill.context.get().warehouse, [], f, extra=[("partner_agreement_ends", f.params())])
    assert ends.height
    r = client_.post("/_dash-update-component", json=page_request(app_, "/partners", f"?partner=jp-mie&lang={lang}"))
    assert r.status_code == 200
    page = json.dumps(r.get_json(), ensure_ascii=False)
    for row in ends.iter_rows(named=True):
        assert json.dumps(shown(truth, row["agreement_id"], lang), ensure_ascii=False) in page
