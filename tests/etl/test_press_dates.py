"""Dates in press text: every form the ETL reads, ranges, relative dates, and no more precision than stated."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.press.dates import find_dates

PUB = dt.date(2022, 7, 19)


def one(text: str, published: dt.date | None = PUB):
    found = [m for m in find_dates(text, published) if m.value or m.confidence == 0]
    assert len(found) == 1, [(text[m.start : m.end], m.kind, m.value) for m in found]
    m = found[0]
    assert text[m.start : m.end] == text[m.start : m.end].strip()
    return m, text[m.start : m.end]


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("signed on 2022-07-14 in Tokyo", "2022-07-14", "day"),
        ("ลงนามเมื่อ 14/07/2565 ที่โตเกียว", "2022-07-14", "day"),
        ("signed 14/7/2022 there", "2022-07-14", "day"),
        ("เมื่อวันที่ 14 ก.ค. 2565", "2022-07-14", "day"),
        ("เมื่อวันที่ 14 กรกฎาคม 2565", "2022-07-14", "day"),
        ("เมื่อวันที่ ๑๔ กรกฎาคม พ.ศ. ๒๕๖๕", "2022-07-14", "day"),
        ("โตเกียว/(6 มิ.ย.60) นายอุตตม", "2017-06-06", "day"),
        ("on 14 July 2022 the", "2022-07-14", "day"),
        ("on July 14, 2022 the", "2022-07-14", "day"),
        ("on 14th July 2022", "2022-07-14", "day"),
        ("ณ เดือน ก.ค. 2561", "2018-07", "month"),
        ("since July 2018 only", "2018-07", "month"),
        ("ในปี 2560 นี้", "2017", "year"),
        ("in 2017 alone", "2017", "year"),
        ("ปี พ.ศ. 2563", "2020", "year"),
        ("29/02/2563", "2020-02-29", "day"),
    ],
)
def test_every_form_the_etl_reads(text, value, precision):
    m, _ = one(text)
    assert (m.value, m.precision) == (value, precision)
    assert m.year_given


def test_an_impossible_day_is_not_a_date():
    m, _ = one("ลงนามวันที่ 31 ก.พ. 2565")
    assert m.value is None and m.confidence == 0


def test_a_fiscal_year_is_not_read_as_a_calendar_year():
    assert [m.value for m in find_dates("งบประมาณปีงบประมาณ 2566 ทั้งหมด", PUB) if m.value] == []


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("ระหว่างวันที่ 25-30 กรกฎาคม 2560", "2017-07-25", "2017-07-30"),
        ("ระหว่างวันที่ ๒๕-๓๐ ก.ค. ๒๕๖๐", "2017-07-25", "2017-07-30"),
        ("from 25 – 30 July 2017", "2017-07-25", "2017-07-30"),
        ("on July 25-30, 2017", "2017-07-25", "2017-07-30"),
        ("25 ก.ค. - 2 ส.ค. 2560", "2017-07-25", "2017-08-02"),
        ("from 30 December 2022 to 2 January 2023", "2022-12-30", "2023-01-02"),
        ("from 11 to 15 January 2023", "2023-01-11", "2023-01-15"),
    ],
)
def test_ranges(text, start, end):
    m, _ = one(text)
    assert (m.kind, m.value, m.end_value) == ("range", start, end)


def test_a_month_range_keeps_its_months():
    m, _ = one("ในช่วง ม.ค.-ก.ย. 2566 มี")
    assert (m.kind, m.value, m.months) == ("month_range", "2023-01", (1, 9))


def test_a_day_without_a_year_takes_it_from_the_publication_date_and_says_so():
    m, span = one("เมื่อวันที่ 14 กรกฎาคมที่ผ่านมา ดีพร้อม", dt.date(2022, 7, 19))
    assert m.value == "2022-07-14" and not m.year_given
    assert span == "14 กรกฎาคมที่ผ่านมา"
    assert any("publication date" in n for n in m.notes)
    assert m.confidence < 0.9


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        # past tense across the new year: a January article about "14 December last" is the year before
        ("ลงนามเมื่อวันที่ 14 ธันวาคมที่ผ่านมา", dt.date(2023, 1, 10), "2022-12-14"),
        ("signed last week, on 28 December,", dt.date(2023, 1, 3), "2022-12-28"),
        # future tense across the new year: a December article about "5 January" is the year after
        ("งานจะจัดขึ้นวันที่ 5 ม.ค. นี้", dt.date(2022, 12, 20), "2023-01-05"),
        ("the fair will open on 5 January", dt.date(2022, 12, 20), "2023-01-05"),
        # no tense word: the nearest
        ("งานวันที่ 20 พ.ค.", dt.date(2022, 5, 25), "2022-05-20"),
    ],
)
def test_relative_years_across_a_year_boundary(text, published, value):
    ms = [m for m in find_dates(text, published) if m.kind == "day"]
    assert ms and ms[-1].value == value


@pytest.mark.parametrize(
    ("text", "published", "value", "precision"),
    [
        ("เมื่อวานนี้ มีการลงนาม", dt.date(2023, 1, 1), "2022-12-31", "day"),
        ("signed yesterday", dt.date(2023, 1, 1), "2022-12-31", "day"),
        ("signed today", dt.date(2023, 1, 1), "2023-01-01", "day"),
        ("เดือนที่ผ่านมา", dt.date(2023, 1, 15), "2022-12", "month"),
        ("last month", dt.date(2023, 1, 15), "2022-12", "month"),
        ("ปีที่แล้ว", dt.date(2023, 1, 15), "2022", "year"),
        ("next year", dt.date(2022, 12, 31), "2023", "year"),
        ("ปีนี้", dt.date(2022, 12, 31), "2022", "year"),
        # a week inside one month is that month, never a made-up day
        ("last week", dt.date(2022, 7, 19), "2022-07", "month"),
        # a week across two months of one year is only the year
        ("last week", dt.date(2022, 7, 6), "2022", "year"),
        ("last Tuesday", dt.date(2022, 7, 21), "2022-07-19", "day"),
        ("วันอังคารที่ผ่านมา", dt.date(2023, 1, 2), "2022-12-27", "day"),
    ],
)
def test_relative_dates(text, published, value, precision):
    m, _ = one(text, published)
    assert (m.value, m.precision) == (value, precision)
    assert m.kind == "relative"


def test_a_week_across_a_year_boundary_claims_nothing():
    found = [m for m in find_dates("last week", dt.date(2023, 1, 4)) if m.kind == "relative"]
    assert found and found[0].value is None and found[0].precision is None


def test_without_a_publication_date_a_yearless_date_stays_empty():
    ms = find_dates("เมื่อวันที่ 20 พ.ค. และ last week", None)
    assert [m.value for m in ms] == [None]
    assert "no publication date" in ms[0].notes[0]


def test_on_a_weekday_in_that_weekdays_paper_is_that_day():
    [m] = [m for m in find_dates("the MOUs were signed in Bangkok on Tuesday", dt.date(2019, 8, 20)) if m.value]
    assert m.value == "2019-08-20"
    [m] = [m for m in find_dates("signed last Tuesday", dt.date(2019, 8, 20)) if m.value]
    assert m.value == "2019-08-13"
