"""The SQL page's list of tables and views and the editor's catalogue: the page's first answer carries each
relation's name, kind and comment and none of their columns, which are drawn when a relation is opened;
the editor fetches its catalogue from /api/sql/catalogue, kept by the browser per warehouse build."""

from __future__ import annotations

import json

import duckdb
import pytest

from dashboard.app import page_request
from dashboard.auth.accounts import Accounts
from dashboard.sql.editor import build_tag, catalogue
from tests.dashboard.authkit import client, make_app, sign_in

# The router's answer for /sql on the test warehouse (measured: about 59 KB in English, 91 KB in Thai, where
# every Thai letter is sent as a \uXXXX escape) with room to spare; with every column of the warehouse in the
# list and in the editor's catalogue it was about 305 KB and 337 KB. The list of relations alone measured about
# 27 KB.
BUDGET = {"en": 80_000, "th": 120_000}
SCHEMA_BUDGET = 40_000
KIND = {"en": {"table": "table", "view": "view"}, "th": {"table": "ตาราง", "view": "วิว"}}
COLUMNS_KEY = '{"name":["MATCH"],"type":"sql-schema-columns"}.children'


VERA = "vera-password-42"


@pytest.fixture(scope="module")
def app(mixed_warehouse, tmp_path_factory):
    folder = tmp_path_factory.mktemp("auth")
    Accounts(folder).set("vera", VERA, "viewer", new=True)
    return make_app(mixed_warehouse, folder)


@pytest.fixture(scope="module")
def local(app):
    """This machine: signed in as an analyst or more, without a password."""
    return client(app, "127.0.0.1")


