"""dashboard.i18n: the two languages hold the same strings, and numbers, years and dates read right."""

from __future__ import annotations

import re
import string
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.i18n import (
    ENUMS,
    STRINGS,
    fiscal_year_ce,
    fmt,  # the module, for its STRICT flag
    fmt_date,
    fmt_fiscal_year,
    fmt_int,
    fmt_number,
    fmt_period,
    fmt_thb_million,
    fmt_year,
    label,
    month_name,
    options,
    parse_year,
    plotly_locale,
    t,
    to_thai_digits,
    year_label,
)
from dashboard.i18n.strings import LATIN_ONLY_IN_THAI, THAI_IN_ENGLISH

THAI = re.compile(r"[\u0e00-\u0e7f]")
FROM_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# --- the strings -------------------------------------------------------------


def test_both_languages_have_the_same_keys():
    assert set(STRINGS) == {"en", "th"}
    assert set(STRINGS["en"]) - set(STRINGS["th"]) == set(), "keys missing in Thai"
    assert set(STRINGS["th"]) - set(STRINGS["en"]) == set(), "keys missing in English"


@pytest.mark.parametrize("key", sorted(STRINGS["en"]))
def test_both_languages_have_the_same_placeholders(key):
    assert placeholders(STRINGS["en"][key]) == placeholders(STRINGS["th"][key])


def test_no_string_is_empty_or_padded():
    for lang, table in STRINGS.items():
        for key, text in table.items():
            assert text and text == text.strip(), (lang, key, text)


def test_english_has_no_thai_letters():
    bad = {k: v for k, v in STRINGS["en"].items() if THAI.search(v) and k not in THAI_IN_ENGLISH}
    assert bad == {}


def test_thai_labels_are_written_in_thai():
    bad = {k: v for k, v in STRINGS["th"].items() if not THAI.search(v) and k not in LATIN_ONLY_IN_THAI}
    assert bad == {}


def test_the_exceptions_are_real_keys():
    assert set(STRINGS["en"]) >= THAI_IN_ENGLISH | LATIN_ONLY_IN_THAI


def test_every_enum_value_has_a_label_in_both_languages():
    for kind, values in ENUMS.items():
        for value in values:
            for lang in ("en", "th"):
                assert f"{kind}.{value}" in STRINGS[lang], (lang, kind, value)


def test_chart_titles_are_questions():
    from dashboard.views import CHARTS

    titles = {c.title: STRINGS["en"][c.title] for c in CHARTS.values()}  # axis labels share the prefix
    assert titles  # charts may share a title (the Overview repeats three)
    assert [k for k, v in titles.items() if "?" not in v] == []


# --- t() and label() ------------------------------------------------------------


def test_t_looks_up_and_fills_placeholders():
    assert t("page.overview", "en") == "Overview"
    assert t("page.overview", "th") == "ภาพรวม"
    assert t("notice.bad_param", "en", name="year_from", value="abc") == (
        "The URL parameter year_from=abc was not understood and was ignored"
    )
    assert t("notice.data_as_of", "th", date="14 ก.ค. 2565") == "ข้อมูล ณ วันที่ 14 ก.ค. 2565"


def test_unknown_language_falls_back_to_english():
    assert t("page.overview", "ja") == "Overview"
    assert t("page.overview", None) == "Overview"
    assert label("level", "company", "xx") == "Company"


def test_unknown_key_raises_in_tests_and_shows_the_key_in_production(monkeypatch):
    with pytest.raises(KeyError, match=r"page\.nope"):
        t("page.nope", "en")
    monkeypatch.setattr(fmt, "STRICT", False)
    assert t("page.nope", "th") == "page.nope"
    assert t("notice.bad_param", "en", name="era") == (
        "The URL parameter era={value} was not understood and was ignored"
    )


def test_labels_of_enum_values():
    assert label("level", "local_government", "th") == "รัฐบาลท้องถิ่น"
    assert label("agreement_type", "MOU", "th") == "บันทึกความเข้าใจ (MOU)"
    assert label("agreement_type", "MOU", "en") == "MOU"
    assert label("direction", "outbound", "th") == "คณะไทยเยือนต่างประเทศ"
    assert label("direction", "inbound", "th") == "คณะต่างประเทศเยือนไทย"
    assert label("stage", "application", "th") == "คำขอรับการส่งเสริมการลงทุน (BOI)"
    assert label("stage", "certificate", "th") == "บัตรส่งเสริมการลงทุน (BOI)"
    assert label("stage", "fba_permit", "en") == "Foreign Business Act permits"
    assert label("sector_group", "new_s_curve", "th") == "อุตสาหกรรมอนาคต (New S-curve)"
    assert label("purpose", "business_matching", "en") == "Business matching"


