"""Load test: many analysts on one gunicorn server while the ETL rebuilds the warehouse twice.

On loopback only, bounded in time, it stops by itself. A synthetic warehouse
(bench/work/, built once) is served by `gunicorn -w N dashboard.wsgi:server`.
Simulated analysts (threads, each from a loopback address of its own, as each
analyst has a machine of their own) walk the pages as a browser does (the page, then
the router callback that draws it), change filters, export CSV and chart
images, and run SQL, with a think time between steps (default 2-8 s; of 100 steps:
70 page draws, 5 CSV exports of every filtered record, 5 chart PNGs, 15 SQL
queries, 5 health checks). The analysts are already at work when the clock
starts: each begins somewhere in a think time, not all in the same instant.
Meanwhile the ETL rebuilds the served warehouse twice (`--rebuilds`) from the
same raw files, under `nice -n 10` as the README advises, so the analysts'
requests keep the processor first.

Every answer is checked: any status but 200, a page that says the warehouse
cannot be read, or a health answer whose row counts are not those of a
complete build (or whose load id no finished build wrote) counts as an error.

Usage: python bench/load_test.py [--users 50] [--seconds 60] [--rows 1000000] [--think 2-8]
       [--workers 2] [--worker-class gthread|sync] [--threads 8] [--rebuilds 2] [--no-write]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import duckdb  # noqa: E402
from bench_dashboard import ensure_warehouse, filter_states, p95  # noqa: E402
from bench_etl import WORK, ensure_data, machine, write_section  # noqa: E402

from dashboard.app import router_request as page_callback  # noqa: E402
from dashboard.sql.examples import EXAMPLES  # noqa: E402

PAGES = ["/", "/agreements", "/delegations", "/investment", "/partners", "/data"]
COUNTED = {"agreements": "fact_agreement", "delegations": "fact_delegation", "investments": "fact_investment"}


def counts_of(w: Path) -> tuple[str, dict]:
    con = duckdb.connect(str(w), read_only=True)
    try:
        load_id = con.sql("SELECT value FROM meta WHERE key = 'load_id'").fetchall()[0][0]
        rows = {k: con.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0] for k, t in COUNTED.items()}
    finally:
        con.close()
    return load_id, rows


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.half_built = 0
        self.health: list[tuple[str, dict]] = []
        self.csv_rows: list[tuple[int, float]] = []  # each CSV export: its lines after the header, its time

    def add(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")


def fetch(url: str, data: bytes | None = None, timeout: float = 30, source: str | None = None) -> tuple[int, bytes]:
    """-> (status, body) of a GET (or a POST of JSON `data`) on a new connection, from the address `source`
    (a loopback address of its own per analyst, as each analyst has a machine of their own)."""
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout,
                                      source_address=(source, 0) if source else None)  # fmt: skip
    try:
        conn.request("POST" if data else "GET", u.path + (f"?{u.query}" if u.query else ""), body=data,
                     headers={"Content-Type": "application/json"} if data else {})  # fmt: skip
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def router_request(deps: list[dict], pathname: str, search: str) -> bytes:
    """The callback a browser fires when the URL changes, from what /_dash-dependencies told it."""
    return json.dumps(page_callback([d["output"] for d in deps], pathname, search)).encode()


def analyst(
    base: str,
    deps: list[dict],
    charts: list[str],
    states: list[str],
    stop: float,
    rec: Recorder,
    seed: int,
    think: tuple,
):
    """One analyst, from a loopback address of their own (127.0.0.<seed + 2>): the SQL page's queue lets each
    user have one query at a time, and one address for all would make them one user."""
    rng = random.Random(seed)
    source = f"127.0.{(seed + 2) // 250}.{(seed + 2) % 250 + 1}"
    state = rng.choice(states)
    # Analysts are already at work, each somewhere in a think time: they do not all click in the same instant.
    time.sleep(rng.uniform(0, think[1]))
    while time.monotonic() < stop:
        roll = rng.random()
        t0 = time.perf_counter()
        try:
            if roll < 0.70:  # open or redraw a page (a filter change is a redraw with a new state)
                if roll < 0.30:
                    state = rng.choice(states)
                path = rng.choice(PAGES)
                status, _ = fetch(base + path + state, source=source)
                if status != 200:
                    rec.add("page", time.perf_counter() - t0, f"GET {path} {status}")
                    continue
                status, body = fetch(base + "/_dash-update-component", router_request(deps, path, state), source=source)
                error = None if status == 200 else f"router {path}{state} {status}"
                if status == 200 and b"cannot be read" in body:
                    error = f"router {path}{state}: the warehouse could not be read"
                rec.add("page", time.perf_counter() - t0, error)
            elif roll < 0.75:  # every filtered record: up to 120 MB of CSV at 1M rows
                status, body = fetch(base + "/export/data/investments.csv" + state, source=source)
                took = time.perf_counter() - t0
                ok = status == 200 and body.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
                rec.add("export csv", took, None if ok else f"csv {status} {body[:80]!r}")
                if ok:  # the synthetic records hold no line break inside a cell: a line is a record
                    with rec.lock:
                        rec.csv_rows.append((body.count(b"\n") - 1, took))
            elif roll < 0.80:
                chart = rng.choice(charts)
                status, body = fetch(
                    base + f"/export/chart/{chart}.png" + state + "&width=960&height=540", source=source
                )
                ok = status == 200 and body.startswith(b"\x89PNG")
                rec.add("export png", time.perf_counter() - t0, None if ok else f"png {chart} {status} {body[:80]!r}")
            elif roll < 0.95:
                sql = rng.choice(EXAMPLES).sql  # the SQL page's saved queries
                status, body = fetch(
                    base + "/api/sql?" + urllib.parse.urlencode({"sql": sql, "format": "json"}), source=source
                )
                ok = status == 200 and body.startswith(b"{") and "rows" in json.loads(body)
                rec.add("sql", time.perf_counter() - t0, None if ok else f"sql {status} {body[:120]!r}")
            else:
                status, body = fetch(base + "/api/health", source=source)
                error = None
                if status != 200:
                    error = f"health {status}"
                else:
                    wh = json.loads(body)["warehouse"]
                    with rec.lock:  # checked against the finished builds at the end
                        rec.health.append((wh["load_id"], {k: wh["rows"][k] for k in COUNTED}))
                rec.add("health", time.perf_counter() - t0, error)
        except OSError as e:
            rec.add("error", time.perf_counter() - t0, f"{type(e).__name__}: {e}")
        time.sleep(rng.uniform(*think))  # an analyst reads before the next step


def rebuild(raw: Path, w: Path, builds: dict, log: list[str], at: list[float], start: float) -> None:
    for when in at:
        time.sleep(max(0.0, start + when - time.monotonic()))
        t0 = time.monotonic()
        r = subprocess.run(
            ["nice", "-n", "10", sys.executable, "-m", "etl", "build", "--raw", str(raw), "--warehouse", str(w)],
            cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        load_id, rows = counts_of(w)
        builds["load_ids"].add(load_id)
        if rows != builds["rows"]:
            log.append(f"the rebuild loaded {rows}, not {builds['rows']}")
        log.append(f"rebuild at {t0 - start:.0f} s took {time.monotonic() - t0:.1f} s (exit {r.returncode})")


def run(args) -> dict:
    w_src = ensure_warehouse(args.rows)
    w = WORK / f"load-{args.rows}.duckdb"
    w.write_bytes(w_src.read_bytes())
    raw = ensure_data(args.rows)
    load_id, rows = counts_of(w)
    builds = {"rows": rows, "load_ids": {load_id}}
    port = 8800 + os.getpid() % 100
    base = f"http://127.0.0.1:{port}"
    log_path = WORK / "load-gunicorn.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_WAREHOUSE": str(w)}
    cmd = [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
           "--worker-class", args.worker_class, "--threads", str(args.threads), "--timeout", "120",
           "dashboard.wsgi:server"]  # fmt: skip
    with log_path.open("w") as log:
        server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        for _ in range(240):
            try:
                if fetch(base + "/api/health", timeout=5)[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        deps = json.loads(fetch(base + "/_dash-dependencies")[1])
        charts = [c["id"] for c in json.loads(fetch(base + "/export/charts")[1])]
        states = filter_states(w, 40)
        time.sleep(10)  # each worker starts its image browser and SQL worker as it boots (dashboard/wsgi.py)
        for s in states[:8]:  # and pays for its first page
            fetch(base + "/_dash-update-component", router_request(deps, "/investment", s))
        rec = Recorder()
        think = tuple(float(x) for x in args.think.split("-"))
        start = time.monotonic()
        stop = start + args.seconds
        rebuild_log: list[str] = []
        rebuilder = threading.Thread(
            target=rebuild,
            args=(raw, w, builds, rebuild_log, [args.seconds * 0.1, args.seconds * 0.5][: args.rebuilds], start),
        )
        rebuilder.start()
        users = [
            threading.Thread(target=analyst, args=(base, deps, charts, states, stop, rec, i, think))
            for i in range(args.users)
        ]
        for u in users:
            u.start()
            time.sleep(0.02)
        for u in users:
            u.join()
        elapsed = time.monotonic() - start
        rebuilder.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    for load_id, rows in rec.health:
        if rows != builds["rows"] or load_id not in builds["load_ids"]:
            rec.half_built += 1
            rec.errors.append(f"health: load {load_id} with rows {rows} is not a finished build")
    everything = [t for ts in rec.times.values() for t in ts]
    return {
        "requests": len(everything),
        "rps": len(everything) / elapsed,
        "median": statistics.median(everything),
        "p95": p95(everything),
        "by_kind": {k: (len(v), statistics.median(v), p95(v)) for k, v in sorted(rec.times.items())},
        # The CSV exports by size (the target: p95 under 1 s for exports of at most 100,000 records), apart.
        "csv_by_size": {
            label: (len(ts), statistics.median(ts), p95(ts))
            for label, ts in (
                ("export csv, at most 100,000 records", [t for n, t in rec.csv_rows if n <= 100_000]),
                ("export csv, more than 100,000 records", [t for n, t in rec.csv_rows if n > 100_000]),
            )
            if ts
        },
        "errors": rec.errors,
        "half_built": rec.half_built,
        "load_ids_seen": len({load_id for load_id, _ in rec.health}),
        "rebuilds": rebuild_log,
        "builds": len(builds["load_ids"]),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--rows", type=int, default=1_000_000, help="investment rows of the synthetic warehouse")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    ap.add_argument("--worker-class", default="gthread", help="gunicorn worker class (default gthread)")
    ap.add_argument("--threads", type=int, default=8, help="threads per gthread worker (default 8)")
    ap.add_argument("--think", default="2-8", help="seconds an analyst reads between steps, min-max (default 2-8)")
    ap.add_argument(
        "--rebuilds", type=int, choices=(0, 1, 2), default=2, help="ETL rebuilds during the run (default 2)"
    )
    ap.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = ap.parse_args(argv)
    r = run(args)
    heading = f"## Load at {args.rows:,} investment rows"
    lines = [
        heading,
        "",
        f"{args.users} simulated analysts for {args.seconds:.0f} s against `gunicorn -w {args.workers} "
        f"--worker-class {args.worker_class} --threads {args.threads}` at {args.rows:,} investment rows, "
        f"think time {args.think} s, "
        + (f"while the ETL rebuilt the warehouse ({'; '.join(r['rebuilds'])})." if r["rebuilds"] else "no rebuild."),
        "",
        "| requests | per second | median | p95 | errors | answers from a half-built warehouse |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {r['requests']} | {r['rps']:.1f} | {r['median'] * 1000:.0f} ms | {r['p95'] * 1000:.0f} ms "
        f"| {len(r['errors'])} | {r['half_built']} |",
        "",
        "| request | count | median | p95 |",
        "|---|---:|---:|---:|",
        *[f"| {k} | {n} | {m * 1000:.0f} ms | {p * 1000:.0f} ms |" for k, (n, m, p) in r["by_kind"].items()],
        *[f"| {k} | {n} | {m * 1000:.0f} ms | {p * 1000:.0f} ms |" for k, (n, m, p) in r["csv_by_size"].items()],
        "",
        "The CSV exports are also counted by their records (the lines of each file after its header), apart: "
        "the two rows after `sql` are the same exports as `export csv`.",
        "",
        f"Health answers came from {r['load_ids_seen']} different loads of the {r['builds']} finished ones.",
        f"Machine: {machine()}.",
    ]
    print("\n".join(lines))
    for e in r["errors"][:20]:
        print("  error:", e)
    if not args.no_write:
        write_section(ROOT / "bench" / "RESULTS.md", heading, "\n".join(lines) + "\n")
    return 1 if r["errors"] or r["half_built"] else 0


if __name__ == "__main__":
    sys.exit(main())
