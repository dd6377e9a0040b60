"""register_auth(app, settings): who sent each request, what it may open, the sign-in and sign-out
forms, /admin/audit.csv, and the audit lines written for it.

One hook before every request finds the user (a trusted proxy's header, else the session cookie,
else this machine's own address) and refuses what the role does not allow (roles.needed); one hook
after it writes the audit line for SQL, exports, admin pages, refusals and changes. Routes and
callbacks are not edited one by one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import json
import logging
import time
from pathlib import Path
from urllib.parse import urlsplit

import dash
from flask import Flask, Response, g, jsonify, redirect, request, session

from dashboard.auth import accounts as acc
from dashboard.auth import audit, sessions
from dashboard.auth.ldap import Directory, DirectoryError
from dashboard.auth.page import say, signin_page
from dashboard.auth.roles import CALLBACK_PATH, RANK, User, needed, parse_role, refusal
from dashboard.settings import Settings

KEY = "dashboard.auth"
FORWARDED = ("X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host")
SQL_TEXT_MAX = 20_000
log = logging.getLogger("dashboard.auth")


def _ip(text: str | None):
    try:
        ip = ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None
    return ip.ipv4_mapped or ip if ip.version == 6 else ip


class Auth:
    def __init__(self, app: dash.Dash, settings: Settings):
        self.app, self.settings = app, settings
        self.dir = Path(settings.auth_dir)
        assets = Path(app.config.assets_folder).resolve()
        if self.dir.resolve().is_relative_to(assets):
            raise ValueError(f"auth_dir {settings.auth_dir!r} is inside the served assets folder: choose another")
        self.accounts = acc.Accounts(self.dir)
        self.trail = audit.Trail(self.dir)
        self.throttle = sessions.Throttle()
        self.session_s = settings.session_hours * 3600
        self.signed_out = sessions.SignedOut(self.dir, self.session_s)
        self.directory = Directory.from_settings(settings)
        role = settings.loopback_role.strip().lower()
        if role != "none" and role not in RANK:
            raise ValueError(f"loopback_role {settings.loopback_role!r} is not a role ({', '.join(RANK)}) or none")
        self.loopback_role = None if role == "none" else role
        self.trusted = [
            ipaddress.ip_network(a.strip(), strict=False) for a in settings.proxy_trusted.split(",") if a.strip()
        ]
        hosts = {"localhost", "127.0.0.1", "::1", settings.host, urlsplit(settings.public_url).hostname or ""}
        self.local_hosts = hosts - {"", "0.0.0.0", "::"}

    # -- who is asking -------------------------------------------------------------------------
    def identify(self) -> User | None:
        s = self.settings
        addr = _ip(request.remote_addr)
        if s.proxy_user_header:
            name = request.headers.get(s.proxy_user_header, "").strip()
            if name:
                if addr is not None and any(addr in net for net in self.trusted):
                    if len(name) > 256 or not name.isprintable():
                        return User("(unreadable proxy user)", None, "proxy")
                    said = request.headers.get(s.proxy_role_header, "").strip() if s.proxy_role_header else ""
                    role = parse_role(said) if said else "viewer"  # a role named but not known: none at all
                    return User(name, role, "proxy")
                g.auth_untrusted_proxy = name[:256]
        user = self.from_session()
        if user is not None:
            return user
        if self.loopback_role and self.is_loopback(addr):
            return User("loopback", self.loopback_role, "loopback")
        return None

    def is_loopback(self, addr) -> bool:
        """This machine asking directly: a loopback address, no proxy set up, nothing forwarded, and a Host
        naming this machine (a page elsewhere that rebinds its name to 127.0.0.1 gets nothing)."""
        if self.settings.proxy_user_header or addr is None or not addr.is_loopback:
            return False
        if any(h in request.headers for h in FORWARDED):
            return False
        return urlsplit("//" + request.host).hostname in self.local_hosts

    def from_session(self) -> User | None:
        name = session.get("user")
        if not name:
            return None
        now = time.time()
        seen = session.get("seen")
        role: str | None = None
        if not isinstance(seen, int | float) or now - seen > self.session_s or now < seen - 300:
            g.auth_ended = "expired"
        elif session.get("sid") in self.signed_out:
            g.auth_ended = "signed out"
        elif session.get("via") == "local":
            account = self.accounts.get(name)
            if account is None or account.stamp != session.get("stamp"):
                g.auth_ended = "account changed"
            else:
                role = account.role
        else:
            role = session.get("role")
        if g.get("auth_ended"):
            session.clear()
            return None
        assert isinstance(seen, int | float)  # else the session ended above
        if now - seen >= sessions.SEEN_EVERY_S:
            session["seen"] = int(now)
        return User(name, role if role in RANK else None, session.get("via", "?"))

    # -- the hooks -----------------------------------------------------------------------------
    def gate(self):
        g.auth_started = time.perf_counter()
        g.user = self.identify()
        need = g.auth_need = needed(self.app)
        if need is None:
            return None
        if g.user is None:
            g.auth_refused = True
            return refusal(401, need)
        if not g.user.may(need):
            g.auth_refused = True
            return refusal(403, need)
        return None

    def who(self) -> dict:
        user = g.get("user")
        return {
            "user": user.name if user else None,
            "role": user.role if user else None,
            "via": user.via if user else None,
            "addr": request.remote_addr,
        }

    def record(self, event: str, **fields) -> None:
        """An audit line with who sent the request being served; a failure to write is logged, not raised."""
        try:
            self.trail.append(event, **self.who(), **fields)
        except OSError:
            log.exception("the audit trail %s could not be written", self.trail.path)

    def after(self, response: Response) -> Response:
        if "auth_need" not in g:
            return response  # refused before the gate (size, another site, a malformed callback): not a user's act
        path, status = request.path, response.status_code
        ms = round((time.perf_counter() - g.get("auth_started", time.perf_counter())) * 1000, 1)
        if g.get("auth_untrusted_proxy"):
            self.record("proxy_refused", outcome="refused", path=path, claimed=g.auth_untrusted_proxy)
        if g.get("auth_refused"):
            if status == 403 or g.get("auth_need") != "viewer":
                self.record("denied", outcome="refused", method=request.method, path=_full_path(), status=status,
                            needs=g.get("auth_need"))  # fmt: skip
            return response
        if path == "/api/sql":
            self.record("sql", outcome=_outcome(status), source="api", status=status, ms=ms, **_api_sql(response))
        elif path.startswith("/export/"):
            # A streamed file (the records CSV) is logged as it starts: its size is known only at its end.
            size = {"streamed": True} if response.is_streamed else {"bytes": response.calculate_content_length()}
            self.record("export", outcome=_outcome(status), path=_full_path(), status=status, ms=ms, **size)
        elif path == CALLBACK_PATH and request.method == "POST":
            self.sql_callback(response, status, ms)
        elif path.startswith("/admin/"):
            self.record("admin", outcome=_outcome(status), method=request.method, path=_full_path(), status=status)
        elif request.method not in ("GET", "HEAD", "OPTIONS") and path not in ("/signin", "/signout"):
            self.record("change", outcome=_outcome(status), method=request.method, path=_full_path(), status=status)
        return response

    def sql_callback(self, response: Response, status: int, ms: float) -> None:
        """The SQL page's run and download callbacks: the query, its outcome, rows and time."""
        body = request.get_json(silent=True) or {}
        output = body.get("output") if isinstance(body, dict) else None
        if not isinstance(output, str) or not ("sql-grid.rowData" in output or output == "sql-download.data"):
            return
        state = {
            f"{s.get('id')}.{s.get('property')}": s.get("value") for s in body.get("state") or () if isinstance(s, dict)
        }
        try:
            answer = json.loads(response.get_data()).get("response", {}) if status == 200 else {}
        except (ValueError, AttributeError):
            answer = {}
        if output == "sql-download.data":
            last = state.get("sql-last.data") or {}
            name = ((answer.get("sql-download") or {}).get("data") or {}).get("filename")
            self.record("export", outcome=_outcome(status), path=f"/sql ({name or 'download'})", status=status,
                        sql=_clip(last.get("sql") if isinstance(last, dict) else None), ms=ms)  # fmt: skip
            return
        rows = (answer.get("sql-grid") or {}).get("rowData")
        error = _text((answer.get("sql-error") or {}).get("children"))
        self.record("sql", outcome="error" if error or status != 200 else "ok", source="sql page", status=status,
                    sql=_clip(state.get("sql-editor.value")), rows=len(rows) if isinstance(rows, list) else None,
                    error=error or None, ms=ms)  # fmt: skip

    # -- signing in and out --------------------------------------------------------------------
    def authenticate(self, name: str, password: str) -> tuple[User | None, str]:
        """-> (the user, "") or (None, why: failed or the directory's trouble)."""
        account = self.accounts.get(name)
        if account is not None or self.directory is None:
            account = self.accounts.verify(name, password)
            return (User(name, account.role, "local"), "") if account else (None, "failed")
        try:
            role = self.directory.sign_in(name, password)
        except DirectoryError as e:
            log.warning("directory sign-in: %s", e)
            return None, f"directory: {e}"
        if role is None:
            return None, "failed"
        return User(name, role, "ldap"), ""

    def start_session(self, user: User) -> None:
        """A new session: nothing of the one before is kept (its token, its id), so a cookie planted before the
        sign-in is worth nothing after it."""
        session.clear()
        now = int(time.time())
        session.update(user=user.name, role=user.role, via=user.via, sid=sessions.new_token(),
                       csrf=sessions.new_token(), seen=now, since=now)  # fmt: skip
        if user.via == "local":
            account = self.accounts.get(user.name)
            assert account is not None  # a local user has just signed in with it
            session["stamp"] = account.stamp
        session.permanent = True


