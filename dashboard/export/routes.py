"""GET /export/...: chart images, data files and the deck, with the page's filter parameters.

    /export/charts                          the chart ids, their pages and titles (JSON)
    /export/chart/<id>.png|.svg             ?width=&height=&scale= (1920 x 1080 by default)
    /export/chart/<id>.csv|.xlsx            the chart's numbers, a row per mark
    /export/data/<dataset>.csv|.xlsx        agreements, delegations, investments
    /export/deck.pptx                       ?page=overview|agreements|delegations|investment|partners|all

A parameter that is not understood answers 400 with a message naming it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from dash import Dash
from flask import Response, jsonify, request

from dashboard import context, views
from dashboard.db import WarehouseError
from dashboard.export import ExportError, ImageUnavailable, data, deck, describe, filters, images, numbers, provenance
from dashboard.i18n import t
from dashboard.security import public_base

MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
IMAGE_PARAMS = ("width", "height", "scale")


def _split(name: str, formats: tuple[str, ...], what: str) -> tuple[str, str]:
    stem, dot, fmt = name.rpartition(".")
    if not dot or fmt.lower() not in formats:
        raise ExportError(f"{what} come as {' or '.join('.' + x for x in formats)}: not {name!r}")
    return stem, fmt.lower()


def _number(own: dict, key: str, kind: type):
    if key not in own or own[key] == "":
        return None
    try:
        return kind(own[key])
    except ValueError:
        raise ExportError(f"`{key}={own[key]}` is not a {'whole ' if kind is int else ''}number") from None


def image_params(own: dict) -> tuple[int, int, float]:
    width, height = images.size(_number(own, "width", int), _number(own, "height", int))
    scale = _number(own, "scale", float)
    scale = 1.0 if scale is None else scale
    images.check_size(width, height, scale)
    return width, height, scale


def _file(body: bytes | Iterator[bytes], fmt: str, filename: str) -> Response:
    """The answer: bytes as they are; chunks streamed as they come (compressed as they stream by the app)."""
    r = Response(body, mimetype=MIME[fmt])
    r.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    r.headers["Cache-Control"] = "no-store"
    return r


def _stamp() -> str:
    return dt.date.today().isoformat()


def chart_file(name: str, query, base_url: str = "") -> tuple[bytes, str, str]:
    """-> (bytes, format, file name) of /export/chart/<name>: the chart as an image, or its numbers."""
    chart_id, fmt = _split(name, (*images.FORMATS, *numbers.FORMATS), "charts")
    chart = views.CHARTS.get(chart_id)
    if chart is None:
        raise ExportError(f"unknown chart {chart_id!r}: GET /export/charts lists them ({', '.join(views.CHARTS)})")
    image = fmt in images.FORMATS
    f, own = filters(query, IMAGE_PARAMS if image else ())
    w = context.get().warehouse
    frames, _ = views.load(w, [chart], f)
    marks = chart.marks(frames, f)
    if image:
        width, height, scale = image_params(own)
        body = images.render(chart.draw(marks, f), fmt, width, height, scale)
    elif fmt == "csv":
        body = numbers.csv(marks, f)
    else:
        body = numbers.xlsx(marks, f, provenance(w, f, chart.page, base_url), describe(f, w))
    return body, fmt, f"{chart_id}-{_stamp()}.{fmt}"


def data_file(name: str, query, base_url: str) -> tuple[bytes | Iterator[bytes], str, str]:
    """-> (the file, format, file name) of /export/data/<name>: a CSV comes as an iterator of chunks, batch by
    batch (its query has run: what fails has failed already), an XLSX as bytes."""
    dataset, fmt = _split(name, data.FORMATS, "data files")
    if dataset not in data.IDS:
        raise ExportError(f"unknown dataset {dataset!r}: the datasets are {', '.join(data.IDS)}")
    f, _ = filters(query)
    w = context.get().warehouse
    body: bytes | Iterator[bytes]
    if fmt == "csv":
        body = data.csv_chunks(dataset, f, w)
    else:
        page = {"investments": "investment"}.get(dataset, dataset)
        body = data.xlsx(dataset, f, w, provenance(w, f, page, base_url), describe(f, w))
    return body, fmt, f"{dataset}-{_stamp()}.{fmt}"


def deck_file(query, base_url: str) -> tuple[bytes, str, str]:
    f, own = filters(query, ("page",))
    page = own.get("page") or "overview"
    body = deck.build(page, f, context.get().warehouse, base_url)
    return body, "pptx", f"{page}-{_stamp()}.pptx"


def register_export_routes(app: Dash) -> None:
    """The export endpoints on the app's Flask server; view links name the public address of the
    settings the app was made with, never the Host header a client sent."""
    server = app.server
    base = public_base(context.get().settings)

    def answer(make):
        try:
            body, fmt, filename = make()
        except ImageUnavailable as e:
            return jsonify({"error": str(e)}), 503
        except ExportError as e:
            return jsonify({"error": str(e)}), 400
        except WarehouseError as e:
            return jsonify({"error": str(e)}), 503
        return _file(body, fmt, filename)

    @server.get("/export/charts")
    def export_charts():
        try:
            f, _ = filters(request.args.to_dict(flat=False))
        except ExportError as e:
            return jsonify({"error": str(e)}), 400
        q = f.without_notices().query_string()
        return jsonify(
            [
                {
                    "id": c.id,
                    "page": c.page,
                    "title": t(c.title, f.lang),
                    "dataset": c.dataset,
                    "png": f"/export/chart/{c.id}.png{q}",
                    "svg": f"/export/chart/{c.id}.svg{q}",
                    "csv": f"/export/chart/{c.id}.csv{q}",
                    "xlsx": f"/export/chart/{c.id}.xlsx{q}",
                }
                for c in views.CHARTS.values()
            ]
        )

    @server.get("/export/chart/<name>")
    def export_chart(name: str):
        return answer(lambda: chart_file(name, request.args.to_dict(flat=False), base))

    @server.get("/export/data/<name>")
    def export_data(name: str):
        return answer(lambda: data_file(name, request.args.to_dict(flat=False), base))

    @server.get("/export/deck.pptx")
    def export_deck():
        return answer(lambda: deck_file(request.args.to_dict(flat=False), base))

    @server.get("/export/<path:rest>")
    def export_unknown(rest: str):
        return jsonify(
            {"error": f"no export at /export/{rest}: see /export/charts, /export/chart/<id>.png|.svg|.csv|.xlsx, "
                      "/export/data/<dataset>.csv|.xlsx, /export/deck.pptx"}
        ), 404  # fmt: skip
