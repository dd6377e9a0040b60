"""Directory sign-in against a real slapd (tests/dashboard/slapd.py): bind as the user, roles from groups."""

from __future__ import annotations

import pytest

from dashboard.auth.accounts import Accounts
from tests.dashboard.authkit import audit_lines, client, make_app, sign_in
from tests.dashboard.slapd import password, slapd  # noqa: F401 (the fixture)


@pytest.fixture(scope="module")
def auth_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("auth-ldap")


@pytest.fixture(scope="module")
def app(mixed_warehouse, auth_dir, slapd):  # noqa: F811
    return make_app(mixed_warehouse, auth_dir, ldap_url=slapd.url, ldap_user_dn=slapd.user_dn, ldap_groups=slapd.groups)


def role_of(app, c) -> str:
    with c.session_transaction() as s:
        return s["role"] if s.get("via") == "ldap" else None


@pytest.mark.parametrize(
    ("name", "role"), [("alice", "analyst"), ("bob", "admin"), ("dave", "steward"), ("carol", "viewer")]
)
def test_the_role_comes_from_the_directorys_groups(app, name, role):
    c = client(app)
    assert sign_in(c, name, password(name)).status_code == 303
    assert role_of(app, c) == role


def test_an_analyst_from_the_directory_runs_sql_and_a_viewer_does_not(app):
    alice, carol = client(app), client(app)
    sign_in(alice, "alice", password("alice"))
    sign_in(carol, "carol", password("carol"))
    assert alice.get("/api/sql?sql=SELECT%201").status_code == 200
    assert carol.get("/api/sql?sql=SELECT%201").status_code == 403
    assert carol.get("/agreements").status_code == 200


def test_a_wrong_password_is_refused_and_logged(app, auth_dir):
    c = client(app, "10.3.0.1")
    r = sign_in(c, "alice", "not-alices-password")
    assert r.status_code == 401 and c.get("/api/sql?sql=SELECT%201").status_code == 401
    last = [e for e in audit_lines(auth_dir) if e["event"] == "signin"][-1]
    assert (last["outcome"], last["name"], last["addr"]) == ("failed", "alice", "10.3.0.1")


def test_attack_an_empty_password_is_not_an_anonymous_bind(app):
    c = client(app, "10.3.0.2")
    r = c.post("/signin", data={"user": "alice", "password": "", "csrf": _token(c), "next": "/"})
    assert r.status_code == 401 and c.get("/").status_code == 401


@pytest.mark.parametrize(
    "name", ["*", "alice)(uid=*", "alice,ou=people", "alice\x00", "uid=alice,ou=people,dc=example,dc=org"]
)
def test_attack_names_that_try_to_rewrite_the_dn_or_filter(app, name):
    c = client(app, "10.3.0.3")
    assert sign_in(c, name, password("alice")).status_code == 401
    assert c.get("/").status_code == 401


def test_attack_a_non_member_named_like_a_group_member_is_not_an_admin(app):
    """memberUid lists names: a name with a wildcard must not match bob's."""
    c = client(app, "10.3.0.4")
    assert sign_in(c, "b*", password("bob")).status_code == 401


def test_no_default_role_refuses_a_user_in_no_group(mixed_warehouse, tmp_path, slapd):  # noqa: F811
    app = make_app(mixed_warehouse, tmp_path, ldap_url=slapd.url, ldap_user_dn=slapd.user_dn, ldap_groups=slapd.groups,
                   ldap_default_role="none")  # fmt: skip
    assert sign_in(client(app), "carol", password("carol")).status_code == 401
    assert sign_in(client(app), "alice", password("alice")).status_code == 303


def test_a_local_account_of_the_same_name_is_asked_instead_of_the_directory(mixed_warehouse, tmp_path, slapd):  # noqa: F811
    Accounts(tmp_path).set("alice", "alices-local-password", "viewer", new=True)
    app = make_app(mixed_warehouse, tmp_path, ldap_url=slapd.url, ldap_user_dn=slapd.user_dn, ldap_groups=slapd.groups)
    assert sign_in(client(app), "alice", password("alice")).status_code == 401
    assert sign_in(client(app), "alice", "alices-local-password").status_code == 303


def test_a_directory_that_cannot_be_reached_says_so(mixed_warehouse, tmp_path):
    from tests.dashboard.conftest import free_port

    app = make_app(mixed_warehouse, tmp_path, ldap_url=f"ldap://127.0.0.1:{free_port()}")
    r = sign_in(client(app), "alice", password("alice"))
    assert r.status_code == 503 and 'id="signin-error"' in r.get_data(as_text=True)
    assert audit_lines(tmp_path)[-1]["outcome"] == "error"


def test_a_wrong_group_setting_is_refused_at_start(mixed_warehouse, tmp_path):
    with pytest.raises(ValueError, match="ldap_groups"):
        make_app(mixed_warehouse, tmp_path, ldap_url="ldap://127.0.0.1:1", ldap_groups="boss=cn=x,dc=example,dc=org")


def _token(c) -> str:
    from tests.dashboard.authkit import csrf

    return csrf(c)