def _outcome(status: int) -> str:
    return "ok" if status < 400 else "refused" if status in (401, 403, 429) else "error"


def _full_path() -> str:
    return request.full_path.rstrip("?")


def _clip(sql: object) -> str | None:
    if not isinstance(sql, str):
        return None
    return sql if len(sql) <= SQL_TEXT_MAX else sql[:SQL_TEXT_MAX] + f"... ({len(sql):,} characters)"


def _text(children: object) -> str:
    """The text of a Dash component tree (as JSON)."""
    if children is None:
        return ""
    if isinstance(children, str | int | float):
        return str(children)
    if isinstance(children, list):
        return " ".join(filter(None, (_text(c) for c in children)))
    if isinstance(children, dict):
        return _text((children.get("props") or {}).get("children"))
    return ""


def _api_sql(response: Response) -> dict:
    from dashboard.sql.api import request_params

    sql, fmt = request_params()
    out: dict[str, object] = {"sql": _clip(sql), "format": fmt}
    if response.status_code == 200:
        out["rows"] = int(response.headers.get("X-Row-Count", 0))
        out["truncated"] = response.headers.get("X-Truncated") == "true" or None
        out["query_ms"] = int(response.headers.get("X-Elapsed-Ms", 0)) or None
    else:
        text = response.get_data(as_text=True)
        with contextlib.suppress(ValueError, AttributeError):
            text = json.loads(text).get("error", text)
        out["error"] = str(text)[:1000]
    return out


