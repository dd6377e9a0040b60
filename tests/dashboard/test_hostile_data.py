"""Data is only ever data: a partner, title or source written to look like a spreadsheet formula, a
link, markdown or HTML reaches every export and every screen as the text it is.

A warehouse is built by the real ETL from raw files full of such text (tests/data/basic's sectors
and rates, hostile partners, agreements, delegations and investments written here), the real app
serves it, and each export is opened as a person's program would open it: CSV parsed, XLSX with
openpyxl (no cell a formula or a link), the deck unzipped with its embedded chart workbooks, the
chart images drawn by the real renderer and read as SVG. Property tests put arbitrary text through
the CSV and XLSX writers and the chart-label escaping.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pptx import Presentation

from dashboard.app import page_request
from dashboard.figures.theme import LABEL_MAX, clean
from tests.conftest import DATA
from tests.dashboard.conftest import app_and_client, served, show_grid

# --- hostile raw data -------------------------------------------------------------------------------------

LONG = "L" * 10_000
HOSTILE_PARTNERS = {
    # id: (name_en, name_th, level, subdivision)
    "jp-tokyo": ('<a href="http://evil.example">x</a>', '<b>โตเกียว</b><br><img src="http://evil.example/t.png">',
                 "local_government", "JP-13"),
    "jp-md": ("[click](http://evil.example) ![img](http://evil.example/i.png) *bold* www.evil.example",
              '=HYPERLINK("http://evil.example","ดู")', "agency", ""),
    "jp-formula": ("=1+1", "+cmd|' /C calc'!A0", "agency", ""),
    "jp-at": ("@SUM(1+1)", "-2+3", "agency", ""),
    "jp-long": (LONG, "ยาว" * 3_000, "agency", ""),
    "jp-ctrl": ("ctl\x01bell\x07 rtl\u202egnp.exe\u2066", "ควบคุม\x0b\x1b[31m", "agency", ""),
}  # fmt: skip
HOSTILE_TITLES = ["=1+1", "-2+3", "+A1", "@SUM(A1)", '<a href="http://evil.example">t</a>', "[t](http://evil.example)"]
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(header)
        w.writerows(rows)


def hostile_raw(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("sectors.csv", "fx_rates.csv"):
        shutil.copy(DATA / "basic" / name, folder / name)
    partners = [["jp", "Japan", "ญี่ปุ่น", "JP", "national_government", "", ""]]
    partners += [[pid, en, th, "JP", level, sub, "jp"] for pid, (en, th, level, sub) in HOSTILE_PARTNERS.items()]
    write_csv(folder / "partners.csv", ["partner_id", "name_en", "name_th", "country", "level", "subdivision",
                                        "parent_id"], partners)  # fmt: skip
    agreements = [
        [f"AGR-{i}", f"2022-0{1 + i % 6}-1{i % 9}", "MOU", "=DIPROM" if i == 0 else "-BOI", pid, "AUTO",
         HOSTILE_TITLES[i % len(HOSTILE_TITLES)], "active", f"https://example.org/a/{i}"]
        for i, pid in enumerate(HOSTILE_PARTNERS)
    ]  # fmt: skip
    write_csv(folder / "agreements.csv", ["agreement_id", "signed_date", "agreement_type", "thai_party", "partner",
                                          "sectors", "title_en", "status", "source_url"], agreements)  # fmt: skip
    delegations = [
        [f"DEL-{i}", f"2022-0{1 + i % 6}-10", f"2022-0{1 + i % 6}-12", "outbound", pid, "=Tokyo",
         '<a href="http://evil.example">event</a>' if i % 2 else "=HYPERLINK(\"http://evil.example\")", "held",
         f"https://example.org/d/{i}"]
        for i, pid in enumerate(HOSTILE_PARTNERS)
    ]  # fmt: skip
    write_csv(folder / "delegations.csv", ["delegation_id", "start_date", "end_date", "direction", "partner", "city",
                                           "event", "status", "source_url"], delegations)  # fmt: skip
    investments = [
        [f"INV-{i}-{year}", year, pid, "", "", "approval", 3 + i, 100 + 10 * i + year % 7, "THB", "million",
         f"https://example.org/i/{i}"]
        for i, pid in enumerate(HOSTILE_PARTNERS)
        for year in (2021, 2022)
    ]  # fmt: skip
    write_csv(folder / "investments.csv", ["record_id", "year", "partner", "sector", "period", "stage", "projects",
                                           "value", "currency", "unit", "source_url"], investments)  # fmt: skip
    return folder


@pytest.fixture(scope="module")
def hostile_warehouse(tmp_path_factory) -> Path:
    from etl.build import build

    root = tmp_path_factory.mktemp("hostile")
    path = root / "warehouse.duckdb"
    build(hostile_raw(root / "raw"), path, say=lambda m: None)
    with duckdb.connect(str(path), read_only=True) as con:
        names = dict(con.execute("SELECT partner_id, name_en FROM dim_partner").fetchall())
        rejects = con.execute('SELECT file, "row", "column", value, reason FROM etl_reject').fetchall()
    assert not rejects, rejects
    assert {pid: names[pid] for pid in HOSTILE_PARTNERS} == {
        pid: en.strip() for pid, (en, *_) in HOSTILE_PARTNERS.items()
    }
    return path


@pytest.fixture(scope="module")
def client(hostile_warehouse: Path):
    return app_and_client(hostile_warehouse)


def fetch(client, url: str) -> bytes:
    r = client[1].get(url)
    assert r.status_code == 200, (url, r.status_code, r.data[:500])
    return r.data


def names(lang: str = "en") -> list[str]:
    col = 0 if lang == "en" else 1
    return [v[col].strip() for v in HOSTILE_PARTNERS.values()]


# --- spreadsheets: CSV --------------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def neutral(text: str) -> str:
    """What a CSV cell of `text` must hold: an apostrophe before a formula's first character (OWASP)."""
    return "'" + text if text.startswith(FORMULA_LEAD) else text


