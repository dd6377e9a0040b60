"""create_app(settings) -> the Dash app; `dashboard.wsgi:server` for gunicorn.

Every page is a function of its URL (`layout(**query)`): the filter bar writes
the URL, and the URL redraws the page, so a copied link, back and forward
reopen the same view.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import queue
import re
import threading
import time
from html import escape
from pathlib import Path

import dash
from dash import Dash, Input, Output, State, dcc, html
from flask import Flask, Response, g, jsonify, request

from contract.datasets import DATASETS
from dashboard import context, router, views
from dashboard.auth import register_auth
from dashboard.browse import PATH as BROWSE_PATH
from dashboard.browse import register_browse_routes
from dashboard.components import choice_options, partner_options, view_lang
from dashboard.db import Warehouse, WarehouseError
from dashboard.export.routes import register_export_routes
from dashboard.i18n import t
from dashboard.i18n.widgets import PLOTLY_TH
from dashboard.security import secure
from dashboard.settings import Settings, load
from dashboard.sql.api import register_sql_routes

HERE = Path(__file__).resolve().parent
# What /health counts: the datasets the contract marks, and the rows the last build rejected.
COUNTS = {**{name: d.table for name, d in DATASETS.items() if d.counted}, "rejects": "etl_reject"}


def health(w: Warehouse) -> tuple[dict, int]:
    try:
        meta = w.meta
        counts = {
            name: int(w.query(f"SELECT count(*) AS n FROM {table}", name=f"count {table}")["n"][0])
            for name, table in COUNTS.items()
        }
    except WarehouseError as e:
        return {"status": "error", "error": str(e)}, 503
    return {
        "status": "ok",
        "warehouse": {
            "file": Path(w.path).name,  # the name only: the server's folders are nobody's business
            "schema_version": meta.get("schema_version"),
            "data_as_of": meta.get("data_as_of"),
            "synthetic": meta.get("synthetic") == "true",
            "load_id": meta.get("load_id"),
            "rows": counts,
        },
    }, 200


def page_request(app: Dash, pathname: str, search: str) -> dict:
    """The callback request a browser sends when the URL changes (for tests and benchmarks
    that redraw a page through the real Dash endpoint, POST /_dash-update-component)."""
    return router_request(list(app.callback_map), pathname, search)


def router_request(outputs: list[str], pathname: str, search: str) -> dict:
    """The same, given the callbacks' output keys (app.callback_map, or "output" of /_dash-dependencies)."""
    key = next(k for k in outputs if "_pages_content.children" in k)
    return {
        "output": key,
        "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in key.strip(".").split("...")],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.search"],
        "state": [{"id": router.DRAWN, "property": "data", "value": None}],
    }


LOG = logging.getLogger("dashboard")  # its lines: dashboard.requests, dashboard.warehouse (a new build served)
REQUEST_LOG = logging.getLogger("dashboard.requests")


def log_to_stderr() -> None:
    """The dashboard's own lines to stderr, with time and process, unless the host set up logging."""
    if not logging.getLogger().handlers and not LOG.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s [%(process)d] %(message)s"))
        LOG.addHandler(handler)
        LOG.propagate = False
    LOG.setLevel(logging.INFO)


def log_requests(server: Flask) -> None:
    """One line per request: method, path with query, status, bytes and milliseconds."""
    REQUEST_LOG.setLevel(logging.INFO)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the development server's own line says less

    @server.before_request
    def started():
        g.started = time.perf_counter()

    @server.after_request
    def finished(response):
        ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        REQUEST_LOG.info(
            "%s %s %s %s %.1f ms",
            request.method,
            request.full_path.rstrip("?"),
            response.status_code,
            (response.calculate_content_length() if not response.is_streamed else None) or "-",
            ms,
        )
        return response


