"""Browse without SQL: /sql/browse, every table and view of the warehouse with its comment and row count;
/sql/browse/<name>, one of them like a Datasette table page: its rows with the column comments as the
headers' hints, the filters in use (each removable), forms to add a filter and to sort, facet counts
whose values are links adding their filter, pages, the row count, the SQL that produced the rows with a
link that opens it in the SQL editor, and CSV/XLSX of the filtered rows.

The URL is the whole state (dashboard/browse.py reads it, writes the SQL and runs it in the SQL worker);
every control is a link or a plain GET form, so there are no callbacks here.
"""

from __future__ import annotations

import datetime as dt
import math
from urllib.parse import parse_qsl, quote, unquote, urlencode

import dash
from dash import dcc, html
from dash_ag_grid import AgGrid

from dashboard import context
from dashboard.browse import (
    FLAG_OPS,
    OPS,
    PATH,
    SIZE_DEFAULT,
    VALUE_MAX,
    VIEW_KEYS,
    Answer,
    Busy,
    Column,
    Relation,
    answer,
    catalogue,
    name_of,
    parse,
    row_counts,
    rows_sql,
    shown,
)
from dashboard.components import shell, view_lang
from dashboard.db import WarehouseError
from dashboard.i18n import fmt_date, fmt_datetime, fmt_int, grid_locale, t

# -- the pages --------------------------------------------------------------------------------------


def title(name: str | None = None, **_path) -> str:
    lang = view_lang()
    head = unquote(name) if name else t("browse_title", lang)
    return f"{head} – {t('app.title', lang)}"


def index_title(**_path) -> str:
    return f"{t('browse_title', view_lang())} – {t('app.title', view_lang())}"


def current_url(query: dict) -> tuple[str, list[tuple[str, str]]]:
    """The path and the query's pairs in order (Dash passes the query as a dict, a repeated key as a list,
    and a query key `name` would overwrite the path's): from the router's own inputs when there are some."""
    from dash import ctx
    from dash.exceptions import MissingCallbackContextException

    path, search = None, None
    try:
        path = ctx.inputs.get("_pages_location.pathname")
        search = ctx.inputs.get("_pages_location.search")
    except (MissingCallbackContextException, LookupError):
        pass
    if path is None and (drawn := context.page_address()) is not None:  # the page drawn with the shell
        path, search = drawn
    if path is None:
        from flask import has_request_context, request

        if has_request_context():
            path, search = request.path, request.query_string.decode("utf-8", "replace")
    if search is not None:
        return path or "", parse_qsl((search or "").lstrip("?"), keep_blank_values=True)
    pairs = [(k, str(x)) for k, v in query.items() for x in (v if isinstance(v, list) else [v])]
    return path or "", pairs


def view_filters(pairs: list[tuple[str, str]]):
    return context.filters_from({k: v for k, v in pairs if k in VIEW_KEYS})


def href(name: str, pairs: list[tuple[str, str]], f) -> str:
    """The link to a table page with these pairs, and the view's language and era."""
    q = urlencode([*pairs, ("lang", f.lang), ("era", f.era)])
    return f"{PATH}/{quote(name, safe='')}?{q}"


def frame(f, content: list, meta: dict | None) -> html.Div:
    """The page shell (header, navigation with SQL current, notices, footer) without the filter bar and the
    page downloads, which are about the charts' filters, not these pages'."""
    page = shell("sql", f, content, meta)
    page.children = [c for c in page.children if getattr(c, "id", None) not in ("filter-bar", "exports")]
    return page


