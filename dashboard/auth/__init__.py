"""Sign-in, roles and the audit trail: `register_auth(app, settings)` in create_app.

roles.py     the roles, what each request needs, require(role)
accounts.py  local accounts (auth_dir/users.json, scrypt)
ldap.py      directory sign-in (bind as the user, roles from groups)
sessions.py  the cookie's key, sign-out, the wrong-password throttle
audit.py     the hash-chained audit trail (auth_dir/audit.jsonl)
routes.py    the request hooks, /signin, /signout, /admin/...
page.py      the sign-in page
"""

from __future__ import annotations

from dashboard.auth.roles import ROLES, User, allows, can_open, current_user, require
from dashboard.auth.routes import KEY, Auth, register_auth

__all__ = ["KEY", "ROLES", "Auth", "User", "allows", "audit_record", "can_open", "csrf_token", "current_user", "register_auth",
           "require"]  # fmt: skip


def csrf_token() -> str:
    """The current session's form token (for a sign-out form), made when missing."""
    from flask import session

    from dashboard.auth.sessions import new_token

    return session.setdefault("csrf", new_token())


def audit_record(event: str, **fields: object) -> None:
    """An audit line for the request being served (a steward's data change, say), with who sent it."""
    from flask import current_app

    current_app.extensions[KEY].record(event, **fields)
