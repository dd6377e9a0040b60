"""The browse page's server time (/sql/browse/<name>) on a large warehouse, beside DuckDB alone.

Each URL state is drawn through the real Dash router endpoint (the request a browser sends when the URL
changes), so the time holds reading the URL, the two statements in the SQL worker (rows; count and facets)
and building the page. The first draw of a table also counts its columns' distinct values (kept for the
load); it is reported apart as "first". DuckDB alone runs the same two statements on its own connection.

    python -m bench.bench_browse --warehouse /tmp/w1m.duckdb [--rounds 7]    (the URL states name fact_investment's columns)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qsl

ROOT = Path(__file__).resolve().parents[1]
STATES = [
    "",
    "stage=approval",
    "stage=approval&year__gte=2015&_sort_desc=value_thb_million",
    "partner_id__not=jp&is_full_year=true&_sort=year",
    "source_url__contains=boi&_page=3",
    "_sort_desc=value_thb_million&_page=200",
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--warehouse", required=True)
    ap.add_argument("--table", default="fact_investment")
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args(argv)
    os.environ.setdefault("DASHBOARD_AUTH_DIR", tempfile.mkdtemp(prefix="bench-browse-auth-"))
    sys.path.insert(0, str(ROOT))

    import duckdb

    from dashboard import context
    from dashboard.app import create_app, page_request
    from dashboard.browse import answer, catalogue, facet_columns, parse, rows_sql, stats_sql
    from dashboard.settings import load

    app = create_app(load(warehouse=args.warehouse, log_requests=0))
    c = app.server.test_client()
    c.environ_base["REMOTE_ADDR"] = "127.0.0.1"
    c.get("/api/health")
    path = f"/sql/browse/{args.table}"

    def draw(search: str) -> float:
        start = time.perf_counter()
        r = c.post("/_dash-update-component", json=page_request(app, path, "?" + search))
        ms = (time.perf_counter() - start) * 1000
        body = r.get_data(as_text=True)
        if r.status_code != 200 or "browse-grid" not in body:
            raise SystemExit(f"{path}?{search}: {r.status_code} {body[:300]}")
        return ms

    first = draw("")
    con = duckdb.connect(args.warehouse, read_only=True)
    print(
        f"{args.table}: {con.execute(f'SELECT count(*) FROM {args.table}').fetchone()[0]:,} rows; first draw {first:,.0f} ms"
    )
    print(f"{'URL state':62} {'page median':>12} {'p max':>8} {'DuckDB alone':>13}")
    pages, alone = [], []
    for search in STATES:
        times = [draw(search) for _ in range(args.rounds)]
        with app.server.test_request_context(path):
            relation = catalogue(context.get().warehouse)[args.table]
            b = parse(relation, parse_qsl(search))
            statements = [rows_sql(b), stats_sql(b, facet_columns(relation))]
            answer(b)
        direct = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            for sql in statements:
                con.execute(sql).fetchall()
            direct.append((time.perf_counter() - start) * 1000)
        pages.append(statistics.median(times))
        alone.append(statistics.median(direct))
        print(f"{(search or '(no filter)'):62} {pages[-1]:>9,.0f} ms {max(times):>5,.0f} ms {alone[-1]:>10,.0f} ms")
    print(
        f"median over the states: page {statistics.median(pages):,.0f} ms, DuckDB alone {statistics.median(alone):,.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
