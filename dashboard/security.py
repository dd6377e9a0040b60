"""What every answer of the dashboard carries and every request must pass, whoever serves it.

`secure(app, settings)` (in create_app) adds to the Flask server:

- a request size limit, checked on the Content-Length before any byte of the body is read
  (and by Flask while reading a body sent in chunks): 413, with the limit named;
- cross-site requests that change or run something are refused: a POST, PUT, PATCH or DELETE whose
  browser says it comes from another site (Sec-Fetch-Site), or whose Origin is not this dashboard's
  own, answers 403. Scripts without a browser (curl, Python) send neither header and pass;
- security headers on every answer: a Content-Security-Policy that runs only the dashboard's own
  scripts (Dash's one inline script by its hash), forbids framing, plugins and other sites'
  images; nosniff; a referrer policy that never sends a page's filters to another site;
- Dash's callback endpoint answers 400 to a request that is not the shape Dash sends (not a JSON
  object, unknown output, inputs that are not a list of {id, property, value}) instead of a 500;
- error answers (400, 404, 405, 413, 500) say what went wrong in one line, as JSON for API and
  export paths and as text otherwise, with no server path, version or traceback;
- the public address: view links in decks and workbooks and the page's meta tags use the
  `public_url` setting, never the Host header a client sent.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import urlsplit

from dash import Dash
from dash.exceptions import DependencyException, UnsupportedRelativePath
from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import WSGIRequestHandler

from dashboard.settings import Settings

log = logging.getLogger("dashboard")

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DASH_CALLBACK = "/_dash-update-component"
JSON_PREFIXES = ("/api/", "/export/", "/admin/", DASH_CALLBACK)

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def public_base(settings: Settings) -> str:
    """The address analysts reach the dashboard at, ending in '/': the public_url setting, else
    http://HOST:PORT/ of the settings. Never taken from a request."""
    if settings.public_url:
        return settings.public_url.rstrip("/") + "/"
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return f"http://{host}:{settings.port}/"


def check_public_url(value: str) -> None:
    """Refuse a public_url that is not a plain http(s) address (it goes into links and headers)."""
    if not value:
        return
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username
        or parts.query
        or parts.fragment
        or any(ch.isspace() or ch in "\"'<>\\" for ch in value)
    ):
        raise ValueError(
            f"setting public_url={value!r} is not a plain http(s) address like https://dashboard.example.go.th/"
        )


def content_security_policy(app: Dash) -> str:
    scripts = " ".join(["'self'", *app.csp_hashes()])  # each hash comes quoted
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            # Dash components and plotly.js set styles on elements and in <style> tags they write.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def secure(app: Dash, settings: Settings) -> None:
    check_public_url(settings.public_url)
    server = app.server
    limit = settings.max_request_kb * 1024
    server.config["MAX_CONTENT_LENGTH"] = limit
    policy: list[str] = []  # computed at the first answer, when every callback is registered
    # The page's meta tags would name the URL the client asked for (its Host header): left out.
    app.config.include_pages_meta = False
    base = public_base(settings)
    own_origins = {_origin(base)}

    @server.before_request
    def refuse_early():
        length = request.content_length
        if length is not None and length > limit:
            return _error(
                f"the request body is {length:,} bytes; at most {limit:,} are accepted (setting max_request_kb)", 413
            )
        if request.method in UNSAFE_METHODS:
            refused = _cross_site(own_origins)
            if refused:
                return _error(refused, 403)
        if request.path == DASH_CALLBACK and request.method == "POST":
            problem = _malformed_callback(app)
            if problem:
                return _error(f"not a callback request the dashboard sends: {problem}", 400)
        return None

    @server.after_request
    def headers(response: Response) -> Response:
        if not policy:
            policy.append(content_security_policy(app))
        response.headers.setdefault("Content-Security-Policy", policy[0])
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @server.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        if e.code == 413:
            return _error(f"the request body is larger than the {limit:,} bytes accepted (setting max_request_kb)", 413)
        return _error(_MESSAGES.get(e.code or 500, e.name), e.code or 500)

    @server.errorhandler(UnsupportedRelativePath)
    def page_address(e: Exception):  # a crafted router request: browsers always send a path from "/"
        return _error("not a page address: a page's path starts with /", 400)

    @server.errorhandler(DependencyException)
    def no_such_script(e: Exception):  # a script path that no installed component serves
        return _error("no such file among the dashboard's scripts", 404)

    @server.errorhandler(Exception)
    def server_error(e: Exception):
        log.exception("%s %s failed", request.method, request.path)
        return _error("the server could not answer this request; the error is in the server log", 500)


