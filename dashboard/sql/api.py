"""`GET|POST /api/sql?sql=...&format=json|csv` (SPEC section 7), registered by
`register_sql_routes(app, settings)` in create_app, with the SQL page's editor script
(editor.py) and its store of history and saved queries (history.py).

JSON: `{"columns": [...], "rows": [[...]], "truncated": bool, "elapsed_ms": n}`. CSV: a header row,
UTF-8 with a byte-order mark (Excel's "get data from web" shows Thai), and the truncation in the
`X-Truncated` header. A refused or failed query answers HTTP 400 with a one-line message
(`{"error": ...}`, or plain text for CSV), never a stack trace; a busy worker answers 503 with
Retry-After. Queries take turns per user (`who()`: the signed-in name, else the client address).
"""

from __future__ import annotations

import json
import logging

from dash import Dash
from flask import Response, current_app, g, jsonify, request

from dashboard.settings import Settings
from dashboard.sql.editor import register_editor_route
from dashboard.sql.history import History
from dashboard.sql.results import to_csv
from dashboard.sql.runner import SqlError, SqlResult, SqlRunner

KEY = "dashboard.sql"
HISTORY_KEY = "dashboard.sql.history"
FORMATS = ("json", "csv")
log = logging.getLogger(__name__)


def register_sql_routes(app: Dash, settings: Settings) -> SqlRunner:
    """Add /api/sql to the app; its SQL worker starts with the first query."""
    r = SqlRunner(
        settings.warehouse,
        timeout_s=settings.sql_timeout_s,
        row_cap=settings.sql_row_cap,
        memory=settings.sql_memory,
        threads=settings.duckdb_threads,
    )
    app.server.extensions[KEY] = r
    app.server.extensions[HISTORY_KEY] = History(settings.auth_dir)
    register_editor_route(app.server)

    @app.server.route("/api/sql", methods=["GET", "POST"])
    def api_sql():
        sql, fmt = request_params()
        if fmt not in FORMATS:
            return error(f"format={fmt!r} is not known: use format=json or format=csv", 400, "json")
        if not sql:
            return error("no SQL given: pass sql=SELECT ... (in the URL, a form or a JSON body)", 400, fmt)
        try:
            result = r.run(sql, who=who())
        except SqlError as e:
            return error(str(e), e.status, fmt, e.retry_after_s)
        except Exception as e:  # a bug here must not show a stack trace, nor stop the server
            log.exception("/api/sql failed")
            return error(f"the query could not be answered ({type(e).__name__}); see the server log", 500, fmt)
        return answer(result, fmt)

    return r


def runner() -> SqlRunner:
    """The SQL runner of the app serving this request (for the SQL page's callbacks)."""
    return current_app.extensions[KEY]


def history() -> History:
    """The SQL page's history and saved queries of the app serving this request."""
    return current_app.extensions[HISTORY_KEY]


def who() -> str:
    """Whose turn a query takes in the SQL queue: the signed-in user's name when a sign-in layer set
    `flask.g.user` (with the address when that name stands for anyone on this machine), else the
    client's address."""
    user = g.get("user", None)
    name = getattr(user, "name", None)
    if not name:
        return f"addr:{request.remote_addr or '-'}"
    if getattr(user, "via", None) == "loopback":  # one name for whoever asks from this machine
        return f"user:{name}@{request.remote_addr or '-'}"
    return f"user:{name}"


def request_params() -> tuple[str, str]:
    """sql and format from the query string, a form or a JSON body (body first)."""
    values = dict(request.args)
    if request.method == "POST":
        body = request.get_json(silent=True) if request.is_json else None
        values.update(body if isinstance(body, dict) else request.form.to_dict())
    return str(values.get("sql") or "").strip(), str(values.get("format") or "json").lower()


def answer(result: SqlResult, fmt: str) -> Response:
    headers = {
        "X-Truncated": "true" if result.truncated else "false",
        "X-Row-Count": str(len(result.rows)),
        "X-Elapsed-Ms": str(result.elapsed_ms),
        "X-Answer": "kept" if result.kept else "run",  # kept: the same query's answer on this build, not run again
        "Cache-Control": "no-store",
    }
    if fmt == "csv":
        return Response(
            to_csv(result.columns, result.rows),
            headers={**headers, "Content-Disposition": 'inline; filename="query.csv"'},
            content_type="text/csv; charset=utf-8",
        )
    body = json.dumps(result.as_json(), ensure_ascii=False, separators=(",", ":"))
    return Response(body, content_type="application/json; charset=utf-8", headers=headers)


def error(message: str, status: int, fmt: str, retry_after_s: int | None = None) -> Response:
    message = " ".join(message.split())
    retry = {"Retry-After": str(retry_after_s or 5)} if status == 503 else {}
    headers = {"Cache-Control": "no-store", **retry}
    if fmt == "csv":
        return Response(message + "\n", status=status, content_type="text/plain; charset=utf-8", headers=headers)
    resp = jsonify({"error": message})
    resp.status_code = status
    resp.headers.update(headers)
    return resp
