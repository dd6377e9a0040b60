"""Building blocks shared by the pages: the shell with navigation and filter bar,
chart cards, headline figures, the records grid and notices."""

from __future__ import annotations

import contextlib

from dash import dcc, html
from dash_ag_grid import AgGrid

from dashboard import auth, views
from dashboard.figures.maps import graph_config as map_graph_config
from dashboard.figures.theme import clean
from dashboard.filters import Filters
from dashboard.i18n import dropdown_labels, fmt_date, fmt_int, fmt_year, graph_locale, grid_locale, label, t

PAGES = [
    ("overview", "/"),
    ("agreements", "/agreements"),
    ("delegations", "/delegations"),
    ("investment", "/investment"),
    ("partners", "/partners"),
    ("data", "/data"),
    ("sql", "/sql"),
]
GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "width": 1920, "height": 1080, "scale": 1},
}


def graph_config(lang: str = "en") -> dict:
    """A dcc.Graph's config: the toolbar, the map data served here, plotly's own texts in `lang`."""
    return {**GRAPH_CONFIG, **map_graph_config(), **graph_locale(lang)}


def view_lang() -> str:
    """The language of the view being answered: from the URL the router callback draws (its search), else
    from the request's own query (the first load of a page)."""
    from dash import ctx
    from dash.exceptions import MissingCallbackContextException
    from flask import has_request_context, request

    from dashboard import context

    search = None
    with contextlib.suppress(MissingCallbackContextException, LookupError):  # not in a callback: a first load
        search = ctx.inputs.get("_pages_location.search")
    if search is None and has_request_context():
        search = request.query_string.decode("utf-8", "replace")
    return context.filters_from(search).lang


def titled(page: str):
    """A Dash page's `title`, a function: the tab's title in the view's language (Dash passes it the path's
    variables only, so the language is read from the request)."""

    def title(**_path) -> str:
        return page_title(page, view_lang())

    return title


def page_title(page: str, lang: str) -> str:
    """The browser tab's title of a page: "ภาพรวม – ความร่วมมือทวิภาคี..." / "Overview – Thailand bilateral ..."."""
    return f"{t(f'page.{page}', lang)} – {t('app.title', lang)}"


def shell(page: str, f: Filters, content: list, meta: dict | None, extra_notices: list | None = None) -> html.Div:
    """The frame of every page: title, navigation (links keep the filters), filter bar, notices, content, footer."""
    lang = f.lang
    q = f.query_string()
    nav = html.Nav(
        [
            dcc.Link(
                t(f"page.{name}", lang),
                href=path + q,
                className="nav-link active" if name == page else "nav-link",
                id=f"nav-{name}",
            )
            for name, path in PAGES
            if auth.can_open(path)  # a link the user's role cannot open is not shown
        ],
        className="nav",
        **{"aria-label": t("app.title", lang)},
    )
    notices = [
        html.Div(t("notice.bad_param", lang, name=n.name, value=n.value), className="notice", role="status")
        for n in f.notices
    ]
    notices += extra_notices or []
    banner = []
    if meta and meta.get("synthetic") == "true":
        banner = [
            html.Div(t("notice.synthetic", lang), className="banner synthetic", role="alert", id="synthetic-banner")
        ]
    as_of = ""
    if meta and meta.get("data_as_of"):
        y, m, d = (int(x) for x in meta["data_as_of"].split("-"))
        import datetime as _dt

        as_of = t("notice.data_as_of", lang, date=fmt_date(y, m, _dt.date(y, m, d), "day", lang, f.era))
    return html.Div(
        [
            html.Header([html.H1(t("app.title", lang)), nav, signed_in(lang)], className="header"),
            *banner,
            filter_bar(f),
            html.Div(notices, id="notices", className="notices"),
            page_exports(page, f),
            html.Main(content, id="content", className=f"page page-{page}"),
            html.Footer([html.Span(as_of, id="as-of")], className="footer"),
        ],
        lang=lang,
        className=f"lang-{lang}",
        id="page-shell",  # its `lang` becomes the document's (a clientside callback in app.py)
    )


