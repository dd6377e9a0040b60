"""Every setting in one table: name, default, help. Environment variables override.

`DASHBOARD_<NAME>` in the environment overrides the default of <name>
(e.g. DASHBOARD_WAREHOUSE=/srv/w.duckdb). Every value is checked once, when the
settings load (`load`): a bad one is a `SettingError` that names the setting, the
value and what it accepts, before anything starts with it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dashboard.warehouse_file import MEMORY_ACCEPTED, memory_limit

SETTINGS: dict[str, tuple[object, str]] = {
    "warehouse": ("data/warehouse.duckdb", "DuckDB warehouse file the dashboard reads (read-only)"),
    "host": ("127.0.0.1", "address the development server listens on"),
    "port": (8050, "port the development server listens on"),
    "lang": ("th", "default language: th or en"),
    "era": ("be", "default year numbering: be (Buddhist era) or ce"),
    "duckdb_threads": (
        1,
        "DuckDB threads per query in each process (gunicorn worker); 1 keeps one request from taking every core",
    ),
    "duckdb_memory": ("1GB", "DuckDB memory limit per process"),
    "query_timeout_s": (10.0, "seconds a dashboard query may run before it is interrupted"),
    "cache_mb": (256, "megabytes of query results each process keeps (per warehouse version and filter state)"),
    "swap_warm_s": (
        30.0,
        "seconds a process may spend running its recent queries on a newly built warehouse before it serves "
        "from it (the old build answers meanwhile); 0: switch at once",
    ),
    "page_parallel": (2, "queries of one page run side by side on this many threads"),
    "log_requests": (1, "1: log one line per request (method, path, status, bytes, milliseconds) to stderr; 0: off"),
    "sql_timeout_s": (5.0, "seconds an SQL-page or /api/sql query may run before it is interrupted"),
    "sql_row_cap": (10000, "rows an SQL-page or /api/sql answer holds at most; more are cut and marked truncated"),
    "sql_memory": ("512MB", "DuckDB memory limit of the SQL worker process (one per dashboard process)"),
    "public_url": (
        "",
        "the address analysts reach the dashboard at (https://dashboard.example.go.th/), used for the view links "
        "in decks, workbooks and page tags; empty: http://HOST:PORT/ of these settings (the Host header is never used)",
    ),
    "max_request_kb": (1024, "kilobytes a request body may hold; a larger one is refused before it is read"),
    "loopback_role": (
        "admin",
        "role of a request from this machine's own address when no sign-in or proxy header is set up "
        "(viewer, analyst, steward, admin; none: sign-in everywhere)",
    ),
    "auth_dir": (
        "data/auth",
        "folder of the local accounts, the session key, the audit trail, and the SQL page's history and saved "
        "queries (sql_queries.sqlite3); never served",
    ),
    "session_hours": (8.0, "hours a sign-in lasts without use"),
    "ldap_url": ("", "LDAP or Active Directory server (ldap://dc.example.go.th); empty: no directory sign-in"),
    "ldap_user_dn": (
        "uid={user},ou=people,dc=example,dc=org",
        "distinguished name a user signs in as; {user} is the name typed (Active Directory: {user}@example.go.th)",
    ),
    "ldap_groups": (
        "",
        "roles from directory groups: role=group DN pairs separated by ';' "
        "(analyst=cn=analysts,ou=groups,dc=example,dc=org;admin=cn=admins,ou=groups,dc=example,dc=org)",
    ),
    "ldap_default_role": ("viewer", "role of a directory user in none of the groups of ldap_groups (none: refused)"),
    "proxy_user_header": (
        "",
        "header a trusted single sign-on proxy puts the user name in (X-Remote-User); empty: not used",
    ),
    "proxy_role_header": ("", "header the proxy puts the role in (X-Remote-Role); empty: proxy users are viewers"),
    "proxy_trusted": ("127.0.0.1,::1", "addresses of the proxies whose user and role headers are believed"),
    "deck_template": (
        "",
        "a .pptx or .potx whose slide masters, layouts and theme the briefing deck uses (a ministry template); "
        "empty: the built-in look",
    ),
    "raw_dir": (
        "data/raw",
        "folder of the raw files the warehouse is built from; the data steward's screen (/data/add) appends its "
        "records there (<dataset>_entered.csv, sources.csv) and builds from it",
    ),
}


@dataclass(frozen=True)
class Settings:
    warehouse: str
    host: str
    port: int
    lang: str
    era: str
    duckdb_threads: int
    duckdb_memory: str
    query_timeout_s: float
    cache_mb: int
    swap_warm_s: float
    page_parallel: int
    log_requests: int
    sql_timeout_s: float
    sql_row_cap: int
    sql_memory: str
    public_url: str
    max_request_kb: int
    loopback_role: str
    auth_dir: str
    session_hours: float
    ldap_url: str
    ldap_user_dn: str
    ldap_groups: str
    ldap_default_role: str
    proxy_user_header: str
    proxy_role_header: str
    proxy_trusted: str
    deck_template: str
    raw_dir: str


class SettingError(ValueError):
    """A setting's value is not one it accepts; the message names the setting, the value and what is accepted."""


