"""Records entered on the data steward's screen keep who entered them, when, and the words they came from:
`entered_by`, `entered_at` and `source_text` of a `<dataset>_entered.csv` land in the warehouse (facts, views,
dim_partner), a file without them loads as before with NULLs, a bad `entered_at` is rejected naming file, row,
column and value, and hostile words are cleaned like any free text."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from contract.datasets import DATASETS
from etl.build import build
from tests.conftest import DATA, query, run_etl

STEWARD = "sam"
AT = "2026-12-03T23:31:22Z"
WORDS = "ดีพร้อม ลงนามบันทึกความเข้าใจกับนครโยโกฮามา เมื่อวันที่ 14 กรกฎาคม 2565"
URL = "https://example.org/entered"

# One entered row per dataset the steward's screen writes, in the raw contract (tests/data/basic's partners).
ENTERED = {
    "agreements": {"agreement_id": "AGR-90", "signed_date": "2022-07-14", "agreement_type": "MOU",
                   "thai_party": "DIPROM", "partner": "jp-yokohama", "title_en": "Entered agreement"},
    "delegations": {"delegation_id": "DEL-90", "start_date": "2022-07-14", "direction": "outbound",
                    "partner": "jp-yokohama"},
    "investments": {"record_id": "INV-90", "year": "2022", "partner": "jp", "stage": "application",
                    "projects": "3", "value": "12", "currency": "THB", "unit": "million"},
    "stated_totals": {"total_id": "ST-90", "as_of": "2022-07", "stated_by": "DIPROM", "partner": "jp",
                      "counts": "agreements", "value": "22"},
    "partners": {"partner_id": "jp-entered", "name_en": "Entered City", "country": "JP",
                 "level": "local_government", "parent_id": "jp"},
}  # fmt: skip
TABLE = {"agreements": ("fact_agreement", "agreement_id"), "delegations": ("fact_delegation", "delegation_id"),
         "investments": ("fact_investment", "record_id"), "stated_totals": ("stated_total", "total_id"),
         "partners": ("dim_partner", "partner_id")}  # fmt: skip
ENTRY = ("entered_by", "entered_at", "source_text")


def write(path: Path, rows: list[dict]) -> None:
    header = list(dict.fromkeys(k for r in rows for k in r))
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        w.writerows(rows)


def entered(dataset: str, **over) -> dict:
    return {**ENTERED[dataset], "source_url": URL, "entered_by": STEWARD, "entered_at": AT, "source_text": WORDS,
            **over}  # fmt: skip


@pytest.fixture
def raw(tmp_path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(DATA / "basic", folder)
    return folder


def built(raw: Path, tmp_path: Path, name: str = "w.duckdb") -> tuple[Path, object]:
    path = tmp_path / name
    return path, build(raw, path, say=lambda m: None)


def entered_rejects(path: Path) -> list[tuple]:
    """The rejects of the entered files (tests/data/basic's own files hold rejects on purpose)."""
    return query(path, 'SELECT file, row, "column", value, reason FROM etl_reject WHERE file LIKE \'%_entered.csv\' '
                 "ORDER BY file, row")  # fmt: skip


def test_the_three_columns_are_declared_once_as_optional_provenance_of_every_dataset_a_steward_enters():
    for name in ENTERED:
        ds = DATASETS[name]
        assert [c.name for c in ds.provenance] == list(ENTRY)
        assert not any(c.required for c in ds.provenance)
        assert not set(ENTRY) & set(ds.names)  # not the record's content: the generator's columns are unchanged
    assert all(not DATASETS[n].provenance for n in ("sectors", "fx_rates", "notes", "sources", "thai_parties"))


def test_an_entered_files_three_columns_land_in_the_warehouse_for_every_dataset(raw, tmp_path):
    for dataset in ENTERED:
        write(raw / f"{dataset}_entered.csv", [entered(dataset)])
    path, result = built(raw, tmp_path)
    assert entered_rejects(path) == []
    assert not [n for n in result.notices if "not part of" in n]  # read, not ignored with a notice
    for dataset, (table, key) in TABLE.items():
        got = query(path, f"SELECT entered_by, entered_at, source_text FROM {table} WHERE {key} = $k",
                    {"k": ENTERED[dataset][key]})  # fmt: skip
        assert got == [(STEWARD, dt.datetime(2026, 12, 3, 23, 31, 22), WORDS)], dataset
    for view, key in (("agreements", "agreement_id"), ("delegations", "delegation_id"), ("investments", "record_id"),
                      ("stated_total_coverage", "total_id")):  # fmt: skip
        rows = query(path, f"SELECT {key}, entered_by, entered_at, source_text FROM {view} ORDER BY 1")
        by_id = {r[0]: r[1:] for r in rows}
        assert by_id.pop(ENTERED[view if view != "stated_total_coverage" else "stated_totals"][key])[2] == WORDS
        assert all(v == (None, None, None) for v in by_id.values())  # the hand-curated rows: NULL
        assert by_id or view == "stated_total_coverage"  # (tests/data/basic has no stated totals of its own)
    comments = query(path, "SELECT table_name, comment FROM duckdb_columns() WHERE column_name IN "
                     "('entered_by', 'entered_at', 'source_text')")  # fmt: skip
    assert {t for t, _ in comments} >= {"fact_agreement", "fact_delegation", "fact_investment", "stated_total",
                                        "dim_partner", "agreements", "delegations", "investments"}  # fmt: skip
    assert all(c for _, c in comments)


def test_a_file_without_them_loads_unchanged_with_nulls(raw, tmp_path):
    before, _ = built(raw, tmp_path, "before.duckdb")
    write(raw / "agreements_entered.csv", [entered("agreements")])
    after, _ = built(raw, tmp_path, "after.duckdb")
    columns = "* EXCLUDE (entered_by, entered_at, source_text)"
    for table, key in TABLE.values():
        old = query(before, f"SELECT {columns} FROM {table} ORDER BY {key}")
        new = query(after, f"SELECT {columns} FROM {table} WHERE {key} NOT IN ('AGR-90') ORDER BY {key}")
        assert old == new, table
        assert query(before, f"SELECT count(*) FROM {table} WHERE entered_by IS NOT NULL OR entered_at IS NOT NULL "
                     "OR source_text IS NOT NULL") == [(0,)]  # fmt: skip


def test_a_record_in_a_curated_file_and_entered_alike_is_one_record_not_a_conflict(raw, tmp_path):
    """Who entered it is not what it says: the same content twice is a duplicate, the first copy's kept."""
    with (raw / "agreements.csv").open(encoding="utf-8") as fh:
        first = next(csv.DictReader(fh))
    write(raw / "agreements_entered.csv", [{**first, "entered_by": STEWARD, "entered_at": AT, "source_text": WORDS}])
    path, result = built(raw, tmp_path)
    assert entered_rejects(path) == []
    assert [f.duplicate for f in result.files if f.file == "agreements_entered.csv"] == [1]
    assert query(path, "SELECT source_file, entered_by FROM fact_agreement WHERE agreement_id = $k",
                 {"k": first["agreement_id"]}) == [("agreements.csv", None)]  # fmt: skip


@pytest.mark.parametrize(
    ("at", "kept"),
    [("2026-12-03T23:31:22Z", dt.datetime(2026, 12, 3, 23, 31, 22)),
     ("2026-12-04T06:31:22+07:00", dt.datetime(2026, 12, 3, 23, 31, 22)),  # an offset is converted to UTC
     ("2026-12-03 23:31", dt.datetime(2026, 12, 3, 23, 31)),  # no offset: UTC
     ("2026-12-03T23:31:22.5Z", dt.datetime(2026, 12, 3, 23, 31, 22, 500000)),
     ("", None)],
)  # fmt: skip
def test_entered_at_is_read_as_an_iso_timestamp_in_utc(raw, tmp_path, at, kept):
    write(raw / "agreements_entered.csv", [entered("agreements", entered_at=at)])
    path, _ = built(raw, tmp_path)
    assert entered_rejects(path) == []
    assert query(path, "SELECT entered_at FROM fact_agreement WHERE agreement_id = 'AGR-90'") == [(kept,)]


@pytest.mark.parametrize("bad", ["yesterday", "03/12/2569 23:31", "2026-02-30T10:00:00Z", "2026-12-03T25:00:00Z",
                                 "2026-12-03", "1800-01-01T00:00:00Z"])  # fmt: skip
def test_a_bad_entered_at_is_rejected_naming_file_row_column_and_value(raw, tmp_path, bad):
    write(raw / "agreements_entered.csv", [entered("agreements", agreement_id="AGR-91"), entered("agreements",
                                                                                                 entered_at=bad)])  # fmt: skip
    path, _ = built(raw, tmp_path)
    rejects = entered_rejects(path)
    assert len(rejects) == 1, rejects
    file, row, column, value, reason = rejects[0]
    assert (file, row, column, value) == ("agreements_entered.csv", 3, "entered_at", bad)
    assert "ISO 8601" in reason or "outside" in reason
    assert query(path, "SELECT count(*) FROM fact_agreement WHERE agreement_id = 'AGR-90'") == [(0,)]
    assert query(path, "SELECT entered_by FROM fact_agreement WHERE agreement_id = 'AGR-91'") == [(STEWARD,)]


def test_the_command_line_names_file_row_column_and_value_of_a_bad_entered_at(raw, tmp_path):
    write(raw / "agreements_entered.csv", [entered("agreements", entered_at="เมื่อวาน")])
    done = run_etl("build", "--raw", str(raw), "--warehouse", str(tmp_path / "w.duckdb"), "--rejects", "100")
    assert done.returncode == 0, done.stderr
    said = done.stdout + done.stderr
    assert 'agreements_entered.csv row 2, column entered_at, value "เมื่อวาน"' in said, said
    assert "ISO 8601 timestamp" in said


HOSTILE = "=cmd|' /C calc'!A0\x00 ลงนาม\u202e ณ\tกรุงเทพฯ\r\nวันที่ ๑๔ กรกฎาคม\x1b[31m แล้ว " + "กำหนดที่นี่ " * 400 + "ท้ายสุด"


def test_hostile_words_are_cleaned_like_free_text_one_line_no_controls_capped(raw, tmp_path):
    write(raw / "agreements_entered.csv", [entered("agreements", source_text=HOSTILE, entered_by=" sam\x07\u202e ")])
    path, _ = built(raw, tmp_path)
    assert entered_rejects(path) == []
    words, who = query(path, "SELECT source_text, entered_by FROM fact_agreement WHERE agreement_id = 'AGR-90'")[0]
    assert who == "sam"
    assert words.startswith("=cmd|' /C calc'!A0 ลงนาม ณ กรุงเทพฯ วันที่ ๑๔ กรกฎาคม [31m แล้ว กำหนดที่นี่")
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F or ch in "\u202e\ufeff" for ch in words)
    assert len(words) <= 2000 and words.endswith("…") and "ท้ายสุด" not in words
    whole = " ".join(re.sub("[\x00-\x1f\x7f-\x9f\u202e]", " ", HOSTILE).split())
    kept = words[:-1]
    assert whole.startswith(kept)  # the words as written, less controls, cut
    assert unicodedata.category(whole[len(kept)])[0] != "M"  # cut before a whole letter with its marks


def test_a_cut_never_leaves_a_thai_letter_without_its_marks(raw, tmp_path):
    text = "ที่" * 1000  # 3,000 characters: letter, vowel above, tone mark, over and over
    write(raw / "agreements_entered.csv", [entered("agreements", source_text=text)])
    path, _ = built(raw, tmp_path)
    words = query(path, "SELECT source_text FROM fact_agreement WHERE agreement_id = 'AGR-90'")[0][0]
    assert words.endswith("ที่…") and set(words[:-1].split("ที่")) == {""}
