"""Counts and money in press text: every unit word, currency and qualifier."""

from __future__ import annotations

import pytest

from etl.press.numbers import find_counts, find_money


def money(text: str):
    found = find_money(text)
    assert len(found) == 1, found
    m = found[0]
    return m, text[m.start : m.end]


@pytest.mark.parametrize(
    ("text", "value", "unit", "currency", "note"),
    [
        ("มูลค่า 530 ล้านบาท", "530", "million", "THB", False),
        ("มูลค่า ๑๒,๕๐๐ ล้านบาท", "12500", "million", "THB", False),
        ("มูลค่า 2.5 พันล้านบาท", "2.5", "billion", "THB", False),
        ("มูลค่า 3 หมื่นล้านบาท", "30", "billion", "THB", True),
        ("มูลค่า ๔.๓๙ แสนล้านบาท", "439", "billion", "THB", True),
        ("การค้า 1.94 ล้านล้านบาท", "1940", "billion", "THB", True),
        ("worth 26.9 billion baht", "26.9", "billion", "THB", False),
        ("worth 4,200 million baht", "4200", "million", "THB", False),
        ("worth THB150bn", "150", "billion", "THB", False),
        ("worth 300 mn baht", "300", "million", "THB", False),
        ("about 1.5 trillion baht", "1500", "billion", "THB", True),
        ("worth 750 thousand baht", "750", "thousand", "THB", False),
        ("worth 20,000 baht", "20000", "1", "THB", False),
        ("US$1.5 billion", "1.5", "billion", "USD", False),
        ("$14.6 billion", "14.6", "billion", "USD", False),
        ("¥20 billion", "20", "billion", "JPY", False),
        ("มูลค่า 6 ล้านล้านเยน", "6000", "billion", "JPY", True),
        ("500 ล้านดอลลาร์สหรัฐ", "500", "million", "USD", False),
        ("90 million yuan", "90", "million", "CNY", False),
    ],
)
def test_every_unit_and_currency(text, value, unit, currency, note):
    m, span = money(text)
    assert (m.value, m.unit, m.currency) == (value, unit, currency)
    assert (m.note is not None) == note
    assert span[-1] != " "


def test_a_number_without_a_currency_is_not_money():
    assert find_money("เพิ่มขึ้นร้อยละ 42 จาก 1,501 โครงการ") == []


@pytest.mark.parametrize(
    ("text", "value", "counts", "qualifier"),
    [
        ("ผู้ประกอบการญี่ปุ่นกว่า 30 ราย", 30, "companies", "at_least"),
        ("ผู้ประกอบการ 30 กว่าราย", 30, "companies", "at_least"),
        ("ไม่น้อยกว่า ๕๐ บริษัท", 50, "companies", "at_least"),
        ("ประมาณ 500 คน", 500, "participants", "approx"),
        ("ราว ๆ 20 คน", 20, "participants", "approx"),
        ("more than 570 Japanese investors", 570, "participants", "at_least"),
        ("about 20 people", 20, "participants", "approx"),
        ("at least 21 Akita firms", 21, "companies", "at_least"),
        ("22 companies", 22, "companies", "exact"),
        ("55 projects", 55, "projects", "exact"),
        ("๒,๑๙๕ โครงการ", 2195, "projects", "exact"),
        ("21 แห่ง", 21, "partners", "exact"),
        ("22 ฉบับ", 22, "agreements", "exact"),
        ("seven MOUs", 7, "agreements", "exact"),
        ("4 central government bodies", 4, "partners", "exact"),
    ],
)
def test_counts_and_qualifiers(text, value, counts, qualifier):
    found = find_counts(text)
    assert len(found) == 1, found
    c = found[0]
    assert (c.value, c.counts, c.qualifier) == (value, counts, qualifier)
    assert text[c.start : c.end].strip() == text[c.start : c.end]


def test_a_year_is_not_a_count():
    assert find_counts("in 2017 Japanese companies came") == []
