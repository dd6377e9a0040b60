"""create_app(settings) -> Dash app.

The full dashboard (pages, filter bar, charts) is being built; until then this
page says so and shows what the warehouse holds, so `make run` already proves
the warehouse was built and is readable.
"""

from __future__ import annotations

import duckdb
from dash import Dash, dcc, html
from flask import jsonify

from dashboard.settings import Settings, load

COUNTS = {
    "agreements": "fact_agreement",
    "delegations": "fact_delegation",
    "investments": "fact_investment",
    "partners": "dim_partner",
    "sectors": "dim_sector",
    "rejects": "etl_reject",
}


def warehouse_summary(path: str) -> dict:
    with duckdb.connect(path, read_only=True) as con:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        counts = {name: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for name, table in COUNTS.items()}
    return {
        "schema_version": meta.get("schema_version"),
        "data_as_of": meta.get("data_as_of"),
        "synthetic": meta.get("synthetic") == "true",
        "load_id": meta.get("load_id"),
        "rows": counts,
    }


def placeholder_layout(settings: Settings):
    try:
        s = warehouse_summary(settings.warehouse)
        rows = [html.Li(f"{name}: {n:,}") for name, n in s["rows"].items()]
        body = [
            html.P(f"Warehouse {settings.warehouse}: data as of {s['data_as_of']}, schema {s['schema_version']}."),
            html.Ul(rows),
        ]
        if s["synthetic"]:
            body.insert(0, html.P("This warehouse holds SYNTHETIC (made-up) data.", className="banner"))
    except duckdb.Error as e:
        body = [html.P(f"The warehouse {settings.warehouse} cannot be read: {e}")]
    return html.Main(
        [
            html.H1("Thailand bilateral industrial cooperation / ความร่วมมืออุตสาหกรรมทวิภาคี"),
            html.P(
                "Placeholder: the dashboard pages (charts by year, sector and partner) are not built yet. "
                "This page only shows what the warehouse holds."
            ),
            *body,
            dcc.Location(id="url"),
        ]
    )


def create_app(settings: Settings | None = None) -> Dash:
    settings = settings or load()
    app = Dash(__name__, title="Cooperation dashboard", serve_locally=True)
    app.layout = lambda: placeholder_layout(settings)

    @app.server.get("/api/health")
    def health():
        try:
            return jsonify({"status": "ok", "warehouse": warehouse_summary(settings.warehouse)})
        except duckdb.Error as e:
            return jsonify({"status": "error", "error": str(e)}), 503

    return app
