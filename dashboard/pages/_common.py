"""What every page does around its charts: read the filters, guard the warehouse, drill down.

A click on a mark puts it in the URL (`drill=<chart id>:<key>`, dashboard/drill.py), and the page drawn from
that URL opens the drill-down panel beside its charts: titled with the mark and its number as the chart shows
it, the mark highlighted in its chart, and exactly the records the mark adds up, sources first. So a copied
link reopens the panel, back and forward step through the marks clicked, and closing it (its button or Esc)
takes `drill=` out of the URL again."""

from __future__ import annotations

import copy
import json
import threading
from collections import OrderedDict

from dash import Input, Output, State, callback, clientside_callback, dcc, html, no_update

from dashboard import context, drill, views
from dashboard.components import records_table, shell
from dashboard.db import WarehouseError
from dashboard.filters import Filters
from dashboard.i18n import fmt_int, t

PANEL = "drill-panel"  # the panel's element id; its grid is drill-records, its title drill-title
# Column widths in the panel: the source pinned first, a short date, room for names and titles.
PANEL_WIDTHS: dict[str, dict[str, object]] = {
    "source_url": {"pinned": "left", "width": 104, "filter": False, "sortable": False, "resizable": False},
    "date": {"width": 130}, "year": {"width": 90}, "period": {"width": 110}, "partner": {"width": 170},
    "value_thb_million": {"width": 130},
    "title": {"width": 320}, "event": {"width": 260}, "agreement_type": {"width": 130},
}  # fmt: skip


class PageCache:
    """The content of pages already drawn (cards, charts, the drill panel; not the frame around them, which
    names the user and the pages their role may open), by (warehouse build, page, view). A page is a pure
    function of its view and the build: the same URL on the same build draws the same figures, so a page
    opened again, or by another analyst, or the next page of a visit on views already drawn, is answered
    without running its queries or drawing its figures again (at 1M investment rows the Overview takes
    about 200 ms to draw from cached query results, and from here 0 ms). A new build (db.Warehouse notices a
    new file) is a new version: entries of other builds are dropped when the next page is kept. Bounded by
    count: a page's content is its figures' points and its first records, 0.1-0.5 MB at 1M investment rows, so
    at most about 50 MB a process."""

    def __init__(self, entries: int = 96) -> None:
        self._kept: OrderedDict[tuple, tuple[list, list]] = OrderedDict()
        self._lock = threading.Lock()
        self.entries = entries
        self.hits = 0

    def get(self, key: tuple) -> tuple[list, list] | None:
        with self._lock:
            hit = self._kept.get(key)
            if hit is not None:
                self._kept.move_to_end(key)
                self.hits += 1
            return hit

    def put(self, key: tuple, content: list, notices: list) -> None:
        with self._lock:
            for old in [k for k in self._kept if k[0] != key[0]]:  # another build's pages are never asked again
                del self._kept[old]
            self._kept[key] = (content, notices)
            while len(self._kept) > self.entries:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self.hits = 0


PAGES = PageCache()
# The pages whose content reads nothing but the view and the warehouse. Not the Data page (what it shows
# depends on the user's role) nor the SQL page (its query comes from the URL beside the filters, its saved
# queries from the user).
CACHED = frozenset({"overview", "agreements", "delegations", "investment", "partners"})


def render(page: str, query: dict, build, drills: list[str] | tuple[str, ...] = ()) -> html.Div:
    """layout(**query) of a page: `build(f, warehouse)` returns its content; a page whose charts `drills`
    list their records gets the drill-down panel, open on the URL's mark. The content of a page in
    `CACHED` is kept for its view and build (`PAGES`)."""
    f = context.filters_from(query)
    w = context.get().warehouse
    cached = page in CACHED
    try:
        meta = w.meta
        key = (w.version, page, f)
        hit = PAGES.get(key) if cached else None
        if hit is not None:
            content, notices = hit
        else:
            content, notices = build(f, w), []
            if drills:
                panel, notices = drill_panel(f, w, content, drills)
                content = [*content, panel]
            if cached:
                PAGES.put(key, content, notices)
    except WarehouseError as e:
        return shell(
            page, f, [html.Div(t("page.error", f.lang, error=str(e)), className="notice error", role="alert")], None
        )
    return shell(page, f, content, meta, notices)


