"""dashboard.figures.charts on hand-made marks: traces, axes, labels, hover text and the counting rules a chart
keeps (every number is a mark's, never a sum across years or measures; stated totals of groups drawn apart)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import polars as pl
import pytest

from dashboard.figures import charts
from dashboard.figures.theme import COLORS, NEUTRALS, count_axis, tint
from dashboard.marks import COLUMNS, Marks


def mark(series_key="", name="Japan", x_key=2020, x=None, y=1.0, qualifier="exact", records=1, sources=1,
         detail="", **drill) -> dict:  # fmt: skip
    return {"series_key": series_key, "series": name, "x_key": x_key, "x": str(x_key) if x is None else x, "y": y,
            "qualifier": qualifier, "records": records, "sources": sources, "detail": detail,
            "drill": json.dumps(drill, sort_keys=True) if drill else ""}  # fmt: skip


def marks(rows: list[dict], kind: str = "year", **kw) -> Marks:
    frame = pl.DataFrame(rows, infer_schema_length=None).select(COLUMNS)
    return Marks(frame, kind, kw.pop("title", "A chart"), kw.pop("y_title", "Agreements"), kw.pop("x_title", "Year"),
                 **kw)  # fmt: skip


def drawn_numbers(fig: dict) -> Counter:
    return Counter(v for tr in fig["data"] if tr["type"] == "bar" for v in (tr["x"] if tr.get("orientation") == "h"
                                                                             else tr["y"]))  # fmt: skip


# -- bars by year --------------------------------------------------------------------------------------------


def investment_marks(lang_series=("Japan", "All foreign investors (stated total)")) -> Marks:
    jp, agg = lang_series
    rows = [
        mark("", jp, 2018, "2561", 1200.5, "approx", 3, 2, stage="application", series="", year=2018),
        mark("", jp, 2021, "2564", 900.0, "exact", 1, 1, "named only", stage="application", series="", year=2021),
        mark("all-foreign", agg, 2021, "2564", 40_000.0, "at_least", 1, 1, stage="application", series="all-foreign",
             year=2021),
        mark("eu-investors", "EU investors (stated total)", 2021, "2564", 900.0, "exact", 1, 1, stage="application",
             series="eu-investors", year=2021),
    ]  # fmt: skip
    return marks(rows, "year", y_title="THB million", unit="THB million", number="float", sums=True)


def test_a_year_axis_keeps_every_year_between_the_first_and_last_in_the_view_s_era():
    fig = charts.draw(investment_marks(), "en", "be")
    assert fig["layout"]["meta"] == {"x": [2018, 2019, 2020, 2021], "x_labels": ["2561", "2562", "2563", "2564"]}
    x = fig["layout"]["xaxis"]
    assert (x["tickvals"], x["ticktext"], x["range"]) == ([2018, 2019, 2020, 2021], ["2561", "2562", "2563", "2564"],
                                                          [2017.4, 2021.6])  # fmt: skip
    assert fig["data"][0]["x"] == [2018, 2021]  # 2019 and 2020 are gaps, not closed up
    ce = charts.draw(investment_marks(), "en", "ce")
    assert ce["layout"]["meta"]["x_labels"][1:3] == ["2019", "2020"]  # gap years in the era asked for


def test_investment_bars_are_side_by_side_never_stacked_and_every_number_is_a_mark_s():
    m = investment_marks()
    fig = charts.draw(m, "en", "ce")
    assert fig["layout"]["barmode"] == "group"
    assert drawn_numbers(fig) == Counter(m.frame["y"].to_list())  # as stated: nothing added up in the figure
    assert [tr["name"] for tr in fig["data"]] == ["Japan", "All foreign investors (stated total)",
                                                 "EU investors (stated total)"]  # fmt: skip


def test_stated_totals_of_groups_are_grey_and_hatched_apart_from_the_partners():
    fig = charts.draw(investment_marks(), "en", "ce")
    japan, foreign, eu = fig["data"]
    assert japan["marker"] == {"color": COLORS["stage"]["application"]}
    assert foreign["marker"]["color"] == NEUTRALS[0] and eu["marker"]["color"] == NEUTRALS[1]
    assert foreign["marker"]["pattern"]["shape"] == eu["marker"]["pattern"]["shape"] == "/"


def test_hover_says_the_number_as_stated_what_it_adds_up_and_its_notes():
    fig = charts.draw(investment_marks(), "en", "ce")
    japan, foreign, _ = fig["data"]
    assert japan["hovertext"] == [
        "2561 · Japan: about 1,200.5 THB million<br>adds up 3 stated figures from 2 sources",
        "2564 · Japan: 900.0 THB million<br>named only<br>adds up 1 stated figures from 1 sources",
    ]
    assert japan["text"] == ["≈", ""] and foreign["text"] == ["≥"]
    assert foreign["hovertext"][0].startswith("2564 · All foreign investors (stated total): at least 40,000.0")
    assert japan["customdata"] == [[json.dumps({"series": "", "stage": "application", "year": 2018}, sort_keys=True)],
                                   [json.dumps({"series": "", "stage": "application", "year": 2021}, sort_keys=True)]]  # fmt: skip
    th = charts.draw(investment_marks(("ญี่ปุ่น", "นักลงทุนต่างชาติทั้งหมด")), "th", "be")
    assert th["data"][0]["hovertext"][0].startswith("2561 · ญี่ปุ่น: ประมาณ 1,200.5 THB million<br>รวมจากตัวเลข")
    assert th["data"][1]["hovertext"][0].startswith("2564 · นักลงทุนต่างชาติทั้งหมด: อย่างน้อย 40,000.0")


def test_counts_of_records_stack_and_the_axis_reaches_the_tallest_stack_of_one_year_only():
    rows = [mark("MOU", "MOU", 2020, y=3, type="MOU", year=2020), mark("LOI", "LOI", 2020, y=4, type="LOI", year=2020),
            mark("MOU", "MOU", 2021, y=5, type="MOU", year=2021)]  # fmt: skip
    fig = charts.draw(marks(rows, stacked=True, unit="agreements"), "en", "ce")
    assert fig["layout"]["barmode"] == "stack"
    assert fig["layout"]["yaxis"]["dtick"] == count_axis(7)["dtick"] == 2  # 3 + 4 in 2020, not 12 over the years
    assert [tr["textposition"] for tr in fig["data"]] == ["inside", "inside"]
    assert [tr["marker"]["color"] for tr in fig["data"]] == [COLORS["type"]["MOU"], COLORS["type"]["LOI"]]
    assert fig["data"][0]["hovertext"] == ["2020 · MOU: 3 agreements", "2021 · MOU: 5 agreements"]  # no "adds up"
    one = charts.draw(marks([mark(x_key=2020, y=4), mark(x_key=2021, y=4)], stacked=True), "en", "ce")
    assert one["layout"]["yaxis"]["dtick"] == 1  # 4 a year: never 8


def test_side_by_side_counts_reach_the_largest_mark():
    rows = [mark("a", "A", 2020, y=5, stage="fba_permit", count_unit="permits", series=""),
            mark("b", "B", 2020, y=5, stage="fba_permit", count_unit="investors", series="")]  # fmt: skip
    fig = charts.draw(marks(rows, y_title="Number"), "en", "ce")
    assert fig["layout"]["yaxis"]["dtick"] == count_axis(5)["dtick"] == 1 and fig["layout"]["barmode"] == "group"


def test_names_from_data_are_text_never_markup():
    rows = [mark("x", "<a href='https://evil.example'>Partner</a> & co", 2020, x="<b>2020</b>", y=1,
                 detail="<img src=x onerror=alert(1)>", type="MOU")]  # fmt: skip
    fig = charts.draw(marks(rows), "en", "ce")
    tr = fig["data"][0]
    assert tr["name"] == "&lt;a href='https://evil.example'&gt;Partner&lt;/a&gt; &amp; co"
    assert "<a" not in tr["hovertext"][0] and "<img" not in tr["hovertext"][0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in tr["hovertext"][0]
    assert fig["layout"]["meta"]["x_labels"] == ["&lt;b&gt;2020&lt;/b&gt;"]


# -- colours of categories ---------------------------------------------------------------------------------


def test_a_direction_keeps_its_colour_and_a_status_is_a_pattern_over_it():
    rows = [mark(f"{d}:{s}", f"{d} {s}", 2020, y=1, direction=d, status=s, year=2020)
            for d in ("outbound", "inbound") for s in ("held", "planned", "cancelled", "")]  # fmt: skip
    fig = charts.draw(marks(rows, stacked=True), "en", "ce")
    got = [(tr["marker"]["color"], tr["marker"].get("pattern", {}).get("shape")) for tr in fig["data"]]
    blue, orange = COLORS["direction"]["outbound"], COLORS["direction"]["inbound"]
    assert got == [(blue, None), (blue, "/"), (blue, "x"), (blue, "."), (orange, None), (orange, "/"), (orange, "x"),
                   (orange, ".")]  # fmt: skip


def test_a_measure_counted_in_two_units_is_one_colour_in_two_shades():
    rows = [mark("|permits", "Permits", 2020, y=3, stage="fba_permit", count_unit="permits", series=""),
            mark("|investors", "Investors", 2020, y=2, stage="fba_permit", count_unit="investors", series="")]  # fmt: skip
    fig = charts.draw(marks(rows, y_title="Number"), "en", "ce")
    base = COLORS["stage"]["fba_permit"]
    assert [tr["marker"]["color"] for tr in fig["data"]] == [base, tint(base)]


def test_a_series_no_category_names_takes_the_chart_s_dataset_colour():
    fig = charts.draw(marks([mark(y=2), mark(x_key=2021, y=1)]), "en", "ce", dataset="delegations")
    assert fig["data"][0]["marker"]["color"] == COLORS["dataset"]["delegations"]


# -- the axis of counts is named by what it counts -----------------------------------------------------------


def test_a_count_axis_is_named_by_its_one_count_unit():
    one = marks([mark(y=3, stage="fba_permit", count_unit="permits")], y_title="Number")
    assert charts.counted(one, "en").y_title == "Permits"
    assert charts.draw(one, "en", "ce")["layout"]["yaxis"]["title"]["text"] == "Permits"
    assert charts.counted(marks([mark(y=3, stage="fba_permit", count_unit="investors")], y_title="จำนวน"),
                          "th").y_title == "ราย (นักลงทุน)"  # fmt: skip
    two = marks([mark(y=3, count_unit="permits"), mark("b", "B", y=2, count_unit="investors")], y_title="Number")
    assert charts.counted(two, "en").y_title == "Number"
    unknown = marks([mark(y=3), mark("b", "B", y=2, count_unit="permits")], y_title="Number")
    assert charts.counted(unknown, "en").y_title == "Number"
    money = marks([mark(y=3, count_unit="permits")], y_title="THB million")
    assert charts.counted(money, "en") is money


def test_no_marks_draws_a_message_never_an_empty_axis():
    empty = Marks(pl.DataFrame(schema=dict.fromkeys(COLUMNS, pl.String)), "year", "Agreements by year", "Agreements",
                  empty="No agreements <here>")  # fmt: skip
    fig = charts.draw(empty, "en", "ce")
    assert fig["data"] == []
    assert fig["layout"]["xaxis"]["visible"] is False and fig["layout"]["yaxis"]["visible"] is False
    assert fig["layout"]["annotations"][0]["text"] == "No agreements &lt;here&gt;"
    no_reason = Marks(empty.frame, "year", "Agreements by year", "Agreements")
    assert charts.draw(no_reason, "th", "be")["layout"]["annotations"][0]["text"].startswith("ไม่พบข้อมูล")


# -- bars by category, ranked bars ----------------------------------------------------------------------------


def test_parts_of_a_year_are_categories_of_their_own_in_the_marks_order():
    rows = [mark("", "Japan", "2022-01-03", "Q1 2022", 10.0, stage="approval", series=""),
            mark("", "Japan", "2022-01-06", "H1 2022", 25.0, stage="approval", series=""),
            mark("", "Japan", "2022-01-09", "Jan-Sep 2022", 40.0, stage="approval", series="")]  # fmt: skip
    fig = charts.draw(marks(rows, "category", number="float"), "en", "ce")
    assert fig["layout"]["xaxis"]["categoryarray"] == ["Q1 2022", "H1 2022", "Jan-Sep 2022"]
    assert fig["layout"]["meta"] == {"x": ["Q1 2022", "H1 2022", "Jan-Sep 2022"],
                                     "x_labels": ["Q1 2022", "H1 2022", "Jan-Sep 2022"]}  # fmt: skip
    assert fig["data"][0]["y"] == [10.0, 25.0, 40.0]  # H1 is not Q1 + Q2, nor added to Q1
    assert fig["layout"]["barmode"] == "group"


def test_two_categories_shown_alike_keep_two_bars():
    long = "ก" * 100
    rows = [mark(x_key="a", x=long + "1", y=1), mark(x_key="b", x=long + "2", y=2)]
    fig = charts.draw(marks(rows, "category"), "en", "ce")
    cats = fig["layout"]["xaxis"]["categoryarray"]
    assert len(set(cats)) == 2 and cats[1].endswith(" (b)") and all(len(c) <= 80 for c in cats)  # told by key
    assert fig["data"][0]["x"] == cats


def test_ranked_bars_are_horizontal_first_category_on_top():
    rows = [mark(x_key=s, x=n, y=y, sector=s) for s, n, y in
            [("AUTO", "ยานยนต์สมัยใหม่", 9), ("EE", "อิเล็กทรอนิกส์อัจฉริยะ", 4), ("MED", "การแพทย์ครบวงจร", 6)]]  # fmt: skip
    fig = charts.draw(marks(rows, "ranked"), "th", "be")
    tr = fig["data"][0]
    assert tr["orientation"] == "h" and tr["x"] == [9, 4, 6] and tr["y"] == ["ยานยนต์สมัยใหม่", "อิเล็กทรอนิกส์อัจฉริยะ",
                                                                             "การแพทย์ครบวงจร"]  # fmt: skip
    y = fig["layout"]["yaxis"]
    assert y["categoryarray"] == ["การแพทย์ครบวงจร", "อิเล็กทรอนิกส์อัจฉริยะ", "ยานยนต์สมัยใหม่"]  # drawn bottom up
    assert fig["layout"]["xaxis"]["title"]["text"] == "Agreements"  # the value axis is across
    assert fig["layout"]["showlegend"] is False


def test_stacked_ranked_bars_put_the_largest_stack_on_top_and_long_names_are_shortened_on_the_axis():
    long = "Japan External Trade Organization, Bangkok Office, Investment Division"
    rows = [mark("agreements", "Agreements", "a", "Small", 1, dataset="agreements"),
            mark("agreements", "Agreements", "b", long, 2, dataset="agreements"),
            mark("delegations", "Delegations", "b", long, 3, dataset="delegations"),
            mark("delegations", "Delegations", "a", "Small", 3, dataset="delegations")]  # fmt: skip
    fig = charts.draw(marks(rows, "ranked", stacked=True), "en", "ce")
    y = fig["layout"]["yaxis"]
    assert y["categoryarray"] == ["Small", long]  # long's stack (5) above Small's (4)
    assert y["ticktext"][1] == long[:47].rstrip() + "…" and len(y["ticktext"][1]) <= 48
    assert fig["layout"]["barmode"] == "stack"
    assert [tr["marker"]["color"] for tr in fig["data"]] == [COLORS["dataset"]["agreements"],
                                                            COLORS["dataset"]["delegations"]]  # fmt: skip


def test_grouped_ranked_bars_read_in_legend_order():
    rows = [mark("x", "First", "a", "A", 1), mark("y", "Second", "a", "A", 2)]
    fig = charts.draw(marks(rows, "ranked"), "en", "ce")
    assert [tr["name"] for tr in fig["data"]] == ["Second", "First"]
    assert fig["layout"]["legend"]["traceorder"] == "reversed" and fig["layout"]["barmode"] == "group"


# -- lines ---------------------------------------------------------------------------------------------------


def test_a_line_breaks_at_a_year_without_a_figure():
    rows = [mark("EEC", "EEC share", 2019, y=40.0), mark("EEC", "EEC share", 2021, y=55.5)]
    fig = charts.draw(marks(rows, "lines", unit="%", number="float"), "en", "be")
    tr = fig["data"][0]
    assert (tr["x"], tr["y"], tr["connectgaps"]) == ([2019, 2020, 2021], [40.0, None, 55.5], False)
    assert tr["hovertext"] == ["2019 · EEC share: 40.0%", "", "2021 · EEC share: 55.5%"]
    assert tr["customdata"][1] == [None]
    y = fig["layout"]["yaxis"]
    assert (y["range"], y["ticksuffix"]) == ([0, 100], "%")
    assert fig["layout"]["meta"]["x_labels"] == ["2562", "2563", "2564"]


# -- timeline -------------------------------------------------------------------------------------------------


def timeline_marks(starts_ends) -> Marks:
    rows, bars = [], []
    for i, (start, end, direction, status) in enumerate(starts_ends):
        rows.append(mark(f"{direction}:{status}", f"{direction} · {status or 'not recorded'}", f"d{i}",
                         f"Mission {i} · {start.isoformat()}", (end - start).days + 1, detail="site visit", id=f"d{i}"))  # fmt: skip
        bars.append({"start": start, "end": end})
    return marks(rows, "timeline", y_title="Days", extra={"bars": bars})


def test_timeline_bars_run_first_to_last_day_with_a_dot_on_the_first():
    m = timeline_marks([(date(2019, 3, 1), date(2019, 3, 5), "inbound", "held"),
                        (date(2023, 5, 10), date(2023, 5, 14), "outbound", "planned")])  # fmt: skip
    fig = charts.draw(m, "en", "be")
    kinds = [(tr["type"], tr["legendgroup"]) for tr in fig["data"]]
    assert kinds == [("bar", "outbound:planned"), ("scatter", "outbound:planned"), ("bar", "inbound:held"),
                     ("scatter", "inbound:held")]  # outbound first, as the legend reads  # fmt: skip
    bar, dot = fig["data"][2], fig["data"][3]
    assert bar["base"] == ["2019-03-01"] and bar["x"] == [5 * 86_400_000] and bar["showlegend"] is False
    assert dot["x"] == ["2019-03-01"] and dot["y"] == bar["y"] == ["Mission 0 · 2019-03-01"]
    assert dot["customdata"] == [[json.dumps({"id": "d0"}), "Mission 0 · 2019-03-01 · inbound · held · site visit"]]
    assert fig["data"][1]["marker"]["color"] == "white"  # a planned mission's dot is hollow
    assert fig["layout"]["xaxis"]["type"] == "date"
    assert fig["layout"]["xaxis"]["title"]["text"] == "Year (BE)"


def test_time_axis_is_years_on_long_spans_and_months_on_short_ones():
    long = charts.time_axis([{"start": date(2015, 1, 10), "end": date(2024, 11, 1)}], "en", "be")
    # 11 first days of a year between the padded ends: every other one labelled, in BE
    assert long["ticktext"] == ["2558", "2560", "2562", "2564", "2566", "2568"]
    assert long["tickvals"] == ["2015-01-01", "2017-01-01", "2019-01-01", "2021-01-01", "2023-01-01", "2025-01-01"]
    assert long["range"][0] < "2015-01-10" and long["range"][1] > "2024-11-01"
    short = charts.time_axis([{"start": date(2023, 5, 10), "end": date(2023, 8, 14)}], "th", "be")
    assert short["ticktext"][0] == "พ.ค. 2566" and short["tickvals"][0] == "2023-05-01"
    assert len(short["tickvals"]) <= charts.TIME_TICKS
    one_day = charts.time_axis([{"start": date(2023, 5, 10), "end": date(2023, 5, 10)}], "en", "ce")
    assert one_day["range"] == ["2023-04-20", "2023-05-30"]  # at least 20 days each side
    wide = charts.time_axis([{"start": date(1950, 1, 1), "end": date(2025, 1, 1)}], "en", "ce")
    assert len(wide["tickvals"]) <= charts.TIME_TICKS


def test_partners_and_stated_totals_ranked_by_value_keep_their_own_looks():
    rows = [mark("aggregate", "Stated totals", "all-foreign|projects", "All foreign investors", 40_000.0,
                 stage="approval", key="all-foreign"),
            mark("partner", "Partners", "jp|projects", "Japan", 900.0, stage="approval", key="jp")]  # fmt: skip
    fig = charts.draw(marks(rows, "ranked", number="float", sums=True), "en", "ce")
    looks = {tr["name"]: tr["marker"] for tr in fig["data"]}
    assert looks["Stated totals"]["color"] == NEUTRALS[0] and looks["Stated totals"]["pattern"]["shape"] == "/"
    assert looks["Partners"] == {"color": COLORS["stage"]["approval"]}
    assert fig["layout"]["barmode"] == "group"  # a stated total is never stacked on the partners it holds
    assert drawn_numbers(fig) == Counter([40_000.0, 900.0])


# Two partners (two x_keys) may share a display name: two ministries of commerce, two companies of one name.
SAME_NAME = [
    mark("agreements", "Agreements", "cn-moc", "Ministry of Commerce", 3, dataset="agreements", partner="cn-moc"),
    mark("delegations", "Delegations", "cn-moc", "Ministry of Commerce", 1, dataset="delegations", partner="cn-moc"),
    mark("agreements", "Agreements", "kr-moc", "Ministry of Commerce", 2, dataset="agreements", partner="kr-moc"),
    mark("delegations", "Delegations", "kr-moc", "Ministry of Commerce", 4, dataset="delegations", partner="kr-moc"),
    mark("agreements", "Agreements", "jp", "Japan", 5, dataset="agreements", partner="jp"),
]


def categories(fig: dict) -> list[str]:
    axis = fig["layout"]["yaxis"] if fig["data"][0].get("orientation") == "h" else fig["layout"]["xaxis"]
    return axis["categoryarray"]


@pytest.mark.parametrize(("kind", "stacked"), [("ranked", True), ("ranked", False), ("category", False)])
def test_two_partners_of_one_name_are_two_bars(kind, stacked):
    fig = charts.draw(marks(SAME_NAME, kind, stacked=stacked), "en", "ce")
    assert len(categories(fig)) == 3
    for tr in fig["data"]:
        shown = tr["y"] if kind == "ranked" else tr["x"]
        assert len(set(shown)) == len(shown), shown
    assert "Ministry of Commerce" in categories(fig) and "Ministry of Commerce (kr-moc)" in categories(fig)
    bars = {(tr.get("name"), y if kind == "ranked" else x): (x if kind == "ranked" else y)
            for tr in fig["data"] for x, y in zip(tr["x"], tr["y"], strict=True)}  # fmt: skip
    assert 4 in bars.values() and 1 in bars.values()  # each ministry's own count, never 1 + 4 or 3 + 2 added