def assert_no_formula_cells(rows: list[list[str]]) -> None:
    live = [cell for row in rows for cell in row if cell.startswith(FORMULA_LEAD)]
    assert not live, live[:5]


@pytest.mark.parametrize("dataset", ["agreements", "delegations", "investments"])
@pytest.mark.parametrize("lang", ["en", "th"])
def test_data_csv_never_starts_a_cell_with_a_formula(client, dataset, lang):
    rows = read_csv(fetch(client, f"/export/data/{dataset}.csv?lang={lang}"))
    assert_no_formula_cells(rows)
    cells = {c for row in rows for c in row}
    assert {neutral(n) for n in names(lang) if "\x01" not in n and "\x0b" not in n} <= cells


def test_agreement_csv_keeps_titles_and_parties_as_text_with_an_apostrophe(client):
    rows = read_csv(fetch(client, "/export/data/agreements.csv?lang=en"))
    header, body = rows[0], rows[1:]
    titles = {r[header.index("Title")] for r in body}
    assert {neutral(t) for t in HOSTILE_TITLES} <= titles
    assert {r[header.index("Thai party")] for r in body} == {"'=DIPROM", "'-BOI"}


def test_chart_numbers_csv_never_starts_a_cell_with_a_formula(client):
    rows = read_csv(fetch(client, "/export/chart/pt-active.csv?lang=en"))
    assert_no_formula_cells(rows)
    assert {neutral(n) for n in names("en")} <= {r[1] for r in rows[1:]}


# --- spreadsheets: XLSX -------------------------------------------------------------------------------------


def xlsx_cells(data: bytes) -> list:
    wb = load_workbook(io.BytesIO(data))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    formulas = [(c.coordinate, c.value) for c in cells if c.data_type == "f"]
    assert not formulas, formulas[:5]
    links = [(c.coordinate, c.hyperlink.target) for c in cells if c.hyperlink is not None]
    assert not links, links[:5]
    return cells