def signed_in(lang: str) -> html.Div | None:
    """Who is signed in and their role; a sign-out button (a form with its token) for a sign-in of this app."""
    user = auth.current_user()
    if user is None:
        return None
    from dashboard.auth.page import say

    parts: list = [html.Span(say("signed_in", lang, user=user.name, role=user.role or "-"), id="signed-in-user")]
    if user.via in ("local", "ldap"):
        parts.append(
            html.Form(
                [dcc.Input(type="hidden", name="csrf", value=auth.csrf_token(), id="signout-csrf"),
                 html.Button(say("signout", lang), type="submit", id="signout-button", className="nav-link",
                             style={"background": "none", "border": "1px solid rgba(255,255,255,0.5)", "font": "inherit",
                                    "cursor": "pointer"})],
                method="POST", action="/signout", style={"display": "inline", "marginLeft": "0.6rem"},
            )
        )  # fmt: skip
    return html.Div(parts, className="signed-in", style={"marginLeft": "auto", "fontSize": "0.9rem"})


def filter_bar(f: Filters) -> html.Section:
    """One filter bar on every page; a change rewrites the URL (callback in app.py)."""
    lang, era = f.lang, f.era
    opts = choice_options(lang)
    years = opts.get("year", [])
    year_opts = [{"label": fmt_year(int(y), era), "value": int(y)} for y in years]
    labels = dropdown_labels(lang)  # the dropdowns' own texts (search, select all, ...)

    def field(label_key, control):
        return html.Label([html.Span(t(label_key, lang), className="field-label"), control], className="field")

    return html.Section(
        [
            field("filter.year_from", dcc.Dropdown(id="f-year_from", options=year_opts, value=f.year_from, clearable=True, **labels)),
            field("filter.year_to", dcc.Dropdown(id="f-year_to", options=year_opts, value=f.year_to, clearable=True, **labels)),
            field("filter.sectors", dcc.Dropdown(id="f-sector", options=opts.get("sector", []), value=list(f.sector), multi=True, **labels)),
            field("filter.country", dcc.Dropdown(id="f-country", options=opts.get("country", []), value=list(f.country), multi=True, **labels)),
            field("filter.partners", dcc.Dropdown(
                id="f-partner", options=partner_options(opts.get("partner", []), "", f.partner), value=list(f.partner),
                multi=True, placeholder=t("filter.partners_search", lang, n=fmt_int(len(opts.get("partner", [])), lang)),
                **labels)),
            field("filter.level", dcc.Dropdown(id="f-level", options=opts.get("level", []), value=list(f.level), multi=True, **labels)),
            field(
                "filter.language",
                dcc.RadioItems(id="f-lang", options=[{"label": t("lang.th", lang), "value": "th"}, {"label": t("lang.en", lang), "value": "en"}], value=lang, inline=True),
            ),
            field(
                "filter.era",
                dcc.RadioItems(id="f-era", options=[{"label": t("era.be", lang), "value": "be"}, {"label": t("era.ce", lang), "value": "ce"}], value=era, inline=True),
            ),
            field(
                "filter.period",
                dcc.RadioItems(id="f-period", options=[{"label": t("period.cy", lang), "value": "cy"}, {"label": t("period.fy", lang), "value": "fy"}], value=f.period, inline=True),
            ),
            dcc.Link(t("filter.reset", lang), href=f"?lang={lang}&era={era}", id="f-reset", className="reset"),
        ],
        className="filter-bar",
        id="filter-bar",
        **{"aria-label": t("filter.title", lang)},
    )  # fmt: skip


OPTION_MAX = 120  # characters of a name in the filter bar's lists


