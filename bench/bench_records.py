"""Records CSV benchmark: GET /export/data/investments.csv streamed, against DuckDB's own COPY of the same query.

At 10k, 100k and 1M synthetic investment rows (built once in bench/work/ by
bench_dashboard.ensure_warehouse: etl.synth.write_synthetic + etl.build.build):

- one export at a time, through the real app (Flask test client, the body read
  chunk by chunk as a client reads it, `Accept-Encoding: zstd` as a browser
  sends it): the time to the first byte, the total time, and the peak memory
  the serving process grew by during the request (VmHWM, reset before each run);
  a fresh process per size, one warm-up export first;
- beside it the whole-frame writer the stream replaced (every record in one frame,
  then `csv_bytes`: its first byte is its last), and the floor: DuckDB alone
  running `COPY (<the export query>) TO '/dev/null' (FORMAT csv)` with the same
  parameters and thread count (1);
- under load: `gunicorn -w 2 --threads 8` serving the 100k warehouse, 8 clients
  each taking the whole CSV again and again: median and p95 of first byte and total.

Usage: python bench/bench_records.py [--sizes 10000,100000,1000000] [--runs 5] [--clients 8] [--rounds 4]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_dashboard import ensure_warehouse, p95  # noqa: E402
from bench_etl import machine, write_section  # noqa: E402

URL = "/export/data/investments.csv?lang=th&era=be"
QUERY = "lang=th&era=be"
HEADING = "## Data files: the records CSV, streamed"
NOTES = [
    "What dominates, at 1M rows: writing the CSV itself, `csv_bytes` per batch (Polars' `write_csv` of the Thai",
    "text and the formula-neutralising expressions), about half the total; then DuckDB reading out the sorted",
    "result batch by batch and the grid's columns per batch (`table`: enum labels and dates per distinct value,",
    "names joined), about a tenth; then zstd. The first byte waits for the query and its one sort (the filters'",
    "investment_figures, the join with fact_investment, the sort of the file's columns without the names).",
    "Memory: the process holds one batch (32,768 rows) and DuckDB's sorted result, not the file: the growth is",
    "the same at 100k and at 1M. The whole-frame column is measured without HTTP and compression, so it flatters",
    "the writer it replaced. Under load the exports share two cores: the total is throughput, about one 100k",
    "export a second, and a first byte waits for a core.",
]


def _rss_kb(field: str, pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM back to the current RSS


def one_size(w: str, runs: int) -> dict:
    """In a fresh process: each run's first byte, total and peak growth, streamed and whole-frame, and the floor."""
    import duckdb
    from bench_export import app_client

    from dashboard import context
    from dashboard.db import parameter_names, query_text
    from dashboard.export import csv_bytes, data, filters

    client = app_client(Path(w))
    stream = {"first": [], "total": [], "peak_mb": [], "mb": 0.0}
    for i in range(runs + 1):
        _reset_peak()
        base = _rss_kb("VmRSS")
        t0 = time.perf_counter()
        r = client.get(URL, headers={"Accept-Encoding": "zstd"}, buffered=False)
        it = r.response
        size, first = 0, None
        for chunk in it:
            if first is None:
                first = time.perf_counter() - t0
            size += len(chunk)
        total = time.perf_counter() - t0
        r.close()
        if r.status_code != 200:
            raise SystemExit(f"{URL}: HTTP {r.status_code}")
        if i == 0:
            continue  # the warm-up: names and the page registry, once per process
        stream["first"].append(first)
        stream["total"].append(total)
        stream["peak_mb"].append((_rss_kb("VmHWM") - base) / 1024)
        stream["mb"] = size / 2**20
    whole = {"total": [], "peak_mb": [], "mb": 0.0}
    f, _ = filters(QUERY)
    for _ in range(max(1, runs // 2)):
        _reset_peak()
        base = _rss_kb("VmRSS")
        t0 = time.perf_counter()
        body = csv_bytes(data.table("investments", data.records("investments", f), f))
        whole["total"].append(time.perf_counter() - t0)
        whole["peak_mb"].append((_rss_kb("VmHWM") - base) / 1024)
        whole["mb"] = len(body) / 2**20
        del body
    context.get().warehouse.close()
    sql = query_text("investments_export")
    params = {p: f.params().get(p) for p in parameter_names(sql)}
    con = duckdb.connect(":memory:")
    con.execute("SET threads = 1")
    con.execute(f"ATTACH '{w}' AS warehouse (READ_ONLY)")
    con.execute("USE warehouse")
    floor = []
    for _ in range(runs):
        t0 = time.perf_counter()
        con.execute(f"COPY ({sql}) TO '/dev/null' (FORMAT csv)", params)
        floor.append(time.perf_counter() - t0)
    con.close()
    return {"stream": stream, "whole": whole, "floor": floor}


def measure_size(w: Path, runs: int) -> dict:
    r = subprocess.run(
        [sys.executable, __file__, "--one-size", str(w), "--runs", str(runs)],
        cwd=ROOT, capture_output=True, text=True, timeout=3600,
        env={**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_LOG_REQUESTS": "0"},
    )  # fmt: skip
    if r.returncode != 0:
        raise SystemExit(r.stderr[-3000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def under_load(w: Path, clients: int, rounds: int) -> dict:
    """gunicorn -w 2 --threads 8 on `w`; `clients` threads each fetching the CSV `rounds` times."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_WAREHOUSE": str(w), "DASHBOARD_LOG_REQUESTS": "0"}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    proc = subprocess.Popen(
        [gunicorn, "-w", "2", "--threads", "8", "-b", f"127.0.0.1:{port}", "--timeout", "120", "dashboard.wsgi:server"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "/api/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.5)
        workers = [int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]

        def fetch() -> tuple[float, float, int]:
            req = urllib.request.Request(base + URL, headers={"Accept-Encoding": "zstd"})
            t0 = time.perf_counter()
            with urllib.request.urlopen(req, timeout=300) as r:
                r.read(1)
                first = time.perf_counter() - t0
                size = 1 + len(r.read())
            return first, time.perf_counter() - t0, size

        for _ in range(2):  # each worker past its first export
            fetch()
        out: list[tuple[float, float, int]] = []
        lock = threading.Lock()

        def client() -> None:
            for _ in range(rounds):
                got = fetch()
                with lock:
                    out.append(got)

        threads = [threading.Thread(target=client) for _ in range(clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        peaks = [_rss_kb("VmHWM", pid) / 1024 for pid in workers]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"first": [o[0] for o in out], "total": [o[1] for o in out], "wall": wall, "n": len(out),
            "peaks_mb": peaks}  # fmt: skip


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000", help="investment row counts")
    ap.add_argument("--runs", type=int, default=5, help="exports per size (after one warm-up)")
    ap.add_argument("--clients", type=int, default=8, help="parallel exports under load")
    ap.add_argument("--rounds", type=int, default=4, help="exports per client under load")
    ap.add_argument("--load-rows", type=int, default=100_000, help="the warehouse served under load")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--one-size", metavar="WAREHOUSE", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one_size:
        print(json.dumps(one_size(args.one_size, args.runs)))
        return 0
    lines = [
        "| investment rows | CSV (zstd on the wire) | first byte | total | peak memory | whole frame (before): "
        "first byte = total | its peak memory | DuckDB `COPY` to /dev/null | streamed / floor |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in (int(s) for s in args.sizes.split(",")):
        w = ensure_warehouse(size)
        print(f"{size:,} rows", flush=True)
        got = measure_size(w, args.runs)
        s, wh, floor = got["stream"], got["whole"], statistics.median(got["floor"])
        total = statistics.median(s["total"])
        lines.append(
            f"| {size:,} | {s['mb']:,.1f} MB | {ms(statistics.median(s['first']))} | {ms(total)} | "
            f"{statistics.median(s['peak_mb']):,.0f} MB | {ms(statistics.median(wh['total']))} | "
            f"{statistics.median(wh['peak_mb']):,.0f} MB | {ms(floor)} | {total / floor:.1f}x |"
        )
        print("  " + lines[-1], flush=True)
    load = under_load(ensure_warehouse(args.load_rows), args.clients, args.rounds)
    load_line = (
        f"Under load: `gunicorn -w 2 --threads 8` serving {args.load_rows:,} investment rows, {args.clients} "
        f"clients each taking the Thai CSV {args.rounds} times ({load['n']} exports in {load['wall']:.1f} s): "
        f"first byte median {ms(statistics.median(load['first']))}, p95 {ms(p95(load['first']))}; total median "
        f"{ms(statistics.median(load['total']))}, p95 {ms(p95(load['total']))}; the workers' peak memory "
        + ", ".join(f"{p:,.0f} MB" for p in load["peaks_mb"])
        + "."
    )
    print(load_line)
    section = "\n".join(
        [
            HEADING,
            "",
            f"Measured {dt.date.today().isoformat()} on {machine()}; `python bench/bench_records.py`. "
            f"`GET {URL}` (every record, Thai, Buddhist era) through the real app, the body read chunk by chunk "
            "with `Accept-Encoding: zstd`; a fresh process per size, one warm-up export, then "
            f"{args.runs} runs: medians. Peak memory: how much the process's peak resident size (VmHWM, reset "
            "before each run) grew during the export. The whole-frame writer is the one the stream replaced "
            "(the records query with its two sorts, one Polars frame, then `csv_bytes`). The floor: DuckDB "
            "alone, `COPY (queries/investments_export.sql) TO '/dev/null' (FORMAT csv)`, one thread.",
            "",
            *lines,
            "",
            load_line,
            "",
            *NOTES,
            "",
        ]
    )
    write_section(args.out, HEADING, section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
