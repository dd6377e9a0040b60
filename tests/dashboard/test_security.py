"""What every answer carries and every request must pass: size limit, cross-site refusal, security
headers, malformed callback requests, error answers without internals, the public address.

Against the real app (Flask's test client) and the real development server (raw sockets, so that a
body can be announced and never sent), and with the policy enforced in Chromium."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
import zipfile
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.app import create_app
from dashboard.settings import load
from tests.dashboard import conftest
from tests.dashboard.conftest import CHROMIUM_ARGS

EVIL = "127.0.0.1:47913"


@pytest.fixture(scope="module")
def app_and_client(mixed_warehouse: Path):
    return conftest.app_and_client(mixed_warehouse, log_requests=0, public_url="https://dash.example.go.th/")


@pytest.fixture(scope="module")
def client(app_and_client):
    return app_and_client[1]


def router_body(app, pathname: str, search: str) -> dict:
    from dashboard.app import page_request

    return page_request(app, pathname, search)


# -- headers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/investment?lang=en", "/api/health", "/export/charts", "/api/sql?sql=SELECT%201", "/nothing-here"]
)
def test_every_answer_carries_the_security_headers(client, path):
    r = client.get(path)
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "same-origin"


def test_the_policy_allows_exactly_the_inline_script_of_the_page(client):
    """Each inline <script> of the page is in the policy by its hash; nothing else inline runs."""
    import base64
    import hashlib
    import re

    r = client.get("/")
    html = re.sub(r"<!--.*?-->", "", r.data.decode(), flags=re.S)  # Dash's note for old browsers is a comment
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", html, flags=re.S)
    assert inline, "the page has Dash's renderer script inline"
    csp = r.headers["Content-Security-Policy"]
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


# -- cross-site requests ----------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://localhost.evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://sub.localhost"},
    ],
)
def test_a_cross_site_post_to_the_sql_api_is_refused(client, headers):
    r = client.post(
        "/api/sql", data={"sql": "SELECT 1"}, headers=headers, content_type="application/x-www-form-urlencoded"
    )
    assert r.status_code == 403, r.data
    assert "refused" in r.get_json()["error"]


def test_a_cross_site_callback_request_is_refused(app_and_client):
    app, client = app_and_client
    body = router_body(app, "/", "?lang=en")
    r = client.post("/_dash-update-component", json=body, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403


@pytest.mark.parametrize(
    "headers",
    [
        {},  # a script: curl or Python send neither header
        {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"},  # the test client's own host
        {"Origin": "https://dash.example.go.th", "Sec-Fetch-Site": "same-origin"},  # the public address
    ],
)
def test_the_dashboards_own_pages_and_scripts_may_post(client, headers):
    r = client.post("/api/sql", json={"sql": "SELECT 1 AS one"}, headers=headers)
    assert r.status_code == 200, r.data
    assert r.get_json()["rows"] == [[1]]


# -- malformed callback requests ------------------------------------------------------

MALFORMED = [
    b"{",
    b"[]",
    b'"text"',
    b"null",
    b'{"output": 5}',
    b'{"output": "nope.children", "inputs": []}',
    b'{"output": "_pages_location.search", "inputs": "x"}',
    b'{"output": "_pages_location.search", "inputs": [1, 2]}',
    b'{"output": "_pages_location.search", "inputs": []}',
    b'{"output": "f-partner.options", "inputs": [{"id": "f-sector", "property": "value", "value": 1}],'
    b' "state": [], "outputs": {"id": "f-partner", "property": "options"}}',
    b"\xff\xfe\x00",
]


@pytest.mark.parametrize("body", MALFORMED)
def test_a_malformed_callback_request_answers_400_not_500(client, body):
    r = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert r.status_code == 400, (r.status_code, r.data[:300])
    message = r.get_json()["error"]
    assert "Traceback" not in message and "/work" not in message and ".py" not in message


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.dictionaries(st.sampled_from(["output", "outputs", "inputs", "state", "changedPropIds"]), JSON))
def test_no_crafted_callback_body_makes_a_server_error(client, body):
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code in (200, 204, 400), (body, r.status_code, r.data[:300])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pathname=st.sampled_from(["/", "/agreements", "/investment", "/partners", "/data", "/sql", "/x"])
    | st.text().map("/".__add__)
    | st.text(),
    search=st.text(max_size=60).map(lambda s: "?" + s),
)
def test_any_url_a_page_is_asked_for_answers_without_a_server_error(app_and_client, pathname, search):
    """The router callback with any pathname and query string: a page or a notice (400 for a path that
    does not start with /, which no browser sends), never a 500."""
    app, client = app_and_client
    r = client.post("/_dash-update-component", json=router_body(app, pathname, search))
    expected = (200, 204) if pathname.startswith("/") else (400,)  # browsers send paths from "/"
    assert r.status_code in expected, (pathname, search, r.status_code, r.data[:300])


# -- errors say what, never how ----------------------------------------------------------


def test_errors_show_no_paths_versions_or_tracebacks(mixed_warehouse):
    app = create_app(load(warehouse=str(mixed_warehouse), log_requests=0))

    def boom():
        raise RuntimeError(f"secret detail {mixed_warehouse}")

    app.server.add_url_rule("/api/boom-for-test", "boom_for_test", boom)
    client = app.server.test_client()
    answers = [
        client.get("/api/boom-for-test"),
        client.delete("/api/sql"),
        client.get("/export/nothing"),
        client.get("/api/health"),
    ]
    assert [a.status_code for a in answers] == [500, 405, 404, 200]
    for a in answers:
        text = a.data.decode()
        for leak in ("Traceback", "secret detail", str(mixed_warehouse), "site-packages", "Python/", "Werkzeug/"):
            assert leak not in text, (a.request.path, text[:300])
        assert "Werkzeug" not in a.headers.get("Server", "")
    assert answers[-1].get_json()["warehouse"]["file"] == mixed_warehouse.name


def test_a_bad_public_address_is_refused_at_start(mixed_warehouse):
    for bad in ("javascript:alert(1)", "https://a b/", "ftp://x/", "https://user@x/", 'https://x/"><script>'):
        with pytest.raises(ValueError, match="public_url"):
            create_app(load(warehouse=str(mixed_warehouse), public_url=bad))


# -- the public address, never the Host header ------------------------------------------------


def test_links_in_files_and_pages_use_the_public_address_not_the_host_header(client):
    # A loopback name on another port: a foreign host name is refused the loopback trust, so it would
    # need a sign-in first (see the sign-in tests); what matters here is that the link never echoes it.
    evil = {"Host": EVIL}
    page = client.get("/?lang=en", headers=evil)
    assert EVIL not in page.data.decode()
    deck = client.get("/export/deck.pptx?page=agreements&lang=en", headers=evil)
    assert deck.status_code == 200
    with zipfile.ZipFile(BytesIO(deck.data)) as z:
        text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    assert EVIL not in text and "https://dash.example.go.th/agreements" in text
    book = client.get("/export/data/agreements.xlsx?lang=en", headers=evil)
    assert book.status_code == 200
    with zipfile.ZipFile(BytesIO(book.data)) as z:
        text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    assert EVIL not in text and "https://dash.example.go.th/" in text


# -- the request size limit, on the real server -----------------------------------------------


def raw_request(base: str, head: str, body: bytes = b"", wait_s: float = 5.0) -> tuple[bytes, float]:
    """Send `head` (and `body`) on a socket and read the answer -> (answer bytes, seconds until it came)."""
    parts = urlsplit(base)
    start = time.perf_counter()
    with socket.create_connection((parts.hostname, parts.port), timeout=wait_s) as s:
        s.sendall(head.encode() + body)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
        took = time.perf_counter() - start
        s.settimeout(1)
        try:
            while chunk := s.recv(65536):
                answer += chunk
        except OSError:
            pass
    return answer, took


def test_a_huge_body_is_refused_before_it_is_read(server):
    """400 MB announced, 1 KB sent: the answer comes at once, without waiting for the rest."""
    head = (
        "POST /api/sql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {400 * 1024 * 1024}\r\nConnection: close\r\n\r\n"
    )
    answer, took = raw_request(server, head, b"x" * 1024)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"max_request_kb" in answer
    assert took < 2.0
    with urllib.request.urlopen(server + "/api/health", timeout=5) as r:
        assert r.status == 200


def test_a_chunked_body_past_the_limit_is_cut_off(server):
    """A body sent in chunks, with no length announced, is refused once it passes the limit."""
    chunk = b"a" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(40)) + b"0\r\n\r\n"  # 2.5 MB
    head = (
        "POST /api/sql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    answer, _ = raw_request(server, head, body)
    # gunicorn passes the chunks on and they are cut at the limit (413); the development server passes an
    # empty body instead (the request then has no SQL): either way the body is never read whole.
    assert answer.startswith(b"HTTP/1.1 413") or b"no SQL given" in answer, answer[:300]
    with urllib.request.urlopen(server + "/api/health", timeout=5) as r:
        assert r.status == 200


def test_the_development_server_does_not_name_its_versions(server):
    with urllib.request.urlopen(server + "/api/health", timeout=5) as r:
        assert "Python" not in r.headers.get("Server", "") and "Werkzeug" not in r.headers.get("Server", "")
        body = json.loads(r.read())
    assert "/" not in body["warehouse"]["file"]


# -- the policy enforced in the browser ----------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/agreements", "/delegations", "/investment", "/partners", "/data", "/sql"])
def test_every_page_runs_under_its_content_security_policy(server, browser, path):
    """Pages drawn with the policy enforced: no script, style, image or connection refused."""
    assert CHROMIUM_ARGS
    ctx = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        p = ctx.new_page()
        violations: list[str] = []
        p.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        p.on("pageerror", lambda e: violations.append(str(e)))
        p.goto(f"{server}{path}?lang=en", wait_until="networkidle")
        p.wait_for_selector(".app", timeout=20_000)
        if path not in ("/data", "/sql"):
            p.wait_for_selector(".js-plotly-plot .main-svg", timeout=20_000)
        p.wait_for_load_state("networkidle")
        assert violations == []
    finally:
        ctx.close()


def test_a_signed_in_user_sending_another_host_gets_links_to_the_public_address(mixed_warehouse, tmp_path):
    """From another machine, signed in, with a forged Host header: the deck's and the workbook's view
    links still name the public address."""
    from dashboard.auth.accounts import Accounts
    from tests.dashboard.authkit import client as remote_client
    from tests.dashboard.authkit import make_app, session_cookie, sign_in

    Accounts(tmp_path).set("vera", "a-long-enough-password", "viewer", new=True)
    app = make_app(mixed_warehouse, tmp_path, log_requests=0, public_url="https://dash.example.go.th/")
    c = remote_client(app)
    c.environ_base["wsgi.url_scheme"] = "https"  # the session cookie is Secure with an https public address
    assert sign_in(c, "vera", "a-long-enough-password").status_code in (302, 303)
    # A script sends the session cookie with any Host it likes (the test client's jar would keep it per host).
    forged = {"Host": "evil.example", "Cookie": f"dashboard_session={session_cookie(c)}"}
    script = app.server.test_client(use_cookies=False)
    script.environ_base.update(c.environ_base)
    for path in ("/export/deck.pptx?page=agreements&lang=en", "/export/data/agreements.xlsx?lang=en"):
        r = script.get(path, headers=forged)
        assert r.status_code == 200, (path, r.status_code, r.data[:200])
        with zipfile.ZipFile(BytesIO(r.data)) as z:
            text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
        assert "evil.example" not in text and "https://dash.example.go.th/" in text
    assert "evil.example" not in script.get("/?lang=en", headers=forged).get_data(as_text=True)


# -- what attacks leave behind ----------------------------------------------------------------

TARGETS = ["/tmp/dashboard-attack.csv", "/tmp/dashboard-attack.duckdb", "/tmp/dashboard-attack-dir"]
ATTACK_SQL = [
    f"COPY (SELECT 1) TO '{TARGETS[0]}'",
    f"ATTACH '{TARGETS[1]}' AS x",
    f"EXPORT DATABASE '{TARGETS[2]}'",
    f"SELECT * FROM read_csv('{TARGETS[0]}')",
    "CREATE TABLE pwned AS SELECT 1",
    "INSTALL httpfs",
    "SET memory_limit = '1TB'",
    "CALL checkpoint()",
    "SELECT * FROM '/etc/passwd'",
    f"WITH x AS (SELECT 1) SELECT * FROM x, (COPY (SELECT 1) TO '{TARGETS[0]}')",
]
ATTACK_PATHS = [
    "/export/data/..%2f..%2fetc%2fpasswd.csv",
    "/export/chart/..%2F..%2Fdata%2Fauth%2Fsession.key.png",
    "/export/deck.pptx?page=../../../tmp/dashboard-attack",
    "/assets/../data/auth/session.key",
    "/assets/%2e%2e/%2e%2e/data/auth/session.key",
    "/_dash-component-suites/../../etc/passwd",
    "/_dash-component-suites/dash/..%2f..%2f..%2fetc%2fpasswd",
    "/admin/audit.csv?path=/etc/passwd",
    "/export/data/agreements.csv?lang=../../x",
]


def tree_state(root: Path) -> dict[str, tuple[int, int]]:
    skip = {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", "node_modules"}
    out = {}
    for path in root.rglob("*"):
        if any(part in skip for part in path.relative_to(root).parts) or not path.is_file():
            continue
        st = path.stat()
        out[str(path.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return out


def test_attacks_write_nothing_but_the_audit_trail(server, mixed_warehouse):
    """SQL that writes, reads files or changes settings, and export and static paths that climb out of
    their folders: each refused with a clear answer, the server healthy after, and no file written
    anywhere but the audit trail."""
    import os
    import urllib.parse

    from tests.conftest import ROOT

    auth_dir = Path(os.environ["DASHBOARD_AUTH_DIR"])
    before = {"root": tree_state(ROOT), "warehouse": tree_state(mixed_warehouse.parent), "auth": tree_state(auth_dir)}
    for sql in ATTACK_SQL:
        url = f"{server}/api/sql?sql={urllib.parse.quote(sql)}"
        try:
            with urllib.request.urlopen(url, timeout=15) as r:
                status, body = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, body = e.code, e.read()
        assert status == 400, (sql, status, body[:200])
        message = json.loads(body)["error"]
        assert "refused" in message or "not valid SQL" in message or "no table" in message, (sql, message)
    secret = (auth_dir / "session.key").read_bytes()
    for path in ATTACK_PATHS:
        try:
            with urllib.request.urlopen(server + path, timeout=30) as r:
                status, body = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, body = e.code, e.read()
        assert b"root:x:0:0" not in body and secret not in body, path
        assert status in (200, 400, 404), (path, status, body[:200])
    with urllib.request.urlopen(server + "/api/health", timeout=5) as r:
        assert r.status == 200
    for target in TARGETS:
        assert not Path(target).exists(), target
    assert tree_state(ROOT) == before["root"]
    assert tree_state(mixed_warehouse.parent) == before["warehouse"]
    changed = {k for k, v in tree_state(auth_dir).items() if before["auth"].get(k) != v}
    assert changed <= {"audit.jsonl", "signed_out"}, changed