@pytest.mark.parametrize("dataset", ["agreements", "delegations", "investments"])
def test_data_xlsx_holds_text_as_text_never_a_formula_or_a_link(client, dataset):
    cells = xlsx_cells(fetch(client, f"/export/data/{dataset}.xlsx?lang=en&partner=jp-formula,jp-at,jp-md"))
    values = {c.value for c in cells}
    assert {"=1+1", "@SUM(1+1)", HOSTILE_PARTNERS["jp-md"][0]} <= values
    assert not any(isinstance(v, str) and v.startswith("'") for v in values)  # the text itself, no apostrophe


def test_data_xlsx_about_sheet_names_hostile_filters_as_text(client):
    cells = xlsx_cells(fetch(client, "/export/data/agreements.xlsx?lang=th&partner=jp-md"))
    assert HOSTILE_PARTNERS["jp-md"][1] in {c.value for c in cells}  # the filter in words, a string


def test_chart_numbers_xlsx_holds_text_as_text(client):
    cells = xlsx_cells(fetch(client, "/export/chart/pt-active.xlsx?lang=th"))
    assert set(names("th")) - {HOSTILE_PARTNERS["jp-ctrl"][1]} <= {c.value for c in cells}


def test_sql_csv_and_xlsx_keep_numbers_numbers_and_neutralise_text(client):
    r = client[1].get(
        "/api/sql",
        query_string={"format": "csv", "sql": "SELECT -5 AS n, -1.5 AS x, '-5' AS s, '=1+1' AS f, '@x' AS a"},
    )
    assert r.status_code == 200, r.data[:300]
    rows = read_csv(r.data)
    assert rows == [["n", "x", "s", "f", "a"], ["-5", "-1.5", "'-5", "'=1+1", "'@x"]]


# --- the deck ----------------------------------------------------------------------------------------------


def deck_workbooks(data: bytes) -> list:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        books = [z.read(n) for n in z.namelist() if n.startswith("ppt/embeddings/") and n.endswith(".xlsx")]
    assert books
    return [xlsx_cells(b) for b in books]


@pytest.mark.parametrize("lang", ["en", "th"])
def test_deck_chart_workbooks_hold_names_as_text_never_a_formula(client, lang):
    data = fetch(client, f"/export/deck.pptx?page=partners&lang={lang}")
    cells = [c for book in deck_workbooks(data) for c in book]
    values = {c.value for c in cells}
    shown = {clean(n, LABEL_MAX) for n in names(lang)}  # as the chart shows them: no control characters, shortened
    assert shown <= values, shown - values


def test_deck_of_every_page_builds_and_shows_names_literally(client):
    data = fetch(client, "/export/deck.pptx?page=all&lang=en")
    deck_workbooks(data)
    prs = Presentation(io.BytesIO(data))
    categories = {c for s in prs.slides for sh in s.shapes if sh.has_chart for c in sh.chart.plots[0].categories}
    assert HOSTILE_PARTNERS["jp-tokyo"][0] in categories  # the text itself: never &lt;a ...
    assert not any("&lt;" in c or "&amp;" in c for c in categories)
    assert all(len(c) <= 200 for c in categories)  # a 10,000-character name is shortened on a chart
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide)
    assert HOSTILE_PARTNERS["jp-tokyo"][0] in notes and "&lt;" not in notes


# --- charts: plotly text is never markup -------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(client, chart: str, query: str = "lang=en") -> ElementTree.Element:
    return ElementTree.fromstring(fetch(client, f"/export/chart/{chart}.svg?{query}"))


def svg_text(root: ElementTree.Element) -> str:
    return "\n".join("".join(el.itertext()) for el in root.iter(f"{SVG}text"))


