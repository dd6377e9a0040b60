"""Hostile raw files, property-based: the build never crashes, every row read is
loaded, counted as a duplicate or rejected, and a refused build leaves the old
warehouse byte for byte as it was.

One dataset's file (agreements or investments) is generated: random encodings,
broken quoting, dates in every form analysts write and in none, huge and empty
fields, NUL and random bytes, truncated last lines, CR, LF and CRLF line ends.
The other files are the valid ones of tests/data/basic. A second group of
properties compares what the reader makes of one table written in different
ways (encoding, byte-order mark, quoting, line ends): it must not change.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from contract.datasets import DATASETS
from contract.vocabulary import THAI_MONTHS_ABBR, THAI_MONTHS_FULL
from etl.__main__ import main
from etl.build import build
from etl.extract import extract
from tests.conftest import DATA

BASIC = DATA / "basic"
BUILDS = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
READS = settings(BUILDS, max_examples=60)

# --- values -------------------------------------------------------------------------------------------------

DAYS = st.dates(dt.date(1950, 1, 1), dt.date(2045, 12, 31))
DATES = st.one_of(
    DAYS.map(lambda d: d.isoformat()),
    DAYS.map(lambda d: f"{d.day}/{d.month:02d}/{d.year + 543}"),  # d/m/Y, Buddhist era
    DAYS.map(lambda d: f"{d.day}/{d.month}/{d.year}"),
    DAYS.map(lambda d: f"{d.day} {THAI_MONTHS_ABBR[d.month - 1]} {d.year + 543}"),
    DAYS.map(lambda d: f"{d.day} {THAI_MONTHS_FULL[d.month - 1]} {(d.year + 543) % 100:02d}"),
    DAYS.map(lambda d: f"{d.day} {d:%B %Y}"),
    DAYS.map(lambda d: f"{d:%Y-%m}"),
    DAYS.map(lambda d: str(d.year + 543)),
    st.integers(-10, 2_958_466).map(str),  # Excel serial day numbers, some out of range
    st.sampled_from(["31/02/2565", "0/0/0", "2565-13-40", "ก.ค.", "yesterday", "๑๔/๐๗/๒๕๖๕", "1e9", "-"]),
)
NUMBERS = st.one_of(
    st.sampled_from(["1,234.5", "๑,๒๓๔", "1.2E+06", "-3", "0", "12", "1,2,3", "NaN", "inf", "1e400", "๒๕๖๕"]),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True).map(str),
)
CHOICES = {
    "agreement_id": ["A-1", "A-2", "A-3", "A-1 "],
    "record_id": ["I-1", "I-2", "I-3", "i-1"],
    "agreement_type": ["MOU", "mou", "LOI", "Memorandum of Cooperation", "treaty"],
    "thai_party": ["DIPROM", "BOI", "กรมส่งเสริมอุตสาหกรรม"],
    "partner": ["jp", "Japan", "ญี่ปุ่น", "SMRJ", "  city of YOKOHAMA ", "Atlantis", "all-foreign"],
    "sectors": ["AUTO;EE", "medical devices", "SPACE", "AUTO;;EE;", "ยานยนต์สมัยใหม่"],
    "sector": ["AUTO", "EE", "electronics", "ROBOT"],
    "status": ["active", "expired", "planned", "lost"],
    "stage": ["application", "approval", "applications", "realized", "อนุมัติ", "guess"],
    "period": ["Q1", "H2", "01-09", "1–6", "Q7", "13-14"],
    "currency": ["THB", "JPY", "usd", "USD", "XXX", "บาท"],
    "unit": ["1", "thousand", "million", "billion", "ล้าน", "dozen"],
    "province": ["Rayong", "TH-21", "ระยอง", "Atlantis"],
    "source_url": ["https://example.org/a", "ftp://x", "not a url"],
    "synthetic": ["true", "false", "yes", "maybe"],
}
KIND = {
    "signed_date": DATES,
    "expiry_date": DATES,
    "year": st.one_of(DAYS.map(lambda d: str(d.year)), DAYS.map(lambda d: str(d.year + 543)), DATES),
    "projects": NUMBERS,
    "value": NUMBERS,
    "jobs": NUMBERS,
}
HUGE = ["x" * 100_000, "ก" * 100_000, "a,b" * 33_334, '"' * 100_000, "\n" * 1_000]
HOSTILE = st.one_of(
    st.just(""),
    st.text(max_size=12),
    st.sampled_from([" ", '"', '""', ",", "\n", "\r", "\r\n", "\x00", "a\x00b", "\ufeff", "=1+1", "\\", "'"]),
    st.sampled_from(HUGE),
)


def value_of(column: str) -> st.SearchStrategy[str]:
    if column in KIND:
        plausible = KIND[column]
    else:
        plausible = st.sampled_from(CHOICES[column]) if column in CHOICES else st.text(max_size=12)
    return st.one_of(plausible, HOSTILE)


# --- files --------------------------------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "cp874", "latin-1", "utf-16"]
EOLS = ["\n", "\r\n", "\r"]


def render(header: list[str], rows: list[list[str]], quoting: str, eol: str) -> str:
    """The table as CSV text: every field quoted ("all"), those that need it ("minimal": a comma, quote,
    CR or LF inside), or none at all ("none", so a comma or line end inside a field breaks the row)."""

    def cell(v: str) -> str:
        if quoting == "all" or (quoting == "minimal" and any(ch in v for ch in ',"\r\n')):
            return '"' + v.replace('"', '""') + '"'
        return v

    return "".join(",".join(cell(v) for v in r) + eol for r in [header, *rows])


@dataclass
class Hostile:
    dataset: str
    data: bytes
    clean: bool  # quoted as CSV is and left whole: every record must be counted
    rows: int

    def __repr__(self) -> str:  # the bytes may be megabytes: show where they start
        return f"Hostile({self.dataset!r}, {len(self.data):,} bytes {self.data[:300]!r}..., clean={self.clean})"


@st.composite
def hostile_files(draw) -> Hostile:
    """A dataset's file: its bytes, and whether it was written cleanly."""
    dataset = draw(st.sampled_from(["agreements", "investments"]))
    ds = DATASETS[dataset]
    optional = [c for c in ds.names if c not in ds.required]
    columns = list(ds.required) + draw(st.lists(st.sampled_from(optional), unique=True, max_size=5))
    if draw(st.integers(0, 9)) == 0:  # now and then a required column is missing
        columns.remove(draw(st.sampled_from(ds.required)))
    aliases = {c.name: c.aliases for c in ds.columns}
    header = [draw(st.sampled_from([c, *aliases[c]])) if draw(st.booleans()) else c for c in columns]
    rows = draw(st.lists(st.tuples(*[value_of(c) for c in columns]).map(list), max_size=8))
    n_rows = len(rows)
    ragged = draw(st.booleans())
    if ragged and rows:  # a record with fields missing or too many
        i = draw(st.integers(0, len(rows) - 1))
        rows[i] = rows[i][: draw(st.integers(0, len(columns)))] + draw(st.lists(HOSTILE, max_size=2))
    quoting = draw(st.sampled_from(["minimal", "all", "none"]))
    eol = draw(st.sampled_from(EOLS))
    encoding = draw(st.sampled_from(ENCODINGS))
    data = render(header, rows, quoting, eol).encode(encoding, errors="replace")
    clean = quoting != "none"  # then every record is one row, whatever the encoding does to its text
    for _ in range(draw(st.integers(0, 3))):
        clean = False
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["truncate", "nul", "bytes", "quote", "replace"]))
        if op == "truncate":
            data = data[:at]
        elif op == "replace":
            data = draw(st.binary(max_size=300))
        else:
            extra = {"nul": b"\x00", "quote": b'"'}.get(op) or draw(st.binary(min_size=1, max_size=6))
            data = data[:at] + extra + data[at:]
    return Hostile(dataset, data, clean, n_rows)


