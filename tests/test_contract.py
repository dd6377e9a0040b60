"""The contract both halves read imports neither: the dashboard and the ETL can change or ship apart."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_the_contract_imports_neither_half():
    code = (
        "import sys, contract.datasets, contract.vocabulary; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('etl', 'dashboard', 'polars', 'duckdb')))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_dashboard_reads_the_contract_not_the_etl():
    found = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in sorted((ROOT / "dashboard").rglob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if line.lstrip().startswith(("from etl", "import etl"))
    ]
    assert found == [], found


def test_the_etl_does_not_import_the_dashboard():
    found = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in sorted((ROOT / "etl").rglob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if line.lstrip().startswith(("from dashboard", "import dashboard"))
    ]
    assert found == [], found
    code = (
        "import sys, etl.build, etl.press.extract; print(sorted(m for m in sys.modules if m.startswith('dashboard')))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
