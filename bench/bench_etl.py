"""ETL benchmark: `python -m etl build` against DuckDB's own plain read_csv, same files.

For each size (investment rows; other datasets proportionate) the synthetic
raw files are generated once (cached in bench/work/), then each command runs
in a fresh process several times: the full ETL build (read, normalise,
validate, reject, load, check, swap) and the raw floor, DuckDB reading the
same CSV files into tables with no validation at all. The table shows the
median wall time, the ETL/floor ratio and the peak memory of each.

Usage: python bench/bench_etl.py [--sizes 10000,100000,1000000,10000000] [--runs 3] [--out bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = ROOT / "bench" / "work"
SEED = 1

# Each runner does its work in-process and prints wall seconds and its own peak RSS.
ETL_RUNNER = """
import json, resource, sys, time
from pathlib import Path
from etl.build import build
t = time.perf_counter()
r = build(Path(sys.argv[1]), Path(sys.argv[2]), say=lambda m: None)
wall = time.perf_counter() - t
print(json.dumps({"wall": wall, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "rejected": r.rejected, "loaded": sum(f.loaded for f in r.files)}))
"""
FLOOR_RUNNER = """
import json, resource, sys, time
from pathlib import Path
import duckdb
raw, out = Path(sys.argv[1]), Path(sys.argv[2])
t = time.perf_counter()
out.unlink(missing_ok=True)
con = duckdb.connect(str(out))
for name in ("partners", "sectors", "fx_rates", "agreements", "delegations", "investments", "notes"):
    files = sorted(str(p) for p in raw.glob(name + "*.csv") if not p.name.endswith("_th.csv"))
    if files:
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv($f, union_by_name = true)", {"f": files})
con.execute("CHECKPOINT")
con.close()
wall = time.perf_counter() - t
print(json.dumps({"wall": wall, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def run(code: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def ensure_data(rows: int) -> Path:
    raw = WORK / f"raw-{rows}"
    stamp = raw / ".complete"
    if not stamp.exists():
        from synth import write_synthetic

        print(f"  generating {rows:,} investment rows ...", flush=True)
        write_synthetic(raw, rows=rows, seed=SEED)
        stamp.write_text("ok")
    return raw


def machine() -> str:
    import duckdb
    import polars

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu or platform.machine()}), {mem:.0f} GiB RAM; Python {platform.python_version()}, "
        f"polars {polars.__version__}, duckdb {duckdb.__version__}"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="10000,100000,1000000,10000000")
    p.add_argument("--runs", type=int, default=3, help="runs of each command per size (median quoted)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for n in sizes:
        print(f"size {n:,}", flush=True)
        raw = ensure_data(n)
        etl, floor = [], []
        for i in range(args.runs):
            floor.append(run(FLOOR_RUNNER, str(raw), str(WORK / "floor.duckdb")))
            etl.append(run(ETL_RUNNER, str(raw), str(WORK / "etl.duckdb")))
            print(f"  run {i + 1}: etl {etl[-1]['wall']:.2f} s, floor {floor[-1]['wall']:.2f} s", flush=True)
        e = statistics.median(r["wall"] for r in etl)
        f = statistics.median(r["wall"] for r in floor)
        rows.append(
            {
                "rows": n,
                "etl_s": e,
                "floor_s": f,
                "ratio": e / f,
                "etl_min": min(r["wall"] for r in etl),
                "etl_max": max(r["wall"] for r in etl),
                "etl_gib": max(r["rss_kb"] for r in etl) / 2**20,
                "floor_gib": max(r["rss_kb"] for r in floor) / 2**20,
                "loaded": etl[-1]["loaded"],
                "rejected": etl[-1]["rejected"],
            }
        )
    for stale in WORK.glob("*.duckdb*"):
        stale.unlink()
    table = [
        "| investment rows | ETL build (median, min-max) | DuckDB read_csv floor | ratio | ETL peak memory | floor peak memory | rows loaded | rejected |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        table.append(
            f"| {r['rows']:,} | {r['etl_s']:.2f} s ({r['etl_min']:.2f}-{r['etl_max']:.2f}) | {r['floor_s']:.2f} s | "
            f"{r['ratio']:.2f}x | {r['etl_gib']:.2f} GiB | {r['floor_gib']:.2f} GiB | {r['loaded']:,} | {r['rejected']:,} |"
        )
    section = "\n".join(
        [
            "## ETL build",
            "",
            f"Measured {dt.date.today().isoformat()} on {machine()}; {args.runs} runs per size, each in a fresh "
            "process, wall time in-process (imports excluded); `python bench/bench_etl.py`.",
            "",
            *table,
            "",
            "The floor is DuckDB reading the same CSV files into tables with `read_csv` (types auto-detected, no "
            "validation, no rejects, no names resolved, no checks). The ETL also reads the small workbook and "
            "cp874 files the floor skips.",
            "",
        ]
    )
    write_section(args.out, "## ETL build", section)
    print(section)
    return 0


def write_section(path: Path, heading: str, section: str) -> None:
    """Replace the section under `heading` in RESULTS.md (other benchmarks keep theirs)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n\n"
    start = text.find(heading)
    if start == -1:
        text = text.rstrip() + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(heading))
        text = text[:start] + section.rstrip("\n") + "\n" + ("\n" + text[end + 1 :] if end != -1 else "")
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