def index_layout(**query):
    _path, pairs = current_url(query)
    f = view_filters(pairs)
    lang = f.lang
    w = context.get().warehouse
    try:
        meta = w.meta
        relations = list(catalogue(w).values())
    except WarehouseError as e:
        return frame(f, [html.Div(t("page.error", lang, error=str(e)), className="notice error", role="alert")], None)
    notice = None
    try:
        counts = row_counts(relations)
    except Busy as e:
        counts = {}
        notice = html.Div(t("browse_error", lang, error=str(e)), className="notice error", role="alert")
    rows = [
        html.Tr(
            [
                html.Td(dcc.Link(html.Code(r.name), href=href(r.name, [], f), id=f"browse-link-{i}")),
                html.Td(t(f"sql.kind.{r.kind}", lang)),
                html.Td(fmt_int(counts[r.name], lang) if r.name in counts else "–", className="num"),
                html.Td(r.comment, className="browse-comment"),
            ]
        )
        for i, r in enumerate(relations)
    ]
    table = html.Table(
        [
            html.Caption(t("browse_index_caption", lang), className="chart-note"),
            html.Thead(html.Tr([html.Th(t(k, lang), scope="col") for k in
                                ("browse_col_name", "browse_col_kind", "browse_col_rows", "browse_col_comment")])),
            html.Tbody(rows),
        ],
        id="browse-index",
        className="browse-table",
    )  # fmt: skip
    content = [
        html.Section(
            [html.H2(t("browse_title", lang)), html.P(t("browse_index_intro", lang)), notice, table], className="card"
        )
    ]
    return frame(f, content, meta)


def layout(name: str | None = None, **query):
    path, pairs = current_url(query)
    name = name_of(path) if path else (name or "")
    f = view_filters(pairs)
    lang = f.lang
    w = context.get().warehouse
    try:
        meta = w.meta
        relations = catalogue(w)
    except WarehouseError as e:
        return frame(f, [html.Div(t("page.error", lang, error=str(e)), className="notice error", role="alert")], None)
    relation = relations.get(name)
    if relation is None:
        return frame(f, [not_found(name, f)], meta)
    b = parse(relation, pairs, context.get().settings.sql_row_cap)
    head = heading(relation, f)
    if b.problems:
        items = html.Ul([html.Li(p.text(lang)) for p in b.problems], id="browse-problems")
        refused = html.Div(
            [html.P(t("browse_refused", lang)), items,
             dcc.Link(t("browse_clear", lang), href=href(relation.name, [], f), id="browse-clear")],
            className="notice error", role="alert",
        )  # fmt: skip
        return frame(f, [html.Section([*head, refused], className="card")], meta)
    try:
        a = answer(b)
    except Busy as e:
        error = html.Div(
            t("browse_error", lang, error=str(e)), className="notice error", role="alert", id="browse-error"
        )
        return frame(f, [html.Section([*head, error, sql_box(rows_sql(b), f)], className="card")], meta)
    return frame(f, table_page(a, f, head), meta)


def not_found(name: str, f) -> html.Section:
    return html.Section(
        [
            html.H2(t("browse_not_found_title", f.lang)),
            html.P(t("browse_not_found", f.lang, name=shown(name)), id="browse-not-found", role="alert",
                   className="notice error"),
            dcc.Link(t("browse_back", f.lang), href=f"{PATH}?lang={f.lang}&era={f.era}", id="browse-back"),
        ],
        className="card",
    )  # fmt: skip


def heading(relation: Relation, f) -> list:
    return [
        html.P(dcc.Link(t("browse_back", f.lang), href=f"{PATH}?lang={f.lang}&era={f.era}", id="browse-back")),
        html.H2([html.Code(relation.name), " ", html.Small(t(f"sql.kind.{relation.kind}", f.lang))], id="browse-name"),
        html.P(relation.comment, className="browse-comment", id="browse-comment"),
    ]


def op_text(op: str, lang: str) -> str:
    return t(f"browse_op_{op}", lang)


