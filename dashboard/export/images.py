"""Chart images (PNG, SVG) from the dashboard's own figures, drawn by kaleido in one Chromium per process.

kaleido 1.x drives a headless Chromium over the DevTools protocol
(choreographer). Starting one costs about two seconds, so `Renderer` starts
it once, on the first image a process draws, and keeps it running in a thread
of its own with its own asyncio loop; any thread (a Flask request, the deck)
hands it figures with `render()`. kaleido's own `start_sync_server` is not
used: it matches answers to callers by queue order, which mixes up the
images of two requests that arrive together.

Offline by construction:
- the browser is Debian's `/usr/bin/chromium` (or `$BROWSER_PATH`); nothing
  is downloaded, ever;
- plotly.js is the partial bundle the app serves to browsers
  (`assets/vendor/plotly-dashboard.min.js`, the plotly package's plotly.js
  release with the traces the dashboard draws), so an image is drawn by the
  same code as the screen, and a cold start parses a third as much; MathJax is off;
- the Japan map's base-map topojson (which plotly.js loads for any
  choropleth, see dashboard/figures/maps.py) comes from the app's own
  `assets/topojson/` as a file:// URL;
- the browser's proxy is a closed port on this machine, so a request for
  anything else fails at once instead of waiting on a network that is not
  there, and no request leaves the machine.

Text: plotly draws the image from an SVG, which can use only fonts installed
on the machine, not the app's webfont: Thai falls to Loma (fonts-thai-tlwg)
and Japanese to Noto Sans CJK (fonts-noto-cjk), both installed by
`make system`.

Size: an image is W x H pixels times `scale`. Fonts and lines are laid out
for a 1280 x 720 slide and the whole drawing scaled up, so a 1920 x 1080
image reads like the screen, not like a thumbnail on a wall.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import threading
from concurrent.futures import Future
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
TOPOJSON_URL = (ASSETS / "topojson").as_uri() + "/"
PLOTLY_JS = ASSETS / "vendor" / "plotly-dashboard.min.js"
CHROMIUM = "/usr/bin/chromium"
FORMATS = ("png", "svg")
WIDTH, HEIGHT = 1920, 1080  # 16:9, a full-HD slide
LAYOUT_WIDTH, LAYOUT_HEIGHT = 1280, 720  # what fonts and margins are laid out for
MAX_SIDE, MAX_SCALE, MAX_PIXELS = 8000, 4.0, 40_000_000
RENDER_TIMEOUT_S = 60
START_TIMEOUT_S = 60
EXIT_WAIT_S = 1.0  # at a process's end, the longest wait for a browser still starting
# kaleido reloads its page after every image (plotly.js parsed anew: about 0.2 s); a page that has
# drawn this many images is reloaded, so nothing piles up in it, but one image does not pay for it.
RELOAD_EVERY = 50
CLOSED_PORT_PROXY = "127.0.0.1:9"  # the discard port: nothing listens, so nothing goes out


class ExportError(Exception):
    """An export cannot be made; the message says why, for the person who asked."""


class ImageUnavailable(ExportError):
    """The machine cannot draw images (no Chromium): the set-up installs it."""


def browser_path() -> str:
    path = os.environ.get("BROWSER_PATH") or CHROMIUM
    if not Path(path).is_file():
        raise ImageUnavailable(
            f"chart images need Chromium at {path} (`make system` installs Debian's chromium package, "
            "or set BROWSER_PATH)"
        )
    return path


def size(width: int | None, height: int | None) -> tuple[int, int]:
    """The image size: 1920 x 1080 by default; a side given alone gets the other at 16:9."""
    if width is None:
        return (WIDTH, HEIGHT) if height is None else (max(1, round(height * 16 / 9)), height)
    if height is None:
        return width, max(1, round(width * 9 / 16))
    return width, height


def check_size(width: int, height: int, scale: float) -> None:
    if not (16 <= width <= MAX_SIDE and 16 <= height <= MAX_SIDE):
        raise ExportError(f"width and height must be 16 to {MAX_SIDE} pixels, got {width} x {height}")
    if not 0.1 <= scale <= MAX_SCALE:
        raise ExportError(f"scale must be 0.1 to {MAX_SCALE:g}, got {scale:g}")
    if width * height * scale * scale > MAX_PIXELS:
        raise ExportError(
            f"{width} x {height} at scale {scale:g} is {width * height * scale * scale:,.0f} pixels; "
            f"at most {MAX_PIXELS:,} are drawn"
        )


def _local(trace: dict) -> dict:
    """A map trace whose shapes are an app URL (/assets/...) reads the same file from disk instead."""
    url = trace.get("geojson")
    if isinstance(url, str) and url.startswith("/assets/"):
        return {**trace, "geojson": (ASSETS / url.removeprefix("/assets/")).as_uri()}
    return trace


def prepare(
    fig: dict, width: int, height: int, scale: float, *, title: bool = True, layout_width: int | None = None
) -> tuple[dict, dict]:
    """-> (figure, kaleido options): the figure as the screen draws it, sized for an image.

    The layout is W/k x H/k, drawn at scale x k, so fonts, margins and lines grow with the image:
    k = how much larger than 1280 x 720 the image is (at least 1), or, given `layout_width`, how
    much wider than that. `title=False` leaves the title out (a slide shows it above the image).
    """
    if layout_width is None:
        k = max(1.0, min(width / LAYOUT_WIDTH, height / LAYOUT_HEIGHT))
    else:
        k = max(1.0, width / layout_width)
    layout = dict(fig.get("layout") or {})  # a new layout; the data is shared
    fig = {**fig, "data": [_local(trace) for trace in fig.get("data") or []], "layout": layout}
    layout.pop("height", None)
    layout.pop("width", None)
    layout["autosize"] = False
    if not title:
        layout["title"] = {"text": ""}
        margin = layout.get("margin") or {}
        layout["margin"] = {**margin, "t": 20}
    opts = {"width": round(width / k), "height": round(height / k), "scale": scale * k}
    return fig, opts


class _Renderer:
    """One kaleido (one headless Chromium) for the process, started on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def start(self) -> None:
        """Start the browser if it is not running (blocks until it can draw)."""
        with self._lock:
            if self._kaleido is not None:
                return
            path = browser_path()
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
            thread.start()
            try:
                self._kaleido = asyncio.run_coroutine_threadsafe(_open(path), loop).result(START_TIMEOUT_S)
            except Exception as e:
                loop.call_soon_threadsafe(loop.stop)
                raise ImageUnavailable(f"Chromium at {path} did not start for chart images: {e}") from e
            self._loop, self._thread = loop, thread

    def warm(self) -> None:
        """Start the browser in the background (a deck does its queries meanwhile)."""
        if self._kaleido is None:
            threading.Thread(target=self._start_quietly, name="kaleido-start", daemon=True).start()

    def _start_quietly(self) -> None:
        with contextlib.suppress(ExportError):  # the render that needs the browser reports the error
            self.start()

    def submit(self, fig: dict, fmt: str, opts: dict) -> Future:
        """Draw one image; -> a Future of its bytes."""
        self.start()
        assert self._kaleido is not None and self._loop is not None  # start() set them or raised
        return asyncio.run_coroutine_threadsafe(
            self._kaleido.calc_fig(fig, opts={**opts, "format": fmt}, topojson=TOPOJSON_URL), self._loop
        )

    def render(self, fig: dict, fmt: str, opts: dict) -> bytes:
        try:
            return self.submit(fig, fmt, opts).result(RENDER_TIMEOUT_S)
        except ExportError:
            raise
        except Exception as first:
            if self._alive() and not isinstance(first, TimeoutError):  # the figure, not the browser
                raise ExportError(f"the chart image could not be drawn: {first}") from first
            # A browser that died (killed, out of memory) or hung is started afresh, once.
            self.close()
            try:
                return self.submit(fig, fmt, opts).result(RENDER_TIMEOUT_S)
            except Exception as e:
                raise ExportError(f"the chart image could not be drawn: {e}") from first

    def _alive(self) -> bool:
        k = self._kaleido
        return k is not None and getattr(k, "subprocess", None) is not None and k.subprocess.poll() is None

    def close(self, wait_s: float | None = None) -> None:
        """Close the browser. `wait_s`: how long to wait for a start in progress (None: as long as it takes);
        past it, nothing is closed here (at a process's end the browser then ends with it: its pipes close)."""
        if not self._lock.acquire(timeout=-1 if wait_s is None else wait_s):
            return
        try:
            k, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
        finally:
            self._lock.release()
        if k is None:
            return
        with contextlib.suppress(Exception):  # closing a browser that is already gone
            asyncio.run_coroutine_threadsafe(k.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


async def _open(path: str):
    import kaleido
    from choreographer.browsers.chromium import Chromium

    class OfflineChromium(Chromium):
        def get_cli(self):
            return [*super().get_cli(), "--disable-background-networking", "--no-pings", "--mute-audio"]

    class Kaleido(kaleido.Kaleido):
        """kaleido with its page reloaded every RELOAD_EVERY images instead of after each."""

        _drawn = 0

        async def _return_kaleido_tab(self, tab) -> None:
            self._drawn += 1
            if self._drawn % RELOAD_EVERY == 0:
                await super()._return_kaleido_tab(tab)
            else:
                await self.tabs_ready.put(tab)

    k = Kaleido(
        n=1, mathjax=False, plotlyjs=PLOTLY_JS, path=path, browser_cls=OfflineChromium, proxy_server=CLOSED_PORT_PROXY,
        timeout=RENDER_TIMEOUT_S,
    )  # fmt: skip
    await k.open()
    return k


renderer = _Renderer()
# At a process's end, a browser still starting (up to START_TIMEOUT_S on a loaded machine) is not waited for:
# a gunicorn worker stopped just after its boot would otherwise outlive the server's graceful stop (30 s).
atexit.register(renderer.close, wait_s=EXIT_WAIT_S)


def render(fig: dict, fmt: str = "png", width: int = WIDTH, height: int = HEIGHT, scale: float = 1.0) -> bytes:
    """A figure (plotly JSON) as PNG or SVG bytes, `width` x `height` pixels times `scale`."""
    if fmt not in FORMATS:
        raise ExportError(f"images are {' or '.join(FORMATS)}, not {fmt!r}")
    check_size(width, height, scale)
    fig, opts = prepare(fig, width, height, scale)
    return renderer.render(fig, fmt, opts)