def choice_options(lang: str) -> dict[str, list]:
    from dashboard import context
    from dashboard.db import WarehouseError

    try:
        frame = context.get().warehouse.query_file("choices")
    except WarehouseError:
        return {}
    out: dict[str, list] = {"year": [], "sector": [], "country": [], "partner": [], "level": []}
    name = "name_th" if lang == "th" else "name_en"
    for row in frame.iter_rows(named=True):
        kind = row["kind"]
        if kind == "year":
            out["year"].append(row["value"])
        elif kind == "level":
            out["level"].append({"label": label("level", row["value"], lang), "value": row["value"]})
        elif kind == "partner":
            text = row[name] or row["name_en"]
            if row[name] and row["name_en"] and lang == "th":
                text = f"{row[name]} ({row['name_en']})"
            # Names are shortened: the dropdown indexes every substring of a label and its search text, and
            # a name of thousands of characters would stop the page.
            out["partner"].append(
                {
                    "label": clean(text, OPTION_MAX),
                    "value": row["value"],
                    "search": clean(f"{row['name_en']} {row['name_th'] or ''} {row['value']}", 2 * OPTION_MAX),
                }
            )
        else:
            text = clean(row[name] or row["name_en"] or row["value"], OPTION_MAX)
            out[kind].append({"label": f"{text} ({row['value']})" if kind == "sector" else text, "value": row["value"]})
    return out


PARTNER_OPTIONS = 50


def partner_options(options: list[dict], typed: str, selected, limit: int = PARTNER_OPTIONS) -> list[dict]:
    """The partners the list offers: those picked, then the first `limit` matching what was typed.

    The full list is searched here, not in the browser: the dropdown indexes every substring of
    every label, which for a few hundred Thai names costs the page draw a third of a second.
    """
    picked = set(selected or ())
    words = typed.casefold().split()
    out = [o for o in options if o["value"] in picked]
    for o in options:
        if len(out) >= limit + len(picked):
            break
        if o["value"] not in picked and all(w in o["search"].casefold() or w in o["label"].casefold() for w in words):
            out.append(o)
    return out


def chart_card(
    card_id: str, figure, lang: str, notes: list[str] | None = None, exports: str | None = None
) -> html.Section:
    """A chart, the lines that say what it counts, and with `exports` (the view's query string) links to its
    image, its numbers and its records with the same filters."""
    return html.Section(
        [
            # The graph alone in its box: a sibling after it in the same box squeezes a responsive graph flat.
            html.Div(dcc.Graph(id=card_id, figure=figure, config=graph_config(lang), className="chart")),
            *[html.P(n, className="chart-note") for n in notes or ()],
            chart_exports(card_id, lang, exports) if exports is not None else None,
        ],
        className="card",
    )


def mark_card(chart, frames, f: Filters) -> html.Section:
    """The card of a registry chart (dashboard/views.py): its marks drawn, its notes, its exports."""
    m = chart.marks(frames, f)
    return chart_card(chart.id, chart.draw(m, f), f.lang, notes=m.notes, exports=f.without_notices().query_string())


# One line of links under a chart and above a page's content: small, quiet, never in the way of the chart.
_LINKS_STYLE = {"display": "flex", "flexWrap": "wrap", "gap": "0.3rem 0.8rem", "alignItems": "baseline",
                "fontSize": "0.85rem", "margin": "0.2rem 0.4rem"}  # fmt: skip


def _download(text: str, href: str, filename: str, title: str, link_id: str) -> html.A:
    return html.A(text, href=href, download=filename, title=title, id=link_id, className="export-link")


def chart_exports(card_id: str, lang: str, query: str) -> html.Div:
    """PNG and SVG of the chart, CSV and XLSX of the records behind it, all with the view's filters."""
    chart = views.CHARTS.get(card_id)
    links = [
        _download(fmt.upper(), f"/export/chart/{card_id}.{fmt}{query}", f"{card_id}.{fmt}", t(f"button.download_{fmt}", lang),
                  f"{card_id}-{fmt}")
        for fmt in ("png", "svg")
    ]  # fmt: skip
    if chart is not None:
        # The chart's numbers, a row per mark, and the records behind it: both with the view's filters.
        links.append(html.Span(t("export.chart_numbers", lang) + ":"))
        links += [
            _download(fmt.upper(), f"/export/chart/{card_id}.{fmt}{query}", f"{card_id}.{fmt}",
                      t("button.download_numbers", lang, fmt=fmt.upper()), f"{card_id}-numbers-{fmt}")
            for fmt in ("csv", "xlsx")
        ]  # fmt: skip
        links.append(html.Span(t(f"dataset.{chart.dataset}", lang) + ":"))
        links += [
            _download(fmt.upper(), f"/export/data/{chart.dataset}.{fmt}{query}", f"{chart.dataset}.{fmt}",
                      t(f"button.download_{fmt}", lang), f"{card_id}-{fmt}")
            for fmt in ("csv", "xlsx")
        ]  # fmt: skip
    return html.Div(links, className="chart-exports", style=_LINKS_STYLE)


