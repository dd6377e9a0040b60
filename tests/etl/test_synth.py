"""synth: synthetic raw files of the data contract (SPEC sections 3 and 8)."""

from __future__ import annotations

import io
import re
import time
from datetime import date
from pathlib import Path

import polars as pl
import pytest

import etl
import synth
from contract.datasets import DATASETS, ENUMS
from contract.vocabulary import THAI_MONTHS_ABBR, THAI_MONTHS_FULL
from etl.build import build
from etl.normalize import canonical_choice, parse_period
from etl.staging.common import QUALIFIER_ALIASES
from etl.staging.delegations import STATUS_ALIASES
from etl.staging.investments import COUNT_UNIT_ALIASES, COVERAGE_ALIASES, STAGE_ALIASES
from etl.staging.stated_totals import COUNTS_ALIASES
from tests.conftest import query

ROWS = 3_000
SEED = 7
REFERENCE = Path(etl.__file__).resolve().parent / "reference"
FILES = {
    "partners.csv": "partners",
    "sectors.csv": "sectors",
    "fx_rates.csv": "fx_rates",
    "agreements.csv": "agreements",
    "agreements_x.xlsx": "agreements",
    "delegations.csv": "delegations",
    "delegations_th.csv": "delegations",
    "investments_a.csv": "investments",
    "investments_b.csv": "investments",
    "stated_totals.csv": "stated_totals",
    "notes.csv": "notes",
}
ABBR = "|".join(re.escape(m) for m in THAI_MONTHS_ABBR)
FULL = "|".join(THAI_MONTHS_FULL)
DATE_PATTERNS = {
    "iso": r"\d{4}-\d{2}-\d{2}",
    "dmy_be": r"\d{2}/\d{2}/25\d{2}",
    "dmy_ce": r"\d{1,2}/\d{1,2}/(19|20)\d{2}",
    "thai_abbr_be": rf"\d{{1,2}} ({ABBR}) 25\d{{2}}",
    "thai_full_be": rf"\d{{1,2}} ({FULL}) 25\d{{2}}",
    "thai_abbr_be2": rf"\d{{1,2}} ({ABBR}) \d{{2}}",
    "thai_digits": rf"[๐-๙]{{1,2}} ({ABBR}) [๐-๙]{{4}}",
    "month_iso": r"\d{4}-\d{2}",
    "month_thai_be": rf"({ABBR}) 25\d{{2}}",
    "year": r"\d{4}",
}


def norm(value: str) -> str:
    return " ".join(value.split()).casefold()


def read_csv(path: Path, encoding: str = "utf-8-sig") -> pl.DataFrame:
    text = path.read_bytes().decode(encoding)
    return pl.read_csv(io.StringIO(text), infer_schema=False)


def read_any(path: Path) -> pl.DataFrame:
    """A raw file as strings, Thai headers mapped to the canonical names."""
    if path.suffix == ".xlsx":
        return pl.read_excel(path).with_columns(pl.all().cast(pl.String))
    if path.name == "delegations_th.csv":
        df = read_csv(path, "cp874")
        return df.rename({c: DATASETS["delegations"].header_map()[c] for c in df.columns})
    return read_csv(path)


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    d = tmp_path_factory.mktemp("synth")
    return d, synth.write_synthetic(d, rows=ROWS, seed=SEED)


@pytest.fixture(scope="module")
def frames(out) -> dict[str, pl.DataFrame]:
    d, _ = out
    return {name: read_any(d / name) for name in FILES}


@pytest.fixture(scope="module")
def resolve_partner(frames):
    """Normalised id / name / alias -> partner_id, and a check that no key is ambiguous."""
    keys: dict[str, str] = {}
    for row in frames["partners.csv"].iter_rows(named=True):
        names = [row["partner_id"], row["name_en"], row["name_th"], row["name_local"]]
        names += (row["aliases"] or "").split(";")
        for name in filter(None, names):
            previous = keys.setdefault(norm(name), row["partner_id"])
            assert previous == row["partner_id"], f"{name!r} names both {previous} and {row['partner_id']}"
    return keys.get


