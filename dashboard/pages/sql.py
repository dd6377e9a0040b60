"""SQL: the read-only query page (its place in the navigation; the page itself comes next)."""

from __future__ import annotations

import dash
from dash import html

from dashboard.i18n import t
from dashboard.pages._common import render

dash.register_page(__name__, path="/sql", name="SQL", title="SQL")


def layout(**query):
    return render("sql", query, lambda f, w: [html.P(t("sql.coming_soon", f.lang), className="notice")])
