"""Pages in the browser: how soon each page is usable, cold, as the next page of a visit, and after a filter change.

For each size (investment rows of the synthetic data, the warehouse built as bench_dashboard.py builds it),
the development server serves the warehouse and headless Chromium (Debian's, through playwright, with scroll bars
shown as a desktop browser shows them) opens every page (overview, agreements, delegations, investment, partners, data, sql):

- cold: a fresh browser context (empty cache) opens the page's URL. Usable = the page's main element is
  there (`main.page-<name>`), every chart in the 1366 x 900 window has drawn (each `<figure>` whose
  drawing area is there holds its SVG, no graph there pending; a chart below the fold is drawn when it is
  scrolled near, as dashboard/assets/lazy-charts.js does), every records grid in the window has drawn
  (holds its `.ag-root`; a grid below the fold is drawn when it comes near), no callback is
  in flight, and neither the network nor the page's DOM changed for 0.5 s; the time reported is the last
  network answer or DOM change before that quiet, from navigation start. Beside it, its breakdown: scripts
  done (DOMContentLoaded: Dash's scripts are plain script tags), the page answered (the end of the last
  callback answer, or of the page shell that brings the first page, before the charts drew) and the charts
  drawn (the first animation frame with every chart in the window drawn), and the bytes on the wire
  (transfer sizes of the document and every resource).
- next page: in one visit per run, a click on the navigation link of the page, from the page before it in
  the list (the overview from the SQL page), until it is usable as above.
- filter change: on the page, usable, the URL changes to another filter state as the filter bar's callback
  changes it (history.pushState and Dash's own `_dashprivate_pushstate` event, the event dcc.Link sends),
  until it is usable again; each state new to the server's caches. The filter bar's own round trip (the
  dropdown's value to the URL, a callback that reads no data) is not included.

Floor: a static HTML page holding the same plotly.js and the figures the page drew in its window (from the
router callback's answer for that view, taken from the server), served compressed by a plain local HTTP
server, opened cold and measured
the same way (once per page, after the warm-up run): what drawing these charts costs in this browser with no
Dash, no grid and no queries.

Each figure is the median of --runs runs (the first run of each kind a warm-up, not counted).

Usage: python bench/bench_pages.py [--sizes 10000,1000000] [--runs 5] [--pages overview,investment]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import http.server
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

from bench_dashboard import CHROMIUM_ARGS, ensure_warehouse  # noqa: E402
from bench_etl import WORK, machine, write_section  # noqa: E402

PAGES = {
    "overview": "/",
    "agreements": "/agreements",
    "delegations": "/delegations",
    "investment": "/investment",
    "partners": "/partners",
    "data": "/data",
    "sql": "/sql",
}
QUIET_MS = 500  # no network answer and no DOM change for this long: the page has settled

# Installed before any script of the page: counts fetches in flight (Dash's callbacks go through fetch),
# notes the time of the last answer and of the last DOM change, and each animation frame checks whether
# every chart has drawn.
PROBE = """
(() => {
  const m = window.__probe = {pending: 0, lastNet: 0, lastMut: 0, fetches: [], drawnAt: null,
                              target: 'main.page', after: 0, lastStart: 0, needFetch: false};
  const plain = window.fetch;
  window.fetch = function (input, init) {
    const url = String((input && input.url) || input), t0 = performance.now();
    m.pending++; m.lastStart = t0;
    return plain.apply(this, arguments).then(async (r) => {
      const copy = r.clone();
      try { await copy.arrayBuffer(); } catch (e) {}
      const t1 = performance.now();
      m.pending--; m.lastNet = t1; m.fetches.push([url, t0, t1]);
      return r;
    }, (e) => { m.pending--; m.lastNet = performance.now(); throw e; });
  };
  new MutationObserver(() => { m.lastMut = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  const inView = (el) => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; };
  // A chart is in the window when its drawing area is (not merely its card's title or border).
  const chartInView = (f) => inView(f.querySelector('.dash-graph, .js-plotly-plot') || f);
  const frame = () => {
    // Every chart is a <figure>: drawn when it holds plotly's SVG and its graph is no longer pending, each
    // one in the window (a chart below the fold is drawn when it is scrolled near); every records grid in the
    // window (an element with an id and an AG Grid theme) drawn when it holds the grid's root, or is a grid
    // with no columns yet (the SQL page before its first answer: the grid loader's empty stand-in).
    // Checked only while the page is not yet drawn, the cheap conditions first: measuring every figure's box
    // in every frame would force a layout the page itself does not ask for and slow what is measured.
    const main = m.drawnAt === null && !m.pending && document.querySelector(m.target);
    const figures = main ? [...main.querySelectorAll('figure')].filter(chartInView) : [];
    if (main && (!m.needFetch || m.lastStart >= m.after)
        && !document.querySelector('[data-dash-is-loading="true"]')
        && ![...document.querySelectorAll('[data-grid-loading]')].some(inView)
        && ![...document.querySelectorAll('.dash-graph--pending')].some(inView)
        && figures.every((f) => f.querySelector('.js-plotly-plot .main-svg'))
        && [...document.querySelectorAll('[id][class^="ag-theme-"]')].filter(inView)
          .every((g) => g.querySelector('.ag-root') || g.hasAttribute('data-grid-empty'))) {
      m.drawnAt = performance.now();
      m.drawnIds = figures.map((f) => f.id.replace(/-card$/, ''));
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
"""

STATE = """
(sel) => {
  const m = window.__probe;
  const res = performance.getEntriesByType('resource');
  const lastRes = res.reduce((a, r) => Math.max(a, r.responseEnd), 0);
  return {
    now: performance.now(), pending: m.pending, lastNet: Math.max(m.lastNet, lastRes), lastMut: m.lastMut,
    drawnAt: m.drawnAt, ready: !!document.querySelector(sel) && m.drawnAt !== null,
    loading: !!document.querySelector('[data-dash-is-loading="true"]'),
  };
}
"""

# Before a click or a URL change: the page to wait for, and a callback that must start after now.
ARM = """
(target) => {
  const m = window.__probe;
  m.target = target; m.drawnAt = null; m.needFetch = true; m.after = performance.now();
  return m.after;
}
"""

BREAKDOWN = """
(since) => {
  const m = window.__probe;
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const answered = m.fetches.filter((f) => /_dash-update-component|_dash-layout/.test(f[0]) && f[2] <= m.drawnAt
                                         && f[1] >= since).reduce((a, f) => Math.max(a, f[2]), 0);
  const bytes = res.filter((r) => r.startTime >= since).reduce((a, r) => a + (r.transferSize || 0), 0) + (since ? 0 : (nav.transferSize || 0));
  return {scripts: nav.domContentLoadedEventEnd, answered: answered, drawn: m.drawnAt, bytes: bytes,
          charts: m.drawnIds || [],
          callbacks: m.fetches.filter((f) => f[0].includes('_dash-update-component') && f[1] >= since).length};
}
"""


def settle(page, selector: str, since: float, timeout_s: float = 60.0) -> float:
    """Wait until the page is usable (see the module's docstring) -> ms from navigation start to the last
    network answer or DOM change before the quiet."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        s = page.evaluate(STATE, selector)
        last = max(s["lastNet"], s["lastMut"], s["drawnAt"] or 0)
        if s["ready"] and not s["pending"] and not s["loading"] and s["now"] - last >= QUIET_MS:
            return last - since
        time.sleep(0.1)
    raise TimeoutError(f"{page.url}: not usable after {timeout_s:g} s ({s})")


def start_server(w: Path) -> tuple[subprocess.Popen, int]:
    from tests.dashboard.conftest import free_port

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "--warehouse", str(w), "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    time.sleep(8)  # the development server compresses the first page's scripts at their smallest as it starts
    return proc, port


def new_page(browser):
    ctx = browser.new_context(viewport={"width": 1366, "height": 900})
    ctx.add_init_script(PROBE)
    return ctx, ctx.new_page()


def state(i: int) -> str:
    """The i-th filter state of a run: a year span and language, each new to the server."""
    return f"?lang={'th' if i % 2 else 'en'}&year_from={1996 + i}&year_to={2030 - i % 7}"


def cold(browser, base: str, name: str, query: str) -> dict:
    ctx, page = new_page(browser)
    try:
        page.goto(base + PAGES[name] + query)
        usable = settle(page, f"main.page-{name}", 0)
        return {"usable": usable, **page.evaluate(BREAKDOWN, 0)}
    finally:
        ctx.close()


def arm(page, name: str) -> float:
    return page.evaluate(ARM, f"main.page-{name}")


def redraw(page, name: str, since: float) -> dict:
    """After a click or a URL change armed at `since`: the page usable again -> its figures, from `since`."""
    usable = settle(page, f"main.page-{name}", since)
    b = page.evaluate(BREAKDOWN, since)
    assert b["callbacks"] >= 1, f"{name}: no callback was sent"
    return {"usable": usable, "answered": b["answered"] - since if b["answered"] else 0,
            "drawn": b["drawn"] - since, "bytes": b["bytes"]}  # fmt: skip


def push(page, query: str) -> None:
    """The URL's query changed as the filter bar's callback changes it."""
    page.evaluate(
        """(q) => { window.history.pushState({}, '', window.location.pathname + q);
                   window.dispatchEvent(new CustomEvent('_dashprivate_pushstate')); }""",
        query,
    )


def visit(browser, base: str, names: list[str], query: str, run: int) -> tuple[dict, dict]:
    """One visit: the first page of `names` opened cold, then each page after it (and the first again at the
    end) by its navigation link -> {page: next page figures}, {page: filter change figures}. On each page,
    after it is usable, a filter change to a state new to the server, then back to `query` (not counted),
    so the next page is opened on the same view."""
    ctx, page = new_page(browser)
    nexts, filters = {}, {}
    try:
        page.goto(base + PAGES[names[0]] + query)
        settle(page, f"main.page-{names[0]}", 0)
        for k, name in enumerate([*names[1:], names[0]]):
            since = arm(page, name)
            page.click(f"#nav-{name}")
            nexts[name] = redraw(page, name, since)
            since = arm(page, name)
            push(page, state(run * 10 + k))
            filters[name] = redraw(page, name, since)
            since = arm(page, name)
            push(page, query)
            redraw(page, name, since)
        return nexts, filters
    finally:
        ctx.close()


# -- the floor: the same figures on a static page ---------------------------------------------------------


def figures_of(base: str, path: str, query: str) -> list[dict]:
    """The figures the router callback answers for this view (the same JSON the page draws)."""
    deps = json.load(urllib.request.urlopen(base + "/_dash-dependencies"))
    from dashboard.app import router_request

    body = json.dumps(router_request([d["output"] for d in deps], path, query)).encode()
    req = urllib.request.Request(
        base + "/_dash-update-component", body, {"Content-Type": "application/json"}, method="POST"
    )
    answer = json.load(urllib.request.urlopen(req))
    out = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "Graph" and isinstance(node.get("props"), dict):
                out.append(node["props"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(answer)
    return out


def floor_page(base: str, name: str, query: str, folder: Path, charts: list[str]) -> str | None:
    """Write the static page for `name` with the figures of `charts` (those the page drew in its window)
    -> its file name, or None for a page without charts."""
    graphs = [g for g in figures_of(base, PAGES[name], query) if g.get("id") in charts]
    if not graphs:
        return None
    index = urllib.request.urlopen(base + "/").read().decode()
    plotly = next(p for p in index.split('"') if "plotly-dashboard" in p and p.endswith(tuple("0123456789")))
    divs = "\n".join(f'<div id="g{i}" style="height:{g.get("style", {}).get("height", "360px")}"></div>'
                     for i, g in enumerate(graphs))  # fmt: skip
    calls = "\n".join(
        f"Plotly.newPlot('g{i}', {json.dumps(g.get('figure', {}).get('data', []))}, "
        f"{json.dumps(g.get('figure', {}).get('layout', {}))}, {json.dumps(g.get('config', {}))});"
        for i, g in enumerate(graphs)
    )
    html = (f'<!doctype html><html><head><meta charset="utf-8"><script src="{base}{plotly}"></script></head>'
            f'<body><main class="page page-{name}" style="display:grid;grid-template-columns:1fr 1fr">{divs}'
            f"</main><script>{calls}</script></body></html>")  # fmt: skip
    (folder / f"{name}.html").write_text(html, encoding="utf-8")
    return f"{name}.html"


def serve_folder(folder: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(folder), **kw)

        def log_message(self, *a):
            pass

        def do_GET(self):
            path = folder / self.path.lstrip("/").split("?")[0]
            if not path.is_file():
                self.send_error(404)
                return
            data = path.read_bytes()
            body = gzip.compress(data, 6)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def floor_cold(browser, url: str, name: str) -> dict:
    ctx, page = new_page(browser)
    try:
        page.goto(url)
        usable = settle(page, f"main.page-{name}", 0)
        return {"usable": usable, **page.evaluate(BREAKDOWN, 0)}
    finally:
        ctx.close()


# -- the runs ---------------------------------------------------------------------------------------------


def med(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def measure(w: Path, runs: int, pages: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    proc, port = start_server(w)
    base = f"http://127.0.0.1:{port}"
    out: dict[str, dict] = {name: {"cold": [], "next": [], "filter": [], "floor": []} for name in pages}
    folder = WORK / "floor"
    folder.mkdir(exist_ok=True)
    static, static_port = serve_folder(folder)
    try:
        with sync_playwright() as p:
            # As an analyst's browser draws the page: with scroll bars (headless Chromium hides them by default,
            # and a grid then runs its hidden-scroll-bar timers, changing the page 0.5 s after it is drawn).
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, ignore_default_args=["--hide-scrollbars"]
            )
            for run in range(runs + 1):  # the first run warms the browser's and the server's own start-up
                for name in pages:
                    c = cold(browser, base, name, "?lang=th")
                    floor = run == 1 and floor_page(base, name, "?lang=th", folder, c["charts"])
                    fl = floor and floor_cold(browser, f"http://127.0.0.1:{static_port}/{floor}", name)
                    if run:
                        out[name]["cold"].append(c)
                        if fl:
                            out[name]["floor"].append(fl)
                nexts, filters = visit(browser, base, pages, "?lang=th", run)
                if run:
                    for name in pages:
                        out[name]["next"].append(nexts[name])
                        out[name]["filter"].append(filters[name])
                print(f"  run {run}: " + ", ".join(f"{n} {out[n]['cold'][-1]['usable']:.0f}/{nexts[n]['usable']:.0f}/"
                                                   f"{filters[n]['usable']:.0f} ms" for n in pages if run),
                      flush=True)  # fmt: skip
            browser.close()
    finally:
        static.shutdown()
        proc.terminate()
        proc.wait(timeout=10)
    for name, r in out.items():
        c, n, fc = r["cold"], r["next"], r["filter"]
        fl = f"{med(r['floor'], 'usable'):.0f} ms" if r["floor"] else "-"
        print(f"  {name:12} cold {med(c, 'usable'):6.0f} ms (scripts {med(c, 'scripts'):.0f}, answered "
              f"{med(c, 'answered'):.0f}, drawn {med(c, 'drawn'):.0f}, {med(c, 'bytes') / 1024:.0f} KB; "
              f"floor {fl})  next {med(n, 'usable'):5.0f} ms (answered {med(n, 'answered'):.0f}, drawn "
              f"{med(n, 'drawn'):.0f})  filter {med(fc, 'usable'):5.0f} ms (answered {med(fc, 'answered'):.0f}, "
              f"drawn {med(fc, 'drawn'):.0f})", flush=True)  # fmt: skip
    return out


def table(results: dict[int, dict]) -> list[str]:
    lines = [
        "| investment rows | page | cold: usable | scripts done | page answered | charts in view drawn "
        "| on the wire | floor (static page, the same charts) | next page | filter change |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, pages in results.items():
        for name, r in pages.items():
            c = r["cold"]
            fl = f"{med(r['floor'], 'usable') / 1000:.2f} s" if r["floor"] else "-"
            lines.append(
                f"| {n:,} | {name} | {med(c, 'usable') / 1000:.2f} s | {med(c, 'scripts') / 1000:.2f} s | "
                f"{med(c, 'answered') / 1000:.2f} s | {med(c, 'drawn') / 1000:.2f} s | "
                f"{med(c, 'bytes') / 1024:,.0f} KB | {fl} | {med(r['next'], 'usable') / 1000:.2f} s | "
                f"{med(r['filter'], 'usable') / 1000:.2f} s |"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,1000000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pages", default=",".join(PAGES))
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--json", type=Path, help="also write every run's figures here")
    args = ap.parse_args(argv)
    pages = args.pages.split(",")
    results = {}
    for n in [int(s) for s in args.sizes.split(",")]:
        print(f"size {n:,}", flush=True)
        results[n] = measure(ensure_warehouse(n), args.runs, pages)
    if args.json:
        args.json.write_text(json.dumps({str(k): v for k, v in results.items()}, indent=1))
    section = "\n".join(
        [
            "## Dashboard pages in the browser",
            "",
            f"Measured {dt.date.today().isoformat()} on {machine()}; `python bench/bench_pages.py` (headless "
            f"Chromium 1366x900 showing scroll bars as a desktop browser does, the development server; medians of "
            f"{args.runs} runs after a warm-up). Usable: the "
            "charts in the window drawn (a chart or grid below the fold is drawn when it is scrolled near), no callback "
            "in flight, and neither network nor DOM changed for 0.5 s (the time "
            "of the last change). Cold: a fresh browser context opens the page (the default view in Thai, "
            "`?lang=th`). Next page: a click on the page's link in the navigation from another page of the same "
            "visit. Filter change: another year span and language, each new to the server's caches. Floor: a "
            "static HTML page with the same plotly.js and the figures the page drew in its window, served "
            "gzip-compressed, opened cold. "
            "Target: cold 1.0 s, next page 0.4 s, filter change 0.3 s.",
            "",
            *table(results),
            "",
        ]
    )
    write_section(args.out, "## Dashboard pages in the browser", section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
