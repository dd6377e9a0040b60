"""dashboard.figures.theme: text from data drawn as text, one colour per category, whole-number count axes, year
axes in the view's era, and a layout where title, legend and axis titles never meet."""

from __future__ import annotations

import pytest

from dashboard.figures import theme


@pytest.mark.parametrize(
    ("text", "shown"),
    [(None, ""), ("Yokohama\tCity\r\nOffice", "Yokohama City Office"), ("exe\u202egnp.", "exegnp."),
     ("\ufeffโตเกียว\u200f", "โตเกียว"), ("a\x00b\x1fc\x7fd\x9fe", "abcde"), ("ที่ตั้ง", "ที่ตั้ง"), (2565, "2565")],
)  # fmt: skip
def test_clean_keeps_what_a_person_reads_and_thai_marks(text, shown):
    assert theme.clean(text) == shown


def test_clean_shortens_with_an_ellipsis_within_the_limit():
    assert theme.clean("abcdefghij", 5) == "abcd…"
    assert theme.clean("abcd ", 5) == "abcd "  # within the limit: kept as written
    assert theme.clean("abc   defgh", 5) == "abc…"  # no space left before the ellipsis
    assert len(theme.clean("ก" * 1_000)) == theme.TEXT_MAX


def test_plain_escapes_markup_and_unplain_reads_it_back():
    assert theme.plain('<a href="https://x">A & B</a>') == '&lt;a href="https://x"&gt;A &amp; B&lt;/a&gt;'
    assert theme.plain("&amp;") == "&amp;amp;"  # an entity in data is the text "&amp;", not "&"
    assert theme.unplain(theme.plain("<b>Kanagawa</b> & Tokyo")) == "<b>Kanagawa</b> & Tokyo"
    assert theme.unplain("<b>Tokyo</b><br>Agreements: 3") == "Tokyo · Agreements: 3"


def test_labels_are_escaped_shortened_and_never_shared():
    a, b = "ก" * 100 + "1", "ก" * 100 + "2"
    out = theme.labels([a, b, a, "<b>", None])
    assert list(out) == [a, b, "<b>", None]
    assert out[a] == "ก" * 79 + "…" and out[b] == "ก" * 75 + "… (2)"
    assert all(len(v) <= theme.LABEL_MAX for v in out.values())
    assert (out["<b>"], out[None]) == ("&lt;b&gt;", "")
    assert len(set(theme.labels(["Same", "Same ", "Same\t"]).values())) == 3  # three texts, three labels


def test_a_category_has_one_colour_everywhere_and_unknown_ones_a_default():
    assert theme.color("direction", "outbound") == theme.COLORS["direction"]["outbound"] == theme.PALETTE[0]
    assert theme.color("type", "treaty") is None and theme.color("type", "treaty", "#999999") == "#999999"
    assert theme.color("colour", "blue") is None
    assert theme.color("aggregate", None) == "#555555"
    measures = set(theme.COLORS["stage"].values())
    others = set(theme.COLORS["direction"].values()) | set(theme.COLORS["type"].values())
    assert len(measures) == len(theme.COLORS["stage"]) and not measures & others


@pytest.mark.parametrize(
    ("base", "amount", "tinted"), [("#000000", 0.5, "#808080"), ("#FFFFFF", 0.45, "#FFFFFF"), ("#0072B2", 0.45, "#73B1D5"),
                                   ("#332288", 0.0, "#332288"), ("#332288", 1.0, "#FFFFFF")],
)  # fmt: skip
def test_tint_mixes_with_white(base, amount, tinted):
    assert theme.tint(base, amount) == tinted


@pytest.mark.parametrize(("step", "nice"), [(0.3, 0.5), (1, 1), (1.2, 2), (2.2, 2.5), (3, 5), (6, 10), (11, 20)])
def test_nice_steps(step, nice):
    assert theme._nice(step) == nice


@pytest.mark.parametrize(("top", "dtick"), [(None, 1), (0, 1), (0.5, 1), (5, 1), (7, 2), (13, 2), (25, 5), (1000, 200),
                                            (2_500_000, 500_000)])  # fmt: skip
def test_count_axes_tick_whole_numbers_from_zero(top, dtick):
    """About six ticks from 0 at a nice step; a step of 2.5 is no whole number, so 2."""
    axis = theme.count_axis(top)
    assert axis == {"tickformat": ",d", "tickmode": "linear", "tick0": 0, "dtick": dtick, "exponentformat": "none"}
    assert isinstance(axis["dtick"], int)


def test_money_axis_shows_every_digit():
    assert theme.money_axis() == {"tickformat": ",~r", "exponentformat": "none", "separatethousands": True}


