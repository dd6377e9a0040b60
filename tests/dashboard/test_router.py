"""The first page comes with the page shell (`/_dash-layout`, by the address in its Referer), and the
router leaves it in place once, then draws every other visit as before."""

from __future__ import annotations

import json
import re

import pytest

from dashboard.app import page_request
from dashboard.router import DRAWN
from tests.dashboard.authkit import client, make_app, sign_in
from tests.dashboard.test_auth import PEOPLE, pw


def shell(c, referer: str | None) -> dict:
    r = c.get("/_dash-layout", headers={"Referer": referer} if referer is not None else {})
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "no-store"
    assert "Referer" in r.headers.get("Vary", "")
    return r.get_json()


def find(node, wanted: str):
    """The component with id `wanted` in a layout's JSON."""
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == wanted:
            return node
        node = node.get("props", node)
        return next((f for f in (find(v, wanted) for v in node.values()) if f is not None), None)
    if isinstance(node, list):
        return next((f for f in (find(v, wanted) for v in node) if f is not None), None)
    return None


def drawn(layout: dict) -> tuple[object, str | None]:
    return find(layout, "_pages_content")["props"].get("children"), find(layout, DRAWN)["props"].get("data")


def routed(app, c, pathname: str, search: str, mark: str | None):
    body = page_request(app, pathname, search)
    body["state"] = [{"id": DRAWN, "property": "data", "value": mark}]
    r = c.post("/_dash-update-component", json=body)
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    return r.get_json()["response"]


def test_the_shell_holds_the_page_it_is_loaded_from(app_client):
    _app, c = app_client
    content, mark = drawn(shell(c, "http://localhost/investment?lang=en&year_from=2017"))
    assert mark == "/investment?lang=en&year_from=2017"
    text = json.dumps(content, ensure_ascii=False)
    assert '"iv-value"' in text and "2017" in text  # the Investment page of that view, in English
    th, mark_th = drawn(shell(c, "http://localhost/agreements"))
    assert mark_th == "/agreements" and '"ag-by-year"' in json.dumps(th)


@pytest.mark.parametrize(
    "referer",
    [None, "", "http://elsewhere.example/investment", "not a url", "http://localhost", "//localhost/investment"],
)
def test_the_shell_comes_empty_without_an_address_of_this_site(app_client, referer):
    _app, c = app_client
    assert drawn(shell(c, referer)) in ((None, None), ([], None))


def test_an_unknown_address_gets_the_not_found_page_as_the_router_gives_it(app_client):
    app, c = app_client
    content, mark = drawn(shell(c, "http://localhost/no-such-page?lang=en"))
    assert mark == "/no-such-page?lang=en"
    assert content == routed(app, c, "/no-such-page", "?lang=en", None)["_pages_content"]["children"]


def test_the_router_leaves_the_first_page_once_then_draws_it_again(app_client):
    app, c = app_client
    first = routed(app, c, "/investment", "?lang=en", "/investment?lang=en")
    assert "_pages_content" not in first  # left as the shell brought it: nothing drawn twice
    assert first[DRAWN]["data"] is None  # and the mark is spent
    again = routed(app, c, "/investment", "?lang=en", None)  # back to it later: drawn afresh
    assert '"iv-value"' in json.dumps(again["_pages_content"]["children"])
    other = routed(app, c, "/agreements", "?lang=en", "/investment?lang=en")  # another address: drawn
    assert '"ag-by-year"' in json.dumps(other["_pages_content"]["children"])
    assert other["_pages_store"]["data"]["title"].startswith("Agreements")


def test_the_shell_holds_a_page_only_for_whoever_may_open_it(mixed_warehouse, tmp_path):
    from dashboard.auth.accounts import Accounts

    accounts = Accounts(tmp_path)
    for name, role in PEOPLE.items():
        accounts.set(name, pw(name), role, new=True)
    app = make_app(mixed_warehouse, tmp_path)
    vera, sam = client(app), client(app)
    assert sign_in(vera, "vera", pw("vera")).status_code == 303
    assert sign_in(sam, "sam", pw("sam")).status_code == 303
    for referer in ("http://localhost/data/add", "http://localhost/sql?sql=SELECT%201"):
        assert drawn(shell(vera, referer)) == ([], None), referer  # a viewer: the router refuses it as before
    assert drawn(shell(sam, "http://localhost/data/add")) == ([], None)  # the stewards' form: the router draws it
    content, mark = drawn(shell(sam, "http://localhost/sql?sql=SELECT%201"))
    assert mark == "/sql?sql=SELECT%201" and '"sql-editor"' in json.dumps(content)
    assert drawn(shell(vera, "http://localhost/investment"))[1] == "/investment"


