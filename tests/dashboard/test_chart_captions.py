"""Every chart's caption is one sentence that says what the chart draws and gives its largest number with
its unit ("529 projects", "5 agreements", "about 268,000.0 THB million"), in English and in Thai: never an
axis word for a unit ("529 Number"), never a unit the mark does not count."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest

from dashboard import views
from dashboard.components import amount, chart_summary
from dashboard.db import Warehouse
from dashboard.filters import Filters
from dashboard.i18n import fmt_int, t
from dashboard.i18n.strings import STRINGS
from dashboard.marks import COLUMNS, Marks, qualified

VIEWS = [Filters(lang="en", era="ce"), Filters(lang="th", era="be"), Filters(lang="en", era="be", partner=("jp",)),
         Filters(lang="th", era="ce", stage="approval"), Filters(lang="en", era="ce", stage="fba_permit")]  # fmt: skip
AXIS_WORDS = ("axis.count", "axis.records", "axis.agreements", "axis.delegations", "axis.projects")


@pytest.fixture(scope="module")
def warehouse(shipped_warehouse: Path):
    w = Warehouse(str(shipped_warehouse))
    yield w
    w.close()


@pytest.mark.parametrize("f", VIEWS, ids=lambda f: f.query_string())
def test_every_caption_is_a_sentence_with_its_largest_number_and_unit(warehouse, f):
    frames, _ = views.load(warehouse, list(views.CHARTS.values()), f, also=views.HEADLINE_QUERIES)
    lang = f.lang
    for cid, chart in views.CHARTS.items():
        m = chart.marks(frames, f)
        text = chart_summary(m, lang)
        assert "  " not in text and "{" not in text, (cid, text)
        if lang == "en":
            assert (text[0].isupper() or text[0].isdigit()) and text.endswith(".") and not text.endswith(".."), (
                cid,
                text,
            )
        else:
            assert not text.endswith("."), (cid, text)  # Thai has no full stop
            assert re.search("[\u0e00-\u0e7f]", text), (cid, text)
        units = {v.replace("{n}", "").strip() for k, v in STRINGS[lang].items() if k.startswith("brief_unit_")}
        for key in AXIS_WORDS:  # an axis title is not the unit of a number (unless it is a unit's own word)
            if t(key, lang) in units:
                continue
            assert not re.search(r"\d " + re.escape(t(key, lang)) + r"(\.|;|,|$)", text), (cid, text)
        if m.is_empty or m.kind == "timeline":
            continue
        rows = m.frame.to_dicts()
        top = max(rows, key=lambda r: (r["y"] is not None, r["y"] or 0))
        number = qualified(top["y"], top["qualifier"], lang, m.number)
        said = amount(m, top, lang)
        assert said.replace(number, "").strip(), (cid, said)  # a unit beside the number
        assert said in text and number in said, (cid, said, text)
        unit = json.loads(top["drill"] or "{}").get("count_unit")
        if unit and m.number == "int" and m.unit in (t("axis.count", lang), t("axis.projects", lang)):
            assert t(f"count_unit.{unit}", lang).split()[0] in said, (cid, said)


def _marks(y: float, qualifier: str, unit_key: str, drill: dict | None = None, number: str = "int") -> Marks:
    row = {"series_key": "", "series": "s", "x_key": 2020, "x": "2020", "y": y, "qualifier": qualifier, "records": 1,
           "sources": 1, "detail": "", "drill": json.dumps(drill or {})}  # fmt: skip
    frame = pl.DataFrame([row], infer_schema_length=None).select(COLUMNS)
    return Marks(frame, "year", "T", t(unit_key, "en"), unit=t(unit_key, "en"), number=number)


@pytest.mark.parametrize(
    ("y", "qualifier", "unit_key", "drill", "want"),
    [
        (1, "exact", "axis.agreements", None, "1 agreement"),
        (2, "exact", "axis.agreements", None, "2 agreements"),
        (1, "at_least", "axis.delegations", None, "at least 1 delegation"),  # not one exactly: "delegation"s?
        (529, "exact", "axis.count", {"count_unit": "projects"}, "529 projects"),
        (1, "exact", "axis.count", {"count_unit": "companies"}, "1 company"),
        (1200, "approx", "axis.count", {"count_unit": "permits"}, "about 1,200 permits"),
        (3, "exact", "axis.records", None, "3 records"),
    ],
)
def test_a_number_s_unit_is_what_its_mark_counts(y, qualifier, unit_key, drill, want):
    m = _marks(y, qualifier, unit_key, drill)
    got = amount(m, m.frame.to_dicts()[0], "en")
    if qualifier == "at_least":
        assert got in (want, want + "s")
    else:
        assert got == want
    assert chart_summary(m, "en").endswith(f"with {got}.")


def test_a_money_figure_and_a_share_keep_their_units_in_both_languages():
    m = _marks(268000.0, "approx", "axis.thb_million", number="float")
    assert amount(m, m.frame.to_dicts()[0], "en") == "about 268,000.0 THB million"
    th = Marks(m.frame, "year", "T", t("axis.thb_million", "th"), unit=t("axis.thb_million", "th"), number="float")
    assert amount(th, th.frame.to_dicts()[0], "th").endswith("ล้านบาท")
    assert fmt_int(529, "th") in amount(_marks(529, "exact", "axis.count", {"count_unit": "projects"}),
                                        {"y": 529, "qualifier": "exact", "drill": "{}"}, "en")  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "th"])
def test_a_count_s_axis_names_what_its_marks_count(warehouse, lang):
    """BOI applications count projects: the axis says "Projects", as the caption does, not "Number"."""
    f = Filters(lang=lang, era="ce", stage="application")
    chart = views.CHARTS["iv-projects"]
    frames, _ = views.load(warehouse, [chart], f)
    m = chart.marks(frames, f)
    units = {json.loads(d)["count_unit"] for d in m.frame["drill"]}
    title = chart.draw(m, f)["layout"]["yaxis"]["title"]["text"]
    if len(units) == 1:
        assert title.lower() == t(f"count_unit.{units.pop()}", lang).lower() != t("axis.count", lang).lower()
    else:  # counts of different things are never one axis's unit
        assert title == t("axis.count", lang)
