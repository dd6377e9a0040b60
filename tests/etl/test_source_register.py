"""The source register: every cited page is described once, and the build holds records to it.

The shipped folder (data/raw) is read as files (every record's source in the register, every
address well formed) and built (zero rejects, reconciliation, every partner and sector resolving);
small copies of it show that a record citing an unregistered page, a malformed register row and a
Thai-party spelling claimed twice are rejected with file, row, column and value.
"""

from __future__ import annotations

import csv
import shutil
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract.datasets import DATASETS, ENUMS, REGISTERED
from contract.vocabulary import is_web_url
from etl.build import build
from tests.conftest import ROOT, query

RAW = ROOT / "data" / "raw"


def rows(name: str, folder: Path = RAW) -> list[dict]:
    path = folder / f"{name}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def cited() -> list[tuple[str, int, str]]:
    """(file, row number as the build counts it, address) of every record that cites a page."""
    out = []
    for name in REGISTERED:
        for i, r in enumerate(rows(name), start=2):
            url = (r.get("source_url") or "").strip()
            if url:
                out.append((f"{name}.csv", i, url))
    return out


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("register") / "warehouse.duckdb"
    result = build(RAW, path, say=lambda m: None)
    return path, result


def test_every_cited_page_is_in_the_register():
    register = {r["source_url"] for r in rows("sources")}
    missing = [c for c in cited() if c[2] not in register]
    assert cited() and not missing, missing[:10]


def test_register_holds_each_address_once_and_describes_it():
    register = rows("sources")
    urls = [r["source_url"] for r in register]
    assert len(urls) == len(set(urls))
    for r in register:
        assert r["publisher"].strip(), r["source_url"]
        assert r["kind"] in ENUMS["source_kind"], r
        assert len(r["language"]) == 2 and r["language"].isalpha() and r["language"].islower(), r


def test_every_address_is_well_formed():
    addresses = {r["source_url"] for r in rows("sources")} | {c[2] for c in cited()}
    bad = []
    for url in addresses:
        parts = urllib.parse.urlsplit(url)
        web = is_web_url(url) and parts.scheme in ("http", "https") and "." in (parts.hostname or "")
        if not web or any(ch.isspace() for ch in url):
            bad.append(url)
    assert not bad, bad


def test_no_record_rests_on_a_forum_post_alone():
    """A record of the agreements, delegations, stated totals, notes and Thai parties whose page is a
    forum post or an unnamed blog must not exist (the investment statistics are reviewed apart)."""
    forum = {r["source_url"] for r in rows("sources") if r["kind"] == "forum"}
    own = ("agreements", "delegations", "stated_totals", "notes", "partners", "thai_parties")
    hits = [(name, r.get(DATASETS[name].key[0])) for name in own for r in rows(name) if r.get("source_url") in forum]
    assert not hits, hits


def test_shipped_data_builds_with_zero_rejects_and_reconciles(shipped):
    path, result = shipped
    assert result.rejected == 0, result.rejects
    assert query(path, "SELECT count(*) FROM etl_reject") == [(0,)]
    per_file = query(
        path,
        "SELECT dataset, file, rows_read, rows_loaded, rows_duplicate, rows_rejected FROM etl_load "
        "WHERE load_id = (SELECT value FROM meta WHERE key = 'load_id')",
    )
    for dataset, file, read, loaded, duplicate, rejected in per_file:
        assert read == loaded + duplicate + rejected, (dataset, file)
        assert read == len(rows(Path(file).stem)), (dataset, file)
    tables = {"sources": "dim_source", "thai_parties": "dim_thai_party", "agreements": "fact_agreement"}
    tables |= {"delegations": "fact_delegation", "stated_totals": "stated_total", "partners": "dim_partner"}
    for name, table in tables.items():
        assert query(path, f"SELECT count(*) FROM {table}") == [(len(rows(name)),)], name


def test_every_partner_and_sector_resolves(shipped):
    path, _ = shipped
    partners = {r["partner_id"] for r in rows("partners")}
    sectors = {r["sector_code"] for r in rows("sectors")}
    for name in ("agreements", "delegations", "stated_totals", "investments"):
        for r in rows(name):
            assert r["partner"] in partners, (name, r)
            column = "sector" if name == "investments" else "sectors"
            for code in filter(None, (c.strip() for c in (r.get(column) or "").split(";"))):
                assert code in sectors, (name, r)
    for r in rows("notes"):
        assert not r["partner"] or r["partner"] in partners, r
    for r in rows("partners"):
        assert not r["parent_id"] or r["parent_id"] in partners, r
    assert query(path, "SELECT count(*) FROM fact_agreement ANTI JOIN dim_partner USING (partner_id)") == [(0,)]
    assert query(path, "SELECT count(*) FROM bridge_delegation_sector ANTI JOIN dim_sector USING (sector_code)") == [
        (0,)
    ]


def test_every_fact_cites_a_registered_page_in_the_warehouse(shipped):
    path, _ = shipped
    for table in ("fact_agreement", "fact_delegation", "fact_investment", "stated_total", "source_note"):
        orphans = query(
            path, f"SELECT count(*) FROM {table} t WHERE t.source_url NOT IN (SELECT source_url FROM dim_source)"
        )
        assert orphans == [(0,)], table