@pytest.mark.browser
def test_a_page_opened_cold_is_drawn_once_and_back_and_forward_draw_theirs(server, page):
    p = page.page
    answers: list[str] = []

    def router_answer(r):
        if "_dash-update-component" in r.url and "_pages_content" in (r.request.post_data or ""):
            answers.append(r.text())

    p.on("response", router_answer)
    p.goto(f"{server}/investment?lang=en")
    p.wait_for_selector("#iv-value .main-svg")
    p.wait_for_load_state("networkidle")
    assert len(answers) == 1 and "_pages_content" not in answers[0]  # the router left the shell's page
    assert p.evaluate("history.length") == 2  # no second entry of the same view
    p.locator("nav a[href*='/agreements']").first.click()
    p.wait_for_selector("#ag-by-year .main-svg")
    p.wait_for_function("document.title.startsWith('Agreements')")
    p.go_back()
    p.wait_for_selector("#iv-value .main-svg")
    assert p.evaluate("location.pathname + location.search") == "/investment?lang=en"
    p.wait_for_function("document.title.startsWith('Investment')")
    p.go_forward()
    p.wait_for_selector("#ag-by-year .main-svg")
    p.go_back()
    p.wait_for_selector("#iv-value .main-svg")
    assert p.locator("#ag-by-year").count() == 0
    assert page.errors == []


@pytest.mark.browser
def test_a_view_drawn_anew_asks_the_server_once(server, page):
    """A filter change, a link to another page and a year the data does not reach each cost one request, the
    page's: the filter bar, the charts' clicks and the panel's close button come with the redrawn page, and
    none of them asks the server anything when it is drawn (nor does the year dropdown clear a year it would
    not offer, which would rewrite the address and draw the page twice)."""
    p = page.page
    asked: list[str] = []
    p.on("request", lambda r: "_dash-update-component" in r.url and asked.append(r.post_data or ""))

    def one_request(action, drawn: str, first: str | None = None) -> None:
        """`action` asks the page (after `first`, the callback of the control it used) and nothing more."""
        asked.clear()
        action()
        p.wait_for_selector(drawn)
        p.wait_for_load_state("networkidle")
        p.wait_for_timeout(300)  # anything the new page would ask, it asks at once
        outputs = [json.loads(a)["output"] for a in asked]
        assert outputs[-1].startswith(".._pages_content.children"), outputs
        assert outputs[:-1] == ([first] if first else []), outputs

    p.goto(f"{server}/investment?lang=en&era=ce")
    p.wait_for_selector("#iv-value .main-svg")
    p.wait_for_load_state("networkidle")
    one_request(lambda: p.locator("nav a[href*='/agreements']").first.click(), "#ag-by-year .main-svg")
    one_request(
        lambda: p.locator("#f-year_from").click() or p.get_by_role("option", name="2018").click(),
        "#ag-by-year .main-svg",
        first="page-go.data",
    )
    assert "year_from=2018" in p.evaluate("location.search")
    one_request(lambda: p.goto(f"{server}/delegations?lang=en&era=ce&year_to=2090") and None, "#dl-by-year .main-svg")
    asked.clear()
    p.locator("nav a[href*='/investment']").first.click()
    p.wait_for_selector("#iv-value .main-svg")
    p.wait_for_load_state("networkidle")
    assert "year_to=2090" in p.evaluate("location.search")  # kept, as the link said
    assert page.errors == []


def test_a_page_that_reads_its_own_address_gets_the_one_in_the_referer(app_client):
    # The browse pages read their path and query themselves (sorts, facets, repeated keys); drawn with the
    # shell, whose request is /_dash-layout, they read the address the Referer names.
    _app, c = app_client
    en, mark = drawn(shell(c, "http://localhost/sql/browse/agreements?lang=en&_size=10"))
    assert mark == "/sql/browse/agreements?lang=en&_size=10"
    text = json.dumps(en, ensure_ascii=False)
    assert re.search(r"Rows 1–\d+ of \d+", text) and "แถวที่" not in text  # in the address's language
    th, _ = drawn(shell(c, "http://localhost/sql/browse/agreements?lang=th"))
    assert "แถวที่" in json.dumps(th, ensure_ascii=False)
