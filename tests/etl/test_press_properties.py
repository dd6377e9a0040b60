"""Arbitrary text never breaks the extractor, and every span it cites is the text it claims."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.press import extract_text
from etl.press.evaluate import evidence_problems

# Pieces of real releases mixed with noise, so the rules fire on odd neighbours, plus any text at all.
PIECES = [
    "ลงนามบันทึกความเข้าใจ", "(MOU)", "MOU", "กับ", "ระหว่าง", "จังหวัดไอจิ", "เมืองโยโกฮามะ", "ญี่ปุ่น", "SMRJ", "กว่า",
    "30", "ราย", "๒๕-๓๐", "ก.ค.", "กรกฎาคม", "๒๕๖๐", "2565", "ที่ผ่านมา", "จะ", "ได้", "เดินทางไป", "มาเยือน",
    "ล้านบาท", "พันล้าน", "หมื่นล้าน", "billion", "baht", "ขอรับการส่งเสริม", "อนุมัติ", "ม.ค.-ก.ย.", "21 แห่ง", "22 ฉบับ",
    "signed", "an MOU with", "Kumamoto Prefecture", "on", "14 July", "last week", "yesterday", "จังหวัด", "เมือง",
    "Expo", "2017", "-", "/", "(", ")", ".", ",", " ", "\n", "\n\n", "กสอ.", "ดีพร้อม", "BOI", "US$", "¥", "๑,๒๓๔",
    "31 ก.พ. 2565", "Mr.", "นาย", "ประเทศไทย", "in Bangkok", "0", "99999999999999999999",
]  # fmt: skip
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join),
    st.text(max_size=300),
    st.text(alphabet=st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F), max_size=200),
)
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, published=dates)
def test_any_text_gives_a_document_whose_spans_hold(text, published):
    doc = extract_text(text, published=published)
    assert doc["text"] == text
    assert evidence_problems(doc) == []
    for n in doc["new_partners"]:
        assert text[n["start"] : n["end"]] == n["name"]
    for kind in ("agreements", "delegations", "investments", "stated_totals"):
        for c in doc[kind]:
            for ev in c["evidence"].values():
                assert 0 <= ev["start"] < ev["end"] <= len(text)
                assert 0.0 <= ev["confidence"] <= 1.0
            for v in c["fields"].values():
                assert v is None or isinstance(v, str)