ROLES = ("viewer", "analyst", "steward", "admin")  # dashboard/auth/roles.py, which the sign-in checks
ROLE_OR_NONE = f"one of {', '.join(ROLES)}, none"


def _between(low: float, high: float = float("inf"), *, above: bool = False):
    """A check: the number itself when low <= it <= high (low < it when above), else ValueError."""

    def check(value):
        if not (low < value if above else low <= value) or value > high:
            raise ValueError
        return value

    return check


def _one_of(*accepted: str, fold_case: bool = False):
    """A check: the text itself when it is one of `accepted` (spaces around it aside), else ValueError."""

    def check(value: str):
        if (value.strip().lower() if fold_case else value.strip()) not in accepted:
            raise ValueError
        return value

    return check


# name -> (check: the value as used, or ValueError; what is accepted). A setting not named here takes any value
# of its default's type.
CHECKS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "port": (_between(1, 65535), "a port number, 1 to 65535"),
    "lang": (_one_of("th", "en"), "th or en"),
    "era": (_one_of("be", "ce"), "be or ce"),
    "duckdb_threads": (_between(1), "a whole number, 1 or more"),
    "duckdb_memory": (memory_limit, MEMORY_ACCEPTED),
    "query_timeout_s": (_between(0, above=True), "a number of seconds above 0"),
    "cache_mb": (_between(0), "a whole number of megabytes, 0 or more"),
    "swap_warm_s": (_between(0), "a number of seconds, 0 or more (0: switch at once)"),
    "page_parallel": (_between(1), "a whole number, 1 or more"),
    "log_requests": (_between(0, 1), "1 (on) or 0 (off)"),
    "sql_timeout_s": (_between(0, above=True), "a number of seconds above 0"),
    "sql_row_cap": (_between(1), "a whole number, 1 or more"),
    "sql_memory": (memory_limit, MEMORY_ACCEPTED),
    "max_request_kb": (_between(1), "a whole number of kilobytes, 1 or more"),
    "loopback_role": (_one_of(*ROLES, "none", fold_case=True), ROLE_OR_NONE),
    "session_hours": (_between(0, above=True), "a number of hours above 0"),
    "ldap_default_role": (_one_of(*ROLES, "none"), ROLE_OR_NONE),
}
KINDS = {int: "a whole number", float: "a number"}


def checked(name: str, value: object, origin: str = "") -> Any:
    """`value` of setting `name` as the dashboard uses it (of the default's type; a memory limit in its one
    spelling), or SettingError. origin: where the value came from (the environment variable), for the message."""
    default = SETTINGS[name][0]
    check, accepted = CHECKS.get(name, (None, KINDS.get(type(default), "text")))
    where = f" ({origin})" if origin else ""
    try:
        kind: Callable[[Any], Any] = type(default)
        typed = kind(value.strip() if isinstance(value, str) and kind is not str else value)
        return check(typed) if check else typed
    except (TypeError, ValueError):
        raise SettingError(f"setting {name}{where} is {value!r}: it accepts {accepted}") from None


def load(**overrides: object) -> Settings:
    """The settings: each override given (not None), else DASHBOARD_<NAME> from the environment, else the
    default; every value checked (SettingError names the first bad one)."""
    values: dict[str, Any] = {}
    for name, (default, _help) in SETTINGS.items():
        env_name = f"DASHBOARD_{name.upper()}"
        env = os.environ.get(env_name)
        if overrides.get(name) is not None:
            values[name] = checked(name, overrides[name])
        elif env is not None:
            values[name] = checked(name, env, env_name)
        else:
            values[name] = checked(name, default)
    return Settings(**values)
