"""Answers travel compressed: pages, scripts, callbacks' JSON and CSV exports, in whichever of
zstd, brotli and gzip the client takes; a cold page in Chromium stays under 1.5 MB on the wire."""

from __future__ import annotations

import gzip
import json
import re

import brotli
import pytest
from backports import zstd

from dashboard.app import page_request

DECODE = {"gzip": gzip.decompress, "br": brotli.decompress, "zstd": zstd.decompress}


@pytest.mark.parametrize("encoding", ["zstd", "br", "gzip"])
def test_pages_scripts_callbacks_and_csv_come_compressed(app_client, encoding):
    app, client = app_client
    headers = {"Accept-Encoding": encoding}
    page = client.get("/?lang=en", headers=headers)
    script = re.search(r'src="(/_dash-component-suites/dash_ag_grid/[^"]+)"', DECODE[encoding](page.data).decode())
    answers = {
        "page": page,
        "script": client.get(script.group(1), headers=headers),
        "callback": client.post("/_dash-update-component", json=page_request(app, "/", "?lang=en"), headers=headers),
        "csv": client.get("/export/data/agreements.csv?lang=en", headers=headers),
    }
    for name, r in answers.items():
        assert r.status_code == 200, name
        assert r.headers["Content-Encoding"] == encoding, name
        assert "Accept-Encoding" in r.headers["Vary"], name
        body = DECODE[encoding](r.data)
        if name in ("script", "csv"):  # the same bytes, only smaller
            plain = client.get(r.request.full_path.rstrip("?"), headers={"Accept-Encoding": "identity"})
            assert "Content-Encoding" not in plain.headers
            assert body == plain.data, name
    assert len(answers["script"].data) < 0.35 * len(DECODE[encoding](answers["script"].data))
    assert json.loads(DECODE[encoding](answers["callback"].data))["response"]


def test_images_and_office_files_go_as_they_are(app_client):
    _, client = app_client
    for path in ("/export/data/agreements.xlsx?lang=en", "/export/chart/ag-by-year.png?lang=en&width=640"):
        r = client.get(path, headers={"Accept-Encoding": "zstd, br, gzip"})
        assert r.status_code == 200, path
        assert "Content-Encoding" not in r.headers, path


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/sql", "/investment", "/"])
def test_a_cold_page_is_under_one_and_a_half_megabytes_on_the_wire(server, browser, path):
    ctx = browser.new_context()
    try:
        p = ctx.new_page()
        cdp = ctx.new_cdp_session(p)
        cdp.send("Network.enable")
        sizes: list[int] = []
        cdp.on("Network.loadingFinished", lambda ev: sizes.append(ev["encodedDataLength"]))
        p.goto(f"{server}{path}?lang=en", wait_until="networkidle")
        p.wait_for_timeout(500)
        total = sum(sizes)
        print(f"{path}: {total / 1024:,.0f} KB in {len(sizes)} requests")
        assert total < 1.5 * 1024 * 1024, total
    finally:
        ctx.close()


def test_fingerprinted_files_are_cached_for_a_year_and_compressed_once(app_client):
    """Scripts, styles and fonts the page names with their version or file time never change under that
    address: browsers keep them (immutable) and the server compresses each once. Pages, callbacks and
    files asked for without the fingerprint are not kept."""
    app, client = app_client
    page = client.get("/?lang=en", headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
    # Asked for ahead in the head: files their users (the fonts' CSS, dcc's chunk loader) name without a version.
    preloaded = re.findall(r'<link rel="preload" href="([^"]+)"', page)
    fingerprinted = [u for u in re.findall(r'(?:src|href)="(/(?:assets|_dash-component-suites)/[^"]+)"', page)
                     if u not in preloaded]  # fmt: skip
    assert any("plotly" in u for u in fingerprinted) and any("dash_ag_grid" in u for u in fingerprinted)
    assert preloaded and all("?" not in u for u in preloaded)
    for url in preloaded:  # no version in the address: not kept as immutable
        r = client.get(url, headers={"Accept-Encoding": "br"})
        assert r.status_code == 200 and "immutable" not in r.headers.get("Cache-Control", ""), url
        r.close()
    for url in fingerprinted:
        r = client.get(url, headers={"Accept-Encoding": "br"})
        assert r.status_code == 200, url
        assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
    plotly = next(u for u in fingerprinted if "plotly" in u)
    first = client.get(plotly, headers={"Accept-Encoding": "br"})
    again = client.get(plotly, headers={"Accept-Encoding": "br"})
    assert brotli.decompress(first.data) == brotli.decompress(again.data)  # the kept copy, at any level
    assert brotli.decompress(again.data) == client.get(plotly, headers={"Accept-Encoding": "identity"}).data
    bare = client.get(plotly.split("?")[0], headers={"Accept-Encoding": "br"})
    assert bare.status_code == 200 and "immutable" not in bare.headers.get("Cache-Control", "")
    for r in (
        client.get("/?lang=en", headers={"Accept-Encoding": "br"}),
        client.post("/_dash-update-component", json=page_request(app, "/", "?lang=en")),
    ):
        assert "immutable" not in r.headers.get("Cache-Control", "")
    # Once settled, each file is kept at its smallest: the same bytes, smaller than the quick first copy.
    cache = app.server.extensions["compress"].cache
    assert cache.settled(120)
    best = client.get(plotly, headers={"Accept-Encoding": "br"})
    assert brotli.decompress(best.data) == brotli.decompress(first.data)
    quick = brotli.compress(brotli.decompress(first.data), quality=4)  # the level every other answer uses
    assert len(best.data) < 0.9 * len(quick)
    for encoding in ("zstd", "gzip"):
        client.get(plotly, headers={"Accept-Encoding": encoding})
    assert cache.settled(120)
    for encoding in ("zstd", "gzip"):
        r = client.get(plotly, headers={"Accept-Encoding": encoding})
        assert DECODE[encoding](r.data) == brotli.decompress(first.data), encoding
    kept = cache._kept
    assert kept and all(k.split(";", 1)[1].startswith("static:") for k in kept)
    assert not any("/_dash-update-component" in k or k.endswith(";static:/") for k in kept)
