"""Helpers of the sign-in tests: an app with its own auth_dir, clients from any address, real sign-ins."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.app import page_request

REMOTE = "10.1.2.3"


def make_app(warehouse: Path, auth_dir: Path, **settings):
    from dashboard.app import create_app
    from dashboard.settings import load

    app = create_app(load(warehouse=str(warehouse), auth_dir=str(auth_dir), **settings))
    app.server.test_client().get("/api/health")  # Dash registers its callbacks on the first request
    return app


def client(app, addr: str = REMOTE):
    c = app.server.test_client()
    c.environ_base["REMOTE_ADDR"] = addr
    return c


def csrf(c, path: str = "/signin") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', c.get(path).get_data(as_text=True)).group(1)


def sign_in(c, user: str, password: str, next_path: str = "/"):
    return c.post("/signin", data={"user": user, "password": password, "csrf": csrf(c), "next": next_path})


def session_cookie(c) -> str | None:
    cookie = c.get_cookie("dashboard_session")
    return cookie.value if cookie else None


def layout(app, c, path: str):
    """The page-router callback the browser sends to draw `path`."""
    return c.post("/_dash-update-component", json=page_request(app, path, ""))


def callback_body(app, output_part: str, inputs: list[tuple], state: list[tuple]) -> dict:
    """A callback request as Dash's renderer sends it, for the callback whose output key holds `output_part`."""
    key = next(k for k in app.callback_map if output_part in k)
    parts = key.strip(".").split("...") if key.startswith("..") else [key]
    return {
        "output": key,
        "outputs": [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
        if key.startswith("..")
        else {"id": key.rsplit(".", 1)[0], "property": key.rsplit(".", 1)[1]},
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
    }


def run_sql_body(app, sql: str) -> dict:
    return callback_body(app, "sql-grid.rowData", [("sql-run", "n_clicks", 1)],
                         [("sql-editor", "value", sql), ("_pages_location", "search", "")])  # fmt: skip


def audit_lines(auth_dir: Path) -> list[dict]:
    import json

    path = auth_dir / "audit.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
