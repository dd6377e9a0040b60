"""Every setting in one table: name, default, help. Environment variables override.

`DASHBOARD_<NAME>` in the environment overrides the default of <name>
(e.g. DASHBOARD_WAREHOUSE=/srv/w.duckdb).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

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


def load(**overrides: object) -> Settings:
    values = {}
    for name, (default, _help) in SETTINGS.items():
        env = os.environ.get(f"DASHBOARD_{name.upper()}")
        value = overrides.get(name) if overrides.get(name) is not None else env if env is not None else default
        values[name] = type(default)(value)
    return Settings(**values)