def _safe_next(value: str | None) -> str:
    """Only a path on this site: never //host, /\\host, a scheme, or a control character."""
    value = value or "/"
    parts = urlsplit(value)
    if not value.startswith("/") or value.startswith(("//", "/\\")) or parts.scheme or parts.netloc:
        return "/"
    if not value.isprintable() or value.startswith("/signout"):
        return "/"
    return value


def register_auth(app: dash.Dash, settings: Settings) -> Auth:
    """Sign-in, roles and the audit trail on the app's Flask server (see the package's modules)."""
    server: Flask = app.server
    auth = Auth(app, settings)
    server.extensions[KEY] = auth
    server.secret_key = sessions.secret_key(auth.dir)
    server.config.update(
        SESSION_COOKIE_NAME=sessions.COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.public_url.lower().startswith("https:"),
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=settings.session_hours),
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    server.before_request(auth.gate)
    server.after_request(auth.after)

    def lang() -> str:
        value = request.values.get("lang") or settings.lang
        return value if value in ("th", "en") else "en"

    def form(message_key: str = "", status: int = 200, **params) -> Response:
        session.setdefault("csrf", sessions.new_token())
        next_path = _safe_next(request.values.get("next"))
        message = say(message_key, lang(), **params) if message_key else ""
        html = signin_page(lang(), session["csrf"], next_path, message, request.form.get("user", "")[:64])
        return Response(
            html, status=status, headers={"Cache-Control": "no-store"}, content_type="text/html; charset=utf-8"
        )

    @server.get("/signin")
    def signin_form():
        expired = g.get("auth_ended") == "expired" or request.args.get("expired") == "1"
        return form("expired" if expired else "")

    @server.post("/signin")
    def signin():
        name = request.form.get("user", "").strip()
        password = request.form.get("password", "")
        addr = request.remote_addr or "?"
        if not sessions.same(request.form.get("csrf"), session.get("csrf")):
            auth.record("signin", outcome="refused", name=name[:64], reason="no or wrong form token")
            session.pop("csrf", None)
            return form("csrf", 400)
        wait = auth.throttle.wait(name, addr)
        if wait > 0:
            auth.record("signin", outcome="throttled", name=name[:64])
            response = form("throttled", 429, minutes=max(1, round(wait / 60)))
            response.headers["Retry-After"] = str(int(wait) + 1)
            return response
        started = time.perf_counter()
        user, why = auth.authenticate(name, password)
        ms = round((time.perf_counter() - started) * 1000, 1)
        if user is None or user.role is None:
            if why.startswith("directory"):
                auth.record("signin", outcome="error", name=name[:64], reason=why[:300], ms=ms)
                return form("directory", 503, error=why.removeprefix("directory: ")[:200])
            auth.throttle.failed(name, addr)
            auth.record("signin", outcome="failed", name=name[:64], reason="wrong user name or password", ms=ms)
            return form("failed", 401)
        auth.throttle.succeeded(name, addr)
        auth.start_session(user)
        g.user = user
        auth.record("signin", outcome="ok", name=user.name, method=user.via, ms=ms)
        return redirect(_safe_next(request.form.get("next")), code=303)

    @server.post("/signout")
    def signout():
        if not sessions.same(request.form.get("csrf"), session.get("csrf")):
            return jsonify(
                {"error": "the sign-out form's token is missing or wrong: reload the page and try again"}
            ), 400
        if session.get("sid"):
            auth.signed_out.add(session["sid"])
        auth.record("signout", outcome="ok")
        session.clear()
        return redirect("/signin", code=303)

    @server.get("/signout")
    def signout_get():
        # Signing out changes state: only the form's POST does it (Dash would answer this GET with its page).
        return Response("sign out with the button on any page (POST /signout)\n", status=405, headers={"Allow": "POST"},
                        content_type="text/plain; charset=utf-8")  # fmt: skip

    @server.get("/admin/audit.csv")
    def audit_csv():
        verdict = auth.trail.verify()
        response = Response(audit.to_csv(auth.trail.read()), content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = 'attachment; filename="audit.csv"'
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Audit-Verified"] = "true" if verdict.ok else "false"
        return response

    @server.get("/admin/users")
    def users_json():
        return jsonify([{"name": a.name, "role": a.role, "changed": a.changed} for a in auth.accounts.all().values()])

    return auth
