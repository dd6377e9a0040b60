"""Ad-hoc SQL under load: 20 users run heavy SQL while 30 view pages, on gunicorn as served in
production (two workers of eight threads). Pages stay fast (p95 under 1 s on 2 cores): the SQL
worker runs at a lower CPU priority, one query at a time per dashboard process, users in turn,
and a waiting query holds a server thread for a bounded time."""

from __future__ import annotations

import http.client
import json
import os
import random
import statistics
import threading
import time
import urllib.request

import pytest

from dashboard.app import router_request
from tests.dashboard.conftest import gunicorn

SQL_USERS, VIEWERS, SECONDS = 20, 30, 40
HEAVY = [
    "SELECT count(*) AS n FROM range(6000000) a, range(4) b WHERE (a.range + b.range) % 7 = 1",
    "SELECT a.range % 1000 AS k, count(*) AS n FROM range(8000000) a GROUP BY ALL ORDER BY n DESC LIMIT 5",
    "SELECT count(*) FROM agreements a, agreements b, range(300000) r WHERE a.agreement_id < b.agreement_id",
]
PAGES = ["/", "/agreements", "/delegations", "/investment", "/partners", "/data"]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def ask(port: int, method: str, path: str, body: bytes | None = None, source: str = "127.0.0.1") -> tuple[int, dict]:
    status, headers, _text = answer(port, method, path, body, source)
    return status, headers


def answer(
    port: int, method: str, path: str, body: bytes | None = None, source: str = "127.0.0.1"
) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    try:
        headers = {"Content-Type": "application/json"} if body else {}
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        text = r.read()
        return r.status, dict(r.getheaders()), text
    finally:
        conn.close()


@pytest.mark.slow
def test_pages_stay_fast_while_twenty_users_run_heavy_sql(mixed_warehouse, tmp_path):
    log = tmp_path / "gunicorn.log"
    base, server = gunicorn(mixed_warehouse, log)
    port = int(base.rsplit(":", 1)[1])
    try:
        with urllib.request.urlopen(base + "/_dash-dependencies", timeout=10) as r:
            outputs = [d["output"] for d in json.loads(r.read())]
        for path in PAGES:  # each process's cache warm, as after any first visit
            for _ in range(2):
                ask(port, "POST", "/_dash-update-component", json.dumps(router_request(outputs, path, "")).encode())

        lock = threading.Lock()
        page_times: list[float] = []
        sql: dict[str, list] = {"ok": [], "busy": [], "stopped": [], "other": []}
        errors: list[str] = []
        stop = time.monotonic() + SECONDS

        def viewer(seed: int) -> None:
            rng = random.Random(seed)
            time.sleep(rng.uniform(0, 2))
            while time.monotonic() < stop:
                path = rng.choice(PAGES)
                t0 = time.perf_counter()
                s1, _ = ask(port, "GET", path)
                s2, _ = ask(
                    port, "POST", "/_dash-update-component", json.dumps(router_request(outputs, path, "")).encode()
                )
                with lock:
                    page_times.append(time.perf_counter() - t0)
                    if (s1, s2) != (200, 200):
                        errors.append(f"{path}: {s1} {s2}")
                time.sleep(rng.uniform(0.5, 2))

        def analyst(i: int) -> None:
            rng = random.Random(1000 + i)
            source = f"127.0.0.{10 + i}"
            time.sleep(rng.uniform(0, 1))
            while time.monotonic() < stop:
                query = urllib.request.quote(rng.choice(HEAVY))
                t0 = time.perf_counter()
                status, headers, text = answer(port, "GET", f"/api/sql?sql={query}", source=source)
                took = time.perf_counter() - t0
                # A heavy query stopped at its time limit is an answer the product gives by design (on a
                # machine busy with other work the heaviest of these can reach it); anything else is an error.
                stopped = status == 400 and b"the time limit (setting sql_timeout_s)" in text
                with lock:
                    kind = "ok" if status == 200 else "busy" if status == 503 else "stopped" if stopped else "other"
                    sql[kind].append(took)
                    if kind == "other":
                        errors.append(f"sql {status}: {text[:200]!r}")
                time.sleep(float(headers.get("Retry-After", 0)) if status == 503 else rng.uniform(0, 0.5))

        threads = [threading.Thread(target=viewer, args=(i,)) for i in range(VIEWERS)]
        threads += [threading.Thread(target=analyst, args=(i,)) for i in range(SQL_USERS)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        server.terminate()
        server.wait(timeout=20)

    answered = sql["ok"] + sql["busy"]
    print(
        f"\n{VIEWERS} viewers, {SQL_USERS} SQL users, {SECONDS} s, gunicorn -w 2 --threads 8, {os.cpu_count()} cores: "
        f"pages {len(page_times)}, median {statistics.median(page_times) * 1000:.0f} ms, "
        f"p95 {p95(page_times) * 1000:.0f} ms, max {max(page_times) * 1000:.0f} ms; "
        f"SQL answered {len(sql['ok'])} (median {statistics.median(sql['ok'] or [0]):.2f} s), "
        f"busy {len(sql['busy'])} (p95 wait {p95(sql['busy'] or [0]):.2f} s), stopped at the time limit "
        f"{len(sql['stopped'])}, longest SQL request "
        f"{max(answered or [0]):.2f} s; errors {len(errors)} {errors[:5]}"
    )
    assert not errors
    assert sql["ok"], "no heavy query was answered"
    assert p95(page_times) < 1.0
