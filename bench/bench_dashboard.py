"""Dashboard benchmark: the server time of a filter change, against DuckDB alone on the same queries.

For each size (investment rows of the synthetic data, warehouse built once in
bench/work/), the Overview and Investment pages are redrawn for at least 20
different filter states, through the real Dash callback endpoint (the router
callback a URL change fires, JSON encoding of the figures and grids included),
each state new to the cache. Beside it: the same SQL statements the page ran,
with the same parameters, on a plain DuckDB connection with the same thread
count (no Polars, no figures, no JSON). Then the time until the Investment
page is drawn in headless Chromium, from navigation to the last chart.

With --query-files: every query file of dashboard/queries on its own, at the shipped warehouse
(data/raw) and the synthetic ones, in each way the filter bar can reach DuckDB (below), each answer
checked to be the same; a section of its own in RESULTS.md.

Usage: python bench/bench_dashboard.py [--sizes 10000,1000000,10000000] [--states 24]
       python bench/bench_dashboard.py --query-files [--sizes 1000000] [--states 10]
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
    is newer than the file, its SQL models included (the dashboard reads what the current ETL writes, and refuses
    an older schema)."""
    w = WORK / f"w-{rows}.duckdb"
    code = [p for folder in ("etl", "contract") for p in (ROOT / folder).rglob("*")
            if p.is_file() and p.suffix in (".py", ".sql")]  # fmt: skip
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

        from dashboard.warehouse_file import connect

        # Opened as the app opens it (with the filter bar's macros the statements read), one thread.
        self.raw = connect(str(w), "1GB", 1, attach_as="warehouse")
        dbmod.define_filters(self.raw)
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
    """Seconds from navigation until the Investment page's charts in the window (the first two; the others are
    drawn as they are scrolled to) are drawn, a fresh browser context each run. The page's Content-Security-Policy
    allows no eval, which a waiting predicate needs: the context bypasses it (the page's own scripts are hashed)."""
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
                ctx = b.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
                page = ctx.new_page()
                t0 = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/investment?lang=th&year_from={2000 + i}")
                page.wait_for_function(
                    "document.querySelectorAll('#iv-value .main-svg, #iv-projects .main-svg').length >= 2",
                    timeout=60_000,
                )
                if i:  # the first is a warm-up
                    times.append(time.perf_counter() - t0)
                ctx.close()
            b.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return times


# -- each query file in each form ------------------------------------------------------------------------------
#
# How the filter bar reaches DuckDB, three ways, each timed on every query file with the same parameters:
#   before   the query files as they were at --before: fragments after filter CTEs (the CTEs a query names,
#            found by regular expression in _filters.sql, glued in front of it);
#   macros   the files as they are: complete statements reading the table macros dashboard/db.py defines on
#            each connection when it opens (agreement_f(...) and the rest);
#   views    the same files with each macro call replaced by a view of the connection that reads the filter
#            values from DuckDB variables (SET VARIABLE for each, on the query's cursor, before it runs).

BEFORE = "36eee92"  # the last commit with the filter CTEs glued on by regular expression

VIEWS_SQL = """
CREATE VIEW partner_v AS
    SELECT * FROM partner_selection(countries := getvariable('countries'), levels := getvariable('levels'),
                                    partners := getvariable('partners'));
CREATE VIEW sector_v AS SELECT sector_code FROM sector_selection(sectors := getvariable('sectors'));
CREATE VIEW agreement_v AS
    SELECT a.*, filter_year(getvariable('fiscal'), a.signed_fiscal_year, a.signed_year) AS period_year
    FROM fact_agreement a
    WHERE a.partner_id IN (SELECT partner_id FROM partner_v)
      AND (getvariable('sectors') IS NULL OR a.agreement_id IN (
              SELECT agreement_id FROM bridge_agreement_sector WHERE sector_code IN (SELECT sector_code FROM sector_v)))
      AND period_year BETWEEN getvariable('year_from')::INTEGER AND getvariable('year_to')::INTEGER;
CREATE VIEW delegation_v AS
    SELECT d.*, filter_year(getvariable('fiscal'), d.start_fiscal_year, d.start_year) AS period_year
    FROM fact_delegation d
    WHERE d.partner_id IN (SELECT partner_id FROM partner_v)
      AND (getvariable('sectors') IS NULL OR d.delegation_id IN (
              SELECT delegation_id FROM bridge_delegation_sector WHERE sector_code IN (SELECT sector_code FROM sector_v)))
      AND period_year BETWEEN getvariable('year_from')::INTEGER AND getvariable('year_to')::INTEGER;
CREATE VIEW investment_v AS
    SELECT * FROM investment_figures(per := coalesce(getvariable('d_per'), 'series'),
                                     year_from := getvariable('year_from'), year_to := getvariable('year_to'),
                                     sectors := getvariable('sectors'), countries := getvariable('countries'),
                                     partners := getvariable('partners'), levels := getvariable('levels'));
"""
VIEW_VARIABLES = ("year_from", "year_to", "sectors", "countries", "partners", "levels", "fiscal", "d_per")


