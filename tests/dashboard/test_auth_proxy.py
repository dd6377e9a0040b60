"""Single sign-on through a reverse proxy: its user and role headers are believed from proxy_trusted only."""

from __future__ import annotations

import pytest

from tests.dashboard.authkit import audit_lines, client, make_app

PROXY = "10.9.9.9"
USER, ROLE = "X-Remote-User", "X-Remote-Role"


@pytest.fixture(scope="module")
def auth_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("auth-proxy")


@pytest.fixture(scope="module")
def app(mixed_warehouse, auth_dir):
    return make_app(mixed_warehouse, auth_dir, proxy_user_header=USER, proxy_role_header=ROLE,
                    proxy_trusted=f"{PROXY},192.168.50.0/24")  # fmt: skip


def test_a_trusted_proxy_names_the_user_and_role(app, auth_dir):
    c = client(app, PROXY)
    r = c.get("/api/sql", query_string={"sql": "SELECT 1"}, headers={USER: "somchai", ROLE: "analyst"})
    assert r.status_code == 200
    line = audit_lines(auth_dir)[-1]
    assert (line["event"], line["user"], line["role"], line["via"]) == ("sql", "somchai", "analyst", "proxy")
    assert client(app, "192.168.50.7").get("/", headers={USER: "malee"}).status_code == 200  # a trusted network


def test_a_proxy_user_without_a_role_is_a_viewer(app):
    c = client(app, PROXY)
    assert c.get("/agreements", headers={USER: "somchai"}).status_code == 200
    assert c.get("/api/sql?sql=SELECT%201", headers={USER: "somchai"}).status_code == 403
    assert c.get("/api/sql?sql=SELECT%201", headers={USER: "somchai", ROLE: "viewer, analyst"}).status_code == 200


def test_attack_the_headers_from_an_untrusted_address_are_ignored_and_logged(app, auth_dir):
    c = client(app, "10.1.1.1")
    r = c.get("/admin/audit.csv", headers={USER: "mallory", ROLE: "admin"})
    assert r.status_code == 401
    kinds = [(e["event"], e.get("claimed")) for e in audit_lines(auth_dir)[-2:]]
    assert ("proxy_refused", "mallory") in kinds


def test_attack_an_unknown_role_gives_nothing(app):
    r = client(app, PROXY).get("/agreements", headers={USER: "somchai", ROLE: "superuser"})
    assert r.status_code == 403


def test_attack_with_a_proxy_set_up_loopback_is_nobody(app):
    """The proxy runs on this machine in most set-ups: its requests without a user must not be admin."""
    c = client(app, "127.0.0.1")
    assert c.get("/api/sql?sql=SELECT%201").status_code == 401
    assert c.get("/api/sql?sql=SELECT%201", headers={USER: "x", ROLE: "admin"}).status_code == 401  # not trusted here


def test_attack_a_forged_forwarded_for_does_not_make_an_untrusted_address_trusted(app):
    r = client(app, "10.1.1.1").get("/", headers={USER: "mallory", ROLE: "admin", "X-Forwarded-For": PROXY})
    assert r.status_code == 401


def test_attack_a_control_character_in_the_user_header_gives_nothing(app):
    r = client(app, PROXY).get("/agreements", headers={USER: "som\x1bchai", ROLE: "admin"})
    assert r.status_code == 403
