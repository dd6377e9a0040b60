"""Faults around a build: raw files that change while they are read, a disk too small for the
new warehouse, an old warehouse that is garbage. (A build killed part-way is in test_build.py.)

Each checks the promise of the atomic swap: the build either puts a complete, checked warehouse
in place or leaves the old one byte for byte as it was, with no temporary file behind.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import etl.__main__ as cli
from etl.build import build
from etl.extract import InputChanged
from tests.conftest import DATA, ROOT, query

BASIC = DATA / "basic"


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """A copy of tests/data/basic and a warehouse built from it: (raw, warehouse, its bytes)."""
    raw, w = tmp_path / "raw", tmp_path / "w.duckdb"
    shutil.copytree(BASIC, raw)
    build(raw, w, say=lambda m: None)
    return raw, w, w.read_bytes()


def leftovers(w: Path) -> list[str]:
    return sorted(p.name for p in w.parent.iterdir() if p.name.startswith(w.name + "."))


def when(message: str, act):
    """A progress callback that runs `act` once, as soon as the build says `message`: the build's own
    progress messages mark where it is, so the change lands at the same point every time."""
    done = []

    def say(m: str) -> None:
        if message in m and not done:
            done.append(m)
            act()

    return say


def append_row(path: Path) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write("INV-99,2022,jp,,,approval,1,5,THB,million,\n")


def rewrite_same_size(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Japan", b"Nihon"))
    assert len(path.read_bytes()) == len(data)


def replace_by_rename(path: Path) -> None:
    new = path.with_name("incoming.tmp")
    new.write_bytes(path.read_bytes())
    os.replace(new, path)  # the same bytes, but another file: what `cp new && mv` does


# (the build's message when the change is made, file changed, how, what the refusal says)
CHANGES = [
    ("investments: reading", "investments.csv", append_row, "investments.csv (size 459 -> 502 bytes)"),
    ("investments: reading", "partners.csv", rewrite_same_size, "partners.csv (written to)"),
    ("partners: reading", "agreements.csv", replace_by_rename, "agreements.csv (replaced by another file)"),
    ("investments: 8 rows read", "delegations.csv", Path.unlink, "delegations.csv (removed)"),
]


@pytest.mark.parametrize(("message", "name", "change", "said"), CHANGES, ids=[c[2].__name__ for c in CHANGES])
def test_a_raw_file_changed_during_the_build_refuses_it(setup, message, name, change, said):
    raw, w, before = setup
    with pytest.raises(InputChanged) as e:
        build(raw, w, say=when(message, lambda: change(raw / name)))
    assert str(e.value) == f"{said}: changed while being read; run the build again once it is complete"
    assert w.read_bytes() == before
    assert leftovers(w) == []


def test_cli_refuses_a_file_changed_during_the_build_with_exit_2(setup, monkeypatch, capsys):
    raw, w, before = setup
    real_print = print
    say = when("investments: reading", lambda: append_row(raw / "investments.csv"))

    def printing(*args, **kwargs):
        if kwargs.get("file") is None:
            say(" ".join(map(str, args)))
        real_print(*args, **kwargs)

    monkeypatch.setattr(cli, "print", printing, raising=False)  # the command's progress lines go through it
    rc = cli.main(["build", "--raw", str(raw), "--warehouse", str(w)])
    err = capsys.readouterr().err.splitlines()
    assert rc == 2
    assert err == [
        "error: investments.csv (size 459 -> 502 bytes): changed while being read; run the build again once it is complete",
        f"the warehouse {w} was not changed",
    ]
    assert w.read_bytes() == before


def test_a_file_added_during_the_build_waits_for_the_next_one(setup):
    raw, w, _ = setup
    extra = raw / "investments_late.csv"
    add = lambda: extra.write_text("record_id,year,partner,stage,projects\nINV-L1,2022,jp,approval,1\n")  # noqa: E731
    result = build(raw, w, say=when("partners: reading", add))
    assert result.swapped
    assert "investments_late.csv" not in {f.file for f in result.files}
    assert query(w, "SELECT count(*) FROM fact_investment WHERE record_id = 'INV-L1'") == [(0,)]
    build(raw, w, say=lambda m: None)
    assert query(w, "SELECT count(*) FROM fact_investment WHERE record_id = 'INV-L1'") == [(1,)]


def test_unchanged_files_build_as_before(setup):
    raw, w, _ = setup
    (raw / "partners.csv").touch()  # before the build: its times are simply what the build finds
    assert build(raw, w, say=lambda m: None).swapped
    assert leftovers(w) == []


# --- a disk too small for the new warehouse -------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path):
    """-> mount(free_bytes): a tmpfs folder holding the old warehouse with `free_bytes` left over.
    Needs root (the CI machine runs as root); where mounting is refused the test is skipped, and the
    file-size-limit test below covers the same code."""
    mounted: list[Path] = []

    def mount(size: int) -> Path:
        where = tmp_path / f"disk{len(mounted)}"
        where.mkdir()
        r = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True, text=True
        )
        if r.returncode != 0:
            pytest.skip(f"cannot mount a small tmpfs here: {r.stderr.strip()}")
        mounted.append(where)
        return where

    yield mount
    for where in mounted:
        subprocess.run(["umount", "-l", str(where)], check=False)


def run_cli(raw: Path, w: Path, preexec=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "etl", "build", "--raw", str(raw), "--warehouse", str(w)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=preexec,
    )


def assert_refused_for_room(r: subprocess.CompletedProcess, w: Path, before: bytes, what: str, why: str) -> None:
    assert r.returncode == 3, r.stderr
    assert "Traceback" not in r.stderr
    tmp = f"{w}.tmp-"
    first, second = r.stderr.strip().splitlines()
    assert first.startswith(f"error: {what}: cannot write {tmp}") and f"({why});" in first, first
    assert second == f"the warehouse {w} was not changed"
    assert w.read_bytes() == before
    assert leftovers(w) == []


# Free room on the disk: too little for the new file's tables, or for the finished file (written out
# at the end, after the checks), and the last progress line the build prints before it stops (none:
# it stops before reading anything).
@pytest.mark.parametrize(
    ("free", "last_said"),
    [(16 * 1024, ""), (1536 * 1024, "warehouse: checks passed")],
    ids=["creating the file", "writing it out"],
)
def test_a_full_disk_fails_the_build_with_exit_3_and_keeps_the_old_warehouse(setup, small_disk, free, last_said):
    raw, _, before = setup
    page = 4096
    disk = small_disk(-(-(len(before) + free) // page) * page)
    w = disk / "w.duckdb"
    w.write_bytes(before)
    r = run_cli(raw, w)
    assert_refused_for_room(r, w, before, "the disk is full", "No space left on device")
    said = r.stdout.strip().splitlines()
    assert said[-1].startswith(last_said) if last_said else said == [], r.stdout


def test_a_file_size_limit_fails_the_build_like_a_full_disk(setup):
    """RLIMIT_FSIZE (ulimit -f) in the build's process: a write past 1 MB fails with EFBIG (SIGXFSZ
    ignored, as Python does by default), so a real write error reaches DuckDB without root."""
    raw, w, before = setup

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))

    r = run_cli(raw, w, preexec=limit)
    assert_refused_for_room(r, w, before, "the file size limit is reached", "File too large")
    assert "raise the limit (ulimit -f) and run again" in r.stderr


# --- an old warehouse that is garbage -------------------------------------------------------------


def stale_wal(tmp_path: Path) -> bytes:
    """The write-ahead log a DuckDB writer leaves when it dies before writing its changes out."""
    code = (
        "import duckdb, os, sys\n"
        "con = duckdb.connect(sys.argv[1])\n"
        "con.execute(\"SET checkpoint_threshold = '1TB'\")\n"
        "con.execute('CREATE TABLE scratch AS SELECT 1 AS x')\n"
        "os._exit(0)\n"
    )
    other = tmp_path / "other.duckdb"
    subprocess.run([sys.executable, "-c", code, str(other)], check=True)
    return (tmp_path / "other.duckdb.wal").read_bytes()


CORRUPT = {
    "random bytes": lambda good, tmp: os.urandom(len(good)),
    "empty": lambda good, tmp: b"",
    "first block only": lambda good, tmp: good[:4096],
    "cut in half": lambda good, tmp: good[: len(good) // 2],
    "second half overwritten": lambda good, tmp: good[: len(good) // 2] + bytes(len(good) - len(good) // 2),
    "a text file": lambda good, tmp: b"warehouse moved to /srv\n",
}


@pytest.mark.parametrize("damage", list(CORRUPT), ids=list(CORRUPT))
def test_a_garbage_old_warehouse_is_replaced_by_a_good_one(setup, damage, capsys):
    raw, w, good = setup
    w.write_bytes(CORRUPT[damage](good, w.parent))
    rc = cli.main(["build", "--raw", str(raw), "--warehouse", str(w)])
    out = capsys.readouterr().out
    assert rc == 0
    assert query(w, "SELECT count(*) FROM fact_agreement") == [(4,)]
    assert query(w, "SELECT count(*) FROM fact_investment") == [(4,)]
    loads = query(w, "SELECT count(DISTINCT load_id) FROM etl_load")[0][0]
    if f"notice: the old warehouse {w} cannot be read" in out:
        assert loads == 1  # the history went with the old file
    else:
        assert loads == 2  # what could be read of the old file still held its history
    assert leftovers(w) == []


def test_a_stale_write_ahead_log_beside_the_old_warehouse_goes_with_it(setup, tmp_path, capsys):
    raw, w, _ = setup
    wal = w.with_name(w.name + ".wal")
    wal.write_bytes(stale_wal(tmp_path))  # left by a writer of another file: DuckDB refuses the pair
    rc = cli.main(["build", "--raw", str(raw), "--warehouse", str(w)])
    assert rc == 0
    assert "WAL does not match database file" in capsys.readouterr().out  # the old file's history is lost
    assert not wal.exists()
    assert query(w, "SELECT count(*) FROM fact_agreement") == [(4,)]