@pytest.fixture(scope="module")
def resolve_sector(frames):
    keys: dict[str, str] = {}
    for row in frames["sectors.csv"].iter_rows(named=True):
        for name in [row["sector_code"], row["name_en"], row["name_th"], *(row["aliases"] or "").split(";")]:
            if name:
                previous = keys.setdefault(norm(name), row["sector_code"])
                assert previous == row["sector_code"], f"{name!r} names both {previous} and {row['sector_code']}"
    return keys.get


def good(df: pl.DataFrame) -> pl.DataFrame:
    """Rows that are not deliberately bad (marked in their notes, or in their id when the note must stay blank)."""
    bad = pl.col("notes").fill_null("").str.contains("must be rejected", literal=True)
    if "record_id" in df.columns:
        bad |= pl.col("record_id").str.contains("-rejected-", literal=True)
    return df.filter(~bad)


def accepted(values: pl.Series, allowed: tuple[str, ...], aliases: dict[str, str] | None = None) -> pl.Series:
    """What staging reads each written value as (null where it would reject it)."""
    return pl.select(canonical_choice(pl.lit(values), allowed, aliases)).to_series()


def fact_frames(frames, dataset: str) -> list[pl.DataFrame]:
    return [df for name, df in frames.items() if FILES[name] == dataset]


# --- files, headers, counts -----------------------------------------------------------