def compress(server: Flask) -> None:
    """Answers compressed for browsers that take it (zstd, brotli or gzip, in that order of preference):
    pages, scripts, styles, callbacks' JSON, SVG, CSV; streamed exports compressed as they stream.
    Images, workbooks and decks are compressed formats already and go as they are."""
    from flask_compress import Compress

    server.config.update(
        COMPRESS_ALGORITHM=["zstd", "br", "gzip"],
        COMPRESS_ALGORITHM_STREAMING=["zstd", "br", "gzip"],
        COMPRESS_BR_LEVEL=4,
        COMPRESS_MIMETYPES=[
            "text/html",
            "text/css",
            "text/plain",
            "text/csv",
            "text/javascript",
            "application/javascript",
            "application/json",
            "image/svg+xml",
            "font/ttf",
            "application/x-font-ttf",
            "image/x-icon",  # Dash's icon is bitmaps: 15 KB, about 3 KB compressed
        ],
        COMPRESS_CACHE_KEY=_static_key,
        COMPRESS_CACHE_BACKEND=StaticCache,
    )
    server.extensions["compress"] = Compress(server)

    @server.after_request
    def cache_static(response: Response) -> Response:
        if response.status_code == 200 and _static_key(request).startswith(STATIC):
            if _fingerprinted(request):
                response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
            if response.is_streamed:  # a file from assets/: read it, so it is compressed once and kept
                response.direct_passthrough = False
                response.make_sequence()
        return response


STATIC = "static:"
# Dash names its component scripts by version and file time (…v4_4_1m1796302378.js) and asks for the
# app's own assets with their file time (?m=1796301687.36): the same address is always the same bytes.
_FINGERPRINTED = re.compile(r"^/_dash-component-suites/.+\.v[0-9_]+m[0-9]+\.")


def _fingerprinted(req) -> bool:
    """An address whose bytes never change: browsers may keep it for good."""
    return req.method == "GET" and bool(
        (req.path.startswith("/assets/") and req.args.get("m"))
        or _FINGERPRINTED.match(req.path)
        or (req.path == "/_favicon.ico" and req.args.get("v"))  # Dash's icon, named by Dash's version
    )


def _static_key(req) -> str:
    """The compression cache's key: the address of a fingerprinted script, style or font, or of a script
    the installed components serve on demand (the grid's chunks: the same bytes for the life of the
    process, though not named by version); anything else a key of its own that the cache never keeps
    (pages and answers differ per request)."""
    if _fingerprinted(req):
        return f"{STATIC}{req.full_path if req.path.startswith(('/assets/', '/_favicon')) else req.path}"
    if req.method == "GET" and req.path.startswith("/_dash-component-suites/"):
        return f"{STATIC}{req.path}"
    return f"once:{id(req)}"


BEST_LEVELS = {"zstd": 19, "br": 11, "gzip": 9}


class StaticCache:
    """Compressed fingerprinted files, kept for the life of the process. The first answer goes out at the
    quick level every answer uses (brotli 4: about 0.05 s for the chart library); a thread of its own then
    compresses the file once at the smallest level (zstd 19, brotli 11, gzip 9: the chart library and the
    grid about 125 KB smaller, a few seconds once) and keeps that for every later cold page. Bounded by
    the files the app serves, a few MB."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}
        self._best: set[str] = set()
        self._todo: queue.Queue[tuple[str, bytes]] = queue.Queue()
        self._busy = threading.Lock()
        self._worker: threading.Thread | None = None  # started with the first file kept

    def get(self, key: str) -> bytes | None:
        return self._kept.get(key)

    def set(self, key: str, value: bytes) -> None:
        if key.split(";", 1)[-1].startswith(STATIC) and key not in self._kept:
            self._kept[key] = value
            self._todo.put((key, value))
            with self._busy:
                if self._worker is None:
                    self._worker = threading.Thread(target=self._compress_best, name="static-compress", daemon=True)
                    self._worker.start()

    def settled(self, timeout: float = 60.0) -> bool:
        """Wait until every kept file is at its smallest level (tests, benchmarks): -> whether it is."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._busy:
                if self._todo.empty() and self._best >= set(self._kept):
                    return True
            time.sleep(0.05)
        return False

    def _compress_best(self) -> None:
        while True:
            key, value = self._todo.get()
            with self._busy:
                algorithm = key.split(";", 1)[0]
                with contextlib.suppress(Exception):  # a file that fails keeps its quick copy
                    self._kept[key] = _recompress(algorithm, value, BEST_LEVELS.get(algorithm))
                self._best.add(key)