def test_a_partner_name_with_a_link_is_drawn_as_text_in_the_svg(client):
    root = svg_of(client, "pt-active")
    links = [el.attrib for el in root.iter(f"{SVG}a")]
    assert not links, links
    text = svg_text(root)
    assert '<a href="http://evil.example">x</a>' in text
    assert "[click](http://evil.example)" in text
    assert LONG not in text  # shortened, not a 10,000-character axis


def test_html_in_a_thai_name_is_drawn_as_text_in_the_svg(client):
    root = svg_of(client, "pt-active", "lang=th")
    assert not list(root.iter(f"{SVG}a"))
    assert not [el for el in root.iter() if el.tag.endswith("image")]
    assert "<b>โตเกียว</b>" in svg_text(root)


def test_investment_by_partner_svg_has_no_link_and_no_bold(client):
    root = svg_of(client, "iv-partner")
    assert not list(root.iter(f"{SVG}a"))
    assert not [el for el in root.iter(f"{SVG}tspan") if "bold" in el.attrib.get("style", "")]
    assert '<a href="http://evil.example">x</a>' in svg_text(root)


def test_a_series_named_by_a_hostile_partner_is_text_in_the_legend(client):
    root = svg_of(client, "iv-value", "lang=en&partner=jp-tokyo,jp-md")
    assert not list(root.iter(f"{SVG}a"))


def figure_texts(fig: dict) -> list[str]:
    """Every string plotly would read as markup: titles, names, hover text, text, tick text, categories."""
    out = []

    def walk(v, key=""):
        if isinstance(v, dict):
            for k, x in v.items():
                if k not in ("customdata", "meta", "geojson", "hovertemplate"):
                    walk(x, k)
        elif isinstance(v, list):
            for x in v:
                walk(x, key)
        elif isinstance(v, str) and key not in ("type", "mode", "color", "font", "family", "shape"):
            out.append(v)

    walk(fig)
    return out


MARKUP = re.compile(r"<(?!br>|b>|/b>)[a-zA-Z/]")  # the figure functions' own line breaks and bold only


@pytest.mark.parametrize("page", ["partners", "investment", "agreements", "delegations", "overview"])
@pytest.mark.parametrize("lang", ["en", "th"])
def test_every_figure_on_every_page_carries_no_markup_from_data(client, page, lang):
    from dashboard import views
    from dashboard.context import filters_from, get

    f = filters_from({"lang": [lang]})
    charts = views.PAGES[page]
    frames, _ = views.load(get().warehouse, charts, f)
    for c in charts:
        fig = c.figure(frames, f)
        if not isinstance(fig, dict):
            fig = fig.to_plotly_json()
        for text in figure_texts(fig):
            assert not MARKUP.search(text), (c.id, text[:200])
            assert not re.search(r"[\x00-\x08\x0b-\x1f\u202a-\u202e\u2066-\u2069]", text), (c.id, repr(text[:200]))


# --- grids: links only to web pages, no markdown from data ------------------------------------------------


def page_layout(client, path: str, search: str) -> dict:
    app, c = client
    r = c.post("/_dash-update-component", json=page_request(app, path, search))
    assert r.status_code == 200, r.data[:300]
    return r.get_json()


def components(tree, match) -> list[dict]:
    """The props of every component in a Dash JSON answer for which match(component) holds."""
    found = []

    def walk(v):
        if isinstance(v, dict):
            if "props" in v and match(v):
                found.append(v["props"])
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(tree)
    return found


def grids(tree) -> list[dict]:
    return components(tree, lambda c: c.get("type") == "AgGrid")


def markdown_cells(grid: dict) -> list[str]:
    md = [d["field"] for d in grid["columnDefs"] if d.get("cellRenderer") == "markdown"]
    return [row[f] for row in grid["rowData"] for f in md if row.get(f)]


MD_LINK = re.compile(r"^\[((?:\\.|[^\\\[\]])*)\]\(<?([^<>\s]*)>?\)$")


