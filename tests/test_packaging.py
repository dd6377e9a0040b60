"""The synthetic generator is a development package (synth/): the shipped packages neither hold nor import it."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib

from setuptools import find_packages

from tests.conftest import ROOT, run_etl

SHIPPED = ("contract", "etl", "dashboard")


def python(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_the_generator_is_not_in_the_etl_package():
    assert not (ROOT / "etl" / "synth.py").exists()
    assert not (ROOT / "etl" / "synth").exists()
    assert (ROOT / "synth" / "__init__.py").is_file()


def test_setuptools_ships_the_product_packages_and_not_the_generator():
    find = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    shipped = set(find_packages(str(ROOT), include=find["include"], exclude=find.get("exclude", ())))
    assert {"contract", "etl", "etl.staging", "dashboard", "dashboard.figures"} <= shipped
    assert not [p for p in shipped if p == "synth" or p.startswith("synth.") or p.endswith(".synth")]
    assert not [p for p in shipped if p.split(".")[0] not in SHIPPED], shipped


def test_no_shipped_module_imports_the_generator():
    offenders = []
    for package in SHIPPED:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                else:
                    continue
                if any(n == "synth" or n.startswith("synth.") or n.endswith(".synth") for n in names):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders


def test_importing_the_etl_and_the_app_loads_no_generator():
    code = (
        "import sys, etl, etl.build, etl.__main__, dashboard, dashboard.app; "
        "print(sorted(m for m in sys.modules if m == 'synth' or m.startswith('synth.') or m.endswith('.synth')))"
    )
    r = python("-c", code)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_the_etl_command_has_no_synth_subcommand():
    r = run_etl("synth", "--out", "never-written")
    assert r.returncode == 2
    assert "invalid choice: 'synth'" in r.stderr
    assert not (ROOT / "never-written").exists()


def test_python_m_synth_writes_what_write_synthetic_writes(tmp_path):
    from synth import write_synthetic

    help_text = python("-m", "synth", "--help")
    assert help_text.returncode == 0 and "--rows" in help_text.stdout and "--seed" in help_text.stdout
    r = python("-m", "synth", "--out", str(tmp_path / "cli"), "--rows", "300", "--seed", "4")
    assert r.returncode == 0, r.stderr
    written = write_synthetic(tmp_path / "api", rows=300, seed=4)
    assert r.stdout.splitlines() == [f"{tmp_path / 'cli' / name}: {n:,} rows" for name, n in written.items()]
    for name in written:
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "api" / name).read_bytes(), name


def test_python_m_synth_refuses_a_negative_size(tmp_path):
    r = python("-m", "synth", "--out", str(tmp_path), "--rows", "-5")
    assert r.returncode == 2
    assert "non-negative" in r.stderr
    assert not list(tmp_path.iterdir())
