"""Press releases -> candidate records: the seed releases, each rule, the file formats and the command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from etl.press import UnreadableRelease, extract_file, extract_text
from etl.press.evaluate import evidence_problems
from tests.conftest import ROOT, run_etl

SEEDS = ROOT.parent / "shared" / "seeds"
YOKOHAMA = SEEDS / "diprom-yokohama-mou.txt"
SMRJ = SEEDS / "moi-smrj-keidanren-2017.txt"
DIPROM = "Department of Industrial Promotion (DIPROM), Ministry of Industry"

needs_seeds = pytest.mark.skipif(not YOKOHAMA.exists() or not SMRJ.exists(), reason="the seed releases are not here")


def fields(doc: dict, kind: str) -> list[dict]:
    return [c["fields"] for c in doc[kind]]


def spans_hold(doc: dict) -> None:
    assert evidence_problems(doc) == []


# --- the seed releases -------------------------------------------------------------------------------------


@needs_seeds
def test_the_yokohama_release_gives_its_mou_and_its_stated_totals():
    url = "https://www.matichon.co.th/economy/news_3456810"
    doc = extract_file(YOKOHAMA, published="2022-07-19", url=url)
    spans_hold(doc)
    assert doc["language"] == "th"
    [mou] = doc["agreements"]
    f = mou["fields"]
    assert (f["signed_date"], f["agreement_type"], f["partner"], f["thai_party"]) == (
        "2022-07-14", "MOU", "jp-yokohama", DIPROM,
    )  # fmt: skip
    assert f["source_url"] == url
    assert mou["evidence"]["signed_date"]["text"] == "14 กรกฎาคมที่ผ่านมา"
    assert "publication date" in mou["notes"]
    assert "jp-kanagawa" in mou["notes"]  # the city's prefecture
    totals = {(t["counts"], t["value"], t["partner_level"]) for t in fields(doc, "stated_totals")}
    assert totals == {
        ("partners", "21", "local_government"),
        ("agreements", "22", "local_government"),
        ("partners", "4", "national_government;agency"),
        ("agreements", "6", "national_government;agency"),
        ("partners", "4", "business_association;company"),
        ("agreements", "4", "business_association;company"),
    }
    assert {t["stated_by"] for t in fields(doc, "stated_totals")} == {"DIPROM"}


@needs_seeds
def test_the_smrj_release_gives_the_tokyo_meeting_and_the_planned_expo():
    doc = extract_file(SMRJ, published="2017-06-07", url="http://www.thaigov.go.th/news/contents/details/4351")
    spans_hold(doc)
    dels = fields(doc, "delegations")
    meeting = next(d for d in dels if d["start_date"] == "2017-06-06")
    assert (meeting["partner"], meeting["city"], meeting["direction"], meeting["status"]) == (
        "jp-smrj", "Tokyo", "outbound", "held",
    )  # fmt: skip
    assert meeting["purpose"] == "policy_dialogue"
    expo = next(d for d in dels if d["event"] == "Thailand Industry Expo 2017")
    assert (expo["start_date"], expo["end_date"], expo["status"]) == ("2017-07-25", "2017-07-30", "planned")
    assert (expo["companies"], expo["companies_qualifier"]) == ("30", "at_least")
    assert expo["direction"] == "inbound"
    ev = next(c for c in doc["delegations"] if c["fields"] is expo or c["fields"] == expo)["evidence"]
    assert ev["companies"]["text"] == "กว่า 30 ราย"
    assert doc["agreements"] == []


# --- rules, one at a time ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "type_"),
    [
        ("ลงนามบันทึกความเข้าใจ", "MOU"),
        ("ลงนามบันทึกความเข้าใจ (MOU)", "MOU"),
        ("signed a memorandum of understanding", "MOU"),
        ("signed an MoU", "MOU"),
        ("ลงนามหนังสือแสดงเจตจำนง", "LOI"),
        ("signed a letter of intent", "LOI"),
        ("ลงนามบันทึกความร่วมมือ", "MOC"),
        ("signed a Memorandum of Cooperation", "MOC"),
        ("ลงนามในความตกลงความร่วมมือ", "AGREEMENT"),
        ("signed an agreement", "AGREEMENT"),
    ],
)
def test_agreement_types_from_the_words(words, type_):
    doc = extract_text(f"กรมส่งเสริมอุตสาหกรรม {words} กับจังหวัดไอจิ เมื่อวันที่ 10 ก.ย. 2557", published="2014-09-11")
    spans_hold(doc)
    [a] = fields(doc, "agreements")
    assert (a["agreement_type"], a["partner"], a["signed_date"], a["thai_party"]) == (
        type_, "jp-aichi", "2014-09-10", DIPROM,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "partner"),
    [
        ("จังหวัดไอจิ", "jp-aichi"),
        ("Aichi Prefecture", "jp-aichi"),
        ("愛知県", "jp-aichi"),
        ("เมืองโยโกฮามะ", "jp-yokohama"),
        ("City of Yokohama", "jp-yokohama"),
        ("横浜市", "jp-yokohama"),
        ("องค์การสนับสนุน SMEs แห่งประเทศญี่ปุ่น", "jp-smrj"),
        ("SMRJ", "jp-smrj"),
        ("Japan External Trade Organization", "jp-jetro"),
        ("สมาพันธ์ธุรกิจญี่ปุ่น (Keidanren)", "jp-keidanren"),
        ("Shizuoka Bank", "jp-shizuoka-bank"),
    ],
)
def test_partners_by_every_name_in_thai_english_and_japanese(name, partner):
    doc = extract_text(f"BOI signed an MOU with {name} on 1 June 2023.", published="2023-06-02")
    spans_hold(doc)
    [a] = fields(doc, "agreements")
    assert a["partner"] == partner
    assert a["thai_party"] == "Board of Investment (BOI)"


PREFECTURES = ("Kumamoto", "Kagoshima", "Miyazaki", "Okayama", "Hiroshima", "Yamaguchi", "Kagawa", "Ehime", "Kochi",
               "Saga", "Tottori", "Niigata", "Gunma", "Tochigi", "Ibaraki", "Fukushima", "Miyagi", "Iwate", "Aomori")  # fmt: skip


def test_an_unknown_name_is_proposed_as_a_new_partner_never_dropped():
    from etl.press.names import load

    known = {e.surface.lower() for e in load().entries if e.kind == "partner"}
    name = next(p for p in PREFECTURES if p.lower() not in known)  # one the partner list does not have yet
    doc = extract_text(
        f"The Board of Investment signed an MOU with {name} Prefecture on 3 March 2024.", published="2024-03-04"
    )
    spans_hold(doc)
    [a] = doc["agreements"]
    assert a["fields"]["partner"] is None
    assert a["evidence"]["partner"]["rule"] == "new_partner"
    assert name in a["notes"]
    [new] = doc["new_partners"]
    assert (new["name"], new["level"]) == (f"{name} Prefecture", "prefecture")
    assert doc["text"][new["start"] : new["end"]] == new["name"]


def test_a_new_city_names_its_prefecture():
    doc = extract_text(
        "ทั้งสองฝ่ายจะร่วมจัดงาน Otagai Forum ณ เมืองนานาโอะ จังหวัดอิชิกาวะ ในวันที่ 22 กุมภาพันธ์นี้",
        published="2023-02-01",
    )
    [new] = [n for n in doc["new_partners"] if n["level"] == "city"]
    assert new["name"] == "เมืองนานาโอะ" and new["parent_id"] == "jp-ishikawa"
    [d] = fields(doc, "delegations")
    assert (d["start_date"], d["status"]) == ("2023-02-22", "planned")


def test_sectors_by_their_aliases():
    doc = extract_text(
        "DIPROM signed an MOU with Ishikawa Prefecture on 13 January 2023 on machinery, textiles and food processing.",
        published="2023-01-15",
    )
    [a] = fields(doc, "agreements")
    assert set(a["sectors"].split(";")) == {"MACH", "TEXT", "FOOD"}


def test_held_and_planned_from_the_tense():
    held = extract_text("นายกอบชัย ได้นำคณะเดินทางไปเยือนจังหวัดฟุกุอิ เมื่อวันที่ 12 ก.พ. 2559")
    planned = extract_text("นายกอบชัย จะนำคณะเดินทางไปเยือนจังหวัดฟุกุอิ ในวันที่ 12 ก.พ. 2559")
    assert [d["status"] for d in fields(held, "delegations")] == ["held"]
    assert [d["status"] for d in fields(planned, "delegations")] == ["planned"]
    assert [d["direction"] for d in fields(planned, "delegations")] == ["outbound"]


def test_a_date_before_publication_is_held_whatever_the_tense():
    doc = extract_text("The delegation will visit Thailand from 9 to 12 November 2017.", published="2017-11-20")
    [d] = fields(doc, "delegations")
    assert (d["status"], d["direction"]) == ("held", "inbound")


@pytest.mark.parametrize(
    ("text", "stage", "period"),
    [
        ("ในช่วง ม.ค.-ก.ย. 2566 ญี่ปุ่นยื่นขอรับการส่งเสริมการลงทุน 176 โครงการ มูลค่า 43,154 ล้านบาท", "application", "01-09"),
        ("ในช่วง ม.ค.-ก.ย. 2566 บีโอไออนุมัติโครงการของญี่ปุ่น 176 โครงการ มูลค่า 43,154 ล้านบาท", "approval", "01-09"),
        (
            "In the first quarter of 2023 Japan filed 176 BOI applications worth 43,154 million baht",
            "application",
            "Q1",
        ),
        ("In the first half of 2023 BOI approved 176 Japanese projects worth 43,154 million baht", "approval", "H1"),
    ],
)
def test_investment_statements(text, stage, period):
    doc = extract_text(text, published="2023-10-20")
    spans_hold(doc)
    [i] = fields(doc, "investments")
    assert (i["partner"], i["year"], i["period"], i["stage"]) == ("jp", "2023", period, stage)
    assert (i["projects"], i["value"], i["unit"], i["currency"]) == ("176", "43154", "million", "THB")


def test_a_figure_keeps_its_own_year():
    doc = extract_text(
        "Japanese companies filed BOI applications worth 73.75 billion baht in January-September 2025, "
        "up from 35.47 billion baht in the same period of 2024."
    )
    got = [(i["partner"], i["year"], i["value"]) for i in fields(doc, "investments")]
    assert got == [("jp", "2025", "73.75"), ("jp", "2024", "35.47")]


# --- file formats, the command, no network ------------------------------------------------------------------

BODY = "กรมส่งเสริมอุตสาหกรรม ลงนามบันทึกความเข้าใจ (MOU) กับจังหวัดไอจิ เมื่อวันที่ ๑๐ ก.ย. ๒๕๕๗"


def test_html_is_read_as_its_visible_text(tmp_path):
    page = tmp_path / "release.html"
    page.write_text(
        "<!doctype html><html><head><title>ข่าว กสอ.</title><script>var x='ลงนามบันทึกความเข้าใจ 1 ม.ค. 2500';</script>"
        f"<style>p{{color:red}}</style></head><body><nav>หน้าแรก</nav><p>{BODY}</p></body></html>",
        encoding="utf-8",
    )
    doc = extract_file(page)
    assert doc["source"]["title"] == "ข่าว กสอ."
    assert "var x" not in doc["text"] and "color" not in doc["text"]
    assert [(a["partner"], a["signed_date"]) for a in fields(doc, "agreements")] == [("jp-aichi", "2014-09-10")]
    spans_hold(doc)


def _docx(path: Path, paragraphs: list[str]) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t xml:space='preserve'>{p}</w:t></w:r></w:p>" for p in paragraphs)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml", "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>"
        )
        z.writestr("word/document.xml", f"<w:document xmlns:w='{w}'><w:body>{body}</w:body></w:document>")


def test_docx_is_read_paragraph_by_paragraph(tmp_path):
    path = tmp_path / "release.docx"
    _docx(path, ["ข่าวประชาสัมพันธ์", BODY])
    doc = extract_file(path)
    assert doc["text"].split("\n") == ["ข่าวประชาสัมพันธ์", BODY]
    assert [a["partner"] for a in fields(doc, "agreements")] == ["jp-aichi"]


def test_thai_windows_text_is_read(tmp_path):
    path = tmp_path / "release.txt"
    path.write_bytes(BODY.encode("cp874"))
    assert extract_file(path)["text"] == BODY


@pytest.mark.parametrize("content", [b"PK\x03\x04 not a zip", b"\x81\x82\x83 \xff\xfe"[2:] + b"\xdb\xdc\xdd\xde"])
def test_an_unreadable_file_is_refused_with_its_name(tmp_path, content):
    path = tmp_path / "broken.docx"
    path.write_bytes(content)
    with pytest.raises(UnreadableRelease, match=r"broken\.docx"):
        extract_file(path)


def test_the_command_prints_the_contract(tmp_path):
    one = tmp_path / "a.txt"
    one.write_text(BODY, encoding="utf-8")
    r = run_etl("extract", str(one), "--published", "2014-09-11", "--url", "https://example.org/a", timeout=300)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert set(doc) == {"file", "text", "language", "source", "agreements", "delegations", "investments",
                        "stated_totals", "new_partners", "warnings", "warning_keys"}  # fmt: skip
    assert doc["source"] == {
        "url": "https://example.org/a",
        "published": "2014-09-11",
        "published_from": "argument",
        "title": None,
    }
    [a] = doc["agreements"]
    assert set(a) == {"fields", "evidence", "notes", "note_keys"}
    assert len(a["note_keys"]) == len(a["notes"].split("; ")) if a["notes"] else a["note_keys"] == []
    assert a["fields"]["source_url"] == "https://example.org/a"
    two = run_etl("extract", str(one), str(one), timeout=300)
    assert two.returncode == 0 and len(json.loads(two.stdout)["documents"]) == 2


def test_the_command_refuses_a_bad_date_and_a_missing_file(tmp_path):
    one = tmp_path / "a.txt"
    one.write_text(BODY, encoding="utf-8")
    bad = run_etl("extract", str(one), "--published", "14/09/2557", timeout=300)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    gone = run_etl("extract", str(tmp_path / "nope.txt"), timeout=300)
    assert gone.returncode == 2 and "nope.txt" in gone.stderr
    helped = run_etl("extract", "--help", timeout=300)
    assert helped.returncode == 0 and "--published" in helped.stdout


@pytest.mark.skipif(shutil.which("unshare") is None, reason="unshare is not installed")
def test_it_runs_with_no_network_and_writes_no_data_folder(tmp_path):
    one = tmp_path / "a.txt"
    one.write_text(BODY, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHAINLP")}
    env |= {"HOME": str(home), "PYTHONPATH": str(ROOT)}
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("this machine does not allow a process without a network")
    r = subprocess.run(
        ["unshare", "-rn", sys.executable, "-m", "etl", "extract", str(one)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["agreements"][0]["fields"]["partner"] == "jp-aichi"
    assert list(home.iterdir()) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("อก. ลงนามความร่วมมือ", [("อก.", "Ministry of Industry")]),
        ("มูลค่าการส่งออก. ทั้งนี้", []),  # "อก." inside ส่งออก is not the ministry
        ("นักลงทุนจีน 5 ราย", [("จีน", "cn")]),
        ("ปลาจีนนำเข้า", []),  # a word of its own (newmm), not China
    ],
)
def test_short_thai_names_only_on_word_boundaries(text, found):
    from etl.press.names import find_names, load

    assert [(h.surface, h.id) for h in find_names(text, load())] == found


def test_a_text_longer_than_a_release_is_refused_by_name(tmp_path):
    from etl.press.extract import MAX_CHARS

    big = tmp_path / "dump.txt"
    big.write_text("ก" * (MAX_CHARS + 1), encoding="utf-8")
    with pytest.raises(ValueError, match=r"dump\.txt: .* characters, more than a press release"):
        extract_file(big)


def test_an_expected_amount_is_not_an_investment_figure():
    doc = extract_text("The roadshow was expected to bring up to 10 billion baht in investment.")
    assert doc["investments"] == []


def test_a_headline_and_its_body_give_one_record():
    doc = extract_text(
        "BOI applications hit 4.39 แสนล้านบาท\n\nบีโอไอเผยว่า ม.ค.-ก.ย. 2565 มีผู้ยื่นขอรับการส่งเสริมการลงทุน "
        "1,247 โครงการ มูลค่ารวม 439,100 ล้านบาท",
        published="2022-10-20",
    )
    [i] = fields(doc, "investments")
    assert (i["value"], i["unit"], i["projects"], i["period"]) == ("439100", "million", "1247", "01-09")


@needs_seeds
def test_a_publication_date_printed_on_its_own_line_is_used_and_said():
    doc = extract_file(SMRJ)
    assert doc["source"]["published"] == "2017-06-07" and doc["source"]["published_from"] == "text"
    assert any("read from the text" in w for w in doc["warnings"])
    given = extract_file(SMRJ, published="2017-06-08")
    assert given["source"]["published_from"] == "argument"


def test_two_different_dates_on_their_own_lines_give_no_publication_date():
    doc = extract_text("วันพุธที่ 7 มิถุนายน 2560\nวันพฤหัสบดีที่ 8 มิถุนายน 2560\nข่าว")
    assert doc["source"]["published"] is None and doc["source"]["published_from"] is None


def test_a_docx_that_unpacks_to_more_than_a_release_is_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b" " * 25_000_000)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(UnreadableRelease, match=r"bomb\.docx: its text is .* unpacked"):
        extract_file(path)