def count_text(n: int, lang: str, limit: int = drill.LIMIT) -> str:
    """A record count; at the grid's limit, say there are more."""
    return fmt_int(n, lang) + ("+" if n >= limit else "")


def first_records(dataset: str, f: Filters) -> tuple[str, dict]:
    """The query call for a page's records grid before any click (for Warehouse.query_many)."""
    return f"{dataset}_records", drill.params(f, {}, drill.FIRST)


def initial_grid(dataset: str, f: Filters, frame=None) -> tuple[list, list, str]:
    if frame is None:
        frame = drill.records(dataset, f, {}, limit=drill.FIRST)
    defs, rows = drill.grid(dataset, frame, f)
    return rows, defs, t("drill.all_records", f.lang, n=count_text(len(rows), f.lang, drill.FIRST))


# -- the drill-down panel ---------------------------------------------------------------------------


def _graphs(component):
    """Every dcc.Graph in a layout (a list of components or one)."""
    if isinstance(component, (list, tuple)):
        for c in component:
            yield from _graphs(c)
    elif isinstance(component, dcc.Graph):
        yield component
    elif component is not None and hasattr(component, "children"):
        yield from _graphs(getattr(component, "children", None))


def highlight(figure: dict, drill_json: str) -> dict:
    """The figure with the mark of `drill_json` picked out: every other mark dimmed, the mark outlined."""
    fig = copy.deepcopy(figure)
    for trace in fig.get("data", []):
        custom = trace.get("customdata") or []
        picked = [i for i, c in enumerate(custom) if isinstance(c, list) and c and c[0] == drill_json]
        trace["selectedpoints"] = picked
        trace["unselected"] = {"marker": {"opacity": 0.28}}
        trace["selected"] = {"marker": {"opacity": 1}}
        if trace.get("type") == "bar" and picked:
            marker = trace.setdefault("marker", {})
            marker["line"] = {"color": "#1a1a1a", "width": [2.5 if i in picked else 0 for i in range(len(custom))]}
    return fig


def _closed(lang: str) -> html.Aside:
    return _aside(lang, "", None, [], None)


def _aside(lang: str, title: str, chart: str | None, lines: list, body) -> html.Aside:
    head = html.Div(
        [
            html.H2(title, id="drill-title", className="drill-panel-title"),
            html.Button(
                "×",
                id="drill-close",
                className="drill-close",
                type="button",
                title=t("drill.close_hint", lang),
                **{"aria-label": t("drill.close", lang)},
            ),
        ],
        className="drill-panel-head",
    )
    return html.Aside(
        [head, *lines, html.Div(body, id="drill-box", className="drill-box"), dcc.Store(id="drill-focus")],
        id=PANEL,
        className="drill-panel",
        role="dialog",
        hidden=chart is None,
        tabIndex="-1",
        **{"aria-labelledby": "drill-title", "aria-modal": "false", "data-chart": chart or ""},
    )