def page_exports(page: str, f: Filters) -> html.Nav:
    """The page's downloads: its PowerPoint deck and the data files of its records, with the view's filters."""
    lang, q = f.lang, f.without_notices().query_string()
    items: list = []
    if page in views.PAGES:
        deck_q = q + "&page=" + page
        items.append(_download(t("button.download_pptx", lang), f"/export/deck.pptx{deck_q}", f"{page}.pptx",
                               t("button.download_pptx", lang), "export-deck"))  # fmt: skip
    for dataset in views.PAGE_DATASETS.get(page, views.DATASETS):
        items.append(html.Span(t(f"dataset.{dataset}", lang) + ":"))
        items += [
            _download(fmt.upper(), f"/export/data/{dataset}.{fmt}{q}", f"{dataset}.{fmt}",
                      t(f"button.download_{fmt}", lang), f"export-{dataset}-{fmt}")
            for fmt in ("csv", "xlsx")
        ]  # fmt: skip
    return html.Nav(
        items,
        id="exports",
        className="exports",
        style={**_LINKS_STYLE, "margin": "0.6rem 1.2rem 0"},
        **{"aria-label": t("export.title", lang)},
    )


def coverage_box(lines: list[str], lang: str, box_id: str = "coverage", collapsed: bool = False) -> html.Section | None:
    """Counts the sources state only in aggregate, each beside what is recorded here (none: nothing shown);
    `collapsed`: a line that opens to the list (under the headline figures)."""
    if not lines:
        return None
    items = html.Ul([html.Li(line) for line in lines])
    if collapsed:
        body = html.Details([html.Summary(t("coverage.summary", lang, n=fmt_int(len(lines), lang))), items])
        return html.Section(body, className="card coverage", id=box_id)
    return html.Section([html.H2(t("coverage.title", lang)), items], className="card coverage", id=box_id)


def kpis(figures) -> html.Section:
    """Headline figures (dashboard.views.KeyFigure): value, what it is, and what it adds up or leaves out."""
    return html.Section(
        [
            html.Div(
                [
                    html.Div(k.text, className="kpi-value", id=f"kpi-{k.id}"),
                    html.Div(k.label, className="kpi-label"),
                    html.Ul([html.Li(d) for d in k.details], className="kpi-details", id=f"kpi-{k.id}-details")
                    if k.details
                    else None,
                ],
                className="kpi",
            )
            for k in figures
        ],
        className="kpis",
    )


def records_grid(
    grid_id: str,
    lang: str,
    rows: list[dict] | None = None,
    defs: list[dict] | None = None,
    title: str | None = None,
    height: str = "420px",
) -> html.Section:
    """Where records show with their sources: filled now (rows, defs, title), or, given no rows, an empty
    place (`<grid_id>-box`) that a click on a chart fills with `records_table` (the grid's script and
    drawing are then not paid for on a page that opens without records)."""
    body = records_table(grid_id, rows, defs or [], height, lang) if rows is not None else None
    return html.Section(
        [
            html.H2(title or t("notice.drill_hint", lang), id=f"{grid_id}-title", className="drill-title"),
            html.Div(body, id=f"{grid_id}-box"),
        ],
        className="card drill",
    )


def records_table(grid_id: str, rows: list[dict], defs: list[dict], height: str = "420px", lang: str = "en") -> AgGrid:
    return AgGrid(
        id=grid_id,
        rowData=rows,
        columnDefs=defs,
        defaultColDef={"resizable": True, "sortable": True, "filter": True, "wrapText": False},
        # Every column in the page (a dozen at most): a column scrolled out of view is still there to find.
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": 20,
            "enableCellTextSelection": True,
            "suppressColumnVirtualisation": True,
            "localeText": grid_locale(lang),  # the grid's own texts (pages, filters, "no rows") in the view's language
        },
        style={"height": height},
        className="ag-theme-alpine",
    )
