"""Dashboard benchmark: the server time of a filter change, against DuckDB alone on the same queries.

For each size (investment rows of the synthetic data, warehouse built once in
bench/work/), the Overview and Investment pages are redrawn for at least 20
different filter states, through the real Dash callback endpoint (the router
callback a URL change fires, JSON encoding of the figures and grids included),
each state new to the cache. Beside it: the same SQL statements the page ran,
with the same parameters, on a plain DuckDB connection with the same thread
count (no Polars, no figures, no JSON). Then the time until the Investment
page is drawn in headless Chromium, from navigation to the last chart.

Usage: python bench/bench_dashboard.py [--sizes 10000,1000000,10000000] [--states 24]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import duckdb  # noqa: E402
from bench_etl import WORK, ensure_data, machine, write_section  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]  # fmt: skip


def ensure_warehouse(rows: int) -> Path:
    """The synthetic warehouse of `rows` investment rows, built again whenever the ETL's or the contract's code
    is newer than the file (the dashboard reads what the current ETL writes, and refuses an older schema)."""
    w = WORK / f"w-{rows}.duckdb"
    code = [p for folder in ("etl", "contract") for p in (ROOT / folder).rglob("*.py") if p.is_file()]
    if not w.exists() or w.stat().st_mtime < max(p.stat().st_mtime for p in code):
        from etl.build import build

        print(f"  building the warehouse for {rows:,} rows ...", flush=True)
        build(ensure_data(rows), w, say=lambda m: None)
    return w


def filter_states(w: Path, n: int, seed: int = 1) -> list[str]:
    """Different, realistic filter states: year spans, sectors, countries, partners, levels, fiscal years."""
    con = duckdb.connect(str(w), read_only=True)
    sectors = [r[0] for r in con.sql("SELECT sector_code FROM dim_sector").fetchall()]
    partners = [
        r[0] for r in con.sql("SELECT partner_id FROM dim_partner WHERE country_code = 'JP' LIMIT 60").fetchall()
    ]
    levels = ["local_government", "agency", "company", "national_government"]
    con.close()
    rng = random.Random(seed)
    states = []
    for i in range(n):
        q = {"lang": rng.choice(["th", "en"]), "era": "be"}
        y0 = rng.randint(1995, 2020)
        q["year_from"], q["year_to"] = y0, rng.randint(y0, 2025)
        kind = i % 4
        if kind == 0:
            q["sector"] = ",".join(rng.sample(sectors, rng.randint(1, 3)))
        elif kind == 1:
            q["country"] = "JP"
            q["level"] = rng.choice(levels)
        elif kind == 2:
            q["partner"] = ",".join(rng.sample(partners, 2))
        else:
            q["period"] = "fy"
        states.append("?" + "&".join(f"{k}={v}" for k, v in q.items()))
    return states


class DuckDBAlone:
    """Records the statements the app runs (through dashboard.db) and replays them on one plain DuckDB
    connection with the same parameters and thread count: the floor the app is compared with."""

    def __init__(self, w: Path) -> None:
        from dashboard import db as dbmod

        self.db, self.recorded, self.original = dbmod, [], dbmod.Warehouse._run
        original, recorded = self.original, self.recorded

        def recording(wh, sql, params, timeout_s, name):
            recorded.append((sql, params))
            return original(wh, sql, params, timeout_s, name)

        self.raw = duckdb.connect(str(w), read_only=True)
        self.raw.execute("SET threads = 1")
        dbmod.Warehouse._run = recording

    def start(self) -> None:
        self.recorded.clear()

    def replay(self) -> float:
        """Seconds DuckDB alone takes for the statements recorded since start()."""
        t0 = time.perf_counter()
        for sql, params in self.recorded:
            names = self.db.parameter_names(sql)
            self.raw.sql(sql, params={k: v for k, v in params.items() if k in names}).fetchall()
        return time.perf_counter() - t0

    def close(self) -> None:
        self.db.Warehouse._run = self.original
        self.raw.close()


def measure_server(w: Path, states: list[str]) -> dict:
    from dashboard.app import create_app, page_request
    from dashboard.settings import load

    app = create_app(load(warehouse=str(w)))
    client = app.server.test_client()
    client.get("/")  # first request: Dash builds its page registry
    alone = DuckDBAlone(w)
    out = {}
    try:
        for path in ("/", "/investment"):
            server_ms, duck_ms = [], []
            client.post("/_dash-update-component", json=page_request(app, path, "?lang=th"))  # warm
            for s in states:
                alone.start()
                t0 = time.perf_counter()
                r = client.post("/_dash-update-component", json=page_request(app, path, s))
                server_ms.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200, r.data[:300]
                assert b"notice error" not in r.data, r.data[:2000]  # the page drew, not an error notice
                duck_ms.append(alone.replay() * 1000)
            out[path] = (server_ms, duck_ms)
    finally:
        alone.close()
    return out


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def measure_browser(w: Path, runs: int = 15) -> list[float]:
    """Seconds from navigation to the fifth drawn chart of the Investment page (a fresh browser context each run)."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.dashboard.conftest import free_port

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "--warehouse", str(w), "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    times = []
    try:
        import urllib.request

        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for i in range(runs + 1):
                ctx = b.new_context(viewport={"width": 1366, "height": 900})
                page = ctx.new_page()
                t0 = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/investment?lang=th&year_from={2000 + i}")
                page.wait_for_function(
                    "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5", timeout=60_000
                )
                if i:  # the first is a warm-up
                    times.append(time.perf_counter() - t0)
                ctx.close()
            b.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,1000000,10000000")
    ap.add_argument("--states", type=int, default=24)
    ap.add_argument("--browser-size", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = ap.parse_args(argv)
    lines = [
        "| investment rows | page | server median | server p95 | DuckDB alone median | DuckDB alone p95 | ratio (median) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for n in [int(s) for s in args.sizes.split(",")]:
        print(f"size {n:,}", flush=True)
        w = ensure_warehouse(n)
        states = filter_states(w, args.states)
        for path, (server, duck) in measure_server(w, states).items():
            sm, dm = statistics.median(server), statistics.median(duck)
            lines.append(
                f"| {n:,} | {'Overview' if path == '/' else 'Investment'} | {sm:.0f} ms | {p95(server):.0f} ms | "
                f"{dm:.0f} ms | {p95(duck):.0f} ms | {sm / dm:.1f}x |"
            )
            print("  " + lines[-1], flush=True)
    drawn = measure_browser(ensure_warehouse(args.browser_size))
    section = "\n".join(
        [
            "## Dashboard",
            "",
            f"Measured {dt.date.today().isoformat()} on {machine()}; `python bench/bench_dashboard.py`. A filter change "
            f"redraws the page: the router callback through the real Dash endpoint, {args.states} different filter "
            "states per page, each new to the cache (the four kinds: sectors, country and level, two partners, "
            "fiscal years; random year spans). DuckDB alone runs the same statements with the same parameters on "
            "one plain connection with the same thread count (1).",
            "",
            *lines,
            "",
            f"Investment page drawn in headless Chromium at {args.browser_size:,} rows (navigation to the fifth "
            f"chart drawn, fresh context, {len(drawn)} runs): median {statistics.median(drawn):.2f} s, "
            f"min {min(drawn):.2f} s, max {max(drawn):.2f} s (target 2 s).",
            "",
        ]
    )
    write_section(args.out, "## Dashboard", section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
