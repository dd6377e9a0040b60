"""The page router, and the first page drawn with the page shell.

Dash's own router answers the browser's first callback: the renderer loads the shell
(`/_dash-layout`), mounts `dcc.Location`, which reports the URL, and only then asks for the page
(`POST /_dash-update-component`): one more round trip and one more React render before the first
chart can start drawing. Here the shell the renderer loads already holds the page of the address it
was loaded from (the browser names it in the `Referer` of `/_dash-layout`; the policy `same-origin`
sends it whole), marked in the store `page-drawn`. When Location then reports that same address, the
router leaves the page as it is and clears the mark, so a later visit to the same address (back,
forward, a link) is drawn afresh. Anything else (no Referer, another site, a page this user may not
open, a page that fails to draw) leaves the shell empty and the router draws the page as before.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import dash
from dash import Dash, Input, Output, State, dcc, html
from dash._pages import _parse_query_string, _path_to_page
from flask import g, has_request_context, request

from dashboard.auth.roles import allows, page_role

DRAWN = "page-drawn"  # the store holding the address whose page the shell already holds
# Pages the router alone draws: the stewards' form, whose callbacks redraw the form from the page's address
# as the router reports it (drawn with the shell, a late first redraw could replace a form being typed in).
ROUTER_ONLY = frozenset({"data/add"})
log = logging.getLogger(__name__)


def address(pathname: str | None, search: str | None) -> str:
    """pathname and search as one key ("/investment?lang=en")."""
    search = search or ""
    return (pathname or "/") + (search if not search or search.startswith("?") else "?" + search)


def page_of(app: Dash, pathname: str, search: str | None):
    """The page's layout and title for an address, the way Dash's router finds them."""
    page, variables = _path_to_page(app.strip_relative_path(pathname))
    if not page:
        missing = next((p for m, p in dash.page_registry.items() if m.split(".")[-1] == "not_found_404"), None)
        if missing is None:
            return html.H1("404 - Page not found"), app.title
        page, variables = missing, None
    layout, title = page.get("layout", ""), page["title"]
    if callable(layout):
        layout = layout(**{**(variables or {}), **_parse_query_string(search)})
    if callable(title):
        title = title(**(variables or {}))
    return layout, title


def layout_path(app: Dash) -> str:
    """The address Dash's renderer loads the page shell from."""
    return app.config.requests_pathname_prefix + "_dash-layout"


def first_page(app: Dash) -> tuple[list, str | None]:
    """The page for the address the shell is being loaded from, and that address; ([], None) when
    the shell should come empty (the router then draws the page)."""
    if not has_request_context() or request.path != layout_path(app):
        return [], None
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.scheme not in ("http", "https") or referer.netloc != request.host or not referer.path:
        return [], None
    search = "?" + referer.query if referer.query else ""
    here = app.strip_relative_path(referer.path)
    if here in ROUTER_ONLY or not allows(page_role(here)):
        return [], None
    g.page_address = (referer.path, search)  # what pages read as their address (context.page_address)
    try:
        layout, _title = page_of(app, referer.path, search)
    except Exception:  # the router draws it again and shows what went wrong, as it always has
        log.exception("the first page of %s could not be drawn with the shell", referer.path)
        return [], None
    finally:
        g.pop("page_address", None)
    return layout, address(referer.path, search)


def container(app: Dash) -> html.Div:
    """dash.page_container, holding the first page when there is one (a fresh one per request)."""
    content, drawn = first_page(app)
    return html.Div(
        [
            dcc.Location(id="_pages_location", refresh="callback-nav"),
            html.Div(content, id="_pages_content", disable_n_clicks=True),
            dcc.Store(id="_pages_store"),
            html.Div(id="_pages_dummy", disable_n_clicks=True),
            dcc.Store(id=DRAWN, data=drawn),
        ]
    )


def install_router(app: Dash) -> None:
    """The router in place of Dash's own (which Dash would add at the first request)."""
    app._got_first_request["pages"] = True  # Dash adds its router only while this is False
    shell_path = layout_path(app)

    @app.server.after_request
    def not_kept(response):
        """The shell differs by the page it is loaded from: no cache may keep one for another."""
        if request.path == shell_path:
            response.headers["Cache-Control"] = "no-store"
            response.vary.add("Referer")
        return response

    @app.callback(
        Output("_pages_content", "children"),
        Output("_pages_store", "data"),
        Output(DRAWN, "data"),
        Input("_pages_location", "pathname"),
        Input("_pages_location", "search"),
        State(DRAWN, "data"),
        prevent_initial_call=True,
        hidden=True,
    )
    def route(pathname, search, drawn):
        if drawn is not None and drawn == address(pathname, search):
            return dash.no_update, dash.no_update, None  # the shell came with this page
        layout, title = page_of(app, "/" if pathname is None else pathname, search)
        return layout, {"title": title}, None

    app.clientside_callback(
        "function (data) { if (data) { document.title = data.title; } return window.dash_clientside.no_update; }",
        Output("_pages_dummy", "children"),
        Input("_pages_store", "data"),
        prevent_initial_call=True,
    )