def _recompress(algorithm: str, data: bytes, level: int | None) -> bytes:
    """`data` compressed with `algorithm` at its quick level -> the same bytes at `level`."""
    import gzip

    import brotli
    from backports import zstd

    if algorithm == "zstd":
        return zstd.compress(zstd.decompress(data), level)
    if algorithm == "br":
        return brotli.compress(brotli.decompress(data), quality=level)
    if algorithm == "gzip":
        return gzip.compress(gzip.decompress(data), compresslevel=9 if level is None else level, mtime=0)
    return data


def warm_static(app: Dash) -> None:
    """Compress the scripts and styles of a first page now, on a thread of its own, so a cold browser's
    first visit gets them at their smallest."""

    def fetch():
        with contextlib.suppress(Exception):
            client = app.server.test_client()
            page = client.get("/", headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
            urls = re.findall(r'(?:src|href)="(/(?:assets|_dash-component-suites)/[^"]+)"', page)
            for algorithm in BEST_LEVELS:  # what browsers take first, first
                for url in urls:
                    client.get(url, headers={"Accept-Encoding": algorithm}).close()

    threading.Thread(target=fetch, name="static-warm", daemon=True).start()


def warm(app: Dash) -> None:
    """Start a serving process's helpers now, not on an analyst's first request: the image browser
    (about 2 s) and the SQL worker (about 0.4 s), each on a thread of its own; then, once the browser runs,
    what every first export pays once per process (warm_exports). The smallest copies of the scripts are
    made as browsers first ask for them (about 12 s of one core per process if made at start, which slows a
    worker's first minute more than it saves)."""
    from dashboard.export.images import renderer
    from dashboard.sql.api import KEY

    renderer.warm()
    sql = app.server.extensions[KEY]

    def first_query():
        with contextlib.suppress(Exception):  # the first real query reports any trouble
            sql.run("SELECT 1")

    threading.Thread(target=first_query, name="sql-warm", daemon=True).start()
    threading.Thread(target=warm_exports, name="export-warm", daemon=True).start()


def warm_exports() -> None:
    """What a process's first deck or chart image pays once, paid at boot instead (measured at the shipped data:
    a served process's first deck 4.2 s -> 2.3 s): importing python-pptx and the deck's modules (0.4 s),
    plotly's figure classes and templates that the map is drawn with (0.4-0.8 s), plotly.js parsed in the image
    browser's page (the first image, 0.5 s), and the filter bar's choices (the first query of the file). No
    answer to any view is computed or kept: each analyst's first figures still run their queries."""
    from dashboard.export import deck  # noqa: F401  (imported for its import cost)
    from dashboard.export.images import renderer
    from dashboard.figures.maps import prefecture_map

    with contextlib.suppress(Exception):  # each step's own trouble shows on the first real export
        prefecture_map({}, {"type": "FeatureCollection", "features": []}, title="", colorbar_title="", lang="en")
    with contextlib.suppress(Exception):
        renderer.render({"data": [{"type": "bar", "x": [1], "y": [1]}], "layout": {}}, "png",
                        {"width": 20, "height": 20, "scale": 1})  # fmt: skip
    with contextlib.suppress(Exception):
        context.choices()
    WARMED.set()


WARMED = threading.Event()  # set once warm_exports is done (a benchmark's "served" process waits for it)


# Dash's page starts with @babel/polyfill (core-js 2 and regenerator-runtime, 32 KB compressed): 60-130 ms
# of a cold page's main thread spent checking and patching built-ins that every browser this app supports
# has. Of it, Dash's renderer and dcc use only `regeneratorRuntime` (their async components' loader), which
# assets/vendor/regenerator-runtime.js defines (regenerator-runtime 0.13.11, the version the polyfill holds).
_POLYFILL_SCRIPT = re.compile(r'<script src="[^"]*/_dash-component-suites/dash/deps/polyfill@[^"]*"></script>\s*')
# Dash lists dash_table's bundle on every page (dash imports it); no page draws a DataTable (the grids are AG Grid).
_TABLE_SCRIPT = re.compile(r'<script src="[^"]*/_dash-component-suites/dash/dash_table/bundle[^"]*"></script>\s*')

# The grid's bundle (dash-ag-grid, 1.3 MB, about 0.2-1 s of a cold browser's main thread on this machine) never
# holds up a page's first drawing: every page's script tag for it becomes this loader's, which names the bundle
# (`data-src`) and stands in for the grid component. A page whose first screen holds a grid (`data-eager`: a
# drill's records, a partner's profile) fetches the bundle at once, beside Dash's scripts but run when it
# arrives rather than before them; a page whose first screen holds none (`gridless`: the Overview, Investment
# and the Partners ranking until a click opens records; Agreements and Delegations, whose records lie below
# their charts; the Data page, whose first screen holds short tables drawn as HTML; the SQL page until a
# query has an answer) fetches it when a grid with columns comes
# within NEAR px of the window, or else when the analyst first moves the pointer or presses a key (so the next
# page of the visit, or the first answer, finds it). Either way a grid is drawn when it is within NEAR px of the
# window, as charts are (assets/lazy-charts.js): a grid farther down keeps its box until it comes that near
# (or the page is printed), so a page draws the grids near its window, not all of them. A grid whose
# class holds `grid-at-once` (the SQL page's answer) is drawn wherever it is, as soon as its script is there.
_GRID_SCRIPT = re.compile(
    r'<script src="(/_dash-component-suites/dash_ag_grid/dash_ag_grid\.v[0-9_]+m[0-9]+\.min\.js)">'
)
GRID_LOADER = """(function () {
  var me = document.currentScript, src = me.getAttribute("data-src"), eager = me.hasAttribute("data-eager");
  var own = me.hasAttribute("data-own");
  var loading = null, NEAR = 200, loaded, Real = null, printing = false, wake = new Set();
  var ready = new Promise(function (done) { loaded = done; });
  function load() {
    if (!loading) {
      loading = new Promise(function (done, fail) {
        var s = document.createElement("script");
        s.src = src;
        s.onload = function () {
          var bundle = window.dash_ag_grid;
          Real = bundle.AgGrid;
          if (!own) {
            // The bundle names its component window.dash_ag_grid.AgGrid: the stand-in keeps its place, so a
            // grid far below keeps waiting on every redraw of its page too (a filter change after the script
            // came would otherwise draw Agreements' far grid at once, 0.5-0.8 s of AG Grid sizing it), with
            // the component's statics (default props, prop types) so Dash reads the same description. The
            // bundle's namespace is read-only: the stand-in's is a copy of it. (On the SQL page opened
            // without a query the bundle's own component takes over: its answers are drawn at once anyway,
            // and there dash-ag-grid retried its chunk in a loop that blocked the tab when the server went.)
            var mine = {};
            Object.keys(bundle).forEach(function (k) { mine[k] = bundle[k]; });
            Object.keys(Real).forEach(function (k) { if (!(k in Grid)) { Grid[k] = Real[k]; } });
            Grid.defaultProps = Real.defaultProps; Grid.propTypes = Real.propTypes;
            mine.AgGrid = Grid;
            window.dash_ag_grid = mine;
          }
          loaded(); done();
        };
        s.onerror = fail;
        document.head.appendChild(s);
      });
    }
    return loading;
  }
  function far(el) {
    var box = el.getBoundingClientRect(), height = window.innerHeight || 0;
    return box.top > height + NEAR || box.bottom < -NEAR;
  }
  function Grid(props) {
    var React = window.React, drawn = React.useState(!!Real), near = React.useState(false);
    var box = React.useRef(null);
    var shown = (props.columnDefs || []).length > 0;  // a grid with no columns yet draws nothing
    var at_once = /(^| )grid-at-once( |$)/.test(props.className || "");  // an answer asked for: not kept waiting
    React.useEffect(function () {  // drawn anew when the bundle arrives, whoever asked for it
      if (Real) { return undefined; }
      var live = true;
      ready.then(function () { if (live) { drawn[1](true); } });
      return function () { live = false; };
    }, []);
    React.useLayoutEffect(function () {
      if (near[0] || !shown) { return undefined; }
      var live = true, seen = null, el = box.current;
      var come = function () { if (live) { near[1](true); load(); } };
      if (printing || at_once || !el || !far(el) || typeof IntersectionObserver === "undefined") {
        come();
      } else {  // far from the window: drawn (and the bundle asked for) when it comes near, or for printing
        seen = new IntersectionObserver(function (entries) {
          if (entries.some(function (e) { return e.isIntersecting; })) { come(); }
        }, {rootMargin: NEAR + "px 0px"});
        seen.observe(el);
        wake.add(come);
      }
      return function () { live = false; wake.delete(come); if (seen) { seen.disconnect(); } };
    }, [shown, near[0]]);
    if (Real && near[0]) {
      // The grid's own chunk may still be on its way, and it draws nothing meanwhile: its room is kept, so the
      // grids below do not move up into the window for that moment (and get drawn with it).
      var room = props.style && props.style.height;
      var real = React.createElement(Real, props);
      return room ? React.createElement("div", {className: "grid-room", style: {height: room}}, real) : real;
    }
    // Loading (a grid with columns near the window, its bundle on the way), waiting (the same, farther from
    // the window: drawn when it comes near), or empty (no columns yet: nothing to draw).
    var idle = shown && !near[0];
    return React.createElement("div", {id: props.id, className: props.className, style: props.style, ref: box,
                                       "data-grid-loading": shown && !idle ? "true" : undefined,
                                       "data-grid-waiting": idle ? "true" : undefined,
                                       "data-grid-empty": shown ? undefined : "true"});
  }
  window.dash_ag_grid = {AgGrid: Grid};
  window.dashboardGrids = {loaded: function () { return Real !== null; }};
  window.addEventListener("beforeprint", function () { printing = true; wake.forEach(function (f) { f(); }); });
  if (eager) {
    load();
  } else {
    ["pointermove", "pointerdown", "keydown", "touchstart"].forEach(function (name) {
      window.addEventListener(name, function () { load(); }, {once: true, passive: true});
    });
  }
})();
"""
GRID_LOADER_VERSION = hashlib.sha256(GRID_LOADER.encode()).hexdigest()[:12]
GRID_LOADER_PATH = f"/_grid-loader.js?v={GRID_LOADER_VERSION}"


def gridless(path: str, args) -> bool:
    """Does this page's first screen hold no records grid? (Agreements and Delegations show their records
    below their charts, the Data page its grids below its short tables; a `drill=` opens the panel's grid,
    one partner a profile with its records; the SQL page's grid has no columns until a query runs, unless
    `sql=` runs one at once.)"""
    here = path.strip("/")
    if here == "sql":
        return not args.get("sql")
    if args.get("drill") or here not in ("", "investment", "partners", "agreements", "delegations", "data"):
        return False
    return not (here == "partners" and len([p for p in args.get("partner", "").split(",") if p.strip()]) == 1)


# plotly.js's own texts and date names in Thai, registered once per page right after plotly.js, so a Thai
# chart's config names the locale (`locale: "th"`) instead of carrying its 6.7 KB table in every figure answer.
# A page whose first screen draws no chart (the Data page, the table browser, adding data) is sent without
# plotly.js (1.4 MB; about 400 KB on the wire and 0.1-0.2 s of a core to run): the script's `data-plotly`
# names it, and it is run when the pointer (or the keyboard's focus) comes to a link to a page with charts
# (`data-charted`), so it is there by the click; else dcc.Graph fetches it when a chart is first drawn.
# dcc.Graph fetches plotly.js from `window._dashPlotlyJSURL`, which Dash's renderer sets to the plotly
# package's full build; here it keeps ours. When plotly.js arrives (it sets `window.Plotly`), the Thai texts
# are registered and charts are drawn when seen (assets/lazy-charts.js) before dcc.Graph draws the first;
# should it run twice (dcc.Graph asking while the pointer's copy is on its way), the first stays.
_PLOTLY_TH_MODULE = json.dumps({"moduleType": "locale", "name": "th", **PLOTLY_TH}, ensure_ascii=False)
PLOTLY_LOCALE = """(function () {
  "use strict";
  var th = __THAI__;
  if (window.Plotly) { window.Plotly.register(th); return; }
  var me = document.currentScript, src = me && me.getAttribute("data-plotly");
  if (!src) { return; }
  var charted = (me.getAttribute("data-charted") || "").split(" "), plotly, coming = null, arrived = [];
  Object.defineProperty(window, "_dashPlotlyJSURL", {configurable: true, get: function () { return src; },
                                                    set: function () {}});
  // While the pointer's copy is on its way, dcc.Graph (which takes `window.Plotly || load it`) is handed
  // a promise of it rather than fetching a second copy.
  Object.defineProperty(window, "Plotly", {configurable: true,
    get: function () { return plotly || coming || undefined; },
    set: function (P) {
      if (plotly) { return; }
      plotly = P;
      P.register(th);
      if (window.dashboardCharts) { window.dashboardCharts.install(); }
      arrived.forEach(function (f) { f[0](P); });
    }});
  function near(event) {
    var link = event.target && event.target.closest && event.target.closest("a[href]");
    if (coming || plotly || !link || link.origin !== location.origin) { return; }
    if (charted.indexOf(link.pathname.replace(/[/]+$/, "") || "/") < 0) { return; }
    coming = {then: function (done, failed) { arrived.push([done, failed]); }};
    var s = document.createElement("script");
    s.src = src;
    s.async = true;
    s.onerror = function () {  // as dcc.Graph's own fetch failing: the charts say so; a later link tries again
      coming = null;
      arrived.splice(0).forEach(function (f) { if (f[1]) { f[1](new Error("plotly.js did not load")); } });
      s.remove();
    };
    document.head.appendChild(s);
  }
  document.addEventListener("pointerover", near, {passive: true});
  document.addEventListener("focusin", near);
})();
""".replace("__THAI__", _PLOTLY_TH_MODULE)
PLOTLY_LOCALE_VERSION = hashlib.sha256(PLOTLY_LOCALE.encode()).hexdigest()[:12]
PLOTLY_LOCALE_PATH = f"/_plotly-locale-th.js?v={PLOTLY_LOCALE_VERSION}"
_PLOTLY_SCRIPT = re.compile(r'<script src="([^"]*/assets/vendor/plotly-dashboard\.min\.js[^"]*)"></script>')

# The scripts the app writes itself, each at an address naming its version (so cached for a year).
SCRIPTS = {"/_grid-loader.js": (GRID_LOADER, GRID_LOADER_VERSION),
           "/_plotly-locale-th.js": (PLOTLY_LOCALE, PLOTLY_LOCALE_VERSION)}  # fmt: skip


def serve_scripts(app: Dash) -> None:
    """Serve SCRIPTS: immutable when the address names the current version, plain otherwise."""

    def script():
        text, version = SCRIPTS[request.path]
        response = Response(text, mimetype="application/javascript")
        if request.args.get("v") == version:  # the address names this version
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response

    for path in SCRIPTS:
        app.server.add_url_rule(path, endpoint=f"script:{path}", view_func=script, methods=["GET"])


def page_scripts(scripts: str, here: str, args) -> str:
    """A page's script tags as Dash writes them, made lighter: no Babel polyfill, no DataTable bundle, plotly's
    Thai texts right after plotly.js (on a page without charts on its first screen, plotly.js only when a chart
    is first drawn: PLOTLY_LOCALE), and the grid's bundle named by its loader (`data-eager` when the page opens
    with a grid, `data-own` on the SQL page opened without a query)."""
    scripts = _TABLE_SCRIPT.sub("", _POLYFILL_SCRIPT.sub("", scripts, count=1), count=1)
    locale = f'<script src="{escape(PLOTLY_LOCALE_PATH)}"'
    if here.strip("/") in CHARTED:
        scripts = _PLOTLY_SCRIPT.sub(lambda m: f"{m.group(0)}\n{locale}></script>", scripts, count=1)
    else:  # plotly.js when a link to charts is near, or a chart is first drawn (PLOTLY_LOCALE)
        charted = escape(" ".join(sorted("/" + page for page in CHARTED)))
        scripts = _PLOTLY_SCRIPT.sub(
            lambda m: f'{locale} data-plotly="{m.group(1)}" data-charted="{charted}"></script>', scripts, count=1
        )
    lazy = gridless(here, args)
    mark = " data-own" if lazy and here.strip("/") == "sql" else "" if lazy else " data-eager"
    return _GRID_SCRIPT.sub(
        lambda m: f'<script src="{escape(GRID_LOADER_PATH)}" data-src="{m.group(1)}"{mark}>', scripts
    )


# What a page's first screen fetches only once Dash has drawn it, asked for in its <head> instead, so it comes
# while the scripts run: the four Sarabun faces (the charts wait for them: assets/lazy-charts.js), dcc's
# dropdown chunk (the filter bar, which every page but the table browser's has) and, on the pages that draw
# charts, its graph chunk, which Dash's renderer loads after the dropdowns'.
_FONTS = tuple(f'<link rel="preload" href="/assets/fonts/sarabun-{subset}-{weight}-normal.woff2" as="font" '
               'type="font/woff2" crossorigin>' for weight in (400, 700) for subset in ("thai", "latin"))  # fmt: skip
_CHUNK = '<link rel="preload" href="/_dash-component-suites/dash/dcc/async-{}.js" as="script">'
# The pages whose first screen draws charts (the SQL page draws one only for a result).
CHARTED = frozenset(path.strip("/") for path in views.PATHS.values())


def preloads(here: str) -> str:
    """The <head>'s preload links of the page at `here` (its path, no slashes needed)."""
    here = here.strip("/")
    chunks = [] if ("/" + here).startswith(BROWSE_PATH) else ["dropdown"]  # the table browser has no filter bar
    if here in CHARTED:
        chunks.append("graph")
    return "\n".join([*_FONTS, *(_CHUNK.format(c) for c in chunks)])


def localise(app: Dash) -> None:
    """The document's language and title follow the view: the first HTML answer of a page carries
    `<html lang>` and the page's title in the URL's language; later views (the router redraws the page
    when the URL changes) set the title through the pages' title functions and the language through a
    clientside callback on the page shell's `lang` (inlined by Dash, so its hash is in the policy)."""
    plain = app.interpolate_index

    def interpolate_index(**parts):
        lang = view_lang()
        here = app.strip_relative_path(request.path) or ""
        page = next((p for p in dash.page_registry.values() if p["path"].strip("/") == here.strip("/")), None)
        title = page["title"] if page else None
        parts["title"] = escape(title() if callable(title) else t("app.title", lang))
        parts["scripts"] = page_scripts(parts["scripts"], here, request.args)
        parts["css"] = preloads(here) + "\n" + parts.get("css", "")
        return plain(**parts).replace("<html>", f'<html lang="{lang}">', 1)

    app.interpolate_index = interpolate_index
    app.clientside_callback(
        "function (lang) { document.documentElement.lang = lang || ''; return window.dash_clientside.no_update; }",
        Output("document-lang", "children"),
        Input("page-shell", "lang"),
    )


def create_app(settings: Settings | None = None) -> Dash:
    settings = settings or load()
    warehouse = Warehouse.from_settings(settings)
    context.set_context(context.Context(settings=settings, warehouse=warehouse))
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(HERE / "assets"),
        title="Cooperation dashboard",
        serve_locally=True,
        suppress_callback_exceptions=True,
        update_title=None,
    )
    log_to_stderr()
    if settings.log_requests:
        log_requests(app.server)
    secure(app, settings)
    compress(app.server)
    app.layout = lambda: html.Div(
        [
            # While the page's callback runs (a filter, a link, back or forward): after 50 ms the page dims
            # and a bar runs along the top; the old charts stay in place until the new ones arrive. Only the
            # page's own redraw counts: a partner search or a click inside the page leaves it alone.
            dcc.Loading(
                router.container(app),
                id="page-loading",
                delay_show=50,  # a redraw quicker than this (a view already kept) never flashes
                target_components={"_pages_content": "children"},
                overlay_style={"visibility": "visible", "opacity": 0.55, "transition": "opacity 0.1s"},
                custom_spinner=html.Div(className="page-progress", **{"aria-hidden": "true"}),
            ),
            html.Div(id="document-lang", hidden=True),
        ],
        className="app",
    )
    router.install_router(app)
    localise(app)
    serve_scripts(app)

    # The page's controls write the view they lead to into its `page-go` store (components.shell), and this
    # moves it to the address, which redraws the page; in the browser, so a page drawn anew costs no request.
    app.clientside_callback(
        "function (search) { return search || window.dash_clientside.no_update; }",
        Output("_pages_location", "search"),
        Input("page-go", "data"),
    )

    @app.callback(
        Output("page-go", "data"),
        Input("f-year_from", "value"),
        Input("f-year_to", "value"),
        Input("f-sector", "value"),
        Input("f-country", "value"),
        Input("f-partner", "value"),
        Input("f-level", "value"),
        State("_pages_location", "search"),
        prevent_initial_call=True,
    )
    def filters_to_url(year_from, year_to, sector, country, partner, level, search):
        """A change in a dropdown of the filter bar becomes the URL (which redraws the page); language, era
        and period are links to the view with that choice changed."""
        f = context.filters_from(search).without_notices()
        new = f.query_string(
            year_from=year_from,
            year_to=year_to,
            sector=tuple(sector or ()),
            country=tuple(country or ()),
            partner=tuple(partner or ()),
            level=tuple(level or ()),
        )
        # The same view is left alone however the URL spells it (`?lang=en` is `?lang=en&era=be&period=cy`):
        # a page drawn from a short URL must not push a second history entry of itself.
        same = f.query_string(year_from=f.year_from)  # this view in full, its clicked mark kept
        return dash.no_update if new in (search or "", same) else new

    @app.callback(
        Output("f-partner", "options"),
        Input("f-partner", "search_value"),
        State("f-partner", "value"),
        State("f-partner", "options"),
        State("_pages_location", "search"),
        prevent_initial_call=True,
    )
    def partners_matching(typed, selected, shown, search):
        """The partner list searched on the server as the analyst types. The list is left alone when
        it already offers the same partners (replacing it under the cursor would drop the highlight
        that Enter picks)."""
        f = context.filters_from(search)
        options = partner_options(choice_options(f.lang).get("partner", []), typed or "", selected)
        if {o["value"] for o in options} <= {o["value"] for o in shown or []}:
            return dash.no_update
        return options

    @app.server.get("/api/health")
    def api_health():
        body, status = health(warehouse)
        return jsonify(body), status

    register_sql_routes(app, settings)
    register_export_routes(app)
    register_auth(app, settings)
    register_browse_routes(app)  # after the sign-in check: a name that is no table or view answers 404
    return app
