"""Reading raw files: encodings, workbooks, empty and broken files, headers."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from contract.datasets import DATASETS
from etl.extract import UnusableInput, decode_csv_bytes, extract, find_files
from tests.conftest import DATA


def test_find_files_groups_by_prefix_case_blind(tmp_path: Path):
    for name in ("Agreements_2024.CSV", "agreements.xlsx", "investments_a.parquet", "~$agreements.xlsx", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    found = find_files(tmp_path)
    assert [p.name for p in found["agreements"]] == ["Agreements_2024.CSV", "agreements.xlsx"]
    assert [p.name for p in found["investments"]] == ["investments_a.parquet"]
    assert found["notes"] == []


def test_missing_raw_folder_is_unusable(tmp_path: Path):
    with pytest.raises(UnusableInput, match="does not exist"):
        find_files(tmp_path / "nope")


def test_cp874_file_reads_thai_headers_and_curly_quotes():
    ex = extract(DATASETS["delegations"], [DATA / "mixed" / "delegations_cp874.csv"])
    assert ex.files[0].encoding == "cp874"
    df = ex.frame
    assert df["delegation_id"].to_list() == ["DEL-T1", "DEL-T2", "DEL-T3"]
    assert df["start_date"][0] == "6 มิ.ย.60"
    assert df["notes"][0] == "“ประชุมหารือ” – กรุงโตเกียว"  # Windows curly quotes and en dash, not control characters
    assert df["_row"].to_list() == [2, 3, 4]


def test_cp874_is_decoded_strictly_not_with_tis620():
    data = "“ก” – ข".encode("cp874")
    text, enc = decode_csv_bytes(data, "x.csv")
    assert (text, enc) == ("“ก” – ข", "cp874")
    # Python's tis-620 codec has no curly quotes or dashes: it would not give the text back.
    assert data.decode("tis-620", errors="replace") != text


def test_utf8_bom_is_detected():
    ex = extract(DATASETS["investments"], [DATA / "mixed" / "investments_bom.csv"])
    assert ex.files[0].encoding == "utf-8-sig"
    assert ex.frame.columns[0] == "record_id"
    assert ex.frame["record_id"].to_list() == ["INV-B1", "INV-B2", "INV-B3"]


def test_undecodable_file_is_refused_with_its_name_and_byte():
    with pytest.raises(UnusableInput, match=r"delegations_latin1.csv: cannot read the text: not UTF-8 \(byte \d+\)"):
        extract(DATASETS["delegations"], [DATA / "bad" / "delegations_latin1.csv"])


def test_empty_file_gives_no_rows_and_a_notice():
    ex = extract(DATASETS["investments"], [DATA / "mixed" / "investments_empty.csv"])
    assert ex.frame.height == 0
    assert ex.files[0].rows == 0
    assert "empty file" in ex.files[0].notices[0]


def test_missing_required_column_names_file_column_and_what_was_found():
    with pytest.raises(UnusableInput) as e:
        extract(DATASETS["agreements"], [DATA / "bad" / "agreements_missing_column.csv"])
    msg = str(e.value)
    assert "agreements_missing_column.csv" in msg
    assert "'signed_date'" in msg
    assert "found: 'agreement_id'" in msg


def test_two_headers_meaning_the_same_column_are_refused(tmp_path: Path):
    p = tmp_path / "agreements.csv"
    p.write_text("id,agreement_id,signed_date,agreement_type,thai_party,partner\n1,2,2022,MOU,x,jp\n")
    with pytest.raises(UnusableInput, match="both mean 'agreement_id'"):
        extract(DATASETS["agreements"], [p])


def test_unknown_header_is_ignored_with_a_notice(tmp_path: Path):
    p = tmp_path / "agreements.csv"
    p.write_text("agreement_id,signed_date,agreement_type,thai_party,partner,colour\nA,2022,MOU,x,jp,red\n")
    ex = extract(DATASETS["agreements"], [p])
    assert "colour" not in ex.frame.columns
    assert any("'colour' is not part of 'agreements'" in n for n in ex.files[0].notices)


def test_broken_quoting_rows_become_rejects_and_good_rows_stay():
    ex = extract(DATASETS["agreements"], [DATA / "bad" / "agreements_broken_quoting.csv"])
    assert ex.frame["agreement_id"].to_list() == ["AGR-Q1", "AGR-Q4"]
    assert ex.frame["thai_party"][1] == 'DIPROM "quoted"'
    rej = ex.rejects.sort("_row")
    assert rej["_row"].to_list() == [3, 4]
    assert rej["reason"].to_list() == ["has 6 fields but the header has 5", "has 4 fields but the header has 5"]
    assert ex.files[0].rows == 4  # every record is counted: 2 read into the frame, 2 rejected


def test_workbook_reads_every_data_sheet_with_date_cells():
    ex = extract(DATASETS["agreements"], [DATA / "mixed" / "agreements.xlsx"])
    assert [f.label for f in ex.files] == ["agreements.xlsx:2022", "agreements.xlsx:older"]
    df = ex.frame.sort("agreement_id")
    assert df["agreement_id"].to_list() == ["AGR-X1", "AGR-X2", "AGR-X3"]
    assert df["signed_date"].to_list()[:2] == ["2022-07-14 00:00:00", "2020-02-29 00:00:00"]
    assert any("About" in n and "sheet skipped" in n for n in ex.files[0].notices)


def test_parquet_dates_and_numbers_become_text(tmp_path: Path):
    import datetime as dt

    p = tmp_path / "investments.parquet"
    pl.DataFrame(
        {
            "record_id": ["P1"],
            "year": [2022],
            "partner": ["jp"],
            "stage": ["approval"],
            "value": [12.5],
            "currency": ["THB"],
            "when": [dt.date(2022, 7, 14)],
        }
    ).write_parquet(p)
    ex = extract(DATASETS["investments"], [p])
    row = ex.frame.row(0, named=True)
    assert (row["year"], row["value"], row["_row"]) == ("2022", "12.5", 1)


def test_a_dataset_may_span_files(tmp_path: Path):
    for name in ("investments.csv", "investments_bom.csv"):
        shutil.copy(DATA / "mixed" / name, tmp_path / name)
    ex = extract(DATASETS["investments"], sorted(tmp_path.iterdir()))
    assert ex.frame.height == 8 + 3
    assert set(ex.frame["_file"]) == {"investments.csv", "investments_bom.csv"}


FX_HEADER = "year,currency,thb_per_unit,source_url\n"


def _read_fx(tmp_path: Path, data: bytes):
    p = tmp_path / "fx_rates.csv"
    p.write_bytes(data)
    return extract(DATASETS["fx_rates"], [p])


def test_cr_line_ends_read_every_row(tmp_path: Path):
    # Old Mac Excel "CSV" ends lines with CR alone; Polars would read the file as one header line.
    ex = _read_fx(tmp_path, (FX_HEADER + "2022,JPY,0.27,\n2023,JPY,0.25,\n").replace("\n", "\r").encode())
    assert ex.frame.select("year", "currency", "_row").rows() == [("2022", "JPY", 2), ("2023", "JPY", 3)]


def test_a_cut_off_last_line_is_rejected_not_padded_with_blanks(tmp_path: Path):
    ex = _read_fx(tmp_path, (FX_HEADER + "2022,JPY,0.27,https://example.org\n2023,JPY,0.2").encode())
    assert ex.frame["_row"].to_list() == [2]
    assert ex.rejects.select("_row", "reason").rows() == [(3, "has 3 fields but the header has 4")]


@pytest.mark.parametrize("encoding", ["utf-8", "cp874"])
def test_a_row_of_spaces_is_blank_in_every_encoding(tmp_path: Path, encoding: str):
    ex = _read_fx(tmp_path, (FX_HEADER + " , ,\u00a0,\n2022,บาท,1,\n").encode(encoding))
    assert ex.frame["_row"].to_list() == [3]
    assert ex.files[0].blank_rows == 1 and ex.files[0].rows == 1


def test_utf16_with_byte_order_mark_is_read(tmp_path: Path):
    ex = _read_fx(tmp_path, (FX_HEADER + "2565,เยน,0.27,\n").encode("utf-16"))
    assert ex.files[0].encoding == "utf-16"
    assert ex.frame.select("year", "currency").rows() == [("2565", "เยน")]