def chips(a: Answer, f) -> html.Div | None:
    """A chip for each filter in use ("stage equals 'approval' ×"): a link to the same view without it."""
    b = a.browse
    if not b.filters:
        return None
    items = []
    for i, flt in enumerate(b.filters):
        rest = b.pairs(filters=tuple(x for j, x in enumerate(b.filters) if j != i), page=1)
        joint = " " + t("browse_or", f.lang) + " "
        values = "" if flt.op in FLAG_OPS else joint.join(repr(v) for v in flt.texts)
        label = " ".join(x for x in (flt.column.name, op_text(flt.op, f.lang), values) if x)
        link = dcc.Link(
            [html.Span(flt.column.name, className="chip-name"),
             html.Span(" ".join(x for x in (op_text(flt.op, f.lang), values) if x), className="chip-value"),
             html.Span("×", className="chip-x", **{"aria-hidden": "true"})],
            href=href(b.relation.name, rest, f), id=f"browse-remove-{i}", className="chip",
            title=t("browse_remove", f.lang, filter=label),
        )  # fmt: skip
        items.append(html.Li(link))
    return html.Div(
        [html.Span(t("browse_filters", f.lang), className="field-label"), html.Ul(items, className="filter-chips")],
        id="browse-filters",
        className="browse-filters",
    )


def facet_box(a: Answer, f) -> html.Section | None:
    b = a.browse
    if not a.facets:
        return None
    boxes = []
    for n_facet, (col, values) in enumerate(a.facets):
        active = {(x.column.name, v) for x in b.filters if x.op == "exact" for v in x.texts}
        items = []
        for value, n in values:
            if value is None:
                key, text, label = f"{col.name}__isnull", "1", t("browse_blank", f.lang)
                on = any(x.column.name == col.name and x.op == "isnull" for x in b.filters)
            else:
                key, text = (f"{col.name}__exact" if col.name in VIEW_KEYS else col.name), value
                label = str(cell(col, value, f))
                on = (col.name, value) in active
            if on:
                items.append(html.Li([html.Strong(label), " ", html.Span(fmt_int(n, f.lang), className="num")],
                                     **{"aria-current": "true"}))  # fmt: skip
                continue
            pairs = [*b.pairs(page=1), (key, text)]
            items.append(
                html.Li([dcc.Link(label, href=href(b.relation.name, pairs, f)), " ",
                         html.Span(fmt_int(n, f.lang), className="num")])
            )  # fmt: skip
        boxes.append(
            html.Div(
                [html.H4(html.Code(col.name), title=col.comment or None, id=f"browse-facet-{n_facet}-title"),
                 html.Ul(items, **{"aria-labelledby": f"browse-facet-{n_facet}-title"})],
                className="browse-facet", id=f"browse-facet-{n_facet}", **{"data-column": col.name},
            )
        )  # fmt: skip
    return html.Section(
        [html.H3(t("browse_facets", f.lang), className="field-label"), html.Div(boxes, className="browse-facet-row")],
        id="browse-facets",
        className="browse-facets",
    )


def cell(col: Column, value, f):
    """A value as the grid shows it: dates and times in the view's language and era (BE in Thai)."""
    if value is None:
        return None
    try:
        if col.family == "date" and isinstance(value, str):
            return fmt_date(None, None, dt.date.fromisoformat(value), "day", f.lang, f.era)
        if col.family in ("timestamp", "timestamptz") and isinstance(value, str):
            return fmt_datetime(dt.datetime.fromisoformat(value), f.lang, f.era, seconds=True)
    except ValueError:
        return value
    if isinstance(value, list | dict):
        from dashboard.sql.results import cell_text

        return cell_text(value)
    return value


