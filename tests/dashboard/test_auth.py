"""Sign-in, roles, sessions and the audit trail on a real app: real cookies, real files, real requests
from chosen addresses (REMOTE_ADDR). Tests named test_attack_* try to get past a check."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import threading
import time

import pytest

from dashboard.auth.accounts import Accounts
from dashboard.auth.audit import Trail
from tests.conftest import ROOT
from tests.dashboard.authkit import (
    audit_lines,
    callback_body,
    client,
    csrf,
    layout,
    make_app,
    run_sql_body,
    session_cookie,
    sign_in,
)

PEOPLE = {"vera": "viewer", "ann": "analyst", "sam": "steward", "ada": "admin"}


def pw(name: str) -> str:
    return f"{name}-password-42"


@pytest.fixture(scope="module")
def auth_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("auth")
    accounts = Accounts(folder)
    for name, role in PEOPLE.items():
        accounts.set(name, pw(name), role, new=True)
    return folder


@pytest.fixture(scope="module")
def app(mixed_warehouse, auth_dir):
    return make_app(mixed_warehouse, auth_dir)


def signed_in(app, name: str):
    c = client(app)
    r = sign_in(c, name, pw(name))
    assert r.status_code == 303, r.get_data(as_text=True)
    return c


# -- this machine, other machines ------------------------------------------------------------------


def test_this_machine_needs_no_password_and_is_admin(app):
    c = client(app, "127.0.0.1")
    assert c.get("/").status_code == 200
    assert c.get("/api/sql", query_string={"sql": "SELECT 1 AS x"}).get_json()["rows"] == [[1]]
    assert c.get("/admin/audit.csv").status_code == 200
    assert client(app, "::1").get("/api/sql", query_string={"sql": "SELECT 1"}).status_code == 200


def test_another_address_must_sign_in(app):
    c = client(app)
    r = c.get("/agreements?lang=en", headers={"Accept": "text/html"})
    assert r.status_code == 302 and r.headers["Location"] == "/signin?next=/agreements%3Flang%3Den"
    for path in ("/api/sql?sql=SELECT%201", "/export/data/agreements.csv", "/export/charts", "/_dash-layout"):
        r = c.get(path)
        assert r.status_code == 401 and "sign in" in r.get_json()["error"], path
    assert layout(app, c, "/").status_code == 401


def test_the_sign_in_page_health_and_static_files_are_open(app):
    c = client(app)
    assert c.get("/signin").status_code == 200
    assert c.get("/signin?lang=th").get_data(as_text=True).count("เข้าสู่ระบบ") >= 2
    assert c.get("/api/health").status_code == 200
    assert c.get("/assets/style.css").status_code == 200


def test_loopback_role_none_asks_this_machine_too(mixed_warehouse, tmp_path):
    app = make_app(mixed_warehouse, tmp_path, loopback_role="none")
    assert client(app, "127.0.0.1").get("/api/sql?sql=SELECT%201").status_code == 401


def test_attack_a_forwarded_request_on_loopback_is_not_this_machine(app):
    c = client(app, "127.0.0.1")
    for header in ({"X-Forwarded-For": "203.0.113.9"}, {"Forwarded": "for=203.0.113.9"}, {"X-Real-IP": "203.0.113.9"}):
        assert c.get("/api/sql?sql=SELECT%201", headers=header).status_code == 401, header


def test_attack_a_rebound_host_name_on_loopback_gets_nothing(app):
    """A page elsewhere whose name now resolves to 127.0.0.1 (DNS rebinding) sends its own Host."""
    r = client(app, "127.0.0.1").get("/api/sql?sql=SELECT%201", headers={"Host": "evil.example:8050"})
    assert r.status_code == 401


# -- roles ------------------------------------------------------------------------------------------


def test_attack_a_viewer_cannot_run_sql_by_the_api(app):
    c = signed_in(app, "vera")
    assert c.get("/api/sql", query_string={"sql": "SELECT 1"}).status_code == 403
    r = c.post("/api/sql", json={"sql": "SELECT 1"})
    assert r.status_code == 403 and r.get_json() == {
        "error": "this needs the analyst role; vera is viewer",
        "needs": "analyst",
    }


def test_attack_a_viewer_cannot_open_the_sql_page(app):
    c = signed_in(app, "vera")
    r = c.get("/sql?lang=en", headers={"Accept": "text/html"})
    assert r.status_code == 403 and "analyst" in r.get_data(as_text=True)
    assert c.get("/sql/").status_code == 403
    assert layout(app, c, "/sql").status_code == 403
    assert layout(app, c, "/sql/").status_code == 403


def test_attack_a_viewer_cannot_call_the_sql_pages_callbacks(app):
    c = signed_in(app, "vera")
    assert c.post("/_dash-update-component", json=run_sql_body(app, "SELECT 42")).status_code == 403
    pick = callback_body(app, "sql-editor.value", [("sql-example", "value", "agreements_by_year")], [])
    assert c.post("/_dash-update-component", json=pick).status_code == 403
    download = callback_body(
        app, "sql-download.data", [("sql-csv", "n_clicks", 1), ("sql-xlsx", "n_clicks", 0)],
        [("sql-grid", "rowData", []), ("sql-grid", "columnDefs", [{"field": "c0", "headerName": "x"}]),
         ("sql-last", "data", {"sql": "SELECT 1", "truncated": False, "ran_at": "x"}), ("_pages_location", "search", "")],
    )  # fmt: skip
    assert c.post("/_dash-update-component", json=download).status_code == 403


def test_attack_a_viewer_naming_the_sql_page_in_another_input_of_the_router(app):
    """The router takes its arguments by position: /sql in the search slot must not slip through."""
    c = signed_in(app, "vera")
    body = layout_body = json.loads(json.dumps(__import__("dashboard.app").app.page_request(app, "/", "")))
    body["inputs"][1]["value"] = "/sql"
    body["inputs"][0], body["inputs"][1] = layout_body["inputs"][1], layout_body["inputs"][0]
    r = c.post("/_dash-update-component", json=body)
    assert r.status_code in (400, 403) and "sql-editor" not in r.get_data(as_text=True)


def test_attack_a_viewer_or_analyst_cannot_read_the_audit_trail(app):
    for name in ("vera", "ann", "sam"):
        c = signed_in(app, name)
        assert c.get("/admin/audit.csv").status_code == 403, name
        assert c.get("/admin/users").status_code == 403, name
        show = callback_body(app, "admin-audit-grid.rowData", [("admin-audit-show", "n_clicks", 1)],
                             [("_pages_location", "search", "")])  # fmt: skip
        assert c.post("/_dash-update-component", json=show).status_code == 403, name


def test_an_analyst_runs_sql_on_the_page_and_the_api(app):
    c = signed_in(app, "ann")
    assert c.get("/api/sql", query_string={"sql": "SELECT 7 AS n"}).get_json()["rows"] == [[7]]
    r = c.post("/_dash-update-component", json=run_sql_body(app, "SELECT 8 AS n"))
    assert r.status_code == 200 and r.get_json()["response"]["sql-grid"]["rowData"] == [{"c0": 8}]
    assert layout(app, c, "/sql").status_code == 200
    assert c.get("/admin/audit.csv").status_code == 403


def test_the_navigation_shows_only_what_the_role_opens(app):
    viewer = layout(app, signed_in(app, "vera"), "/data").get_data(as_text=True)
    assert '"nav-data"' in viewer and '"nav-sql"' not in viewer and "admin-audit-section" not in viewer
    assert "vera (viewer)" in viewer and '"signout-button"' in viewer
    analyst = layout(app, signed_in(app, "ann"), "/data").get_data(as_text=True)
    assert '"nav-sql"' in analyst and "admin-audit-section" not in analyst
    admin = layout(app, signed_in(app, "ada"), "/data").get_data(as_text=True)
    assert '"nav-sql"' in admin and "admin-audit-section" in admin


def test_an_admin_reads_the_trail_on_the_data_page_and_as_csv(app):
    c = signed_in(app, "ada")
    show = callback_body(app, "admin-audit-grid.rowData", [("admin-audit-show", "n_clicks", 1)],
                         [("_pages_location", "search", "?lang=en")])  # fmt: skip
    r = c.post("/_dash-update-component", json=show)
    assert r.status_code == 200
    answer = r.get_json()["response"]
    # the trail's event names in the page's words (the CSV keeps them as the trail holds them)
    assert answer["admin-audit-grid"]["rowData"][0]["event"] in ("sign-in", "SQL query", "export", "denied")
    assert "is whole" in json.dumps(answer["admin-audit-verdict"])
    csv = c.get("/admin/audit.csv")
    assert csv.status_code == 200 and csv.headers["X-Audit-Verified"] == "true"
    assert csv.get_data(as_text=True).startswith("\ufeffseq,time,event,outcome,user,role,via,addr,detail")


def test_require_refuses_below_the_role(mixed_warehouse, auth_dir):
    from dashboard.app import create_app
    from dashboard.auth import require
    from dashboard.settings import load

    app = create_app(load(warehouse=str(mixed_warehouse), auth_dir=str(auth_dir)))

    @app.server.get("/reports/rebuild-test")
    @require("steward")
    def steward_only():
        return "ok"

    assert signed_in(app, "ann").get("/reports/rebuild-test").status_code == 403
    assert signed_in(app, "sam").get("/reports/rebuild-test").get_data(as_text=True) == "ok"
    assert client(app, "127.0.0.1").get("/reports/rebuild-test").get_data(as_text=True) == "ok"
    with pytest.raises(ValueError, match="unknown role"):
        require("superuser")


# -- passwords and the throttle ---------------------------------------------------------------------


def test_attack_an_unknown_name_and_a_wrong_password_answer_alike(app):
    unknown = sign_in(client(app, "10.7.0.1"), "nobody", "whatever-password")
    wrong = sign_in(client(app, "10.7.0.2"), "vera", "whatever-password")
    assert unknown.status_code == wrong.status_code == 401

    def alert(r):
        return re.search(r'id="signin-error">([^<]+)<', r.get_data(as_text=True)).group(1)

    assert alert(unknown) == alert(wrong) == "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
    assert session_cookie(client(app)) is None


def test_attack_repeated_wrong_passwords_are_throttled_per_user_and_address(app):
    c = client(app, "10.7.1.1")
    for _ in range(5):
        assert sign_in(c, "ann", "not-her-password").status_code == 401
    r = sign_in(c, "ann", pw("ann"))  # even the right password waits now
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert sign_in(client(app, "10.7.1.2"), "ann", pw("ann")).status_code == 303  # another address is not held up
    assert sign_in(c, "vera", pw("vera")).status_code == 303  # nor another name


def test_attack_many_names_from_one_address_are_throttled(app):
    c = client(app, "10.7.2.1")
    for i in range(20):
        sign_in(c, f"guess{i}", "password-guess")
    assert sign_in(c, "sam", pw("sam")).status_code == 429


def test_passwords_are_stored_as_scrypt_hashes_in_a_private_file(auth_dir):
    users = json.loads((auth_dir / "users.json").read_text())
    assert users["vera"]["hash"].startswith("scrypt:32768:8:1$") and pw("vera") not in json.dumps(users)
    assert stat.S_IMODE((auth_dir / "users.json").stat().st_mode) == 0o600


# -- sessions ---------------------------------------------------------------------------------------


def test_the_cookie_is_http_only_same_site_and_its_key_private(app, auth_dir):
    c = client(app)
    r = c.post("/signin", data={"user": "vera", "password": pw("vera"), "csrf": csrf(c), "next": "/"})
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert stat.S_IMODE((auth_dir / "session.key").stat().st_mode) == 0o600
    assert len((auth_dir / "session.key").read_bytes()) == 32


def test_the_cookie_is_secure_when_the_public_address_is_https(mixed_warehouse, tmp_path):
    Accounts(tmp_path).set("vera", pw("vera"), "viewer", new=True)
    app = make_app(mixed_warehouse, tmp_path, public_url="https://dashboard.example.go.th/")
    c = client(app)
    r = c.post("/signin", data={"user": "vera", "password": pw("vera"), "csrf": csrf(c), "next": "/"})
    assert "Secure" in r.headers["Set-Cookie"]


def test_attack_session_fixation_a_cookie_planted_before_sign_in_stays_anonymous(app):
    attacker = client(app)
    token_before = csrf(attacker)
    planted = session_cookie(attacker)
    victim = client(app)
    victim.set_cookie("dashboard_session", planted)
    assert (
        victim.post(
            "/signin", data={"user": "ada", "password": pw("ada"), "csrf": token_before, "next": "/"}
        ).status_code
        == 303
    )
    assert session_cookie(victim) != planted
    with victim.session_transaction() as s:
        assert s["csrf"] != token_before and s["user"] == "ada"
    assert attacker.get("/admin/audit.csv").status_code == 401  # the planted cookie is still nobody's


def test_attack_an_idle_session_expires(app):
    c = signed_in(app, "ann")
    with c.session_transaction() as s:
        s["seen"] = time.time() - 8 * 3600 - 60  # session_hours is 8
    r = c.get("/investment?lang=en", headers={"Accept": "text/html"})
    assert r.status_code == 302 and r.headers["Location"] == "/signin?next=/investment%3Flang%3Den&expired=1"
    assert "expired" in c.get(r.headers["Location"] + "&lang=en").get_data(as_text=True)
    assert c.get("/api/sql?sql=SELECT%201").status_code == 401


def test_a_session_in_use_stays_and_one_from_the_future_is_refused(app):
    c = signed_in(app, "ann")
    with c.session_transaction() as s:
        s["seen"] = time.time() - 7 * 3600
    assert c.get("/api/sql?sql=SELECT%201").status_code == 200
    with c.session_transaction() as s:
        assert s["seen"] > time.time() - 60  # use moves it on
        s["seen"] = time.time() + 3600
    assert c.get("/api/sql?sql=SELECT%201").status_code == 401


def test_attack_a_cookie_signed_with_another_key_is_nobody(app):
    from flask.sessions import SecureCookieSessionInterface

    forger = app.server.__class__("forger")
    forger.secret_key = b"x" * 32
    forged = (
        SecureCookieSessionInterface()
        .get_signing_serializer(forger)
        .dumps({"user": "ada", "role": "admin", "via": "ldap", "seen": int(time.time()), "sid": "s", "csrf": "c"})
    )
    c = client(app)
    c.set_cookie("dashboard_session", forged)
    assert c.get("/admin/audit.csv").status_code == 401


def test_attack_a_local_users_role_comes_from_the_accounts_not_the_cookie(app):
    c = signed_in(app, "vera")
    with c.session_transaction() as s:
        s["role"] = "admin"
    assert c.get("/admin/audit.csv").status_code == 403


def test_a_new_password_or_removal_ends_the_accounts_sessions(mixed_warehouse, tmp_path):
    accounts = Accounts(tmp_path)
    accounts.set("tim", pw("tim"), "analyst", new=True)
    app = make_app(mixed_warehouse, tmp_path)
    c = signed_in_as(app, "tim")
    assert c.get("/api/sql?sql=SELECT%201").status_code == 200
    accounts.set("tim", "a-brand-new-password")
    assert c.get("/api/sql?sql=SELECT%201").status_code == 401
    c = client(app)
    assert sign_in(c, "tim", "a-brand-new-password").status_code == 303
    accounts.set("tim", "", "viewer")  # a role change takes effect at once
    assert c.get("/api/sql?sql=SELECT%201").status_code == 403
    accounts.remove("tim")
    assert c.get("/").status_code == 401


def signed_in_as(app, name: str):
    c = client(app)
    assert sign_in(c, name, pw(name)).status_code == 303
    return c


# -- CSRF, sign-out, redirects ----------------------------------------------------------------------


def test_attack_sign_in_without_the_forms_token_is_refused(app):
    c = client(app)
    r = c.post("/signin", data={"user": "ada", "password": pw("ada"), "next": "/"})
    assert r.status_code == 400 and session_cookie(c) is not None
    csrf(c)
    r = c.post("/signin", data={"user": "ada", "password": pw("ada"), "csrf": "guessed", "next": "/"})
    assert r.status_code == 400
    assert c.get("/admin/audit.csv").status_code == 401


def test_attack_sign_out_needs_the_token_and_a_copied_cookie_dies_with_it(app):
    c = signed_in(app, "ann")
    copy = session_cookie(c)
    assert c.post("/signout").status_code == 400
    assert c.get("/signout").status_code == 405
    assert c.get("/api/sql?sql=SELECT%201").status_code == 200  # still signed in
    with c.session_transaction() as s:
        token = s["csrf"]
    r = c.post("/signout", data={"csrf": token})
    assert r.status_code == 303 and r.headers["Location"] == "/signin"
    assert c.get("/api/sql?sql=SELECT%201").status_code == 401
    thief = client(app)
    thief.set_cookie("dashboard_session", copy)
    assert thief.get("/api/sql?sql=SELECT%201").status_code == 401


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/signout"]
)
def test_attack_sign_in_never_sends_the_browser_off_site(app, target):
    r = sign_in(client(app), "vera", pw("vera"), next_path=target)
    assert r.status_code == 303 and r.headers["Location"] == "/"


def test_sign_in_goes_back_to_the_page_asked_for(app):
    r = sign_in(client(app), "vera", pw("vera"), next_path="/investment?lang=en&year_from=2019")
    assert r.headers["Location"] == "/investment?lang=en&year_from=2019"


# -- the audit trail --------------------------------------------------------------------------------


def test_sign_ins_sql_exports_and_refusals_are_in_the_trail(app, auth_dir):
    before = len(audit_lines(auth_dir))
    sign_in(client(app, "10.8.0.1"), "ann", "wrong-password-here")
    c = signed_in(app, "ann")
    c.get("/api/sql", query_string={"sql": "SELECT 3 AS n UNION ALL SELECT 4"})
    c.get("/api/sql", query_string={"sql": "SELEC nonsense"})
    c.post("/_dash-update-component", json=run_sql_body(app, "SELECT 5 AS n"))
    c.get("/export/data/agreements.csv?lang=en")
    signed_in(app, "vera").get("/admin/audit.csv")
    new = audit_lines(auth_dir)[before:]
    events = [(e["event"], e["outcome"]) for e in new]
    assert events == [("signin", "failed"), ("signin", "ok"), ("sql", "ok"), ("sql", "error"), ("sql", "ok"),
                      ("export", "ok"), ("signin", "ok"), ("denied", "refused")]  # fmt: skip
    failed, ok, api, bad, page, export, _, denied = new
    assert failed["name"] == "ann" and failed["addr"] == "10.8.0.1" and "user" not in failed
    assert ok["user"] == "ann" and ok["method"] == "local" and ok["ms"] > 0
    assert api["sql"] == "SELECT 3 AS n UNION ALL SELECT 4" and api["rows"] == 2 and api["source"] == "api"
    assert bad["status"] == 400 and bad["error"]
    assert page["source"] == "sql page" and page["sql"] == "SELECT 5 AS n" and page["rows"] == 1
    assert export["path"] == "/export/data/agreements.csv?lang=en" and export["status"] == 200
    assert export["streamed"] is True  # the records CSV streams: logged as it starts, its size unknown then
    assert denied["user"] == "vera" and denied["path"] == "/admin/audit.csv" and denied["needs"] == "admin"
    assert Trail(auth_dir).verify().ok


def run_cli(*args: str, stdin: str = "", auth_dir=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if auth_dir is not None:
        env["DASHBOARD_AUTH_DIR"] = str(auth_dir)
    return subprocess.run([sys.executable, "-m", "dashboard", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=60)  # fmt: skip


@pytest.mark.parametrize("damage", ["edit", "delete", "insert", "swap", "truncate_head"])
def test_attack_a_changed_trail_is_detected(tmp_path, damage):
    trail = Trail(tmp_path)
    for i in range(6):
        trail.append("sql", user="ann", sql=f"SELECT {i}", rows=1)
    assert run_cli("audit", "verify", auth_dir=tmp_path).returncode == 0
    lines = trail.path.read_text().splitlines(keepends=True)
    if damage == "edit":
        lines[2] = lines[2].replace('"user":"ann"', '"user":"bob"')
    elif damage == "delete":
        del lines[3]
    elif damage == "insert":
        lines.insert(2, lines[1])
    elif damage == "swap":
        lines[1], lines[2] = lines[2], lines[1]
    else:
        lines = lines[2:]
    trail.path.write_text("".join(lines))
    r = run_cli("audit", "verify", auth_dir=tmp_path)
    assert r.returncode == 1 and "line" in r.stderr, r.stderr
    assert not trail.verify().ok


def test_appends_from_many_threads_and_processes_keep_one_chain(tmp_path):
    trail = Trail(tmp_path)
    script = (f"from dashboard.auth.audit import Trail\nt = Trail({str(tmp_path)!r})\n"
              "for i in range(100): t.append('sql', sql='SELECT %d' % i)\n")  # fmt: skip
    procs = [subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
             for _ in range(3)]  # fmt: skip
    threads = [
        threading.Thread(target=lambda: [trail.append("export", path=f"/x{i}") for i in range(100)]) for _ in range(3)
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
    verdict = trail.verify()
    assert verdict.ok and verdict.lines == 600


def test_attack_a_formula_typed_as_a_user_name_is_quoted_in_the_csv(app):
    sign_in(client(app, "10.8.1.1"), '=HYPERLINK("http://evil.example")', "password-for-it")
    sign_in(
        client(app, "10.8.1.1"), "ada", pw("ada")
    )  # the failed name above is in `detail`; the trail's user column too
    c = client(app, "127.0.0.1")
    text = c.get("/admin/audit.csv").get_data(as_text=True)
    assert ",=HYPERLINK" not in text and "\n=" not in text


# -- the users command ------------------------------------------------------------------------------


def test_the_users_command_adds_changes_lists_and_removes(tmp_path):
    r = run_cli("users", "add", "nok", "--role", "analyst", stdin="nok-password-123\n", auth_dir=tmp_path)
    assert r.returncode == 0, r.stderr
    assert Accounts(tmp_path).verify("nok", "nok-password-123").role == "analyst"
    assert run_cli("users", "add", "nok", stdin="x" * 12 + "\n", auth_dir=tmp_path).returncode == 2
    assert "too short" in run_cli("users", "passwd", "nok", stdin="short\n", auth_dir=tmp_path).stderr
    assert (
        run_cli("users", "passwd", "nok", "--role", "admin", stdin="nok-new-password\n", auth_dir=tmp_path).returncode
        == 0
    )
    assert Accounts(tmp_path).verify("nok", "nok-new-password").role == "admin"
    assert "nok\tadmin" in run_cli("users", "list", auth_dir=tmp_path).stdout
    assert run_cli("users", "remove", "nok", auth_dir=tmp_path).returncode == 0
    assert Accounts(tmp_path).get("nok") is None
    events = [(e["event"], e["name"]) for e in audit_lines(tmp_path)]
    assert events == [("user_add", "nok"), ("user_passwd", "nok"), ("user_remove", "nok")]
    assert "password" not in run_cli("users", "add", "-h").stdout.split("usage")[1].split("\n")[0]


def test_attack_a_password_given_as_an_argument_is_not_taken(tmp_path):
    r = run_cli("users", "add", "eve", "--password", "eve-password-123", stdin="", auth_dir=tmp_path)
    assert r.returncode == 2 and Accounts(tmp_path).get("eve") is None


def test_attack_the_auth_folder_may_not_be_inside_the_served_assets(mixed_warehouse):
    with pytest.raises(ValueError, match="inside the served assets"):
        make_app(mixed_warehouse, ROOT / "dashboard" / "assets" / "auth")