def assert_safe_markdown(cell: str) -> None:
    """A markdown cell is one link to a web page or a page of the app, whose text is escaped; or code."""
    if cell.startswith("`"):
        return
    m = MD_LINK.match(cell)
    assert m, cell
    assert m.group(2).startswith(("https://", "http://", "/partners?")), cell
    assert not re.search(r"(?<!\\)[\[\]!*_<>`]", m.group(1)), cell


@pytest.mark.parametrize("path", ["/agreements", "/delegations", "/partners"])
def test_grid_links_are_web_pages_and_names_are_not_markdown(client, path):
    search = "?lang=en&partner=jp-tokyo" if path == "/partners" else "?lang=en"
    found = grids(page_layout(client, path, search))
    assert found
    cells = [cell for g in found for cell in markdown_cells(g)]
    assert cells
    for cell in cells:
        assert_safe_markdown(cell)


BAD_URLS = [
    "https://x.example/](javascript:alert(1)) ![img](http://evil.example/i.png)",
    "[click](http://evil.example)",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://user:pw@evil.example/\nwww.evil.example",
    "ftp://www.evil.example/`x`",
]


@pytest.fixture(scope="module")
def tampered_warehouse(hostile_warehouse: Path, tmp_path_factory) -> Path:
    """The hostile warehouse with source addresses the ETL refuses, as an older build could hold them."""
    path = tmp_path_factory.mktemp("tampered") / "warehouse.duckdb"
    shutil.copy(hostile_warehouse, path)
    with duckdb.connect(str(path)) as con:
        for i, url in enumerate(BAD_URLS):
            con.execute(
                "UPDATE fact_agreement SET source_url = $u WHERE agreement_id = $id", {"u": url, "id": f"AGR-{i}"}
            )
    return path


@pytest.fixture(scope="module")
def tampered_client(tampered_warehouse: Path):
    return app_and_client(tampered_warehouse)


@pytest.fixture(scope="module")
def tampered_server(tampered_warehouse: Path, tmp_path_factory):
    yield from served(tampered_warehouse, tmp_path_factory)


def test_a_source_that_is_not_a_web_address_is_shown_as_code_never_a_link(tampered_client):
    (grid,) = grids(page_layout(tampered_client, "/agreements", "?lang=en"))
    sources = [row["source_url"] for row in grid["rowData"]]
    assert len(sources) == len(HOSTILE_PARTNERS)
    for cell in sources:
        assert_safe_markdown(cell)
    code = [s for s in sources if s.startswith("`")]
    assert {re.sub(r"^(`+) (.*) \1$", r"\2", s) for s in code} == {clean(u) for u in BAD_URLS}


def test_a_warehouse_with_no_stated_totals_says_so_in_their_table(hostile_warehouse):
    (table,) = components(page_layout(app_and_client(hostile_warehouse), "/data", "?lang=en"),
                          lambda c: c["props"].get("id") == "dt-stated-totals")  # fmt: skip
    (row,) = table["children"][1]["props"]["children"]
    cell = row["props"]["children"]["props"]
    assert cell["children"] == "None recorded" and cell["colSpan"] == 8


def test_a_stated_totals_source_that_is_not_a_web_address_is_shown_as_code_never_a_link(shipped_warehouse, tmp_path):
    """The Data page's short tables are HTML, not markdown: a stated total's source links only when it is a
    plain http(s) address; any other text is shown as it is, in code. (The shipped totals, with addresses the
    ETL refuses written over most of them, as an older build could hold them.)"""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(shipped_warehouse, path)
    with duckdb.connect(str(path)) as con:
        ids = [r[0] for r in con.execute("SELECT total_id FROM stated_total_coverage ORDER BY total_id").fetchall()]
        assert len(ids) > len(BAD_URLS)
        bad = BAD_URLS * 2
        for total_id, url in zip(ids, bad, strict=False):
            con.execute(
                "UPDATE stated_total_coverage SET source_url = $u WHERE total_id = $id", {"u": url, "id": total_id}
            )
    tree = page_layout(app_and_client(path), "/data", "?lang=en")
    (table,) = components(tree, lambda c: c["props"].get("id") == "dt-stated-totals")
    cells = [td for tr in table["children"][1]["props"]["children"] for td in tr["props"]["children"]]
    shown = [c["props"]["children"] for c in cells if c["props"].get("children")]
    links = [x["props"] for x in shown if isinstance(x, dict) and x["type"] == "A"]
    code = [x["props"]["children"] for x in shown if isinstance(x, dict) and x["type"] == "Code"]
    assert links and all(x["href"].startswith(("https://", "http://")) and x["href"] not in bad for x in links)
    assert sorted(code) == sorted(bad)  # shown as written, each one
    assert not any(isinstance(x, str) and "javascript:" in x for x in shown)