def test_unknown_enum_values_show_as_they_are():
    assert label("level", "prefecture", "th") == "prefecture"
    assert label("nonsense", "x", "en") == "x"
    assert label("level", None, "en") == "–"


def test_options_list_every_value_in_order():
    opts = options("stage", "en")
    assert [o["value"] for o in opts] == list(ENUMS["stage"])
    assert opts[2] == {"label": "BOI certificates", "value": "certificate"}


# --- numbers ----------------------------------------------------------------------


def test_numbers():
    assert fmt_int(1234567, "th") == "1,234,567"
    assert fmt_int(1234567, "en") == "1,234,567"
    assert fmt_int(-1234, "en") == "-1,234"
    assert fmt_int(999.6, "en") == "1,000"
    assert fmt_int(2565, "th", thai_digits=True) == "๒,๕๖๕"
    assert fmt_int(None, "th") == "–"
    assert fmt_int(float("nan"), "en") == "–"
    assert fmt_number(1234.56, "en") == "1,234.6"
    assert fmt_number(1234.56, "th", decimals=2) == "1,234.56"
    assert fmt_number(1234.5, "en", decimals=0) == "1,234"  # round half to even, like Python
    assert fmt_number(-0.04, "en") == "0.0"
    assert fmt_number(1234.5, "th", thai_digits=True) == "๑,๒๓๔.๕"
    assert fmt_number(None, "en") == "–"
    assert to_thai_digits("14 ก.ค. 2565") == "๑๔ ก.ค. ๒๕๖๕"


def test_thb_million():
    assert fmt_thb_million(1234.5, "th") == "1,234.5 ล้านบาท"
    assert fmt_thb_million(1234.5, "en") == "THB 1,234.5 million"
    assert fmt_thb_million(1234.5, "th", thai_digits=True) == "๑,๒๓๔.๕ ล้านบาท"
    assert fmt_thb_million(None, "en") == "–"


@given(n=st.integers(min_value=-(10**15), max_value=10**15), lang=st.sampled_from(["th", "en"]))
def test_fmt_int_removing_separators_gives_the_number_back(n, lang):
    text = fmt_int(n, lang)
    assert re.fullmatch(r"-?\d{1,3}(,\d{3})*", text)
    assert int(text.replace(",", "")) == n


@given(n=st.integers(min_value=-(10**15), max_value=10**15), lang=st.sampled_from(["th", "en"]))
def test_fmt_int_thai_digits_give_the_number_back(n, lang):
    text = fmt_int(n, lang, thai_digits=True)
    assert not re.search(r"[0-9]", text)
    assert int(text.replace(",", "").translate(FROM_THAI_DIGITS)) == n


# --- years and fiscal years --------------------------------------------------------------


def test_years():
    assert fmt_year(2022, "be") == "2565"
    assert fmt_year(2022, "ce") == "2022"
    assert fmt_year(None, "be") == "–"
    assert parse_year("2565", "be") == 2022
    assert parse_year("๒๕๖๕", "be") == 2022
    assert parse_year(2022, "ce") == 2022
    assert year_label("be", "th") == "พ.ศ."
    assert year_label("ce", "th") == "ค.ศ."
    assert year_label("be", "en") == "BE"
    assert year_label("ce", "en") == "CE"


@given(year=st.integers(min_value=1, max_value=9999), era=st.sampled_from(["be", "ce"]))
def test_fmt_year_round_trip(year, era):
    shown = fmt_year(year, era)
    assert parse_year(shown, era) == year
    assert int(shown) == (year + 543 if era == "be" else year)


def test_fiscal_year_is_named_by_the_year_it_ends_in():
    assert fiscal_year_ce(2022, 9) == 2022
    assert fiscal_year_ce(2022, 10) == 2023  # 1 Oct 2022 opens FY 2566 BE
    assert fiscal_year_ce(2023, 9) == 2023  # 30 Sep 2023 closes it
    assert fmt_fiscal_year(2023, "be", "th") == "ปีงบประมาณ 2566"
    assert fmt_fiscal_year(2023, "be", "en") == "FY 2566"
    assert fmt_fiscal_year(2023, "ce", "en") == "FY2023"
    assert fmt_fiscal_year(2023, "ce", "th") == "ปีงบประมาณ ค.ศ. 2023"
    assert fmt_fiscal_year(fiscal_year_ce(2022, 10), "be", "th") == "ปีงบประมาณ 2566"
    assert fmt_fiscal_year(None, "be", "th") == "–"


# --- dates and periods ---------------------------------------------------------------------


def test_month_names():
    assert month_name(7, "th") == "ก.ค."
    assert month_name(7, "th", short=False) == "กรกฎาคม"
    assert month_name(9, "en") == "Sep"
    assert month_name(9, "en", short=False) == "September"
    with pytest.raises(ValueError):
        month_name(13, "en")