def relations(warehouse) -> dict[str, tuple[str, str | None, list[tuple[str, str, str | None]]]]:
    """name -> (kind, comment, [(column, type, comment)]) of every table and view, read from DuckDB."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rels = con.execute(
            "SELECT table_name, 'table', comment FROM duckdb_tables() WHERE schema_name = 'main' UNION ALL "
            "SELECT view_name, 'view', comment FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal"
        ).fetchall()
        cols = con.execute(
            "SELECT table_name, column_name, data_type, comment FROM duckdb_columns() WHERE schema_name = 'main' "
            "ORDER BY table_name, column_index"
        ).fetchall()
    return {n: (k, c, [(cn, ct, cc) for tn, cn, ct, cc in cols if tn == n]) for n, k, c in rels}


def components(node, found=None) -> list[dict]:
    """Every Dash component in a JSON answer, depth first."""
    found = [] if found is None else found
    if isinstance(node, dict):
        if "type" in node and "namespace" in node and isinstance(node.get("props"), dict):
            found.append(node)
        for v in node.values():
            components(v, found)
    elif isinstance(node, list):
        for v in node:
            components(v, found)
    return found


def text_of(node) -> str:
    return json.dumps(node, ensure_ascii=False)


def first_answer(app, c, lang: str):
    r = c.post("/_dash-update-component", json=page_request(app, "/sql", f"?lang={lang}"))
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    return r.get_data(), r.get_json()


def open_body(name: str, lang: str, shown=None, clicks: int = 1) -> dict:
    """The callback request the browser sends when a relation's summary is clicked (or taken with a key)."""
    summary = {"name": name, "type": "sql-schema-open"}
    columns = {"name": name, "type": "sql-schema-columns"}
    return {
        "output": COLUMNS_KEY,
        "outputs": {"id": columns, "property": "children"},
        "inputs": [{"id": summary, "property": "n_clicks", "value": clicks}],
        "state": [
            {"id": columns, "property": "children", "value": shown},
            {"id": "_pages_location", "property": "search", "value": f"?lang={lang}"},
        ],
        "changedPropIds": [json.dumps(summary, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
    }


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_first_answer_lists_every_relation_and_no_column(app, local, mixed_warehouse, lang):
    raw, body = first_answer(app, local, lang)
    assert len(raw) < BUDGET[lang], len(raw)
    (schema,) = [n for n in components(body) if n["props"].get("id") == "sql-schema"]
    assert len(json.dumps(schema, separators=(",", ":"))) < SCHEMA_BUDGET
    inside = components(schema)
    assert not [n for n in inside if n["type"] in ("Table", "Tr", "Td")]
    boxes = [n for n in inside if isinstance(n["props"].get("id"), dict)]
    assert {n["props"]["id"]["type"] for n in boxes} == {"sql-schema-open", "sql-schema-columns"}
    assert all(not n["props"].get("children") for n in boxes if n["props"]["id"]["type"] == "sql-schema-columns")
    details = {n["props"]["id"]: n for n in inside if n["type"] == "Details"}
    want = relations(mixed_warehouse)
    assert set(details) == {f"sql-schema-{name}" for name in want}
    for name, (kind, comment, _) in want.items():
        said = text_of(details[f"sql-schema-{name}"])
        assert KIND[lang][kind] in said and (comment or "") in said, name
        assert not details[f"sql-schema-{name}"]["props"].get("open")  # every relation starts closed
    # The editor's catalogue is not in the page either: only where to fetch it.
    (store,) = [n for n in components(body) if n["props"].get("id") == "sqled-catalogue"]
    with app.server.test_request_context():
        from dashboard import context

        assert store["props"]["data"] == f"/api/sql/catalogue?v={build_tag(context.get().warehouse)}"
    agreements = want["agreements"][2]
    assert not [c for c, _, cc in agreements if cc and len(cc) > 12 and cc in text_of(body)]


@pytest.mark.parametrize("lang", ["en", "th"])
def test_opening_a_relation_draws_its_columns_with_types_and_comments(app, local, mixed_warehouse, lang):
    for name in ("agreements", "dim_partner"):
        r = local.post("/_dash-update-component", json=open_body(name, lang))
        assert r.status_code == 200, r.get_data(as_text=True)[:300]
        table = r.get_json()["response"][json.dumps({"name": name, "type": "sql-schema-columns"},
                                                     separators=(",", ":"))]["children"]  # fmt: skip
        assert table["type"] == "Table"
        rows = [n for n in components(table) if n["type"] == "Tr"]
        cells = [[text_of(td["props"]["children"]) for td in row["props"]["children"]] for row in rows]
        want = relations(mixed_warehouse)[name][2]
        assert len(rows) == len(want)
        for got, (column, typ, comment) in zip(cells, want, strict=True):
            assert json.dumps(column, ensure_ascii=False) in got[0] and typ in got[1]
            assert (comment or "") in got[2]
    # Drawn once: opening it again (after closing it) asks nothing more of the warehouse.
    again = local.post("/_dash-update-component", json=open_body(name, lang, shown=table, clicks=3))
    assert again.status_code == 204
    # A name the warehouse does not have draws nothing.
    assert local.post("/_dash-update-component", json=open_body("no_such_table", lang)).status_code == 204


def test_the_editors_catalogue_is_fetched_and_kept_per_build(app, local, mixed_warehouse):
    with app.server.test_request_context():
        from dashboard import context

        w = context.get().warehouse
        tag, want = build_tag(w), catalogue(w)
    r = local.get(f"/api/sql/catalogue?v={tag}")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/json")
    assert r.get_json() == want
    assert r.headers["Cache-Control"] == "private, max-age=31536000, immutable" and r.headers["ETag"] == f'"{tag}"'
    agreements = {c["name"]: c for c in next(x for x in want if x["name"] == "agreements")["columns"]}
    for column, typ, comment in relations(mixed_warehouse)["agreements"][2]:
        assert agreements[column]["type"] == typ and agreements[column]["comment"] == (comment or "")
    # Another (older) build's address, or none: the answer is kept but asked again, by its ETag.
    old = local.get("/api/sql/catalogue?v=0123456789abcdef")
    assert old.get_json() == want and old.headers["Cache-Control"] == "private, no-cache"
    same = local.get("/api/sql/catalogue", headers={"If-None-Match": f'"{tag}"'})
    assert same.status_code == 304 and not same.data
    assert len(r.data) < 80_000


def test_attack_the_catalogue_and_the_columns_need_an_analyst(app):
    anyone = client(app)
    assert anyone.get("/api/sql/catalogue").status_code == 401
    assert anyone.post("/_dash-update-component", json=open_body("agreements", "en")).status_code == 401
    vera = client(app)
    assert sign_in(vera, "vera", VERA).status_code == 303
    assert vera.get("/api/sql/catalogue").status_code == 403
    assert vera.post("/_dash-update-component", json=open_body("agreements", "en")).status_code == 403


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["th", "en"])
def test_in_the_browser_a_relation_opened_shows_its_columns(server, page, mixed_warehouse, lang):
    """Opened with the mouse or the keyboard, a relation shows its columns with types and comments, in
    a page in Thai or in English; closed and opened again, they are still there."""
    p = page.page
    catalogue_asked = []
    p.on("response", lambda r: catalogue_asked.append(r.status) if "/api/sql/catalogue" in r.url else None)
    p.goto(f"{server}/sql?lang={lang}")
    p.wait_for_selector("#sql-editor-cm .cm-content")
    p.wait_for_load_state("networkidle")
    want = relations(mixed_warehouse)
    box = p.locator("#sql-schema-agreements")
    summary = box.locator("summary")
    assert KIND[lang]["view"] in summary.inner_text() and want["agreements"][1] in summary.inner_text()
    assert box.locator("td").count() == 0 and box.get_attribute("open") is None
    if lang == "th":
        summary.focus()
        p.keyboard.press("Enter")
    else:
        summary.click()
    box.locator("tr").first.wait_for(timeout=10_000)
    assert box.get_attribute("open") is not None
    columns = want["agreements"][2]
    assert box.locator("tr").count() == len(columns)
    first, typ, comment = columns[0]
    row = box.locator("tr").first
    assert row.locator("td").nth(0).inner_text() == first and row.locator("td").nth(1).inner_text() == typ
    assert row.locator("td").nth(2).inner_text() == (comment or "")
    assert all((c or "") in box.inner_text() for _, _, c in columns)
    summary.click()
    assert box.get_attribute("open") is None
    summary.click()
    assert box.locator("tr").count() == len(columns)
    other = p.locator("#sql-schema-dim_partner")  # a table, closed still: nothing drawn
    assert KIND[lang]["table"] in other.locator("summary").inner_text() and other.locator("td").count() == 0
    assert catalogue_asked == [200]  # the editor's catalogue, fetched once
    assert page.errors == [] and page.off_machine() == []