def drill_panel(f: Filters, w, content, drills) -> tuple[html.Aside, list]:
    """-> (the panel: open on the URL's mark, else closed; notices). A mark the view does not hold (the
    filters or the data changed since the link was made) leaves the panel closed and says so."""
    lang = f.lang
    if not f.drill:
        return _closed(lang), []
    chart_id, key = drill.split(f.drill)
    graph = next((g for g in _graphs(content) if g.id == chart_id), None) if chart_id in drills else None
    row = None
    if graph is not None:
        chart = views.CHARTS[chart_id]
        frames, _ = views.load(w, [chart], f)
        m = chart.marks(frames, f)
        row = drill.find(m, key)
    if graph is None or row is None:
        gone = t("drill.gone", lang, value=f"{chart_id}:{drill.key_text(key)}")
        return _closed(lang), [html.Div(gone, className="notice", role="status", id="drill-gone")]
    graph.figure = highlight(graph.figure, row["drill"])
    params = drill.checked(json.loads(row["drill"]))
    dataset = params.pop("dataset", chart.dataset)
    frame = drill.records(dataset, f, params)
    defs, rows = drill.grid(dataset, frame, f, first=drill.PANEL_FIRST[dataset])
    for d in defs:
        d.update(PANEL_WIDTHS.get(d["field"], {}))
    n = len(rows)
    listed = t("drill.listed_more" if n >= drill.LIMIT else "drill.listed_one" if n == 1 else "drill.listed", lang,
               n=fmt_int(n, lang))  # fmt: skip
    lines = [
        html.P(m.title, className="drill-chart", id="drill-chart"),
        html.Ul([html.Li(x) for x in drill.mark_lines(m, row, lang)], className="drill-adds", id="drill-adds"),
        html.P(listed, className="drill-listed", id="drill-listed"),
    ]
    title = drill.mark_title(m, row, dataset, lang)
    return _aside(lang, title, chart_id, lines, records_table("drill-records", rows, defs, "100%", lang)), []


def open_drill(chart_id: str, click: dict | None, search: str | None):
    """A click on a chart's mark -> the view's URL with that mark as `drill=` (which redraws the page with the
    panel open); a click on nothing drillable changes nothing."""
    if not click or not click.get("points"):
        return no_update
    custom = click["points"][0].get("customdata")
    custom = custom[0] if isinstance(custom, list) and custom else custom
    if not isinstance(custom, str) or not drill.from_click(click):
        return no_update
    f = context.filters_from(search).without_notices()
    new = f.query_string(drill=drill.url_value(chart_id, custom))
    return no_update if new == (search or "") else new


@callback(
    Output("page-go", "data", allow_duplicate=True),
    Input("drill-close", "n_clicks"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def close_drill(n_clicks, search):
    """The close button (and Esc, which presses it): the view without `drill=`."""
    if not n_clicks:
        return no_update
    return context.filters_from(search).without_notices().query_string()


# Focus follows the panel: into it when it opens, back to the clicked chart when it closes; Esc presses the
# close button. A clientside callback, hashed into the Content-Security-Policy with Dash's own script.
clientside_callback(
    """
    function (hidden) {
        var w = window;
        if (!w.drillKeys) {
            w.drillKeys = true;
            document.addEventListener("keydown", function (e) {
                var panel = document.getElementById("drill-panel");
                if (e.key === "Escape" && panel && !panel.hidden) {
                    var close = document.getElementById("drill-close");
                    if (close) { e.preventDefault(); close.click(); }
                }
            });
        }
        setTimeout(function () {
            var panel = document.getElementById("drill-panel");
            if (!panel) { return; }
            if (!panel.hidden) {
                w.drillChart = panel.getAttribute("data-chart");
                panel.focus({preventScroll: true});
                // The clicked chart's card into view: the page beside the panel is laid out anew, and the
                // chart itself has no height until it is drawn again (when seen); its card keeps its room.
                var shown = document.getElementById(w.drillChart + "-card") || document.getElementById(w.drillChart);
                if (shown) { shown.scrollIntoView({block: "nearest"}); }
            } else if (w.drillChart) {
                var chart = document.getElementById(w.drillChart);
                w.drillChart = null;
                if (chart) { chart.setAttribute("tabindex", "-1"); chart.focus({preventScroll: true}); }
            }
        }, 0);
        return window.dash_clientside.no_update;
    }
    """,
    Output("drill-focus", "data"),
    Input(PANEL, "hidden"),
)