@pytest.mark.browser
def test_the_grid_draws_no_image_and_links_only_to_web_pages_and_profiles(tampered_server, page):
    """In Chromium: the records grid of hostile rows holds no image, and every link in it goes to an http(s)
    page or a partner's profile; nothing is fetched from another host."""
    p = page.page
    p.goto(tampered_server + "/agreements?lang=en")
    show_grid(p, "ag-records")
    grid = p.locator("#ag-records")
    assert grid.locator("img").count() == 0
    hrefs = grid.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(h.startswith(("https://example.org/", "/partners?")) for h in hrefs), hrefs
    assert grid.locator("em, strong").count() == 0
    assert grid.locator("code").count() == len(BAD_URLS)
    text = grid.inner_text()
    assert '<a href="http://evil.example">x</a>' in text and "[click](http://evil.example)" in text
    assert not page.off_machine(), page.off_machine()


# --- properties: arbitrary text in, the same text out, never a formula or markup ---------------------------

PROPS = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
# Text an XML file can hold (XLSX stores the other control characters as _xHHHH_ escapes, which openpyxl leaves).
XML_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff"
                                 + "".join(chr(c) for c in range(32) if c not in (9, 10))))  # fmt: skip
LEADS = st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "'", " =", "=="])
HOSTILE_TEXT = st.builds(lambda lead, s: lead + s, LEADS, st.text())
HOSTILE_XML_TEXT = st.builds(lambda lead, s: lead + s, LEADS.filter(lambda x: x != "\r"), XML_TEXT)
CELLS = st.one_of(HOSTILE_TEXT, st.integers(-(10**12), 10**12), st.floats(allow_nan=False, allow_infinity=False),
                  st.booleans(), st.none())  # fmt: skip


@PROPS
@given(st.lists(st.lists(CELLS, min_size=3, max_size=3), max_size=8), st.lists(HOSTILE_TEXT, min_size=3, max_size=3))
def test_to_csv_reads_back_as_written_with_formulas_neutralised(rows, columns):
    from dashboard.sql.results import to_csv

    got = read_csv(to_csv(columns, rows))
    assert got[0] == [neutral(c) for c in columns]
    for row, back in zip(rows, got[1:], strict=True):
        for value, cell in zip(row, back, strict=True):
            if value is None:
                assert cell == ""
            elif isinstance(value, bool):
                assert cell == ("true" if value else "false")
            elif isinstance(value, int | float):
                assert float(cell) == value and not cell.startswith("'")  # a negative number stays a number
            else:
                assert cell == neutral(value)


@PROPS
@given(st.lists(HOSTILE_TEXT, min_size=1, max_size=8), st.lists(st.integers(-1000, 1000), min_size=8, max_size=8))
def test_data_file_csv_reads_back_as_written_with_formulas_neutralised(texts, numbers):
    from dashboard.export import csv_bytes

    frame = pl.DataFrame({"=name": texts, "n": numbers[: len(texts)]})
    got = read_csv(csv_bytes(frame))
    assert got[0] == ["'=name", "n"]
    assert [r[0] for r in got[1:]] == [neutral(t) for t in texts]
    assert [int(r[1]) for r in got[1:]] == numbers[: len(texts)]


