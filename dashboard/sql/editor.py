"""The SQL page's editor script (dashboard/vendor/codemirror, built once and committed): served from a
route of its own under a name holding its content's hash, so a browser keeps it for a year and asks
again only when it changes, and loaded by the SQL page alone (every file of assets/ would be loaded
by every page). Its licenses are served beside it.

What it completes (the warehouse's tables, views and columns with their comments) is not in the page:
the script fetches it from `/api/sql/catalogue?v=<build>` (analysts only, as /api/sql), which a browser
keeps for as long as the warehouse's build is the same and asks again when it changes.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from flask import Flask, Response, abort, jsonify, request

from dashboard import context
from dashboard.db import WarehouseError

DIST = Path(__file__).resolve().parents[1] / "vendor" / "codemirror" / "dist"
BUNDLE = DIST / "sql-editor.min.js"
BUNDLE_BR = DIST / "sql-editor.min.js.br"  # the same, compressed once at brotli's highest level by build.sh
LICENSES = DIST / "LICENSES.txt"
PREFIX = "/vendor/sql-editor."
IMMUTABLE = "public, max-age=31536000, immutable"
SCHEMA_SQL = Path(__file__).resolve().parent / "schema.sql"
CATALOGUE = "/api/sql/catalogue"
KEPT = "private, max-age=31536000, immutable"  # the catalogue of the build its address names
CHECK = "private, no-cache"  # asked without the build (or an old one): kept, but asked again with its ETag


@cache
def _bundle() -> tuple[bytes, str]:
    data = BUNDLE.read_bytes()
    return data, hashlib.sha256(data).hexdigest()[:16]


@cache
def _bundle_br() -> bytes | None:
    """The compressed copy, when it is of this very file (else the server compresses as it answers)."""
    import brotli

    try:
        packed = BUNDLE_BR.read_bytes()
        return packed if brotli.decompress(packed) == _bundle()[0] else None
    except (OSError, brotli.error):
        return None


def script_url() -> str:
    """The editor script's address, e.g. /vendor/sql-editor.3f2a....min.js."""
    return f"{PREFIX}{_bundle()[1]}.min.js"


def schema(w):
    """The warehouse's tables and views with their columns and comments, one row per column, in the order
    the SQL page lists them (schema.sql; kept with the warehouse's other answers, per build)."""
    return w.query(SCHEMA_SQL.read_text(encoding="utf-8"), name="warehouse schema")


def catalogue(w) -> list[dict]:
    """The warehouse's tables and views with their columns and comments, for the editor's completion."""
    out = []
    for (name, kind, comment), cols in schema(w).group_by(["name", "kind", "comment"], maintain_order=True):
        out.append({"name": name, "kind": kind, "comment": comment or "",
                    "columns": [{"name": c["column_name"], "type": c["data_type"], "comment": c["column_comment"] or ""}
                                for c in cols.iter_rows(named=True)]})  # fmt: skip
    return out


def build_tag(w) -> str:
    """A short name of the warehouse's build (it says nothing of the file or the load)."""
    return hashlib.sha256(w.version.encode("utf-8")).hexdigest()[:16]


def catalogue_url(w) -> str:
    """The catalogue's address for this build, e.g. /api/sql/catalogue?v=3f2a...."""
    return f"{CATALOGUE}?v={build_tag(w)}"


def register_editor_route(server: Flask) -> None:
    @server.get("/vendor/sql-editor.<fingerprint>.min.js")
    def sql_editor_script(fingerprint: str):
        data, digest = _bundle()
        if fingerprint != digest:
            abort(404)  # an old name: the page asks for the new one
        headers = {"Cache-Control": IMMUTABLE, "ETag": f'"{digest}"', "Vary": "Accept-Encoding"}
        packed = _bundle_br()
        if packed is not None and "br" in request.accept_encodings:
            data, headers["Content-Encoding"] = packed, "br"
        return Response(data, content_type="text/javascript; charset=utf-8", headers=headers)

    @server.get("/vendor/sql-editor.LICENSES.txt")
    def sql_editor_licenses():
        return Response(LICENSES.read_bytes(), content_type="text/plain; charset=utf-8")

    @server.get(CATALOGUE)
    def sql_catalogue():
        w = context.get().warehouse
        try:
            tag = build_tag(w)
            headers = {"ETag": f'"{tag}"', "Cache-Control": KEPT if request.args.get("v") == tag else CHECK,
                       "Vary": "Accept-Encoding"}  # fmt: skip
            if tag in request.if_none_match:
                return Response(status=304, headers=headers)
            body = json.dumps(catalogue(w), ensure_ascii=False, separators=(",", ":"))
            if build_tag(w) != tag:  # a new build came in meanwhile: not kept under the old one's name
                headers["Cache-Control"] = CHECK
        except WarehouseError as e:
            response = jsonify({"error": " ".join(str(e).split())})
            response.status_code, response.headers["Cache-Control"] = 503, "no-store"
            return response
        return Response(body, content_type="application/json; charset=utf-8", headers=headers)
