"""The SQL page's editor script (dashboard/vendor/codemirror, built once and committed): served from a
route of its own under a name holding its content's hash, so a browser keeps it for a year and asks
again only when it changes, and loaded by the SQL page alone (every file of assets/ would be loaded
by every page). Its licenses are served beside it.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, Response, abort, request

DIST = Path(__file__).resolve().parents[1] / "vendor" / "codemirror" / "dist"
BUNDLE = DIST / "sql-editor.min.js"
BUNDLE_BR = DIST / "sql-editor.min.js.br"  # the same, compressed once at brotli's highest level by build.sh
LICENSES = DIST / "LICENSES.txt"
PREFIX = "/vendor/sql-editor."
IMMUTABLE = "public, max-age=31536000, immutable"
SCHEMA_SQL = Path(__file__).resolve().parent / "schema.sql"


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
