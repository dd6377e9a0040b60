"""End-to-end builds of real files into a real DuckDB file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl.build import build
from synth import write_synthetic
from tests.conftest import DATA, ROOT, query, run_etl

TABLES = [
    "dim_partner",
    "dim_sector",
    "dim_country",
    "dim_province",
    "dim_year",
    "fx_rate",
    "fact_agreement",
    "fact_delegation",
    "fact_investment",
    "bridge_agreement_sector",
    "bridge_delegation_sector",
    "source_note",
    "etl_reject",
]


def test_reconciliation_is_exact_per_file(mixed_warehouse: Path):
    rows = query(
        mixed_warehouse,
        "SELECT file, rows_read, rows_loaded, rows_duplicate, rows_rejected, rows_blank FROM etl_load ORDER BY file",
    )
    assert rows == [
        ("agreements.csv", 10, 4, 1, 5, 0),
        ("agreements.xlsx:2022", 1, 1, 0, 0, 0),
        ("agreements.xlsx:older", 2, 2, 0, 0, 0),
        ("delegations.csv", 4, 1, 0, 3, 0),
        ("delegations_cp874.csv", 3, 3, 0, 0, 0),
        ("fx_rates.csv", 2, 2, 0, 0, 0),
        ("investments.csv", 8, 4, 0, 4, 0),
        ("investments_bom.csv", 3, 3, 0, 0, 0),
        ("investments_empty.csv", 0, 0, 0, 0, 0),
        ("partners.csv", 5, 5, 0, 0, 0),
        ("sectors.csv", 4, 4, 0, 0, 0),
    ]


def test_every_reject_names_file_row_column_value_and_reason(mixed_warehouse: Path):
    rows = query(mixed_warehouse, 'SELECT file, "row", "column", value, reason FROM etl_reject ORDER BY file, "row"')
    got = {(f, r, c, v): reason for f, r, c, v, reason in rows}
    assert set(got) == {
        ("agreements.csv", 7, "signed_date", "31/02/2565"),
        ("agreements.csv", 8, "partner", "Atlantis"),
        ("agreements.csv", 9, "sectors", "SPACE"),
        ("agreements.csv", 10, "agreement_id", "AGR-8"),
        ("agreements.csv", 11, "agreement_id", "AGR-8"),
        ("delegations.csv", 3, "sectors", "ROBOT"),
        ("delegations.csv", 4, "end_date", "2023-01-11"),
        ("delegations.csv", 5, "participants", "-5"),
        ("investments.csv", 6, "currency", "USD"),
        ("investments.csv", 7, "value", "-3"),
        ("investments.csv", 8, "value", None),
        ("investments.csv", 9, "period", "Q7"),
    }
    assert "not a date that exists" in got[("agreements.csv", 7, "signed_date", "31/02/2565")]
    assert got[("agreements.csv", 8, "partner", "Atlantis")].startswith("unknown partner")
    assert (
        "appears 2 times with different content (agreements.csv row 10; agreements.csv row 11)"
        in got[("agreements.csv", 10, "agreement_id", "AGR-8")]
    )
    assert got[("investments.csv", 6, "currency", "USD")] == "no exchange rate for USD in 2023: add it to fx_rates"
    assert got[("investments.csv", 7, "value", "-3")] == "a value cannot be negative"
    raw = json.loads(query(mixed_warehouse, "SELECT raw_row FROM etl_reject WHERE value = 'Atlantis'")[0][0])
    assert raw["partner"] == "Atlantis" and raw["agreement_id"] == "AGR-6"


def test_normalised_values(mixed_warehouse: Path):
    agr = dict(
        (r[0], r[1:])
        for r in query(
            mixed_warehouse,
            "SELECT agreement_id, signed_date::VARCHAR, signed_year, signed_month, signed_precision, signed_fiscal_year, "
            "agreement_type, partner_id FROM fact_agreement",
        )
    )
    assert agr["AGR-2"] == ("2017-06-06", 2017, 6, "day", 2017, "MOU", "jp-smrj")  # 6 มิ.ย.60, alias SMRJ
    assert agr["AGR-3"] == (None, 2018, 7, "month", 2018, "MOC", "jp-yokohama")  # 2018-07: no padded day
    assert agr["AGR-4"] == (None, 2017, None, "year", None, "LOI", "jp-kanagawa")
    assert agr["AGR-X2"] == ("2020-02-29", 2020, 2, "day", 2020, "MOC", "jp-kanagawa")  # Excel date cell
    assert agr["AGR-X3"] == ("2022-07-14", 2022, 7, "day", 2022, "LOI", "jp-smrj")  # 14/07/2565
    inv = {
        r[0]: r[1:]
        for r in query(
            mixed_warehouse,
            "SELECT record_id, year, partner_id, sector_code, period, month_from, month_to, stage, projects, "
            "value_thb_million, province_code, jobs FROM fact_investment",
        )
    }
    assert inv["INV-B1"] == (2022, "jp", "AUTO", "H1", 1, 6, "application", 12, 1234.5, "TH-20", 1500)
    assert inv["INV-2"] == (2019, "jp", "AUTO", "Q1", 1, 3, "application", 55, 26900.0, "TH-21", None)
    assert inv["INV-3"][8] == pytest.approx(1000 * 0.2667)  # JPY million at the 2022 rate
    assert inv["INV-4"][8] == pytest.approx(10 * 35.06)  # fx year given as 2565 BE
    dele = {
        r[0]: r[1:]
        for r in query(
            mixed_warehouse, "SELECT delegation_id, direction, partner_id, participants, purpose FROM fact_delegation"
        )
    }
    assert dele["DEL-T1"] == ("outbound", "jp-smrj", 12, "policy_dialogue")  # Thai name, Thai digits, Thai purpose
    assert dele["DEL-T2"] == ("inbound", "jp", 1200, "business_matching")
    assert query(
        mixed_warehouse, "SELECT sector_code FROM bridge_agreement_sector WHERE agreement_id = 'AGR-1' ORDER BY 1"
    ) == [
        ("AUTO",),
        ("EE",),
    ]


def test_rows_with_too_many_or_too_few_fields_are_rejected_in_a_build(tmp_path: Path):
    raw = tmp_path / "raw"
    shutil.copytree(DATA / "basic", raw)
    shutil.copy(DATA / "bad" / "agreements_broken_quoting.csv", raw / "agreements.csv")
    build(raw, tmp_path / "w.duckdb", say=lambda m: None)
    rows = query(
        tmp_path / "w.duckdb", 'SELECT "row", "column", raw_row FROM etl_reject WHERE dataset = \'agreements\''
    )
    assert sorted((r, c, json.loads(j)) for r, c, j in rows) == [
        (3, "(row)", ["AGR-Q2", "2022-01-02", "MOU", "DIPROM, Ministry of Industry", "jp", "extra"]),
        (4, "(row)", ["AGR-Q3", "2022-01-03", "MOU", "DIPROM"]),
    ]


def test_fiscal_year_starts_in_october(tmp_path: Path):
    raw = tmp_path / "raw"
    shutil.copytree(DATA / "basic", raw)
    (raw / "agreements.csv").write_text(
        "agreement_id,signed_date,agreement_type,thai_party,partner\n"
        "A1,30/09/2566,MOU,DIPROM,jp\nA2,1/10/2566,MOU,DIPROM,jp\nA3,ต.ค. 2565,MOU,DIPROM,jp\n"
    )
    build(raw, tmp_path / "w.duckdb", say=lambda m: None)
    got = query(tmp_path / "w.duckdb", "SELECT agreement_id, signed_fiscal_year + 543 FROM fact_agreement ORDER BY 1")
    assert got == [("A1", 2566), ("A2", 2567), ("A3", 2566)]


def test_schema_is_documented_on_every_table_and_column(mixed_warehouse: Path):
    missing = query(
        mixed_warehouse,
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal "
        "AND (comment IS NULL OR comment = '')",
    )
    assert missing == []
    tables = query(
        mixed_warehouse,
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND (comment IS NULL OR comment = '') "
        "UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal "
        "AND (comment IS NULL OR comment = '')",
    )
    assert tables == []


def test_meta_and_friendly_views(mixed_warehouse: Path):
    meta = dict(query(mixed_warehouse, "SELECT key, value FROM meta"))
    assert meta["schema_version"] == "4"
    assert meta["synthetic"] == "false"
    assert meta["data_as_of"] == "2022-07-14"  # the latest loaded fact (the 2023 delegation was rejected)
    row = query(
        mixed_warehouse,
        "SELECT signed_on, year_be, partner_en, partner_th, partner_local, country_th, sectors FROM agreements "
        "WHERE agreement_id = 'AGR-1'",
    )
    assert row == [("2022-07-14", 2565, "City of Yokohama", "เมืองโยโกฮามะ", "横浜市", "ญี่ปุ่น", ["AUTO", "EE"])]
    assert query(mixed_warehouse, "SELECT signed_on FROM agreements WHERE agreement_id = 'AGR-3'") == [("2018-07",)]
    assert query(mixed_warehouse, "SELECT in_eec FROM investments WHERE record_id = 'INV-B3'") == [(True,)]


def test_same_inputs_give_the_same_contents(tmp_path: Path):
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    build(DATA / "mixed", a, say=lambda m: None)
    build(DATA / "mixed", b, say=lambda m: None)
    for table in TABLES:
        cols = "*" if table != "etl_reject" else "* EXCLUDE (load_id)"
        sql = f"SELECT {cols} FROM {table} ORDER BY ALL"
        assert query(a, sql) == query(b, sql), table
    assert query(a, "SELECT value FROM meta WHERE key = 'inputs_sha256'") == query(
        b, "SELECT value FROM meta WHERE key = 'inputs_sha256'"
    )


def test_rebuild_keeps_load_history(tmp_path: Path):
    w = tmp_path / "w.duckdb"
    build(DATA / "basic", w, say=lambda m: None)
    build(DATA / "basic", w, say=lambda m: None)
    assert query(w, "SELECT count(DISTINCT load_id) FROM etl_load") == [(2,)]
    assert query(w, "SELECT count(DISTINCT load_id) FROM etl_reject") == [(1,)]


def test_cli_prints_reconciliation_and_first_rejects(tmp_path: Path):
    r = run_etl("build", "--raw", str(DATA / "basic"), "--warehouse", str(tmp_path / "w.duckdb"), "--rejects", "3")
    assert r.returncode == 0, r.stderr
    assert "investments/investments.csv" in r.stdout
    assert "first 3 of 12 rejects:" in r.stdout
    assert 'agreements.csv row 7, column signed_date, value "31/02/2565"' in r.stdout
    assert "total                               33         20          1         12" in r.stdout


def test_cli_strict_exits_1_and_keeps_the_old_warehouse(tmp_path: Path):
    w = tmp_path / "w.duckdb"
    assert run_etl("build", "--raw", str(ROOT / "data" / "raw"), "--warehouse", str(w)).returncode == 0
    before = w.read_bytes()
    r = run_etl("build", "--raw", str(DATA / "basic"), "--warehouse", str(w), "--strict")
    assert r.returncode == 1
    assert "--strict: 12 rows rejected" in r.stdout
    assert w.read_bytes() == before


@pytest.mark.parametrize(
    ("bad_file", "message"),
    [
        ("agreements_missing_column.csv", "missing required column 'signed_date'"),
        ("delegations_latin1.csv", "cannot read the text"),
    ],
)
def test_unusable_input_exits_2_and_leaves_the_old_warehouse(tmp_path: Path, bad_file: str, message: str):
    w = tmp_path / "w.duckdb"
    build(DATA / "basic", w, say=lambda m: None)
    before = w.read_bytes()
    raw = tmp_path / "raw"
    shutil.copytree(DATA / "basic", raw)
    shutil.copy(DATA / "bad" / bad_file, raw / bad_file)
    r = run_etl("build", "--raw", str(raw), "--warehouse", str(w))
    assert r.returncode == 2
    assert bad_file in r.stderr and message in r.stderr
    assert "was not changed" in r.stderr
    assert w.read_bytes() == before
    assert not list(tmp_path.glob("w.duckdb.tmp-*"))


def test_missing_dataset_exits_2(tmp_path: Path):
    raw = tmp_path / "raw"
    shutil.copytree(DATA / "basic", raw)
    (raw / "sectors.csv").unlink()
    r = run_etl("build", "--raw", str(raw), "--warehouse", str(tmp_path / "w.duckdb"))
    assert r.returncode == 2
    assert "no file for dataset sectors" in r.stderr
    assert not (tmp_path / "w.duckdb").exists()


def test_help_describes_the_commands():
    r = run_etl("build", "--help")
    assert r.returncode == 0 and "--strict" in r.stdout and "Exit 0" in r.stdout


@pytest.mark.slow
def test_build_killed_part_way_leaves_the_old_warehouse_readable_and_unchanged(tmp_path: Path):
    w = tmp_path / "w.duckdb"
    build(DATA / "basic", w, say=lambda m: None)
    before = w.read_bytes()
    raw = tmp_path / "raw"
    write_synthetic(raw, rows=400_000, seed=3)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for stage in ("investments: 400,000 rows read", "warehouse: finishing"):
        proc = subprocess.Popen(
            [sys.executable, "-m", "etl", "build", "--raw", str(raw), "--warehouse", str(w)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        seen = ""
        deadline = time.monotonic() + 300
        while stage not in seen and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            seen += line
        assert stage in seen, seen
        if stage == "warehouse: finishing":
            time.sleep(0.3)  # let it get into the checks
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert w.read_bytes() == before
        with duckdb.connect(str(w), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM fact_agreement").fetchone()[0] == 4
    # The next build succeeds and clears the dead build's temporary file.
    r = run_etl("build", "--raw", str(raw), "--warehouse", str(w))
    assert r.returncode == 0, r.stderr
    assert query(w, "SELECT count(*) > 390000 FROM fact_investment") == [(True,)]
    assert not list(tmp_path.glob("w.duckdb.tmp-*"))


def test_a_failing_check_says_how_many_rows_break_it(tmp_path: Path):
    from etl.load import run_checks

    w = tmp_path / "w.duckdb"
    assert build(ROOT / "data" / "raw", w, say=lambda m: None).swapped
    with duckdb.connect(str(w)) as con:
        assert run_checks(con) == []
        # seven agreements loaded twice: seven duplicate ids, five of them shown
        con.execute("INSERT INTO fact_agreement SELECT * FROM fact_agreement ORDER BY agreement_id LIMIT 7")
        failures = run_checks(con)
    assert [f.split(":")[0] for f in failures] == ["fact_keys", "loaded_counts"], failures
    assert failures[0].startswith("fact_keys: 7 rows break it, the first 5: [('duplicate agreement_id', "), failures
    assert failures[1].startswith("loaded_counts: 1 row breaks it: [('agreements', "), failures
