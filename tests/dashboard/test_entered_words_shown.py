"""Who entered a record, when, and the words it came from, as analysts and stewards see them.

A warehouse is built by the real ETL from tests/data/basic and `<dataset>_entered.csv` files as the steward's
screen writes them (Thai words with their vowel and tone marks, and hostile words: a formula, control and
direction characters, far too long); the real app serves it. The drill-down grid and the CSV and XLSX data files
show the three columns in both languages and eras, blank for the hand-curated records, the words as data. The
steward's undo takes the register row its accept added out again, never one that was there before; the
extractor's notes and warnings read in Thai in the Thai view.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dashboard import drill
from dashboard.export import data
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.steward import files
from dashboard.steward.desk import Desk, Source
from dashboard.steward.notes import candidate_notes, note_text, notes_text
from tests.conftest import DATA, ROOT, query
from tests.dashboard.conftest import app_and_client

AT = "2026-12-03T23:31:22Z"
WHEN = {("en", "ce"): "3 Dec 2026 23:31", ("en", "be"): "3 Dec 2569 23:31", ("th", "be"): "3 ธ.ค. 2569 23:31",
        ("th", "ce"): "3 ธ.ค. 2026 23:31"}  # fmt: skip
THAI_WORDS = "ดีพร้อม ลงนามบันทึกความเข้าใจกับนครโยโกฮามา เมื่อวันที่ ๑๔ กรกฎาคม ๒๕๖๕ ณ ที่ทำการ"
FORMULA = "=cmd|' /C calc'!A0"
HOSTILE = FORMULA + "\x00 ลงนาม\u202e ณ\tกรุงเทพฯ\r\nวันที่\x1b[31m " + "ที่นี่ " * 500
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")
URL = "https://example.org/entered"


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def who(words: str) -> dict:
    return {"source_url": URL, "entered_by": "sam", "entered_at": AT, "source_text": words}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    from etl.build import build

    root = tmp_path_factory.mktemp("entered")
    raw = root / "raw"
    shutil.copytree(DATA / "basic", raw)
    write_csv(raw / "agreements_entered.csv", [
        {"agreement_id": "AGR-90", "signed_date": "2022-07-14", "agreement_type": "MOU", "thai_party": "DIPROM",
         "partner": "jp-yokohama", "title_en": "Entered in Thai", **who(THAI_WORDS)},
        {"agreement_id": "AGR-91", "signed_date": "2022-07-15", "agreement_type": "MOU", "thai_party": "DIPROM",
         "partner": "jp-yokohama", "title_en": "Entered with hostile words", **who(HOSTILE)},
    ])  # fmt: skip
    write_csv(raw / "delegations_entered.csv", [
        {"delegation_id": "DEL-90", "start_date": "2022-07-14", "direction": "outbound", "partner": "jp-yokohama",
         **who(THAI_WORDS)},
    ])  # fmt: skip
    write_csv(raw / "investments_entered.csv", [
        {"record_id": "INV-90", "year": "2022", "partner": "jp", "stage": "application", "projects": "3",
         "value": "12", "currency": "THB", "unit": "million", **who(FORMULA)},
    ])  # fmt: skip
    path = root / "warehouse.duckdb"
    build(raw, path, say=lambda m: None)
    assert query(path, "SELECT * FROM etl_reject WHERE file LIKE '%_entered.csv'") == []
    return path


@pytest.fixture(scope="module")
def client(warehouse):
    return app_and_client(warehouse)


IDS = {"agreements": "AGR-90", "delegations": "DEL-90", "investments": "INV-90"}
WORDS = {"agreements": THAI_WORDS, "delegations": THAI_WORDS, "investments": FORMULA}


def grid_rows(dataset: str, lang: str, era: str) -> tuple[list[dict], list[dict]]:
    f = Filters(lang=lang, era=era)
    return drill.grid(dataset, drill.records(dataset, f, {}), f, first=drill.PANEL_FIRST[dataset])


@pytest.mark.parametrize(("lang", "era"), list(WHEN))
@pytest.mark.parametrize("dataset", list(IDS))
def test_the_drill_down_grid_shows_who_when_and_the_words_in_the_views_language_and_era(client, dataset, lang, era):
    defs, rows = grid_rows(dataset, lang, era)
    headers = {d["field"]: d["headerName"] for d in defs}
    assert headers["entered_by"] == t("col.entered_by", lang)
    assert headers["entered_at"] == t("col.entered_at", lang)
    assert headers["source_text"] == t("col.source_text", lang)
    assert ("ถ้อยคำ" in headers["source_text"]) == (lang == "th")
    entered = [r for r in rows if r["entered_by"]]
    assert [(r["entered_by"], r["entered_at"], r["source_text"]) for r in entered if r["source_text"] == WORDS[dataset]] == [
        ("sam", WHEN[(lang, era)], WORDS[dataset])
    ]  # fmt: skip
    shipped = [r for r in rows if not r["entered_by"]]
    assert shipped and all((r["entered_at"], r["source_text"]) == ("", "") for r in shipped)  # blank, not "None"
    assert not any("None" in str(v) for r in rows for v in r.values())


@pytest.mark.parametrize("dataset", list(IDS))
def test_a_grid_of_hand_curated_records_only_has_no_empty_steward_columns(client, dataset):
    f = Filters(lang="en")
    frame = drill.records(dataset, f, {})
    curated = frame.filter(frame["entered_by"].is_null())
    assert curated.height and curated.height < frame.height
    defs, rows = drill.grid(dataset, curated, f)
    assert not {"entered_by", "entered_at", "source_text"} & {d["field"] for d in defs}
    assert rows and not {"entered_by", "entered_at", "source_text"} & set(rows[0])


def test_hostile_words_reach_the_grid_as_one_line_of_plain_text(client):
    _, rows = grid_rows("agreements", "en", "ce")
    [row] = [r for r in rows if r["source_text"].startswith(FORMULA)]
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202e]", row["source_text"])
    assert len(row["source_text"]) <= 2000 and row["source_text"].endswith("…")


def fetch(client, url: str) -> bytes:
    r = client[1].get(url)
    assert r.status_code == 200, (url, r.status_code, r.data[:300])
    return r.data


def read_csv(body: bytes) -> list[dict]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(("lang", "era"), [("th", "be"), ("en", "ce")])
@pytest.mark.parametrize("dataset", list(IDS))
def test_the_data_csv_carries_the_three_columns_the_words_as_data(client, dataset, lang, era):
    rows = read_csv(fetch(client, f"/export/data/{dataset}.csv?lang={lang}&era={era}"))
    by, at, words = t("col.entered_by", lang), t("col.entered_at", lang), t("col.source_text", lang)
    [row] = [r for r in rows if r[t("col.id", lang)] == IDS[dataset]]
    want = WORDS[dataset] if not WORDS[dataset].startswith(FORMULA_LEAD) else "'" + WORDS[dataset]
    assert (row[by], row[at], row[words]) == ("sam", WHEN[(lang, era)], want)
    shipped = [r for r in rows if not r[t("col.id", lang)].endswith("-90") and not r[t("col.id", lang)].endswith("-91")]
    assert shipped and all((r[by], r[at], r[words]) == ("", "", "") for r in shipped)
    assert not [c for r in rows for c in r.values() if c and c.startswith(FORMULA_LEAD)]


def test_hostile_words_in_the_csv_start_no_formula_and_hold_no_control_or_new_line(client):
    body = fetch(client, "/export/data/agreements.csv?lang=th")
    rows = read_csv(body)
    [row] = [r for r in rows if r[t("col.id", "th")] == "AGR-91"]
    words = row[t("col.source_text", "th")]
    assert words.startswith("'" + FORMULA + " ลงนาม ณ กรุงเทพฯ วันที่")
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202e]", words)
    assert body.count(b"\n") == len(rows) + 1  # one line per record: the words broke no line


def test_the_streamed_csv_is_the_whole_frames_file_with_the_new_columns(client):
    from dashboard import context
    from dashboard.export import csv_bytes

    f = Filters(lang="th", era="be")
    for dataset in IDS:
        streamed = b"".join(data.csv_chunks(dataset, f, context.get().warehouse, rows=2, first_rows=1))
        assert streamed == csv_bytes(data.table(dataset, data.records(dataset, f), f))


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_data_xlsx_holds_the_words_as_text_never_a_formula(client, lang):
    body = fetch(client, f"/export/data/agreements.xlsx?lang={lang}&era=be")
    ws = load_workbook(io.BytesIO(body))[t("export.data", lang)]
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [(c.coordinate, c.value) for c in cells if c.data_type == "f"]
    header = [c.value for c in next(ws.iter_rows())]
    col = {name: i for i, name in enumerate(header)}
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    words, hostile = rows["AGR-90"][col[t("col.source_text", lang)]], rows["AGR-91"][col[t("col.source_text", lang)]]
    assert words.value == THAI_WORDS and words.data_type == "s"  # the Thai vowels and tone marks as written
    assert hostile.value.startswith(FORMULA) and hostile.data_type == "s"  # the text itself, stored as text
    assert rows["AGR-90"][col[t("col.entered_at", lang)]].value == WHEN[(lang, "be")]
    assert rows["AGR-1"][col[t("col.entered_by", lang)]].value in (None, "")


# -- undo takes the register row its accept added ----------------------------------------------------------


@pytest.fixture
def raw(tmp_path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", folder)
    return folder


AGREEMENT = {"signed_date": "14/07/2565", "agreement_type": "MOU", "partner": "jp-yokohama",
             "thai_party": "Department of Industrial Promotion (DIPROM), Ministry of Industry",
             "title_en": "Test cooperation memorandum"}  # fmt: skip
NEW_URL = "https://www.example.go.th/news/2022/07/entered-words"


def register(raw: Path) -> bytes:
    return (raw / files.REGISTER).read_bytes()


def test_undo_removes_the_register_row_its_accept_added_when_nothing_else_cites_it(raw):
    before = register(raw)
    d = Desk(raw, raw.parent / "none.duckdb")
    entry, added = d.accept("agreements", AGREEMENT, Source(NEW_URL, kind="news", publisher="Example"), "sam")
    assert added and not entry.problems and NEW_URL in files.registered(raw)
    undone = d.undo("agreements", entry.row["agreement_id"])
    assert (undone.rows, undone.unregistered) == (1, [NEW_URL])
    assert register(raw) == before  # the register as it was, byte for byte


def test_undo_keeps_a_register_row_that_was_there_before(raw):
    shipped = next(r["source_url"] for r in files.read_rows(raw / "agreements.csv")[1])
    with (raw / files.REGISTER).open("a", encoding="utf-8", newline="") as fh:  # registered by hand, cited by none
        csv.writer(fh, lineterminator="\n").writerow([NEW_URL, "Example", "A page", "2022-07", "th", "news", ""])
    before = register(raw)
    d = Desk(raw, raw.parent / "none.duckdb")
    for url in (shipped, NEW_URL):
        entry, added = d.accept("agreements", AGREEMENT, Source(url), "sam")
        assert not added and not entry.problems
        assert d.undo("agreements", entry.row["agreement_id"]).unregistered == []
        assert register(raw) == before


def test_undo_keeps_the_row_while_another_record_still_cites_the_address(raw):
    before = register(raw)
    d = Desk(raw, raw.parent / "none.duckdb")
    first, added = d.accept("agreements", AGREEMENT, Source(NEW_URL, kind="news"), "sam")
    second, again = d.accept("agreements", {**AGREEMENT, "title_en": "Second"}, Source(NEW_URL, kind="news"), "ann")
    assert added and not again
    assert d.undo("agreements", first.row["agreement_id"]).unregistered == []  # the second still cites it
    assert NEW_URL in files.registered(raw)
    # the last record citing it undone: the row the first accept added goes too, the register as it was
    assert d.undo("agreements", second.row["agreement_id"]).unregistered == [NEW_URL]
    assert register(raw) == before


def test_undo_keeps_the_row_a_hand_curated_record_cites(raw):
    d = Desk(raw, raw.parent / "none.duckdb")
    entry, added = d.accept("agreements", AGREEMENT, Source(NEW_URL, kind="news"), "sam")
    assert added
    with (raw / "notes.csv").open("a", encoding="utf-8", newline="") as fh:  # a curated record cites it meanwhile
        csv.writer(fh, lineterminator="\n").writerow(["N-900", "2022", "", "A note citing the page", "", NEW_URL])
    assert d.undo("agreements", entry.row["agreement_id"]).unregistered == []
    assert NEW_URL in files.registered(raw)


def test_a_register_the_accept_made_goes_with_its_last_row(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    (raw / files.REGISTER).unlink()
    d = Desk(raw, tmp_path / "none.duckdb")
    entry, added = d.accept("agreements", AGREEMENT, Source(NEW_URL, kind="news"), "sam")
    assert added and (raw / files.REGISTER).exists()
    assert d.undo("agreements", entry.row["agreement_id"]).unregistered == [NEW_URL]
    assert not (raw / files.REGISTER).exists()  # no register, as before: an empty one would refuse every address


# -- the extractor's notes in the view's language ----------------------------------------------------------

RELEASE = (
    "กรุงเทพฯ – กรมส่งเสริมอุตสาหกรรม (ดีพร้อม) ลงนามบันทึกความเข้าใจ (MOU) กับนครโยโกฮามา เมื่อวันที่ 14 กรกฎาคมที่ผ่านมา ณ กรุงเทพมหานคร"
)
THAI = re.compile("[\u0e00-\u0e7f]")


def english_words(text: str) -> list[str]:
    return re.findall(r"\b(?:the|from|not|date|year|taken|publication|partner|list)\b", text)


def test_the_extractors_notes_and_warnings_read_in_thai_in_the_thai_view(raw):
    d = Desk(raw, raw.parent / "none.duckdb")
    with_date = d.propose_text(RELEASE, "https://example.org/r", "20/07/2565")
    [cand] = with_date["agreements"]
    assert "year 2022 taken from the publication date 2022-07-20" in cand["notes"]  # the command line's English
    thai = candidate_notes(cand, "th", "be")
    assert THAI.search(thai) and "2565" in thai and "20 ก.ค. 2565" in thai and not english_words(thai)
    assert candidate_notes(cand, "en", "ce").endswith(
        "year 2022 taken from the publication date 20 Jul 2022 (past tense)"
    )
    no_date = d.propose_text(RELEASE.replace("กรุงเทพฯ – ", ""), None, None)
    assert no_date["warnings"] and len(no_date["warning_keys"]) == len(no_date["warnings"])
    shown = notes_text(no_date["warnings"], no_date["warning_keys"], "th", "be")
    assert all(THAI.search(w) and not english_words(w) for w in shown), shown
    assert notes_text(no_date["warnings"], no_date["warning_keys"], "en", "ce")[0] == no_date["warnings"][0]


def test_a_note_the_dashboard_does_not_know_keeps_the_extractors_english():
    assert note_text({"key": "a_future_note", "params": {}}, "th", "be", "as the extractor says") == (
        "as the extractor says"
    )
    assert note_text({"key": "no_year", "params": {"unexpected": 1}}, "th", "be", "x") == (
        t("steward_note.no_year", "th")
    )
    assert notes_text(["one", "two"], [{"key": "no_year", "params": {}}], "th", "be") == ["one", "two"]
    assert candidate_notes({"notes": "old text"}, "th", "be") == "old text"


def test_every_note_key_of_the_extractor_has_its_words_in_both_languages():
    from dashboard.i18n.strings import STRINGS
    from etl.press.notes import TEXTS

    for key in TEXTS.keys() - {"column"}:
        for lang in ("en", "th"):
            assert f"steward_note.{key}" in STRINGS[lang], (key, lang)
        assert THAI.search(STRINGS["th"][f"steward_note.{key}"])