def grid(a: Answer, f) -> AgGrid:
    b = a.browse
    defs = []
    for i, col in enumerate(a.columns):
        arrow = (" ▼" if b.desc else " ▲") if b.sort is not None and col.name == b.sort.name else ""
        hint = f"{col.comment} ({col.type})" if col.comment else col.type
        defs.append({"field": f"c{i}", "headerName": col.name + arrow, "headerTooltip": hint,
                     **({"cellStyle": {"textAlign": "right"}} if col.numeric else {})})  # fmt: skip
    rows = [{f"c{i}": cell(col, v, f) for i, (col, v) in enumerate(zip(a.columns, row, strict=True))} for row in a.rows]
    return AgGrid(
        id="browse-grid",
        rowData=rows,
        columnDefs=defs,
        defaultColDef={"resizable": True, "sortable": False, "filter": False, "minWidth": 90},
        dashGridOptions={
            "enableCellTextSelection": True,
            "ensureDomOrder": True,
            "tooltipShowDelay": 300,
            "suppressColumnVirtualisation": True,  # every column in the page: one scrolled out of view is still there
            "localeText": grid_locale(f.lang),
            **({"domLayout": "autoHeight"} if len(rows) <= SIZE_DEFAULT else {}),
        },
        style={} if len(rows) <= SIZE_DEFAULT else {"height": "640px"},
        className="ag-theme-alpine",
    )


def pager(a: Answer, f) -> html.Nav:
    b = a.browse
    depth = context.get().settings.sql_row_cap
    last = max(1, min(math.ceil(a.count / b.size), math.ceil(depth / b.size)))
    first_row = b.offset + 1 if a.rows else 0
    shown_text = t("browse_rows_of", f.lang, first=fmt_int(first_row, f.lang),
                   last=fmt_int(b.offset + len(a.rows), f.lang), n=fmt_int(a.count, f.lang))  # fmt: skip
    links = []
    for key, page, ok in (("first", 1, b.page > 1), ("prev", b.page - 1, b.page > 1),
                          ("next", b.page + 1, b.page < last), ("last", last, b.page < last)):  # fmt: skip
        text = t(f"browse_page_{key}", f.lang)
        if ok:
            links.append(dcc.Link(text, href=href(b.relation.name, b.pairs(page=page), f), id=f"browse-page-{key}",
                                  className="button"))  # fmt: skip
        else:
            links.append(html.Span(text, className="button disabled", **{"aria-disabled": "true"}))
    if a.count > depth:
        links.append(html.Span(t("browse_deep_note", f.lang, n=fmt_int(depth, f.lang)), className="chart-note"))
    return html.Nav(
        [html.Span(shown_text, id="browse-count", role="status"), *links],
        className="browse-pager",
        **{"aria-label": t("browse_pages", f.lang)},
    )


def forms(a: Answer, f) -> html.Div:
    """Add a filter, sort: plain GET forms (the server turns their fields into the URL's own form)."""
    b, lang = a.browse, f.lang
    keep = [dcc.Input(type="hidden", name=k, value=v) for k, v in [*b.pairs(page=1), ("lang", lang), ("era", f.era)]
            if k not in ("_sort", "_sort_desc")]  # fmt: skip
    keep_filters = [
        dcc.Input(type="hidden", name=k, value=v) for k, v in [*b.pairs(page=1), ("lang", lang), ("era", f.era)]
    ]
    names = [html.Option(c.name, value=c.name) for c in b.relation.columns]
    # The current choice first: a select shows its first option (React warns about `selected` on an option).
    columns = [("", t("browse_sort_none", lang)), *((c.name, c.name) for c in b.relation.columns)]
    current = b.sort.name if b.sort else ""
    columns.sort(key=lambda c: c[0] != current)
    sort_columns = [html.Option(text, value=value) for value, text in columns]
    ways = [("asc", t("browse_sort_asc", lang)), ("desc", t("browse_sort_desc", lang))]
    directions = [html.Option(text, value=v) for v, text in (ways[::-1] if b.desc else ways)]
    add = html.Form(
        [
            *keep_filters,
            html.Label([html.Span(t("browse_add_column", lang), className="field-label"),
                        html.Select(names, name="_filter_column", id="browse-add-column")], className="field"),
            html.Label([html.Span(t("browse_add_op", lang), className="field-label"),
                        html.Select([html.Option(op_text(op, lang), value=op) for op in OPS], name="_filter_op",
                                    id="browse-add-op")], className="field"),
            html.Label([html.Span(t("browse_add_value", lang), className="field-label"),
                        dcc.Input(type="text", name="_filter_value", id="browse-add-value", maxLength=VALUE_MAX, style={"width": "14rem"})],
                       className="field"),
            html.Button(t("browse_add", lang), type="submit", id="browse-add-submit", className="button"),
        ],
        method="GET", action=f"{PATH}/{quote(b.relation.name, safe='')}", id="browse-add", className="browse-form",
    )  # fmt: skip
    sort = html.Form(
        [
            *keep,
            html.Label([html.Span(t("browse_sort_by", lang), className="field-label"),
                        html.Select(sort_columns, name="_sort_by", id="browse-sort-column")], className="field"),
            html.Label([html.Span(t("browse_sort_dir", lang), className="field-label"),
                        html.Select(directions, name="_sort_dir", id="browse-sort-dir")], className="field"),
            html.Button(t("browse_sort", lang), type="submit", id="browse-sort-submit", className="button"),
        ],
        method="GET", action=f"{PATH}/{quote(b.relation.name, safe='')}", id="browse-sort", className="browse-form",
    )  # fmt: skip
    return html.Div([add, sort], className="browse-forms")