@pytest.fixture(scope="module")
def old_warehouse(tmp_path_factory) -> Path:
    """A good warehouse of tests/data/basic: what every refused build must leave as it was."""
    path = tmp_path_factory.mktemp("old") / "w.duckdb"
    build(BASIC, path, say=lambda m: None)
    return path


def run_build(raw: Path, warehouse: Path, *extra: str) -> tuple[int, str, str]:
    """`python -m etl build` in this process, so a crash surfaces here as the exception it is."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(["build", "--raw", str(raw), "--warehouse", str(warehouse), *extra])
    return rc, out.getvalue(), err.getvalue()


@BUILDS
@given(hostile=hostile_files(), strict=st.booleans())
def test_hostile_file_never_crashes_the_build_and_every_row_is_accounted_for(old_warehouse, hostile, strict):
    old = old_warehouse.read_bytes()
    with tempfile.TemporaryDirectory() as d:
        raw, w = Path(d) / "raw", Path(d) / "w.duckdb"
        shutil.copytree(BASIC, raw)
        name = f"{hostile.dataset}.csv"
        (raw / name).write_bytes(hostile.data)
        w.write_bytes(old)
        rc, out, err = run_build(raw, w, *(["--strict"] if strict else []))
        assert not list(Path(d).glob("w.duckdb.tmp-*")), "a temporary file was left behind"
        if rc == 2:
            lines = err.strip().splitlines()
            assert lines[0].startswith("error: ") and name in lines[0], err
            assert lines[-1] == f"the warehouse {w} was not changed"
            assert w.read_bytes() == old
            return
        if rc == 1:
            assert strict, f"a data check failed on hostile input:\n{err}"
            assert "--strict:" in out and w.read_bytes() == old
            return
        assert rc == 0, (rc, err)
        with duckdb.connect(str(w), read_only=True) as con:
            loads = con.execute(
                "SELECT file, rows_read, rows_loaded, rows_duplicate, rows_rejected, rows_blank FROM etl_load "
                "WHERE load_id = (SELECT value FROM meta WHERE key = 'load_id')"
            ).fetchall()
            rejects = dict(con.execute("SELECT file, count(*) FROM etl_reject GROUP BY file").fetchall())
            table = {"agreements": "fact_agreement", "investments": "fact_investment"}[hostile.dataset]
            held = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for file, read, loaded, duplicate, rejected, _ in loads:
            assert read == loaded + duplicate + rejected, file
            assert rejects.get(file, 0) == rejected, file
        mine = next(r for r in loads if r[0] == name)
        assert held == mine[2]
        if hostile.clean:  # every record is read or counted blank
            assert mine[1] + mine[5] == hostile.rows


# --- one table, written in different ways, reads the same ---------------------------------------------------

INVESTMENT_COLUMNS = DATASETS["investments"].names
CELL = st.one_of(
    st.text(alphabet=st.sampled_from(list("ab1 ,;\"'\n\r\tกขค่๑-.")), max_size=6),
    st.sampled_from(["", "INV-1", "2565", "approval", "ญี่ปุ่น", "1,234.5", "“ก” – ข"]),
)
TABLES = st.lists(st.lists(CELL, min_size=len(INVESTMENT_COLUMNS), max_size=len(INVESTMENT_COLUMNS)), max_size=6)


def read_back(tmp: Path, data: bytes) -> pl.DataFrame:
    path = tmp / "investments.csv"
    path.write_bytes(data)
    return extract(DATASETS["investments"], [path]).frame


def as_written(rows: list[list[str]]) -> list[tuple]:
    """What the reader must give for these rows: wholly blank rows skipped, a blank field null."""
    blank = [all(not c.strip() for c in r) for r in rows]
    return [
        (*[c if c != "" else None for c in r], i + 2) for i, r in enumerate(rows) if not blank[i]
    ]  # _row: the header is row 1


def frame_rows(df: pl.DataFrame) -> list[tuple]:
    return [tuple(None if v == "" else v for v in r) for r in df.select([*INVESTMENT_COLUMNS, "_row"]).iter_rows()]


@READS
@given(rows=TABLES, quoting=st.sampled_from(["minimal", "all"]), eol=st.sampled_from(EOLS), encoding=st.data())
def test_encoding_quoting_and_line_ends_do_not_change_what_is_read(rows, quoting, eol, encoding):
    text = render(INVESTMENT_COLUMNS, rows, quoting, eol)
    usable = ["utf-8", "utf-8-sig", "utf-16"]
    if all(ch.encode("cp874", errors="ignore") for ch in set(text) if ch not in "\r\n"):
        usable.append("cp874")
    enc = encoding.draw(st.sampled_from(usable))
    with tempfile.TemporaryDirectory() as d:
        got = read_back(Path(d), text.encode(enc))
    assert frame_rows(got) == as_written(rows)


@READS
@given(rows=TABLES.filter(bool), data=st.data())
def test_a_record_with_fields_missing_is_rejected_never_padded(rows, data):
    i = data.draw(st.integers(0, len(rows) - 1))
    keep = data.draw(st.integers(1, len(INVESTMENT_COLUMNS) - 1))
    eol = data.draw(st.sampled_from(EOLS))
    short = [*rows[:i], rows[i][:keep], *rows[i + 1 :]]
    text = render(INVESTMENT_COLUMNS, short, "minimal", eol)
    if data.draw(st.booleans()):
        text = text.rstrip("\r\n")  # a last line cut off
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "investments.csv"
        path.write_bytes(text.encode())
        ex = extract(DATASETS["investments"], [path])
    assert i + 2 not in ex.frame["_row"].to_list()
    if any(c.strip() for c in rows[i][:keep]):
        assert ex.rejects.filter(pl.col("_row") == i + 2)["reason"].to_list() == [
            f"has {keep} fields but the header has {len(INVESTMENT_COLUMNS)}"
        ]


# --- source addresses: only plain http(s) web addresses load -------------------------------------------------

BAD_URLS = {
    # value: words the reason must hold
    "https://x.example/](javascript:alert(1)) ![img](http://evil.example/i.png)": "spaces",
    "https://x.example/](javascript:alert(1))![img](http://evil.example/i.png)": "percent-encoded",
    "[click](http://evil.example)": "starting with http:// or https://",
    "javascript:alert(1)": "starting with http:// or https://",
    "data:text/html,<script>alert(1)</script>": "starting with http:// or https://",
    "JAVASCRIPT://%0Aalert(1)": "starting with http:// or https://",
    "http://user:secret@evil.example/": "user name or password",
    "https://bank.example@evil.example/": "user name or password",
    "http://ok.example/a\nwww.evil.example": "line breaks",
    "http://ok.example/invoice\u202efdp.exe": "U+202E",
    "http://ok.example/a\x07b": "invisible",
    "http://ok.example/<img/src=x>": "percent-encoded",
    'http://ok.example/"onmouseover="alert(1)': "percent-encoded",
    "http://ok.example/`code`": "percent-encoded",
    "http:///no-host": "host name",
    "http://ok.example:99999999/": "host name",
    "http://ok.example/" + "a" * 2_000: "longer than 2,000",
}
GOOD_URLS = [
    "https://www.boi.go.th/upload/content/BOI_stat_2565.pdf",
    "https://www.diprom.go.th/th/ข่าวประชาสัมพันธ์?id=12#top",  # Thai as written in the address bar
    "http://กระทรวงอุตสาหกรรม.ไทย/",
    "https://en.wikipedia.org/wiki/Eastern_Economic_Corridor_(Thailand)",
    "https://medium.com/@someone/a-post",
    "http://127.0.0.1:8080/report?a=1&b=%5B2%5D",
]


def test_a_source_url_that_is_not_a_plain_web_address_is_rejected_naming_file_row_column_value(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(BASIC, raw)
    rows = [[f"AGR-U{i}", "2022-07-14", "MOU", "DIPROM", "jp", "", "t", "active", url]
            for i, url in enumerate([*BAD_URLS, *GOOD_URLS])]  # fmt: skip
    header = ["agreement_id", "signed_date", "agreement_type", "thai_party", "partner", "sectors", "title_en", "status",
              "source_url"]  # fmt: skip
    (raw / "agreements.csv").write_text(render(header, rows, "minimal", "\n"), encoding="utf-8")
    rc, out, err = run_build(raw, tmp_path / "w.duckdb", "--rejects", "100")
    assert rc == 0, err
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        rejects = con.execute(
            'SELECT "row", "column", value, reason FROM etl_reject WHERE file = \'agreements.csv\' ORDER BY "row"'
        ).fetchall()
        loaded = {r[0] for r in con.execute("SELECT source_url FROM fact_agreement").fetchall()}
    assert [(row, column, value) for row, column, value, _ in rejects] == [
        (i + 2, "source_url", url) for i, url in enumerate(BAD_URLS)
    ]
    for (_, _, value, reason), words in zip(rejects, BAD_URLS.values(), strict=True):
        assert words in reason, (value, reason)
    assert set(GOOD_URLS) <= loaded
    # The build's own report names the file, the row, the column and the value.
    assert 'agreements.csv row 3, column source_url, value "https://x.example/](javascript:alert(1))!' in out


def test_the_shipped_data_has_no_source_the_rule_refuses(tmp_path):
    rc, _, err = run_build(Path(__file__).resolve().parents[2] / "data" / "raw", tmp_path / "w.duckdb")
    assert rc == 0, err
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM etl_reject").fetchone() == (0,)


URL_ALPHABET = st.sampled_from(list("aZ09-._~:/?#@!$&'()*+,;=%[]<>\"{}|\\^` \t\n\x00\x7fกไ่é\u202e\u200b\u00a0"))
URLISH = st.builds(lambda scheme, rest: scheme + rest,
                   st.sampled_from(["http://", "https://", "HTTP://", "javascript:", "", "ftp://", "http:/"]),
                   st.text(URL_ALPHABET, max_size=40))  # fmt: skip


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(st.one_of(URLISH, st.text(max_size=40)), min_size=1, max_size=20))
@example(["https://:0", "http://:80/x", "https://a:0"])  # a port with no host is no address
@example(["http://0#@", "http://a?x@y", "http://u@a/"])  # an @ after the host is a fragment's or query's, not a user
def test_the_load_rule_and_the_dashboard_agree_on_what_is_a_web_address(texts):
    from contract.vocabulary import is_web_url
    from etl.normalize import web_url

    got = pl.DataFrame({"u": texts}, schema={"u": pl.String}).select(web_url(pl.col("u"))).to_series().to_list()
    assert got == [is_web_url(t) for t in texts]
    for text, ok in zip(texts, got, strict=True):
        if ok:  # nothing markdown or HTML could read as more than an address, no hidden or spoofing characters
            assert text.startswith(("http://", "https://"))
            assert not set(text) & set('[]<>"{}|\\^` \t\n\r\x00\u202e\u200b\u00a0')
            authority = re.split(r"[/?#]", text.split("://", 1)[1], maxsplit=1)[0]
            assert "@" not in authority, text  # no user name before the host (http://bank.example@evil.example)
