"""The real data as an analyst meets it: the headline, the charts and the deck on the shipped warehouse."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard import views
from dashboard.app import page_request
from dashboard.filters import Filters
from dashboard.i18n import ENUMS, label, t
from tests.dashboard.conftest import app_and_client

STACKED = {XL_CHART_TYPE.COLUMN_STACKED, XL_CHART_TYPE.BAR_STACKED}


@pytest.fixture(scope="module")
def app_client(shipped_warehouse: Path):
    return app_and_client(shipped_warehouse)


def page(app_client, path: str, search: str) -> str:
    app, client = app_client
    r = client.post("/_dash-update-component", json=page_request(app, path, search))
    assert r.status_code == 200
    return json.dumps(r.get_json(), ensure_ascii=False)


def frames(app_client, f: Filters) -> dict:
    from dashboard import context

    fr, _ = views.load(context.get().warehouse, list(views.CHARTS.values()), f, also=views.HEADLINE_QUERIES)
    return fr


def test_the_headline_names_its_year_source_and_what_it_adds_up(app_client):
    f = Filters(lang="en", era="ce")
    k = {x.id: x for x in views.headline(frames(app_client, f), f)}
    value = k["investment_value"]
    assert value.label == "BOI applications: value (THB million)"
    # Eight countries' figures for 2025 from one BOI statement (a sum the rules allow, said as such), never all
    # years or stages together, never with the all-foreign total the same source states.
    assert value.text == "1,185,149.0"
    assert (
        value.details[0]
        == "2025 · sum of 8 of the 12 partners with figures: Switzerland, China, Hong Kong, Japan and 4 more"
    )
    assert "source: thai.news-agency.jp" in value.details
    assert "not comparable with 2024: other partners stated it" in value.details
    # The total the same source states for all foreign investors, apart and as stated, never added in.
    assert (
        "All foreign investors, as stated: 1,359,925.0 (includes the partners summed: compare, never add)"
        in value.details
    )
    assert k["investment_count"].text == "2,297"
    assert any(d.startswith("All foreign investors, as stated: 2,421 ") for d in k["investment_count"].details)
    assert k["agreements_active"].text == "Not recorded"
    assert "DIPROM stated 22 agreements with Japan (Local government) (Jul 2022); 8 are recorded here" in (
        k["agreements_signed"].details)  # fmt: skip
    assert k["delegations_outbound"].details[0].endswith("more planned")


def test_japan_alone_is_japan_s_own_stated_figures(app_client):
    f = Filters(lang="en", era="ce", partner=("jp",))
    k = {x.id: x for x in views.headline(frames(app_client, f), f)}
    value = k["investment_value"]
    assert value.text == "119,098.0" and value.details[0] == "2025 · Japan"
    assert "+142.3% on 2024 (49,148.0)" in value.details  # Japan stated both years, both as plain figures
    assert not any("as stated" in d for d in value.details)  # a group's total only beside a sum over the view
    m = views.CHARTS["iv-value"].marks(frames(app_client, f), f).frame
    assert dict(zip(m["x_key"], m["y"], strict=True))[2017] == 133_000.0  # 1330 oku baht, as stated
    assert set(m["records"]) == {1}  # each year one stated figure: nothing added


def test_an_aggregate_is_never_added_to_its_members(app_client):
    f = Filters(lang="en", era="ce", partner=("jp", "all-foreign"))
    m = views.CHARTS["iv-value"].marks(frames(app_client, f), f).frame
    by = {(r["series_key"], r["x_key"]): r["y"] for r in m.iter_rows(named=True)}
    assert by[("", 2009)] == 77_380.0 and by[("all-foreign", 2009)] == 350_750.0  # apart, never 428,130
    f = Filters(lang="en", era="ce", level=("aggregate",))
    m = views.CHARTS["iv-value"].marks(frames(app_client, f), f).frame
    by = {(r["series_key"], r["x_key"]): r["y"] for r in m.iter_rows(named=True)}
    assert by[("all-investors", 2017)] == 641_978.0 and by[("all-foreign", 2017)] == 282_600.0  # never 924,578


def test_foreign_business_act_permits_and_investors_are_counted_apart(app_client):
    f = Filters(lang="en", era="ce", stage="fba_permit")
    m = views.CHARTS["iv-projects"].marks(frames(app_client, f), f).frame
    assert {s.rsplit("(", 1)[1].rstrip(")") for s in m["series"]} == {"permits", "investors"}


def test_the_investment_page_shows_part_years_and_says_what_no_source_gives(app_client):
    out = page(app_client, "/investment", "?lang=en&era=ce&year_from=2025")
    assert "Jan–Sep 2025" in out  # a part-year figure, named by its months
    words = out.replace("<br>", " ")
    # Sources break applications down by sector and province in other years: the empty charts say which.
    assert "No source breaks BOI applications down by sector for 2025, the latest whole year picked" in words
    assert "some do for years in 2011–2024" in words
    assert "No source breaks BOI applications down by province" in words
    assert "widen the years" not in words


def test_the_data_page_says_how_figures_are_counted_in_both_languages(app_client):
    assert "How figures are counted" in page(app_client, "/data", "?lang=en")
    th = page(app_client, "/data", "?lang=th")
    assert "วิธีนับตัวเลข" in th and "บันทึกในระบบ" in th


def deck(app_client, query: str) -> Presentation:
    r = app_client[1].get("/export/deck.pptx?" + query)
    assert r.status_code == 200, r.data[:300]
    return Presentation(io.BytesIO(r.data))


@pytest.mark.parametrize("query", ["page=all&lang=th&era=be", "page=all&lang=en&era=ce&partner=jp"])
def test_the_whole_deck_has_no_empty_slide_no_stacked_measures_and_whole_year_axes(app_client, query):
    prs = deck(app_client, query)
    stages = {label("stage", s, lang) for s in ("application", "approval", "fba_permit") for lang in ("th", "en")}
    totals = [s for s in prs.slides if s.shapes[0].text_frame.text in ("What the sources state in total",
                                                                        "ยอดรวมที่แหล่งข้อมูลระบุ")]  # fmt: skip
    listed = "\n".join(sh.text_frame.text for s in totals for sh in s.shapes if sh.has_text_frame)
    assert "DIPROM" in listed and ("6 are recorded here" in listed or "ในระบบบันทึกไว้ 6 รายการ" in listed)
    for slide in list(prs.slides)[3 + len(totals) :]:  # after the title, the agenda and the headline figures
        shapes = list(slide.shapes)
        title = shapes[1].text_frame.text  # the chart's question (the title above it states the finding)
        charts = [sh.chart for sh in shapes if sh.has_chart]
        pictures = [sh for sh in shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert charts or pictures, title
        for chart in charts:
            values = [v for s in chart.plots[0].series for v in s.values if v is not None]
            assert values, title  # no empty chart
            if any(title.startswith(s) for s in stages):
                assert chart.chart_type not in STACKED, title  # measures and sums are never stacked
            cats = list(chart.plots[0].categories)
            if cats and all(str(c).isdigit() and len(str(c)) == 4 for c in cats):
                years = [int(c) for c in cats]
                assert years == list(range(years[0], years[-1] + 1)), title  # gaps kept, never closed up
    left_out = "\n".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert ("ไม่อยู่ในชุดสไลด์นี้" in left_out) or ("Not in this deck" in left_out)


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_data_page_lists_every_cited_page_with_its_publisher_and_kind(app_client, shipped_warehouse, lang):
    import duckdb

    out = json.loads(page(app_client, "/data", f"?lang={lang}&era={'be' if lang == 'th' else 'ce'}"))
    rows = next(iter(_grids(out, "dt-sources")))
    with duckdb.connect(str(shipped_warehouse), read_only=True) as con:
        cited = con.sql(
            "SELECT count(DISTINCT source_url) FROM (SELECT source_url FROM fact_agreement UNION ALL "
            "SELECT source_url FROM fact_delegation UNION ALL SELECT source_url FROM fact_investment UNION ALL "
            "SELECT source_url FROM source_note UNION ALL SELECT source_url FROM stated_total) WHERE source_url IS NOT NULL"
        ).fetchall()[0][0]
        register = dict(con.sql("SELECT publisher, count(*) FROM dim_source GROUP BY ALL").fetchall())
    assert len(rows) == cited and all(r["publisher"] in register for r in rows)  # the register names each
    assert set(rows[0]) == {"publisher", "kind", "published", "link", "records"}
    assert {r["kind"] for r in rows} <= {label("source_kind", k, lang) for k in ENUMS["source_kind"]}
    assert "data-add" in json.dumps(out)  # this machine's own address is an admin here: the steward's screen


def test_the_data_page_offers_adding_records_only_to_stewards(shipped_warehouse):
    for role, shown in (("viewer", False), ("analyst", False), ("steward", True)):
        app, client = app_and_client(shipped_warehouse, loopback_role=role)
        out = page((app, client), "/data", "?lang=en")
        assert ('"id": "data-add"' in out) is shown, role


def _node(tree, ident: str) -> dict | None:
    """The component with this id in a Dash JSON answer (its `props`), or None."""
    if isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict) and props.get("id") == ident:
            return props
        values = tree.values()
    elif isinstance(tree, list):
        values = tree
    else:
        return None
    return next((n for n in (_node(v, ident) for v in values) if n is not None), None)


def _cells(row: dict) -> list[dict]:
    """An html.Tr's cells (their props)."""
    kids = row["props"]["children"]
    return [c["props"] for c in (kids if isinstance(kids, list) else [kids])]