def sql_box(sql: str, f, counting: str = "") -> html.Section:
    """The statement of the rows, a link opening it in the SQL editor; that of the count and facets folded."""
    editor = "/sql?" + urlencode([("lang", f.lang), ("era", f.era), ("sql", sql)])
    more = []
    if counting:
        link = "/sql?" + urlencode([("lang", f.lang), ("era", f.era), ("sql", counting)])
        more = [html.Details([html.Summary(t("browse_counts_sql", f.lang)),
                              html.Pre(html.Code(counting), id="browse-counts-sql", className="browse-sql"),
                              html.A(t("browse_open_sql", f.lang), href=link, id="browse-open-counts-sql", className="button")])]  # fmt: skip
    return html.Section(
        [
            html.H3(t("browse_sql", f.lang), className="field-label"),
            html.Pre(html.Code(sql), id="browse-sql", className="browse-sql"),
            html.A(t("browse_open_sql", f.lang), href=editor, id="browse-open-sql", className="button"),
            *more,
        ],
        className="browse-sql-box",
    )


def downloads(a: Answer, f) -> html.Div:
    b = a.browse
    q = urlencode([*b.pairs(page=1), ("lang", f.lang), ("era", f.era)])
    cap = fmt_int(context.get().settings.sql_row_cap, f.lang)
    return html.Div(
        [html.A(t(f"button.download_{kind}", f.lang), href=f"{PATH}/{quote(b.relation.name, safe='')}.{kind}?{q}",
                id=f"browse-{kind}", className="button", download=f"{b.relation.name}.{kind}") for kind in ("csv", "xlsx")]
        + [html.Span(t("browse_download_cap", f.lang, n=cap), className="chart-note")],
        className="browse-downloads",
    )  # fmt: skip


def table_page(a: Answer, f, head: list) -> list:
    timing = html.P(t("browse_time", f.lang, ms=fmt_int(a.ms, f.lang)), className="chart-note", id="browse-time")
    body = [*head, chips(a, f), forms(a, f), facet_box(a, f), pager(a, f), grid(a, f), timing, downloads(a, f),
            sql_box(a.sql, f, a.facets_sql)]  # fmt: skip
    return [html.Section([x for x in body if x is not None], className="card browse", id="browse-page")]


# -- registration -----------------------------------------------------------------------------------

dash.register_page(__name__, path_template=PATH + "/<name>", name="Browse", title=title)
dash.register_page(__name__ + "_index", path=PATH, name="Browse tables", title=index_title, layout=index_layout)