@PROPS
@given(st.lists(st.lists(st.one_of(HOSTILE_XML_TEXT, st.integers(-(10**9), 10**9)), min_size=2, max_size=2),
                max_size=6), st.lists(HOSTILE_XML_TEXT, min_size=2, max_size=2))  # fmt: skip
def test_sql_xlsx_reads_back_as_written_and_never_holds_a_formula(rows, columns):
    from dashboard.sql.results import to_xlsx

    data = to_xlsx(columns, rows, [("=sql", "=1+1")])
    xlsx_cells(data)
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    back = [[c.value for c in row] for row in ws.iter_rows(max_col=2)]

    def blank(v):  # an empty string is an empty cell
        return None if v == "" else v

    assert [[blank(v) for v in row] for row in [columns, *rows]] == [[blank(v) for v in row] for row in back]


@PROPS
@given(st.lists(HOSTILE_XML_TEXT, min_size=1, max_size=6))
def test_data_file_xlsx_reads_back_as_written_and_never_holds_a_formula(texts):
    from dashboard.export import text_cells, workbook

    frame = pl.DataFrame({"name": texts, "n": list(range(len(texts)))})
    buf = io.BytesIO()
    wb = workbook(buf)
    frame.write_excel(workbook=wb, worksheet="data")
    text_cells(wb, "data", frame)
    wb.close()
    xlsx_cells(buf.getvalue())
    ws = load_workbook(io.BytesIO(buf.getvalue()))["data"]
    back = [c.value for c in ws["A"][1:]]
    assert back == [t if t != "" else None for t in texts]
    quoted = [c.value for c in ws["A"][1:] if c.quotePrefix]
    assert quoted == [t for t in texts if t.startswith(FORMULA_LEAD)]


@PROPS
@given(st.text())
def test_a_chart_label_shows_its_text_and_holds_no_markup(text):
    from dashboard.figures.theme import TEXT_MAX, plain, unplain

    shown = plain(text)
    assert "<" not in shown and ">" not in shown
    assert not re.search(r"&(?!amp;|lt;|gt;)", shown)  # every & is ours: no entity from data is decoded
    assert unplain(shown) == clean(text, TEXT_MAX)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", unplain(shown))


@PROPS
@given(st.lists(st.text(), max_size=12))
def test_chart_labels_never_merge_two_names(texts):
    from dashboard.figures.theme import labels

    shown = labels(texts)
    assert len(set(shown.values())) == len(shown) == len(set(texts))
    assert all(len(html.unescape(v)) <= LABEL_MAX + 6 for v in shown.values())


@PROPS
@given(st.text(), st.text())
def test_a_grid_name_or_source_is_markdown_that_shows_only_its_text(name, url):
    from dashboard.drill import NAME_MAX, md_link, source_link

    cell = md_link(name, "/partners?partner=x")
    assert_safe_markdown(cell)
    assert re.sub(r"\\(.)", r"\1", MD_LINK.match(cell).group(1)) == clean(name, NAME_MAX)
    cell = source_link(url, "Source")
    if cell:
        assert_safe_markdown(cell)


@settings(PROPS, max_examples=8)
@given(st.text(min_size=1, max_size=60))
def test_a_trace_named_by_any_text_renders_to_svg_as_text(name):
    """The real renderer (kaleido, Chromium): the SVG is well-formed XML, holds no link, no image, and the name
    as text."""
    from dashboard.export import images
    from dashboard.figures.theme import apply, new, plain

    fig = new()
    fig["data"] = [{"type": "bar", "x": [plain(name, LABEL_MAX)], "y": [1], "name": plain(name, LABEL_MAX)}]
    apply(fig, title=name, lang="en")
    fig, opts = images.prepare(fig, 640, 360, 1.0)
    root = ElementTree.fromstring(images.renderer.render(fig, "svg", opts))
    assert not list(root.iter(f"{SVG}a"))
    assert not [el for el in root.iter() if el.tag.endswith("image")]