def _text(cell: dict) -> str:
    kids = cell.get("children")
    if isinstance(kids, dict):
        return _text(kids["props"])
    return "" if kids is None else str(kids)


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_data_page_shows_each_stated_total_whole_with_its_source(app_client, shipped_warehouse, lang):
    """The totals the sources state and the latest load's reconciliation are short tables drawn whole (every
    row, every word, no grid): each total with its figure as stated and its source's own address."""
    import duckdb

    era = "be" if lang == "th" else "ce"
    out = json.loads(page(app_client, "/data", f"?lang={lang}&era={era}"))
    table = _node(out, "dt-stated-totals")
    assert table is not None and "rowData" not in table  # an HTML table, not a grid
    head, body = table["children"]
    heads = [_text(c) for c in _cells(head["props"]["children"])]
    rows = [_cells(r) for r in body["props"]["children"]]
    with duckdb.connect(str(shipped_warehouse), read_only=True) as con:
        stated = con.sql(
            "SELECT value, source_url FROM stated_total_coverage "
            "ORDER BY comparable DESC, as_of_year DESC, as_of_month DESC NULLS LAST, total_id"
        ).fetchall()
        latest = con.sql("SELECT file, rows_read, rows_loaded, rows_duplicate, rows_rejected FROM etl_load "
                         "WHERE load_id = (SELECT value FROM meta WHERE key = 'load_id') ORDER BY dataset, file").fetchall()  # fmt: skip
    assert len(heads) == 8 and heads[-1] == t("col.source", lang)
    assert len(rows) == len(stated) > 20
    links = [r[-1]["children"]["props"] for r in rows]
    assert [x["href"] for x in links] == [url for _, url in stated]  # each its own source, in the same order
    assert all(x["target"] == "_blank" and "noopener" in x["rel"] for x in links)
    figures = [r[3] for r in rows]
    assert all(c["className"] == "num" for c in figures)
    assert [int(re.sub(r"\D", "", _text(c))) for c in figures] == [int(v) for v, _ in stated]
    recon = _node(out, "dt-reconciliation")
    assert recon is not None
    got = [[_text(c) for c in _cells(r)] for r in recon["children"][1]["props"]["children"]]
    assert [(r[1], *(int(x.replace(",", "")) for x in r[2:])) for r in got] == latest
    assert all(read == loaded + dup + rej for _, read, loaded, dup, rej in latest)


def _grids(tree, ident: str):
    """rowData of every component with this id in a Dash JSON answer."""
    if isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict) and props.get("id") == ident:
            yield props["rowData"]
        for v in tree.values():
            yield from _grids(v, ident)
    elif isinstance(tree, list):
        for v in tree:
            yield from _grids(v, ident)