def test_year_axes_keep_every_year_and_label_fewer_on_long_spans():
    short = theme.year_axis(list(range(2010, 2020)), "be")
    assert short["tickvals"] == list(range(2010, 2020)) and short["ticktext"][0] == "2553"
    assert theme.year_axis(list(range(2000, 2020)), "ce")["tickvals"] == list(range(2000, 2020, 2))
    assert theme.year_axis(list(range(1990, 2026)), "ce")["ticktext"] == [str(y) for y in range(1990, 2026, 5)]
    given = theme.year_axis([2021, 2022], "be", ["ปีงบ 2564", "ปีงบ 2565"])
    assert given["ticktext"] == ["ปีงบ 2564", "ปีงบ 2565"]


def test_text_width_counts_thai_marks_as_nothing_and_cjk_as_a_full_em():
    assert theme.text_width("ที่") == pytest.approx(theme.text_width("ท"))
    assert theme.text_width("東京") == pytest.approx(2 * theme.FONT_SIZE)
    assert theme.text_width("<b>a</b>&amp;") == pytest.approx(theme.text_width("a&"))


def test_a_title_wraps_at_spaces_to_the_narrowest_card():
    title = "มูลค่าการลงทุนที่ได้รับอนุมัติ จำแนกตามประเทศคู่ความร่วมมือ ในปีล่าสุดที่มีข้อมูลครบทั้งปี ของทุกแหล่งข้อมูล"
    wrapped = theme.wrap_title(title)
    lines = wrapped.split("<br>")
    assert len(lines) > 1 and " ".join(lines) == title
    assert all(theme.text_width(line, theme.TITLE_SIZE) <= theme.NARROWEST for line in lines)
    assert theme.wrap_title("Short") == "Short"
    head, height = theme.title_layout(title)
    assert head["text"] == wrapped and height == 12 + theme.TITLE_LINE * len(lines)
    assert head["pad"]["t"] == 12 + round(0.7 * theme.TITLE_SIZE)  # a title of several lines moves down
    assert theme.title_layout("Short")[0]["pad"]["t"] == 12
    assert theme.title_layout("<b>x</b>")[0]["text"] == "&lt;b&gt;x&lt;/b&gt;"


def test_legend_rows_are_as_many_as_the_narrowest_plot_needs():
    legend, height = theme.legend_layout(["A", "B", "C", "D", "E"])
    assert legend["entrywidth"] == 0.25 and height == 2 * theme.LEGEND_ROW + 6
    legend, height = theme.legend_layout(["ผู้แทนขาออก · จัดแล้ว" * 3, "B"])
    assert legend["entrywidth"] == 1.0 and height == 2 * theme.LEGEND_ROW + 6
    assert legend["y"] == 1.0 and legend["yanchor"] == "bottom"  # above the plot, never on an axis title


def fig_with(*names: str) -> dict:
    return {"data": [{"type": "bar", "name": n} for n in names], "layout": {}}


def test_apply_shows_a_legend_only_for_two_names_or_more():
    one = theme.apply(fig_with("Japan"), title="T", lang="en")
    assert one["layout"]["showlegend"] is False and one["layout"]["legend"] == {}
    two = theme.apply(fig_with("Japan", "China"), title="T", lang="th", x_title="ปี", y_title="ล้านบาท")
    lay = two["layout"]
    assert lay["showlegend"] is True
    assert lay["margin"]["t"] == 36 + 8 + theme.LEGEND_ROW + 6 and lay["margin"]["b"] == 64
    assert (lay["xaxis"]["title"]["text"], lay["yaxis"]["title"]["text"]) == ("ปี", "ล้านบาท")
    assert lay["yaxis"]["rangemode"] == "tozero" and lay["separators"] == ".,"
    off = theme.apply(fig_with("Japan", "China"), title="T", lang="en", legend=False)
    assert off["layout"]["showlegend"] is False
    hidden = fig_with("Japan", "China")
    hidden["data"][1]["showlegend"] = False
    assert theme.apply(hidden, title="T", lang="en")["layout"]["showlegend"] is False


def test_apply_keeps_at_least_half_the_height_for_the_plot():
    names = [f"Series {i}" for i in range(16)]
    lay = theme.apply(fig_with(*names), title="T", lang="en", height=200)["layout"]
    assert lay["height"] == 2 * lay["margin"]["t"] + 140
    assert theme.apply(fig_with("A"), title="T", lang="en", height=500)["layout"]["height"] == 500


def test_an_empty_figure_says_why_in_words():
    fig = theme.empty("Investments", "No figures <for> these filters, widen the years or clear a filter", "en")
    assert fig["data"] == []
    assert fig["layout"]["xaxis"]["visible"] is False and fig["layout"]["height"] == 300
    note = fig["layout"]["annotations"][0]
    assert note["text"] == theme.wrap("No figures &lt;for&gt; these filters, widen the years or clear a filter")
    assert "<br>" in note["text"] and note["showarrow"] is False


def test_wrap_breaks_at_spaces_within_the_width():
    assert theme.wrap("aa bb cc dd", 5) == "aa bb<br>cc dd"
    assert theme.wrap("abcdefgh ij", 5) == "abcdefgh<br>ij"  # a longer word keeps its line