def test_dates_at_day_precision():
    d = date(2022, 7, 14)
    assert fmt_date(2022, 7, d, "day", "th", "be") == "14 ก.ค. 2565"
    assert fmt_date(2022, 7, d, "day", "th", "ce") == "14 ก.ค. 2022"
    assert fmt_date(2022, 7, d, "day", "en", "ce") == "14 Jul 2022"
    assert fmt_date(2022, 7, d, "day", "en", "be") == "14 Jul 2565"
    assert fmt_date(None, None, date(2017, 6, 6), "day", "th", "be") == "6 มิ.ย. 2560"


def test_dates_are_never_shown_more_exact_than_their_source():
    assert fmt_date(2018, 7, None, "month", "th", "be") == "ก.ค. 2561"
    assert fmt_date(2018, 7, None, "month", "en", "ce") == "Jul 2018"
    # a month-precision date stored as the 1st of the month shows no day
    assert fmt_date(2018, 7, date(2018, 7, 1), "month", "en", "ce") == "Jul 2018"
    assert fmt_date(2017, None, None, "year", "th", "be") == "2560"
    assert fmt_date(2017, 1, date(2017, 1, 1), "year", "en", "ce") == "2017"
    assert fmt_date(2018, 7, None, "day", "en", "ce") == "Jul 2018"  # day missing: its month
    assert fmt_date(None, None, None, "day", "en", "ce") == "–"
    with pytest.raises(ValueError):
        fmt_date(2017, None, None, "week", "en", "ce")


def test_periods():
    assert fmt_period(None, "th") == "ทั้งปี"
    assert fmt_period("", "en") == "full year"
    assert fmt_period("Q1", "th") == "ไตรมาส 1"
    assert fmt_period("q3", "en") == "Q3"
    assert fmt_period("H1", "th") == "ครึ่งปีแรก"
    assert fmt_period("H2", "th") == "ครึ่งปีหลัง"
    assert fmt_period("H1", "en") == "H1"
    assert fmt_period("01-09", "th") == "ม.ค.–ก.ย."
    assert fmt_period("01-09", "en") == "Jan–Sep"
    assert fmt_period("07-07", "en") == "Jul"
    assert fmt_period("13-14", "en") == "13-14"
    assert fmt_period("Q5", "en") == "Q5"


def test_plotly_locale():
    loc = plotly_locale("th")
    assert loc["separators"] == ".,"
    assert loc["font"]["family"] == "Sarabun, 'Noto Sans Thai', Loma, sans-serif"
    assert plotly_locale("en")["separators"] == ".,"


def test_moments_to_the_minute_in_each_language_and_era():
    from datetime import UTC, datetime

    from dashboard.i18n import fmt_datetime

    moment = datetime(2025, 12, 3, 15, 29, 5)
    assert fmt_datetime(moment, "th", "be") == "3 ธ.ค. 2568 15:29"
    assert fmt_datetime(moment, "en", "ce") == "3 Dec 2025 15:29"
    assert fmt_datetime(moment, "en", "ce", seconds=True) == "3 Dec 2025 15:29:05"
    assert fmt_datetime(None, "th", "be") == "–"
    aware = datetime(2025, 12, 3, 8, 0, tzinfo=UTC)  # shown in the server's zone, whatever it is
    assert fmt_datetime(aware, "th", "be").startswith(("3 ธ.ค. 2568", "2 ธ.ค. 2568", "4 ธ.ค. 2568"))


def test_the_widgets_own_texts_in_thai_and_english():
    from dashboard.i18n import dropdown_labels, graph_locale, grid_locale
    from dashboard.i18n.widgets import DROPDOWN_TH, PLOTLY_TH

    assert grid_locale("en") == {} and graph_locale("en") == {} and dropdown_labels("en") == {}
    grid = grid_locale("th")
    assert grid["pageSizeSelectorLabel"] == "แถวต่อหน้า:" and grid["noRowsToShow"] == "ไม่มีรายการที่จะแสดง"
    assert [k for k, v in grid.items() if not THAI.search(v)] == [
        "pageLastRowUnknown", "thousandSeparator", "decimalSeparator"
    ]  # fmt: skip
    config = graph_locale("th")
    assert config == {"locale": "th"}  # the table itself is registered once per page, not sent per chart
    assert all(THAI.search(v) for v in PLOTLY_TH["dictionary"].values())
    assert PLOTLY_TH["format"]["shortMonths"][6] == "ก.ค."
    assert dropdown_labels("th") == {"labels": DROPDOWN_TH}
    assert "{num_selected}" in DROPDOWN_TH["selected_count"]