_MESSAGES = {
    400: "the request is not one the dashboard understands",
    404: "nothing here: see /export/charts for the exports, /api/sql for SQL, / for the pages",
    405: "this address does not take that method",
}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def _cross_site(own: set[str]) -> str | None:
    """Why a state-changing request is refused as cross-site, or None."""
    site = request.headers.get("Sec-Fetch-Site", "").lower()
    if site in ("cross-site", "same-site"):
        return "a request from another site is refused: open the dashboard itself and send it from there"
    origin = request.headers.get("Origin")
    if origin is None:
        return None  # not sent by a browser's cross-origin request (scripts, same-origin GET-like forms)
    if origin == "null":
        return "a request from an opaque origin (a sandboxed frame or a file) is refused"
    # The browser's own address of this page: the Host it connected to, or the public address.
    allowed = own | {_origin(request.host_url)}
    if _origin(origin) not in allowed:
        return f"a request from {origin} is refused: only pages of this dashboard may send it"
    return None


def _malformed_callback(app: Dash) -> str | None:
    """What makes this body unlike the callback requests Dash's renderer sends, or None."""
    try:
        body = json.loads(request.get_data(cache=True) or b"")
    except (ValueError, UnicodeDecodeError):
        return "the body is not JSON"
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or not output:
        return "no output named"
    if output not in app.callback_map:
        return "no callback has that output"
    declared = app.callback_map[output]
    for key in ("inputs", "state"):
        items = body.get(key, [])
        if not isinstance(items, list):
            return f"{key} is not a list"
        expected = declared.get(key, [])
        if len(items) != len(expected):
            return f"the callback takes {len(expected)} {key}, not {len(items)}"
        for item, want in zip(items, expected, strict=True):
            for one in item if isinstance(item, list) else [item]:
                if not isinstance(one, dict) or "id" not in one or not isinstance(one.get("property"), str):
                    return f"an item of {key} is not an object with id and property"
                if not isinstance(one["id"], str | dict):
                    return f"an id in {key} is neither a name nor a pattern"
                # A pattern-matching id (ALL, MATCH) is declared as its JSON text: its items are the components
                # it matched, each named by its own id, so only the property is compared.
                pattern = isinstance(want.get("id"), str) and want["id"].startswith("{")
                if pattern and one["property"] != want["property"]:
                    return f"{key} property {one['property']} where the callback takes {want['property']}"
                named = isinstance(want.get("id"), str) and not pattern
                if named and (one["id"], one["property"]) != (want["id"], want["property"]):
                    return f"{key} name {one['id']}.{one['property']} where the callback takes {want['id']}.{want['property']}"
    outputs = body.get("outputs")
    for one in outputs if isinstance(outputs, list) else [outputs]:
        if not isinstance(one, dict) or "id" not in one or not isinstance(one.get("property"), str):
            return "outputs is not an object with id and property (or a list of them)"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds is not a list of names"
    return None


def _error(message: str, status: int) -> Response:
    headers = {"Cache-Control": "no-store"}
    if request.path.startswith(JSON_PREFIXES):
        resp = jsonify({"error": message})
        resp.status_code = status
        resp.headers.update(headers)
        return resp
    return Response(message + "\n", status=status, content_type="text/plain; charset=utf-8", headers=headers)


class QuietRequestHandler(WSGIRequestHandler):
    """The development server's request handler, naming no version of itself or of Python."""

    def version_string(self) -> str:
        return "dashboard"