def test_writes_every_file_with_the_counts_it_reports(out, frames):
    d, written = out
    assert set(written) == set(FILES)
    assert sorted(p.name for p in d.iterdir()) == sorted(FILES)
    for name, df in frames.items():
        assert df.height == written[name], name
    assert written["investments_a.csv"] + written["investments_b.csv"] == ROWS
    assert written["agreements.csv"] + written["agreements_x.xlsx"] == max(30, ROWS // 50)
    assert written["delegations.csv"] + written["delegations_th.csv"] == max(40, ROWS // 30)
    assert 0 < written["agreements_x.xlsx"] <= 200
    assert 0 < written["delegations_th.csv"] < written["delegations.csv"]
    assert written["stated_totals.csv"] == len(synth.STATED_TOTALS) + len(synth.BAD_KINDS["stated_totals"])


@pytest.mark.parametrize("rows", [0, 1, 49, 50, 1_234])
def test_investment_rows_are_exact(tmp_path, rows):
    written = synth.write_synthetic(tmp_path, rows=rows, seed=1)
    assert written["investments_a.csv"] + written["investments_b.csv"] == rows
    parsed = sum(read_csv(tmp_path / f).height for f in ("investments_a.csv", "investments_b.csv"))
    assert parsed == rows


def test_headers_are_the_contract_names(out):
    d, _ = out
    for name, dataset in FILES.items():
        if name.endswith(".xlsx") or name == "delegations_th.csv":
            continue
        raw = (d / name).read_bytes()
        header = raw.decode("utf-8-sig").splitlines()[0].split(",")
        assert header == DATASETS[dataset].names, name
    assert (d / "investments_b.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    assert not (d / "investments_a.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_thai_file_is_cp874_with_thai_header_aliases(out):
    d, _ = out
    raw = (d / "delegations_th.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    header = raw.decode("cp874").splitlines()[0].split(",")
    assert all(re.search("[\u0e00-\u0e7f]", h) for h in header), header
    mapping = DATASETS["delegations"].header_map()
    assert [mapping[h] for h in header] == DATASETS["delegations"].names
    for english, thai in synth.DELEGATION_TH_HEADERS.items():
        assert mapping[thai] == english


def test_xlsx_has_real_date_cells(out):
    d, _ = out
    df = pl.read_excel(d / "agreements_x.xlsx")
    assert df.columns == DATASETS["agreements"].names
    assert df.schema["signed_date"] == pl.Date
    assert df["signed_date"].null_count() == 0


# --- determinism -----------------------------------------------------------------------


def test_same_seed_same_bytes_other_seed_other_bytes(out, tmp_path):
    d, _ = out
    synth.write_synthetic(tmp_path / "again", rows=ROWS, seed=SEED)
    for name in FILES:
        assert (tmp_path / "again" / name).read_bytes() == (d / name).read_bytes(), name
    synth.write_synthetic(tmp_path / "other", rows=ROWS, seed=SEED + 1)
    for name in ("investments_a.csv", "investments_b.csv", "agreements.csv", "delegations.csv"):
        assert (tmp_path / "other" / name).read_bytes() != (d / name).read_bytes(), name


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError, match="rows"):
        synth.write_synthetic(tmp_path, rows=-1)
    with pytest.raises(ValueError, match="seed"):
        synth.write_synthetic(tmp_path, rows=10, seed=-3)


# --- reference data -------------------------------------------------------------------------


def test_partners_are_real_where_real_and_all_synthetic(frames):
    p = frames["partners.csv"]
    assert p["partner_id"].n_unique() == p.height
    assert set(p["synthetic"]) == {"true"}
    assert set(p["level"]) <= set(ENUMS["level"])
    prefectures = p.filter((pl.col("parent_id") == "jp") & (pl.col("level") == "local_government"))
    assert sorted(prefectures["subdivision"]) == [f"JP-{i:02d}" for i in range(1, 48)]
    ids = dict(zip(prefectures["subdivision"], prefectures["partner_id"], strict=True))
    assert ids["JP-01"] == "jp-hokkaido" and ids["JP-13"] == "jp-tokyo" and ids["JP-14"] == "jp-kanagawa"
    assert ids["JP-23"] == "jp-aichi" and ids["JP-27"] == "jp-osaka" and ids["JP-47"] == "jp-okinawa"
    kanagawa = prefectures.filter(pl.col("partner_id") == "jp-kanagawa").row(0, named=True)
    assert (kanagawa["name_en"], kanagawa["name_local"]) == ("Kanagawa Prefecture", "神奈川県")
    assert kanagawa["name_th"] == "จังหวัดคานากาวะ"
    yokohama = p.filter(pl.col("partner_id") == "jp-yokohama").row(0, named=True)
    assert (yokohama["name_local"], yokohama["subdivision"], yokohama["parent_id"]) == (
        "横浜市",
        "JP-14",
        "jp-kanagawa",
    )
    for pid in ("jp", "cn", "us", "sg", "kr", "tw", "de", "hk"):
        assert p.filter(pl.col("partner_id") == pid)["level"].to_list() == ["national_government"]
    aggregates = p.filter(pl.col("level") == "aggregate")
    assert sorted(aggregates["partner_id"]) == ["all-foreign", "all-investors", "asean-investors", "eu-investors"]
    assert set(aggregates["country"]) == {"ZZ"} and aggregates["parent_id"].null_count() == aggregates.height
    for pid in ("jp-jetro", "jp-smrj", "jp-jica", "jp-meti", "jp-nedo", "jp-keidanren", "jp-jcci"):
        assert pid in p["partner_id"].to_list()
    made_up = p.filter(pl.col("level").is_in(["company", "university"]))
    assert made_up.height >= 200 and made_up["name_en"].str.starts_with("Synthetic ").all()
    # every parent and country resolves
    assert set(p["parent_id"].drop_nulls()) <= set(p["partner_id"])
    countries = read_csv(REFERENCE / "countries.csv")
    assert set(p["country"]) <= set(countries["code"])


def test_sectors_are_the_target_industries_with_sub_sectors(frames):
    s = frames["sectors.csv"]
    assert s.columns == ["sector_code", "name_en", "name_th", "group", "parent_code", "aliases", "synthetic"]
    groups = dict(zip(s["sector_code"], s["group"], strict=True))
    assert {c for c, g in groups.items() if g == "first_s_curve"} == {"AUTO", "EE", "TOUR", "AGRI", "FOOD"}
    assert {c for c, g in groups.items() if g == "new_s_curve"} == {"ROBOT", "AVIA", "BIO", "DIGI", "MED", "DEF", "EDU"}
    assert {c for c, g in groups.items() if g == "other"} == {"MACH", "CHEM", "TEXT", "METAL", "EV", "SEMI", "MEDDEV"}
    parents = dict(s.filter(pl.col("parent_code").is_not_null()).select("sector_code", "parent_code").iter_rows())
    assert parents == {"EV": "AUTO", "SEMI": "EE", "MEDDEV": "MED"}


def test_provinces_reference_is_the_77_iso_provinces():
    prov = read_csv(REFERENCE / "provinces.csv")
    assert prov.columns == ["province_code", "name_en", "name_th", "region", "eec", "aliases"]
    assert prov.height == 77 and prov["province_code"].n_unique() == 77
    assert prov["province_code"].str.contains(r"^TH-\d{2}$").all()
    assert prov["name_en"].n_unique() == 77 and prov["name_th"].n_unique() == 77
    assert set(prov.filter(pl.col("eec") == "true")["province_code"]) == {"TH-20", "TH-21", "TH-24"}
    assert set(prov["eec"]) == {"true", "false"}
    regions = dict(prov["region"].value_counts().iter_rows())
    assert regions == {"central": 22, "north": 9, "northeast": 20, "east": 7, "west": 5, "south": 14}
    names = dict(zip(prov["province_code"], prov["name_th"], strict=True))
    assert names["TH-10"] == "กรุงเทพมหานคร" and names["TH-20"] == "ชลบุรี"
    keys = [
        norm(k)
        for row in prov.iter_rows(named=True)
        for k in [row["name_en"], row["name_th"], row["province_code"], *row["aliases"].split(";")]
    ]
    assert len(keys) == len(set(keys)), "a province spelling names two provinces"


def test_countries_reference():
    c = read_csv(REFERENCE / "countries.csv")
    assert c.columns == ["code", "name_en", "name_th"]
    assert c["code"].n_unique() == c.height >= 40
    assert c["code"].str.contains(r"^[A-Z]{2}$").all()
    assert {"JP", "CN", "US", "SG", "HK", "TW", "KR", "DE", "TH", "ZZ"} <= set(c["code"])


def test_fx_rates_cover_every_year_and_currency(frames):
    fx = frames["fx_rates.csv"]
    pairs = set(zip(fx["year"], fx["currency"], strict=True))
    assert pairs == {(str(y), c) for y in range(1995, 2026) for c in ("JPY", "USD", "CNY")}
    rates = fx.with_columns(pl.col("thb_per_unit").cast(pl.Float64))
    assert rates.filter(pl.col("currency") == "USD")["thb_per_unit"].is_between(20, 50).all()
    assert rates.filter(pl.col("currency") == "JPY")["thb_per_unit"].is_between(0.15, 0.5).all()


# --- facts: references, shapes, messy forms, bad rows ---------------------------------------------


def test_every_reference_resolves_except_deliberate_bad_rows(frames, resolve_partner, resolve_sector):
    prov = read_csv(REFERENCE / "provinces.csv")
    provinces = {
        norm(k)
        for row in prov.iter_rows(named=True)
        for k in [row["name_en"], row["name_th"], row["province_code"], *row["aliases"].split(";")]
    }
    for name, df in frames.items():
        dataset = FILES[name]
        if dataset not in ("agreements", "delegations", "investments", "stated_totals", "notes"):
            continue
        rows = good(df) if "notes" in df.columns and dataset != "notes" else df
        for ref in rows["partner"].drop_nulls():
            assert resolve_partner(norm(ref)), f"{name}: partner {ref!r} does not resolve"
        column = "sector" if dataset == "investments" else "sectors"
        if column in rows.columns:
            for cell in rows[column].drop_nulls():
                for part in cell.split(";"):
                    assert resolve_sector(norm(part)), f"{name}: sector {part!r} in {cell!r} does not resolve"
        if dataset == "investments":
            for cell in rows["province"].drop_nulls():
                assert norm(cell) in provinces, cell


def test_enums_and_required_columns_of_good_rows(frames):
    for df in fact_frames(frames, "agreements"):
        g = good(df)
        assert set(g["agreement_type"]) <= set(ENUMS["agreement_type"])
        assert set(g["status"].drop_nulls()) <= set(ENUMS["status"])
    for df in fact_frames(frames, "delegations"):
        g = good(df)
        assert set(g["direction"]) == set(ENUMS["direction"])
        assert set(g["purpose"]) <= set(ENUMS["purpose"])
    for df in fact_frames(frames, "delegations"):
        g = good(df)
        assert accepted(g["status"].drop_nulls(), ENUMS["delegation_status"], STATUS_ALIASES).null_count() == 0
        for column in ("participants_qualifier", "companies_qualifier"):
            assert accepted(g[column].drop_nulls(), ENUMS["qualifier"], QUALIFIER_ALIASES).null_count() == 0
    for df in fact_frames(frames, "investments"):
        g = good(df)
        assert accepted(g["stage"], ENUMS["stage"], STAGE_ALIASES).null_count() == 0
        assert g.filter(pl.col("stage") == "other")["notes"].null_count() == 0  # other says what it measures
        assert accepted(g["count_unit"].drop_nulls(), ENUMS["count_unit"], COUNT_UNIT_ALIASES).null_count() == 0
        for column in ("projects_qualifier", "value_qualifier"):
            assert accepted(g[column].drop_nulls(), ENUMS["qualifier"], QUALIFIER_ALIASES).null_count() == 0
        assert accepted(g["coverage"].drop_nulls(), ENUMS["coverage"], COVERAGE_ALIASES).null_count() == 0
        assert set(g["unit"].drop_nulls()) <= set(ENUMS["unit"])
        assert g.filter(pl.col("projects").is_null() & pl.col("value").is_null()).height == 0
        assert g.filter(pl.col("value").is_not_null() & pl.col("currency").is_null()).height == 0
        assert g.select(**parse_period(pl.col("period")))["ok"].all()
    st = good(frames["stated_totals.csv"])
    assert accepted(st["counts"], ENUMS["counts"], COUNTS_ALIASES).null_count() == 0
    assert accepted(st["qualifier"].drop_nulls(), ENUMS["qualifier"], QUALIFIER_ALIASES).null_count() == 0
    for name, df in frames.items():
        dataset = DATASETS[FILES[name]]
        for column in dataset.required:
            if FILES[name] in ("agreements", "delegations", "investments", "stated_totals"):
                df = good(df)
            assert df[column].null_count() == 0, (name, column)
        if "synthetic" in df.columns:
            assert set(df["synthetic"].str.to_lowercase()) == {"true"}, name
        if "source_url" in df.columns:
            assert df["source_url"].str.starts_with("https://example.invalid/synthetic/").all(), name


def test_investments_have_realistic_shapes(frames):
    inv = pl.concat(fact_frames(frames, "investments"))
    g = good(inv)
    partners = g["partner"].value_counts(sort=True)
    assert partners["partner"][0] == "jp"  # Japan dominates
    assert (g["currency"] == "THB").mean() > 0.7
    assert (g["unit"] == "million").mean() > 0.7
    assert 0.6 < g["period"].is_null().mean() < 0.95
    assert 0.4 < g["province"].is_null().mean() < 0.8
    assert 0.3 < g["sector"].is_null().mean() < 0.6
    stages = accepted(g["stage"], ENUMS["stage"], STAGE_ALIASES).value_counts(normalize=True)
    share = dict(stages.iter_rows())
    assert set(share) == set(ENUMS["stage"])
    assert all(share[s] > 0.05 for s in ENUMS["stage"] if s != "other") and 0 < share["other"] < 0.02
    years = g.filter(pl.col("year").str.contains(r"^(19|20)\d{2}$"))["year"].cast(pl.Int32)
    assert years.min() == 1995 and years.max() == 2025
    counts = dict(years.value_counts().iter_rows())
    assert counts[2020] < counts[2019] and counts[2009] < counts[2008]  # dips
    assert counts[2024] > counts[2000]  # growth


def test_dates_are_real_and_delegations_end_after_start(frames):
    for df in fact_frames(frames, "delegations"):
        iso = good(df).filter(
            pl.col("start_date").str.contains(r"^\d{4}-\d{2}-\d{2}$")
            & pl.col("end_date").str.contains(r"^\d{4}-\d{2}-\d{2}$")
        )
        for start, end in iso.select("start_date", "end_date").iter_rows():
            assert date.fromisoformat(end) >= date.fromisoformat(start)
    for df in fact_frames(frames, "agreements") + fact_frames(frames, "delegations"):
        column = "signed_date" if "signed_date" in df.columns else "start_date"
        for cell in good(df)[column]:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell):
                date.fromisoformat(cell)


def test_every_date_form_is_written(frames):
    for form, example in synth.DATE_FORMS.items():
        assert re.fullmatch(DATE_PATTERNS[form], example), form
    cells = [
        cell
        for name in ("agreements.csv", "delegations.csv", "delegations_th.csv")
        for column in ("signed_date", "start_date", "end_date", "expiry_date")
        if column in frames[name].columns
        for cell in good(frames[name])[column].drop_nulls()
    ]
    seen = set()
    for cell in cells:
        forms = [f for f, pattern in DATE_PATTERNS.items() if re.fullmatch(pattern, cell)]
        assert forms, f"date {cell!r} is in no known form"
        seen.update(forms)
    assert seen == set(DATE_PATTERNS)


def test_messy_numbers_years_and_names_are_written(frames):
    inv = good(pl.concat(fact_frames(frames, "investments")))
    assert inv["year"].str.contains(r"^25\d{2}$").any()  # BE
    assert inv["year"].str.contains(r"^[๐-๙]{4}$").any()  # Thai digits
    assert inv["value"].str.contains(r"^\d{1,3}(,\d{3})+(\.\d+)?$").any()  # 1,234.5
    assert inv["value"].str.contains(r"[๐-๙]").any()
    assert inv["jobs"].str.contains(",").any()
    assert (inv["projects"].str.contains(r"[๐-๙]")).any()
    partners = pl.concat([inv["partner"], good(frames["agreements.csv"])["partner"]])
    assert partners.str.contains(r"^\s|\s$|\s\s").any()  # odd spaces
    names_en = set(frames["partners.csv"]["name_en"])
    odd_case = {" ".join(p.split()) for p in partners} - names_en
    assert any((p.upper() == p and p.title() in names_en) or (p.lower() == p and " " in p) for p in odd_case)
    assert partners.str.contains(r"[\u0e00-\u0e7f]").any()  # Thai name
    assert partners.str.contains(r"[\u3040-\u30ff\u4e00-\u9fff]").any()  # Japanese name
    assert inv["sector"].str.contains(r"[a-z]").any()  # sector by name or alias
    lists = good(frames["agreements.csv"])["sectors"].drop_nulls()
    assert lists.str.contains("; ").any() and lists.str.contains("[a-z]").any()
    assert inv["province"].str.contains(r"^TH-\d{2}$").any() and inv["province"].str.contains("Chon Buri").any()
    # coded values in the spellings sources use, besides the canonical ones
    assert not set(inv["stage"]) <= set(ENUMS["stage"])
    assert inv["period"].drop_nulls().str.contains(r"[\u0e00-\u0e7f]").any()
    for column, canonical in (("count_unit", ENUMS["count_unit"]), ("value_qualifier", ENUMS["qualifier"]),
                              ("projects_qualifier", ENUMS["qualifier"])):  # fmt: skip
        written = set(inv[column].drop_nulls())
        assert written & set(canonical) and written - set(canonical), column
    status = set(pl.concat([good(df)["status"] for df in fact_frames(frames, "delegations")]).drop_nulls())
    assert status & set(ENUMS["delegation_status"]) and status - set(ENUMS["delegation_status"])


@pytest.mark.parametrize("dataset", ["agreements", "delegations", "investments"])
def test_bad_rows_and_duplicates_are_there(frames, resolve_partner, dataset):
    df = pl.concat([f.select(DATASETS[dataset].names) for f in fact_frames(frames, dataset)])
    key = DATASETS[dataset].key[0]
    notes = df["notes"].fill_null("")
    for kind in synth.BAD_KINDS[dataset]:
        marked = (notes == synth.REJECT_NOTE.format(kind=kind)) | df[key].str.ends_with(f"-rejected-{kind}")
        assert marked.sum() >= 1, kind
    assert (notes.str.contains("must be rejected")).sum() >= 5
    conflict = df.filter(pl.col("notes") == synth.REJECT_NOTE.format(kind="conflicting_duplicate"))
    for _, rows in conflict.group_by(key):
        assert rows.height == 2 and rows.unique().height == 2  # same id, different content
    duplicate = df.filter(pl.col("notes") == synth.DUPLICATE_NOTE)
    assert duplicate.height >= 2
    for _, rows in duplicate.group_by(key):
        assert rows.height == 2 and rows.unique().height == 1  # same id, same content
    # apart from these, ids are unique
    others = df.filter(~pl.col("notes").fill_null("").str.starts_with("synthetic test row"))
    assert others[key].n_unique() == others.height
    unknown = df.filter(pl.col("notes") == synth.REJECT_NOTE.format(kind="unknown_partner"))
    assert not any(resolve_partner(norm(p)) for p in unknown["partner"])
    if dataset == "investments":
        no_note = df.filter(pl.col(key).str.ends_with("-rejected-other_stage_without_note"))
        assert set(no_note["stage"]) == {"other"} and no_note["notes"].null_count() == no_note.height


def test_stated_totals_are_a_handful_with_bad_rows(frames, resolve_partner):
    st = frames["stated_totals.csv"]
    notes = st["notes"].fill_null("")
    for kind in synth.BAD_KINDS["stated_totals"]:
        assert (notes == synth.REJECT_NOTE.format(kind=kind)).sum() == 1, kind
    g = good(st)
    assert 6 <= g.height <= 20 and g["total_id"].n_unique() == g.height
    assert g["text_en"].str.starts_with("[synthetic]").all()
    assert set(accepted(g["counts"], ENUMS["counts"], COUNTS_ALIASES)) == set(ENUMS["counts"])
    # Thai parties are spelled as the agreements spell them
    agreements = pl.concat([good(frames["agreements.csv"]), frames["agreements_x.xlsx"]], how="diagonal_relaxed")
    spellings = {p for party in synth.THAI_PARTIES for p in party}
    assert set(agreements["thai_party"]) <= spellings
    parties = {p for cell in g["thai_party"].drop_nulls() for p in cell.split(";")}
    assert parties and parties <= spellings


def test_every_spelling_written_is_one_staging_accepts():
    tables = (
        (synth.STAGE_SPELLINGS, ENUMS["stage"], STAGE_ALIASES),
        (synth.COUNT_UNIT_SPELLINGS, ENUMS["count_unit"], COUNT_UNIT_ALIASES),
        (synth.QUALIFIER_SPELLINGS, ENUMS["qualifier"], QUALIFIER_ALIASES),
        (synth.COVERAGE_SPELLINGS, ENUMS["coverage"], COVERAGE_ALIASES),
        (synth.STATUS_SPELLINGS, ENUMS["delegation_status"], STATUS_ALIASES),
    )
    for spellings, allowed, aliases in tables:
        for canonical, *others in spellings:
            got = accepted(pl.Series([canonical, *others]), allowed, aliases)
            assert got.to_list() == [canonical] * (1 + len(others)), (canonical, others, got.to_list())
    periods = [(p, x) for p, *others in synth.PERIOD_SPELLINGS for x in [p, *others] if x is not None]
    read = pl.DataFrame({"p": [x for _, x in periods]}).select(**parse_period(pl.col("p")))
    assert read["ok"].all()
    months = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6), "H2": (7, 12),
              "01-09": (1, 9), "01-11": (1, 11), None: (1, 12)}  # fmt: skip
    assert list(zip(read["month_from"], read["month_to"], strict=True)) == [months[p] for p, _ in periods]
    for values in (synth.UNKNOWN_QUALIFIERS,):
        assert accepted(pl.Series(values), ENUMS["qualifier"], QUALIFIER_ALIASES).null_count() == len(values)