def before_text(name: str, rev: str) -> str:
    """queries/<name>.sql as it was at `rev`, with the filter CTEs it reads glued in front (the old way)."""
    import re

    def show(n):
        return subprocess.run(["git", "show", f"{rev}:dashboard/queries/{n}.sql"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout  # fmt: skip

    text = re.sub(r"^--[^\n]*\n", "", show("_filters"), flags=re.MULTILINE)
    starts = list(re.finditer(r"^(?:WITH )?([a-z_]+) AS \(", text, re.MULTILINE))
    blocks = {}
    for m, nxt in zip(starts, [*starts[1:], None], strict=True):
        block = text[m.start() : nxt.start() if nxt else len(text)].rstrip().removeprefix("WITH ").rstrip(",")
        blocks[m.group(1)] = block
    sql = show(name)
    needed, todo = set(), [sql]
    while todo:
        part = todo.pop()
        for cte, block in blocks.items():
            if cte not in needed and re.search(rf"\b{cte}\b", part):
                needed.add(cte)
                todo.append(block)
    if not needed:
        return sql
    return "WITH " + ",\n".join(b for c, b in blocks.items() if c in needed) + "\n" + sql


def views_text(sql: str) -> str:
    """A query file with its filter macro calls read from the views instead."""
    import re

    return re.sub(r"\b(agreement|delegation|partner|sector|investment)_f\([^()]*\)", r"\1_v", sql)


def query_file_params(w: Path, n: int, seed: int = 2) -> tuple[list[dict], dict]:
    """n filter states (each filter NULL or set, as the filter bar sets them) and the values of the
    dataset-specific parameters some files take."""
    con = duckdb.connect(str(w), read_only=True)
    sectors = [r[0] for r in con.sql("SELECT sector_code FROM dim_sector ORDER BY sector_code").fetchall()]
    partners = [r[0] for r in con.sql("SELECT partner_id FROM dim_partner WHERE country_code = 'JP' "
                                      "ORDER BY partner_id LIMIT 60").fetchall()]  # fmt: skip
    year = con.sql("SELECT max(year) FROM fact_investment").fetchall()[0][0]
    iso = con.sql("SELECT min(subdivision) FROM dim_partner WHERE level = 'local_government'").fetchall()[0][0]
    con.close()
    rng = random.Random(seed)
    levels = ["local_government", "agency", "company", "national_government"]
    states = []
    for i in range(n):
        y0 = rng.randint(1995, 2020)
        s = {"year_from": y0, "year_to": rng.randint(y0, 2025), "sectors": None, "countries": None, "partners": None,
             "levels": None, "fiscal": False}  # fmt: skip
        kind = i % 5
        if kind == 0:
            s["sectors"] = rng.sample(sectors, rng.randint(1, 3))
        elif kind == 1:
            s["countries"], s["levels"] = ["JP"], [rng.choice(levels)]
        elif kind == 2:
            s["partners"] = rng.sample(partners, 2)
        elif kind == 3:
            s["fiscal"] = True
        states.append(s)
    extra = {"limit": 200, "th": True, "d_year": year, "d_stage": "application", "d_ids": [1, 2, 3],
             "span_from": year, "span_to": year, "span_rows": 1000, "span_skip": 0, "id": partners[0],
             "iso": iso}  # fmt: skip
    return states, extra


def query_file_timings(w: Path, states: list[dict], extra: dict, rev: str, rounds: int = 3) -> dict:
    """{file: {form: [ms, ...]}}: each file, each state, in the three forms in turn (rounds times), each answer
    the same in every form."""
    from dashboard import db
    from dashboard.warehouse_file import connect

    names = sorted(p.stem for p in db.QUERIES.glob("*.sql") if not p.stem.startswith("_"))
    before = connect(str(w), "1GB", 1, attach_as="warehouse")
    before.execute("USE warehouse")
    macros = connect(str(w), "1GB", 1, attach_as="warehouse")
    db.define_filters(macros)
    views = connect(str(w), "1GB", 1, attach_as="warehouse")
    db.define_filters(views)  # filter_year, which the views read too
    views.execute("SET search_path = 'memory.main,warehouse.main'")
    views.execute(VIEWS_SQL)

    def run(con, setup, sql, params, variables=None):
        t0 = time.perf_counter()
        cur = con.cursor()
        cur.execute(setup)
        for k, v in (variables or {}).items():
            cur.execute(f"SET VARIABLE {k} = $v", {"v": v})
        used = db.parameter_names(sql)
        frame = cur.sql(sql, params={k: v for k, v in params.items() if k in used}).pl()
        cur.close()
        return (time.perf_counter() - t0) * 1000, frame

    out = {}
    for name in names:
        texts = {"before": before_text(name, rev), "macros": db.sql_text(name)}
        texts["views"] = views_text(texts["macros"])
        uses_filters = texts["views"] != texts["macros"]
        out[name] = {"before": [], "macros": [], "views": []}
        for s in states:
            params = {"d_per": None, **extra, **s}
            given = {
                k: params.get(k) for k in db.parameter_names(texts["macros"]) | db.parameter_names(texts["before"])
            }
            variables = {k: params.get(k) for k in VIEW_VARIABLES} if uses_filters else {}
            answers = {}
            for r in range(rounds + 1):
                for form in ["before", "macros", "views"] if r % 2 else ["views", "macros", "before"]:
                    if form == "before":
                        ms, frame = run(before, "USE warehouse", texts[form], given)
                    elif form == "macros":
                        ms, frame = run(macros, db.SEARCH_PATH, texts[form], given)
                    else:
                        ms, frame = run(views, "SET search_path = 'warehouse.main,memory.main'", texts[form], given,
                                        variables)  # fmt: skip
                    if r:  # the first round warms up
                        out[name][form].append(ms)
                    answers[form] = frame
            assert answers["macros"].equals(answers["before"]), f"{name}: the answer differs from before ({s})"
            assert answers["views"].equals(answers["before"]), f"{name}: the views' answer differs ({s})"
    for con in (before, macros, views):
        con.close()
    return out


def query_files_main(args) -> int:
    sizes = [("shipped (data/raw)", None)] + [(f"{int(s):,} rows", int(s)) for s in args.sizes.split(",")]
    tables = []
    for label, rows in sizes:
        if rows is None:
            from etl.build import build

            w = WORK / "w-shipped.duckdb"
            print("  building the shipped warehouse ...", flush=True)
            build(ROOT / "data" / "raw", w, say=lambda m: None)
        else:
            w = ensure_warehouse(rows)
        states, extra = query_file_params(w, args.states)
        timings = query_file_timings(w, states, extra, args.before)
        lines = [f"### {label}", "",
                 "| query file | before (CTEs glued on) | table macros | views + variables |", "|---|---:|---:|---:|"]  # fmt: skip
        med = {f: [] for f in ("before", "macros", "views")}
        for name, forms in timings.items():
            m = {f: statistics.median(v) for f, v in forms.items()}
            for f in med:
                med[f].append(m[f])
            lines.append(f"| {name} | {m['before']:.1f} ms | {m['macros']:.1f} ms | {m['views']:.1f} ms |")
        every = {f: statistics.median([x for v in timings.values() for x in v[f]]) for f in med}
        lines.append(f"| **sum of the medians** | {sum(med['before']):.0f} ms | {sum(med['macros']):.0f} ms | "
                     f"{sum(med['views']):.0f} ms |")  # fmt: skip
        lines.append(f"| **median of every run** | {every['before']:.1f} ms | {every['macros']:.1f} ms | "
                     f"{every['views']:.1f} ms |")  # fmt: skip
        tables += [*lines, ""]
        print("\n".join(lines), flush=True)
    section = "\n".join(
        [
            "## Dashboard query files",
            "",
            f"Measured {dt.date.today().isoformat()} on {machine()}; `python bench/bench_dashboard.py --query-files "
            f"--sizes {args.sizes} --states {args.states}`. Each query file of dashboard/queries with {args.states} "
            "filter states (sectors; country and level; two partners; fiscal years; none; random year spans), "
            "each state 3 times in each form (after one warm-up), forms taking turns, one DuckDB thread, on a "
            "cursor of its own as the dashboard runs them (the time includes the cursor, its setup and the "
            "Polars frame). Medians in milliseconds. The machine is shared (2 cores): single figures are "
            "noisy. Every answer is checked to be the same in the three forms.",
            "",
            f"- before: the files as at {args.before}, the filter CTEs they read glued in front by regular expression;",
            "- table macros (shipped): complete statements reading agreement_f(...) and the rest, the table "
            "macros dashboard/db.py defines on each connection when it opens;",
            "- views + variables: the same statements reading views of the connection whose filter values are "
            "DuckDB variables, set on the query's cursor before it runs (one SET VARIABLE per filter).",
            "",
            *tables,
        ]
    )
    write_section(args.out, "## Dashboard query files", section)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,1000000,10000000")
    ap.add_argument("--states", type=int, default=24)
    ap.add_argument("--browser-size", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--query-files", action="store_true", help="time each query file in each form (see above)")
    ap.add_argument("--before", default=BEFORE, help="the commit whose query files the filters were glued onto")
    args = ap.parse_args(argv)
    if args.query_files:
        return query_files_main(args)
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
            f"Investment page drawn in headless Chromium at {args.browser_size:,} rows (navigation to the charts in "
            f"the window drawn, the first two of six, fresh context, {len(drawn)} runs; `bench/bench_pages.py` times "
            f"every page the way an analyst meets it): median {statistics.median(drawn):.2f} s, "
            f"min {min(drawn):.2f} s, max {max(drawn):.2f} s (target 2 s).",
            "",
        ]
    )
    write_section(args.out, "## Dashboard", section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