def test_thai_names_sit_beside_thai_party(shipped):
    path, _ = shipped
    got = dict(query(path, "SELECT DISTINCT thai_party, thai_party_th FROM agreements"))
    assert got["Department of Industrial Promotion (DIPROM), Ministry of Industry"] == (
        "กรมส่งเสริมอุตสาหกรรม กระทรวงอุตสาหกรรม"
    )
    assert got["Board of Investment (BOI)"] == "สำนักงานคณะกรรมการส่งเสริมการลงทุน"
    assert got["Government of Thailand"] is None  # no cited Thai name: null, not a guess
    named = {r["name_en"] for r in rows("thai_parties")}
    parties = {r["thai_party"] for r in rows("agreements")}
    for r in rows("stated_totals"):
        parties |= {p.strip() for p in r["thai_party"].split(";") if p.strip()}
    assert query(path, "SELECT count(*) FROM agreements WHERE thai_party_th IS NOT NULL") == [
        (sum(r["thai_party"] in named for r in rows("agreements")),)
    ]
    assert {"DIPROM", "BOI", "DITP", "FTI", "EECO", "BMA", "IEAT", "NSTDA", "MHESI", "OIE", "OSMEP"} <= {
        r["abbreviation"] for r in rows("thai_parties")
    }
    assert parties - named <= {
        "Government of Thailand",
        "Thailand Trade and Economic Office (TTEO), Taipei",
        "Department of Industrial Works (DIW), Ministry of Industry; Industrial Estate Authority of Thailand (IEAT); "
        "Amata Corporation",
    }
    dip = query(path, "SELECT thai_parties, thai_party_th FROM stated_total_coverage WHERE total_id = 'ST-001'")
    assert dip == [
        (
            ["Department of Industrial Promotion (DIPROM), Ministry of Industry", "Ministry of Industry"],
            ["กรมส่งเสริมอุตสาหกรรม กระทรวงอุตสาหกรรม", "กระทรวงอุตสาหกรรม"],
        )
    ]


# --- rejects: a copy of the shipped folder with one thing wrong -------------------------------------------


def copy_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw, ignore=shutil.ignore_patterns("*.md"))
    return raw


def rewrite(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        data = list(csv.DictReader(f))
    fields = list(data[0])
    change(data)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fields, lineterminator="\n")
        w.writeheader()
        w.writerows(data)


def build_rejects(raw: Path, tmp_path: Path) -> list[dict]:
    result = build(raw, tmp_path / "w.duckdb", say=lambda m: None)
    return result.rejects.sort("dataset", "_file", "_row").to_dicts()


def test_a_record_citing_an_unregistered_page_is_rejected_naming_file_row_column_and_value(tmp_path):
    raw = copy_raw(tmp_path)
    target = "https://example.org/not-in-the-register"

    def change(data):
        data[4]["source_url"] = target

    rewrite(raw / "delegations.csv", change)
    rejects = build_rejects(raw, tmp_path)
    assert [(r["_file"], r["_row"], r["column"], r["value"]) for r in rejects] == [
        ("delegations.csv", 6, "source_url", target)
    ]
    assert "not in the register" in rejects[0]["reason"]


def test_without_a_register_nothing_is_checked(tmp_path):
    raw = copy_raw(tmp_path)
    (raw / "sources.csv").unlink()
    (raw / "thai_parties.csv").unlink()
    result = build(raw, tmp_path / "w.duckdb", say=lambda m: None)
    assert result.rejected == 0
    assert query(tmp_path / "w.duckdb", "SELECT count(*) FROM dim_source") == [(0,)]
    assert query(tmp_path / "w.duckdb", "SELECT count(DISTINCT thai_party_th) FROM agreements") == [(0,)]


def test_a_thai_party_spelling_claimed_twice_is_rejected(tmp_path):
    raw = copy_raw(tmp_path)

    def change(data):
        data[1]["aliases"] = data[1]["aliases"] + ";DIP"  # DIPROM's alias, now claimed by a second row

    rewrite(raw / "thai_parties.csv", change)
    rejects = build_rejects(raw, tmp_path)
    assert {(r["_file"], r["column"]) for r in rejects} == {("thai_parties.csv", "aliases")}
    assert {r["_row"] for r in rejects} == {2, 3}


ATTACKS = [
    "javascript:alert(1)",
    "ftp://example.org/file",
    "https://user:pass@example.org/",
    "https://example.org/\u202egnp.exe",
    "https://example.org/a b",
    "http://",
    "",
]


@pytest.mark.parametrize("address", ATTACKS)
def test_a_register_row_with_a_hostile_address_is_rejected(tmp_path, address):
    raw = copy_raw(tmp_path)
    with (raw / "sources.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow([address, "Someone", "", "", "en", "news", ""])
    rejects = build_rejects(raw, tmp_path)
    assert [(r["_file"], r["column"]) for r in rejects] == [("sources.csv", "source_url")]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.text(min_size=1, max_size=12).filter(lambda s: s.strip().lower() not in ENUMS["source_kind"]),
    language=st.text(max_size=5).filter(lambda s: not (len(s.strip()) == 2 and s.strip().isascii() and s.isalpha())),
)
def test_register_rows_with_unknown_kind_or_language_never_load(tmp_path_factory, kind, language):
    tmp = tmp_path_factory.mktemp("hostile")
    raw = copy_raw(tmp)
    with (raw / "sources.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(["https://example.org/x", "Someone", "", "", language, kind, ""])
    result = build(raw, tmp / "w.duckdb", say=lambda m: None)
    rejects = result.rejects.to_dicts()
    # Rejected (by the kind or language rule, or as a broken line when the text holds a line break), and
    # only that row: every other row of the shipped folder still loads.
    assert rejects and {r["_file"] for r in rejects} == {"sources.csv"}
    assert {r["column"] for r in rejects} <= {"kind", "language", "(row)"}
    assert query(tmp / "w.duckdb", "SELECT count(*) FROM dim_source WHERE source_url = 'https://example.org/x'") == [
        (0,)
    ]