# --- what the counting rules need: each case in every output, however small ----------------------------------


FEATURES = {
    "an aggregate beside a member country, same stage, year and months": """
        SELECT count(*) FROM fact_investment a JOIN fact_investment m USING (stage, year, month_from, month_to)
        WHERE a.sector_code IS NULL AND a.province_code IS NULL AND m.sector_code IS NULL AND m.province_code IS NULL
          AND (a.partner_id, m.partner_id) IN (('all-foreign', 'jp'), ('all-investors', 'jp'),
                                               ('asean-investors', 'sg'), ('eu-investors', 'de'))""",
    "two aggregates, same stage, year and months": """
        SELECT count(*) FROM fact_investment a JOIN fact_investment b USING (stage, year, month_from, month_to)
        WHERE a.partner_id = 'all-foreign' AND b.partner_id IN ('all-investors', 'asean-investors', 'eu-investors')""",
    "three stages of one partner's totals in each of two years": """
        SELECT count(*) FROM (SELECT partner_id, year FROM fact_investment
                              WHERE is_full_year AND sector_code IS NULL AND province_code IS NULL
                              GROUP BY ALL HAVING count(DISTINCT stage) >= 3)
        GROUP BY partner_id HAVING count(*) >= 2""",
    "overlapping parts of a year beside the whole year, one partner and stage": """
        SELECT count(*) FROM fact_investment
        GROUP BY partner_id, stage, year, sector_code, province_code
        HAVING count(DISTINCT (month_from, month_to)) >= 3 AND bool_or(is_full_year)
           AND count(DISTINCT month_to) FILTER (month_from = 1 AND NOT is_full_year) >= 2""",
    "a country total beside the totals of partners under it": """
        SELECT count(*) FROM investment_cover c
        JOIN fact_investment a ON a.record_id = c.record_id JOIN fact_investment b ON b.record_id = c.by_record_id
        JOIN dim_partner p ON p.partner_id = b.partner_id
        WHERE p.level = 'national_government' AND a.partner_id <> b.partner_id
          AND a.sector_code IS NULL AND a.province_code IS NULL""",
    "a city under a prefecture under a country, same scope": """
        SELECT count(*) FROM investment_cover c JOIN fact_investment a ON a.record_id = c.record_id
        JOIN partner_tree t ON t.partner_id = a.partner_id AND t.distance = 2""",
    "a company under its country": """
        SELECT count(*) FROM investment_cover c JOIN fact_investment a ON a.record_id = c.record_id
        JOIN dim_partner p ON p.partner_id = a.partner_id WHERE p.level = 'company'""",
    "a sector beside its sub-sector": """
        SELECT count(*) FROM investment_cover c
        JOIN fact_investment a ON a.record_id = c.record_id JOIN fact_investment b ON b.record_id = c.by_record_id
        JOIN dim_sector s ON s.sector_code = a.sector_code AND s.parent_code = b.sector_code""",
    "a scope stated twice": """
        SELECT count(*) FROM investment_cover c
        JOIN fact_investment a ON a.record_id = c.record_id JOIN fact_investment b ON b.record_id = c.by_record_id
        WHERE a.partner_id = b.partner_id AND a.sector_code IS NOT DISTINCT FROM b.sector_code""",
    "a province breakdown with EEC and other provinces": """
        SELECT count(DISTINCT mark_key) FROM investment_marks(per := 'province') HAVING count(DISTINCT mark_key) = 2""",
    "fba_permit counted in two units": """
        SELECT count(DISTINCT count_unit) FROM fact_investment WHERE stage = 'fba_permit' HAVING count(*) >= 2""",
    "each stage": "SELECT count(DISTINCT stage) FROM fact_investment HAVING count(DISTINCT stage) = 7",
    "other with a note": "SELECT count(*) FROM fact_investment WHERE stage = 'other' AND notes IS NOT NULL",
    "each value qualifier": """
        SELECT count(DISTINCT value_qualifier) FROM fact_investment HAVING count(DISTINCT value_qualifier) = 3""",
    "each count qualifier": """
        SELECT count(DISTINCT projects_qualifier) FROM fact_investment HAVING count(DISTINCT projects_qualifier) = 3""",
    "a figure of named projects only": "SELECT count(*) FROM fact_investment WHERE coverage = 'named_only'",
    "held delegations": "SELECT count(*) FROM fact_delegation WHERE status = 'held'",
    "planned delegations": "SELECT count(*) FROM fact_delegation WHERE status = 'planned'",
    "stated totals": "SELECT count(*) FROM stated_total_coverage WHERE comparable",
}


