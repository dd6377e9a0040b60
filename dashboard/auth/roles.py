"""The four roles, what each may open, and `require(role)` for routes that need more than a viewer.

    viewer    the pages and every export
    analyst   + ad-hoc SQL: the SQL page, its callbacks and /api/sql
    steward   + adding, approving and rebuilding data (routes under /steward/)
    admin     + users and settings, the audit trail (/admin/...)

Each role holds every right of the roles before it. What a request needs is decided in one place,
`needed()`, before any route or callback runs; nothing is open unless listed here as public.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import overload

import dash
from flask import has_request_context, jsonify, request

ROLES = ("viewer", "analyst", "steward", "admin")
RANK = {role: i for i, role in enumerate(ROLES)}

# Paths anyone may fetch: the sign-in form, the load balancer's check, and the static files
# the sign-in page and the Dash front end are drawn with (no data in any of them).
PUBLIC_PATHS = ("/signin", "/signout", "/api/health", "/favicon.ico", "/_favicon.ico")
PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
# A path prefix and the role it needs, the first match wins; anything else needs a viewer.
PATH_ROLES = (("/api/sql", "analyst"), ("/admin/", "admin"), ("/steward/", "steward"), ("/sql/browse", "analyst"))
# A Dash page (by its registered path) that needs more than a viewer; its callbacks need the same.
PAGE_ROLES = {"/sql": "analyst", "/data/add": "steward"}
# Dash pages under a path (one page per table: /sql/browse/<name>) and the role they and their callbacks need.
PAGE_PREFIX_ROLES = (("/sql/browse", "analyst"),)
# A callback whose output ids start so needs this role whatever page defines it (the Data page's audit trail).
OUTPUT_ROLES = (("admin-", "admin"), ("steward-", "steward"))
CALLBACK_PATH = "/_dash-update-component"


@dataclass(frozen=True)
class User:
    name: str
    role: str | None  # None: known, but given no role (an unknown proxy role): refused everywhere
    via: str  # local, ldap, proxy, loopback

    def may(self, role: str) -> bool:
        return self.role in RANK and RANK[self.role] >= RANK[role]


def parse_role(text: str | None) -> str | None:
    """The highest known role in `text` ("analyst", or a list "viewer,analyst"); None when none is known."""
    found = [r.strip().lower() for r in (text or "").replace(";", ",").split(",")]
    known = [r for r in found if r in RANK]
    return max(known, key=RANK.__getitem__) if known else None


@overload
def higher(a: str, b: str | None) -> str: ...
@overload
def higher(a: str | None, b: str) -> str: ...
@overload
def higher(a: str | None, b: str | None) -> str | None: ...
def higher(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return a if RANK[a] >= RANK[b] else b


def page_role(pathname: object) -> str:
    """The role a Dash page needs, compared the way Dash's router finds a page (slashes stripped)."""
    if not isinstance(pathname, str):
        return "viewer"
    key = pathname.strip("/")
    for path, role in PAGE_ROLES.items():
        if key == path.strip("/"):
            return role
    for prefix, role in PAGE_PREFIX_ROLES:
        if key == prefix.strip("/") or key.startswith(prefix.strip("/") + "/"):
            return role
    return "viewer"


def _module_role(module: str) -> str:
    page = dash.page_registry.get(module)
    return page_role(page["path"]) if page else "viewer"


def callback_role(app: dash.Dash, body: object) -> str:
    """The role a Dash callback request needs: that of the page module defining the callback Dash will
    run (it is found by the request's `output`), and for the page router, that of every page any input
    names (its arguments are taken by position, so an input's id proves nothing)."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return "viewer"
    cb = app.callback_map.get(body["output"])
    if cb is None or "callback" not in cb:
        return "viewer"  # unknown: Dash answers it with an error; clientside: runs in the browser
    need = _module_role(getattr(cb["callback"], "__module__", ""))
    for prefix, role in OUTPUT_ROLES:
        if any(part.lstrip(".").startswith(prefix) for part in body["output"].split("...")):
            need = higher(need, role)
    if "_pages_content.children" in body["output"]:
        values = [
            i.get("value") for i in (*(body.get("inputs") or ()), *(body.get("state") or ())) if isinstance(i, dict)
        ]
        for value in values:
            need = higher(need, page_role(value))
    return need


def needed(app: dash.Dash) -> str | None:
    """The role this request needs; None: public."""
    path = request.path
    if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
        return None
    for prefix, role in PATH_ROLES:
        if path == prefix.rstrip("/") or path.startswith(prefix):
            return role
    if path == CALLBACK_PATH:
        return callback_role(app, request.get_json(silent=True))
    return page_role(path)


def current_user() -> User | None:
    """Who sent the request being served (None outside a request, or not signed in)."""
    from flask import g

    return g.get("user") if has_request_context() else None


def allows(role: str) -> bool:
    user = current_user()
    return user is not None and user.may(role)


def can_open(path: str) -> bool:
    """May the current user open this page (for the navigation links)?"""
    return allows(page_role(path))


def require(role: str):
    """A Flask view decorator: 401 when nobody is signed in, 403 when the role is below `role`.

    Every request is already checked against the table above; this is for a route that needs a
    role its path does not say (a steward action under another prefix, say)."""
    if role not in RANK:
        raise ValueError(f"unknown role {role!r}: the roles are {', '.join(ROLES)}")

    def wrap(view):
        @functools.wraps(view)
        def checked(*args, **kwargs):
            user = current_user()
            if user is None:
                return refusal(401, role)
            if not user.may(role):
                return refusal(403, role)
            return view(*args, **kwargs)

        return checked

    return wrap


def refusal(status: int, role: str):
    """401 (sign in) or 403 (a higher role is needed): JSON for programs and callbacks, a short page for a
    browser's navigation (which, when nobody is signed in, is sent to the sign-in page instead)."""
    from urllib.parse import quote

    from flask import g, redirect

    user = current_user()
    if status == 401:
        message = f"sign in first: this needs the {role} role (/signin)"
    else:
        assert user is not None  # 403 is given only to someone signed in
        message = f"this needs the {role} role; {user.name} is {user.role or 'given no role'}"
    navigating = (
        request.method == "GET"
        and "text/html" in request.headers.get("Accept", "")
        and not request.path.startswith(("/api/", "/export/", "/admin/", "/_dash-"))
    )
    if navigating and status == 401:
        expired = "&expired=1" if g.get("auth_ended") == "expired" else ""
        return redirect("/signin?next=" + quote(request.full_path.rstrip("?"), safe="/") + expired, code=302)
    if navigating:
        from dashboard.auth.page import refused_page

        return refused_page(message), status
    response = jsonify({"error": message, "needs": role})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