# -- margins that already hold the labels: plotly draws a chart once --------------------------------------------


def test_drawn_width_measures_the_app_font_thai_latin_and_cjk():
    assert theme.drawn_width("") == 0
    assert theme.drawn_width("0000") == pytest.approx(4 * theme.drawn_width("9"))  # Sarabun's digits are tabular
    assert theme.drawn_width("ที่") == pytest.approx(theme.drawn_width("ท"))  # marks above and below take no width
    assert theme.drawn_width("東京") == 2 * theme.FONT_SIZE  # no CJK in Sarabun: a full em each
    assert theme.drawn_width("A<br>Kanagawa") == theme.drawn_width("Kanagawa")  # the widest line
    assert theme.drawn_width("<b>R&amp;D</b>") == theme.drawn_width("R&D")
    assert theme.drawn_width("กรุงเทพ", 26) == pytest.approx(2 * theme.drawn_width("กรุงเทพ", 13), rel=0.02)


def bars(y, x, **layout):
    return {"data": [{"type": "bar", "orientation": "h", "y": y, "x": x}],
            "layout": {"margin": {"l": 12, "r": 24, "t": 12, "b": 64}, **layout}}  # fmt: skip


def test_fitted_makes_room_for_the_widest_category_label():
    fig = bars(["จังหวัดคานางาวะ", "Ministry of Economy, Trade and Industry"], [3, 5])
    fitted = theme.fitted(fig)
    widest = theme.drawn_width("Ministry of Economy, Trade and Industry")
    assert fitted["layout"]["margin"]["l"] == int(-(-widest // 1)) + theme.LABEL_ROOM
    assert fig["layout"]["margin"]["l"] == 12  # the figure given is left as it was
    assert theme.fitted(bars(["a"], [1], yaxis={"visible": False}))["layout"]["margin"]["l"] == 12
    wide = bars(["a"], [1], margin={"l": 500, "r": 0, "t": 0, "b": 0})
    assert theme.fitted(wide)["layout"]["margin"]["l"] == 500  # never narrower than asked


def test_fitted_foresees_the_widest_tick_of_a_value_axis():
    fig = {"data": [{"type": "bar", "x": [2020, 2021], "y": [9_800, 1_200]}],
           "layout": {"margin": {"l": 12, "t": 40}, "barmode": "group"}}  # fmt: skip
    assert theme.fitted(fig)["layout"]["margin"]["l"] >= int(theme.drawn_width("10,000")) + theme.LABEL_ROOM
    stacked = {"data": [{"type": "bar", "x": [1, 2], "y": [600, 600]}, {"type": "bar", "x": [1, 2], "y": [600, 1]}],
               "layout": {"margin": {"l": 12}, "barmode": "stack"}}  # fmt: skip
    assert theme.fitted(stacked)["layout"]["margin"]["l"] >= int(theme.drawn_width("1,200")) + theme.LABEL_ROOM
    percent = {"data": [{"type": "bar", "x": [1], "y": [40]}],
               "layout": {"margin": {"l": 12}, "yaxis": {"range": [0, 100], "ticksuffix": "%"}}}  # fmt: skip
    assert theme.fitted(percent)["layout"]["margin"]["l"] == int(-(-theme.drawn_width("100%") // 1)) + theme.LABEL_ROOM


def test_fitted_leaves_maps_and_figures_without_margins_alone():
    geo = {"data": [{"type": "choropleth", "locations": ["x"], "z": [1]}], "layout": {"margin": {"l": 10}}}
    assert theme.fitted(geo) is geo
    bare = {"data": [{"type": "bar", "y": ["a"], "x": [1]}], "layout": {}}
    assert theme.fitted(bare) is bare


def test_fitted_turns_category_labels_that_cannot_stand_side_by_side():
    months = [f"Oct–Dec {y}" for y in range(2555, 2569)]
    fig = {"data": [{"type": "bar", "x": months, "y": [1] * len(months)}],
           "layout": {"margin": {"l": 12, "r": 24, "t": 12, "b": 64},
                      "xaxis": {"type": "category", "categoryarray": months}}}  # fmt: skip
    out = theme.fitted(fig)["layout"]
    assert out["xaxis"]["tickangle"] == 30
    assert out["margin"]["b"] > 64 and out["margin"]["r"] > 24  # room below and right for the turned labels
    few = {**fig, "layout": {**fig["layout"], "xaxis": {"type": "category", "categoryarray": months[:3]}}}
    assert "tickangle" not in theme.fitted(few)["layout"]["xaxis"]  # three fit side by side: left as they are
    set_angle = {**fig, "layout": {**fig["layout"], "xaxis": {**fig["layout"]["xaxis"], "tickangle": 0}}}
    assert theme.fitted(set_angle)["layout"]["xaxis"]["tickangle"] == 0