@pytest.mark.parametrize(("rows", "seed"), [(500, 2), (2000, 9)])
def test_every_output_holds_each_case_the_counting_rules_handle(tmp_path, rows, seed):
    synth.write_synthetic(tmp_path, rows=rows, seed=seed)
    w = tmp_path / "w.duckdb"
    build(tmp_path, w, say=lambda m: None)
    missing = [name for name, sql in FEATURES.items() if not (query(w, sql) or [(0,)])[0][0]]
    assert not missing, f"rows={rows} seed={seed}: no {missing}"
    series = query(w, "SELECT DISTINCT series FROM investment_marks(levels := ['aggregate']) ORDER BY 1")
    assert [s for (s,) in series] == ["all-foreign", "all-investors", "asean-investors", "eu-investors"]


@pytest.mark.slow
def test_a_million_rows(tmp_path):
    started = time.perf_counter()
    written = synth.write_synthetic(tmp_path, rows=1_000_000, seed=3)
    elapsed = time.perf_counter() - started
    assert written["investments_a.csv"] + written["investments_b.csv"] == 1_000_000
    lines = sum((tmp_path / f).read_bytes().count(b"\n") - 1 for f in ("investments_a.csv", "investments_b.csv"))
    assert lines == 1_000_000
    assert elapsed < 120, f"1,000,000 rows took {elapsed:.0f} s"
