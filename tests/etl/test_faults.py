"""Faults around a build: raw files that change while they are read, a disk too small for the
new warehouse, an old warehouse that is garbage. (A build killed part-way is in test_build.py.)

Each checks the promise of the atomic swap: the build either puts a complete, checked warehouse
in place or leaves the old one byte for byte as it was, with no temporary file behind.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import etl.__main__ as cli
from etl.build import build
from etl.extract import InputChanged
from tests.conftest import DATA, query

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
