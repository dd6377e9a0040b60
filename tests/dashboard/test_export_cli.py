"""`python -m dashboard export chart|data|deck`, run as an analyst runs it, in its own process."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image
from pptx import Presentation

from tests.conftest import ROOT


def dashboard(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_help_lists_serving_and_the_exports():
    top = dashboard("--help")
    assert top.returncode == 0 and "--warehouse" in top.stdout and "--port" in top.stdout and "export" in top.stdout
    ex = dashboard("export", "chart", "--help")
    assert ex.returncode == 0 and "--out" in ex.stdout and "--year-from" in ex.stdout and "iv-value" in ex.stdout


def test_data_and_deck_from_the_command_line(mixed_warehouse: Path, tmp_path: Path):
    out = tmp_path / "a.csv"
    r = dashboard("export", "data", "agreements", "--warehouse", str(mixed_warehouse), "--partner", "jp-kanagawa",
                  "--lang", "en", "--out", str(out))  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert len(list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))) == 1 + 5
    deck = tmp_path / "d.pptx"
    link = "http://intranet:8050/agreements?year_from=2560&lang=th&era=be"
    r = dashboard("--warehouse", str(mixed_warehouse), "export", "deck", "--page", "agreements", "--url", link,
                  "--base-url", "http://intranet:8050", "--out", str(deck))  # fmt: skip
    assert r.returncode == 0, r.stderr
    prs = Presentation(str(deck))
    assert len(prs.slides) == 2 + 3
    footer = "\n".join(sh.text_frame.text for sh in prs.slides[2].shapes if sh.has_text_frame)
    assert "http://intranet:8050/agreements?year_from=2017&lang=th&era=be&period=cy" in footer


def test_a_chart_image_from_the_command_line(mixed_warehouse: Path, tmp_path: Path):
    out = tmp_path / "c.png"
    r = dashboard("export", "chart", "ag-by-year", "--warehouse", str(mixed_warehouse), "--width", "1280",
                  "--out", str(out))  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert Image.open(out).size == (1280, 720)


def test_what_is_not_understood_exits_2_with_the_reason(mixed_warehouse: Path, tmp_path: Path):
    r = dashboard("export", "data", "agreements", "--warehouse", str(mixed_warehouse), "--sector", "NANO",
                  "--out", str(tmp_path / "x.csv"))  # fmt: skip
    assert r.returncode == 2 and "no sector 'NANO'" in r.stderr and not (tmp_path / "x.csv").exists()
    r = dashboard("export", "chart", "iv-value", "--warehouse", str(mixed_warehouse), "--out", str(tmp_path / "x.gif"))
    assert r.returncode == 2 and ".png or .svg" in r.stderr
