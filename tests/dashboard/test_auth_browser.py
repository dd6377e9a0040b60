"""Signing in and out in a real headless Chromium, on a served dashboard that trusts no address."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from dashboard.auth.accounts import Accounts
from tests.conftest import ROOT
from tests.dashboard.conftest import free_port

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def guarded(mixed_warehouse, tmp_path_factory):
    """`python -m dashboard` with loopback_role=none and two local accounts: -> (base URL, auth_dir)."""
    auth_dir = tmp_path_factory.mktemp("auth-browser")
    accounts = Accounts(auth_dir)
    accounts.set("vera", "vera-password-42", "viewer", new=True)
    accounts.set("ada", "ada-password-42", "admin", new=True)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_LOOPBACK_ROLE": "none", "DASHBOARD_AUTH_DIR": str(auth_dir),
           "DASHBOARD_LANG": "en"}  # fmt: skip
    log = (auth_dir.parent / "guarded.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "--warehouse", str(mixed_warehouse), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/api/health", timeout=2):
                break
        except OSError:
            time.sleep(0.3)
    yield base, auth_dir
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def test_a_viewer_signs_in_sees_no_sql_link_and_signs_out(guarded, page):
    base, _ = guarded
    p = page.page
    p.goto(f"{base}/investment?lang=en")
    p.wait_for_selector("#signin-form")
    assert p.url.startswith(f"{base}/signin?next=")
    p.fill("#signin-user", "vera")
    p.fill("#signin-password", "not-the-password")
    p.click("#signin-submit")
    assert "not right" in p.locator("#signin-error").inner_text()
    p.fill("#signin-password", "vera-password-42")
    p.click("#signin-submit")
    p.wait_for_selector("#nav-data")
    assert p.url.startswith(f"{base}/investment?") and "lang=en" in p.url
    assert p.locator("#nav-sql").count() == 0 and p.locator("#admin-audit-section").count() == 0
    assert p.locator("#signed-in-user").inner_text() == "vera (viewer)"
    cookie = next(c for c in p.context.cookies() if c["name"] == "dashboard_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    p.click("#signout-button")
    p.wait_for_selector("#signin-form")
    p.goto(f"{base}/data?lang=en")
    p.wait_for_selector("#signin-form")


def test_an_admin_sees_the_audit_trail_on_the_data_page(guarded, page):
    base, _ = guarded
    p = page.page
    p.goto(f"{base}/signin?next=/data%3Flang%3Den")
    p.fill("#signin-user", "ada")
    p.fill("#signin-password", "ada-password-42")
    p.click("#signin-submit")
    p.wait_for_selector("#admin-audit-show")
    assert p.locator("#nav-sql").count() == 1
    p.click("#admin-audit-show")
    p.wait_for_selector("#admin-audit-check")
    assert "is whole" in p.locator("#admin-audit-check").inner_text()
    p.wait_for_selector("#admin-audit-grid .ag-row", state="attached")
    events = p.locator("#admin-audit-grid .ag-row [col-id='event']").all_text_contents()
    assert "sign-in" in events, events  # the trail's event, in the page's words
