"""Building blocks shared by the pages: the shell with navigation and filter bar,
chart cards, headline figures, the records grid and notices."""

from __future__ import annotations

import contextlib
import json

from dash import Input, Output, clientside_callback, dcc, html
from dash_ag_grid import AgGrid

from dashboard import auth, views
from dashboard.figures.maps import graph_config as map_graph_config
from dashboard.figures.theme import clean, fitted, unplain
from dashboard.filters import Filters
from dashboard.i18n import dropdown_labels, fmt_date, fmt_int, fmt_year, graph_locale, grid_locale, label, t
from dashboard.marks import qualified

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
    # The toolbar on hover only, with what analysts use: the image and the zoom reset (a map: its view reset).
    # The chart's menu holds every download, so Tab does not walk through a row of buttons per chart.
    "displayModeBar": "hover",
    "modeBarButtons": [["toImage", "resetScale2d"]],
    "toImageButtonOptions": {"format": "png", "width": 1920, "height": 1080, "scale": 1},
}
MAP_BUTTONS = [["toImage", "resetGeo"]]


def graph_config(lang: str = "en", geo: bool = False) -> dict:
    """A dcc.Graph's config: the toolbar, the map data served here, plotly's own texts in `lang`."""
    return {
        **map_graph_config(),
        **GRAPH_CONFIG,
        **graph_locale(lang),
        **({"modeBarButtons": MAP_BUTTONS} if geo else {}),
    }


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
    if search is None and (drawn := context.page_address()) is not None:  # the page drawn with the shell
        search = drawn[1]
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
            # Where the page's own controls send the analyst (the filter bar, a clicked mark, the panel's close
            # button): their callbacks write the view's URL here and app.py moves it to the address. A callback
            # whose inputs come with a redrawn page and whose outputs lie outside it runs when the page is
            # drawn, a round trip that changes nothing; with its output in the page too, Dash leaves it alone.
            dcc.Store(id="page-go"),
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
    """One filter bar on every page, one row on a laptop: an empty filter says "All"; a change rewrites the URL
    (callback in app.py). Under it, a chip for each filter in use that clears it with one click."""
    lang, era = f.lang, f.era
    opts = choice_options(lang)
    # The data's years, and the view's own when the data has none of it (a link to "until 2030"): a dropdown
    # clears a value it does not offer, which would rewrite the address and draw the page twice.
    years = sorted({int(y) for y in opts.get("year", [])} | {y for y in (f.year_from, f.year_to) if y is not None})
    year_opts = [{"label": fmt_year(y, era), "value": y} for y in years]
    labels = dropdown_labels(lang)  # the dropdowns' own texts (search, select all, ...)
    everything = t("ui.all", lang)
    n_partners = fmt_int(len(opts.get("partner", [])), lang)

    def field(label_key, control, name, **more):
        return html.Label([html.Span(t(label_key, lang), className="field-label"), control],
                          className=f"field field-{name}", **more)  # fmt: skip

    def pick(name, options, value, multi=True, **more):
        return dcc.Dropdown(id=f"f-{name}", options=options, value=value, multi=multi, clearable=True,
                            placeholder=everything, **{**labels, **more})  # fmt: skip

    def toggle(name, label_key, choices, value):
        """Two choices side by side, the picked one filled."""
        return html.Div(
            [html.Span(t(label_key, lang), className="field-label", id=f"f-{name}-label"),
             choice_links(f"f-{name}", choices, value, lambda v: f.query_string(**{name: v}))],
            className=f"field field-{name}", role="group", **{"aria-labelledby": f"f-{name}-label"},
        )  # fmt: skip

    bar = html.Div(
        [
            field("filter.year_from", pick("year_from", year_opts, f.year_from, multi=False), "year"),
            field("filter.year_to", pick("year_to", year_opts, f.year_to, multi=False), "year"),
            field("filter.sectors", pick("sector", opts.get("sector", []), list(f.sector)), "sector"),
            field("filter.country", pick("country", opts.get("country", []), list(f.country)), "country"),
            field("filter.partners", pick("partner", partner_options(opts.get("partner", []), "", f.partner), list(f.partner)),
                  "partner", title=t("filter.partners_search", lang, n=n_partners)),
            field("filter.level", pick("level", opts.get("level", []), list(f.level)), "level"),
            toggle("lang", "filter.language", [("th", t("lang.th", lang), t("lang.th", lang)),
                                               ("en", t("lang.en", lang), t("lang.en", lang))], lang),
            toggle("era", "filter.era", [("be", t("fmt.era.be", lang), t("era.be", lang)),
                                         ("ce", t("fmt.era.ce", lang), t("era.ce", lang))], era),
            toggle("period", "filter.period", [("cy", t("ui.period.cy", lang), t("period.cy", lang)),
                                               ("fy", t("ui.period.fy", lang), t("period.fy", lang))], f.period),
            dcc.Link(t("filter.reset", lang), href=f"?lang={lang}&era={era}", id="f-reset", className="reset"),
        ],
        className="filter-row",
    )  # fmt: skip
    return html.Section(
        [bar, filter_chips(f, opts), dcc.Store(id="f-keys")],
        className="filter-bar",
        id="filter-bar",
        **{"aria-label": t("filter.title", lang)},
    )


# Dash 4's dcc.Dropdown takes Tab on a hidden input (aria-hidden, yet focusable) that hands focus on to the
# dropdown's button, and names the button by its value alone ("All"). Here every dropdown the page draws gets
# its button as its Tab stop, named by its field's label and its value ("Sectors All"), and the hidden input
# made inert (out of the Tab order and of what assistive technology reads, whatever tabIndex the dropdown
# writes on it). A MutationObserver does it to each dropdown as it appears: the dropdowns' script loads after
# the page, and a redraw of the page makes new ones. React keeps these attributes: it writes only the props
# that change, and these are constants. A clientside callback, hashed into the Content-Security-Policy.
clientside_callback(
    """
    function () {
        var w = window;
        function mend() {
            document.querySelectorAll(".dash-dropdown-focus-target:not([inert])").forEach(function (input) {
                input.inert = true;
                var button = input.nextElementSibling;
                if (!button || !button.id) { return; }
                button.tabIndex = 0;
                var field = button.closest("label");
                var name = field && field.querySelector(".field-label");
                if (name) {
                    name.id = name.id || button.id + "-label";
                    button.setAttribute("aria-labelledby",
                        name.id + " " + button.id + "-value-count " + button.id + "-value");
                }
            });
        }
        if (!w.dropdownKeys) {
            w.dropdownKeys = new MutationObserver(mend);
            w.dropdownKeys.observe(document.body, {childList: true, subtree: true});
        }
        mend();
        return w.dash_clientside.no_update;
    }
    """,
    Output("f-keys", "data"),
    Input("filter-bar", "id"),
)


def choice_links(ident: str, choices, value, href) -> html.Div:
    """One of a few choices, side by side (`.toggle`): the picked one marked current (`aria-current`), each
    other one a link to `href(value)`, the same view with that choice (the URL is the view). `choices`:
    (value, text, title); each gets the id `<ident>-<value>`."""
    return html.Div(
        [
            html.Span(
                text, title=title, id=f"{ident}-{v}", className="toggle-option selected", **{"aria-current": "true"}
            )
            if v == value
            else dcc.Link(text, href=href(v), title=title, id=f"{ident}-{v}", className="toggle-option")
            for v, text, title in choices
        ],
        id=ident,
        className="toggle",
    )


CHIP_VALUES = 3  # names a chip lists before "+N"


def filter_chips(f: Filters, opts: dict) -> html.Div | None:
    """A chip for each filter in use ("Sectors: Automotive, EV ×"): a link to the same view without it."""
    lang, q = f.lang, f.without_notices()
    chips: list[tuple[str, str, str, dict[str, object]]] = []
    if f.year_from is not None:
        chips.append(("year_from", "filter.year_from", fmt_year(f.year_from, f.era), {"year_from": None}))
    if f.year_to is not None:
        chips.append(("year_to", "filter.year_to", fmt_year(f.year_to, f.era), {"year_to": None}))
    for key, label_key in (("sector", "filter.sectors"), ("country", "filter.country"),
                           ("partner", "filter.partners"), ("level", "filter.level")):  # fmt: skip
        values = getattr(f, key)
        if not values:
            continue
        names = {o["value"]: o["label"] for o in opts.get(key, [])}
        shown = [clean(str(names.get(v, v)), 40) for v in values[:CHIP_VALUES]]
        more = f" +{fmt_int(len(values) - CHIP_VALUES, lang)}" if len(values) > CHIP_VALUES else ""
        chips.append((key, label_key, ", ".join(shown) + more, {key: ()}))
    if not chips:
        return None
    return html.Ul(
        [
            html.Li(
                dcc.Link(
                    [html.Span(t(label_key, lang) + ":", className="chip-name"), html.Span(value, className="chip-value"),
                     html.Span("×", className="chip-x", **{"aria-hidden": "true"})],
                    href=q.query_string(**change), id=f"chip-{key}", className="chip",
                    title=t("ui.clear", lang, name=t(label_key, lang), value=value),
                )
            )
            for key, label_key, value, change in chips
        ],
        className="filter-chips",
        id="filter-chips",
        **{"aria-label": t("ui.active_filters", lang)},
    )  # fmt: skip


OPTION_MAX = 120  # characters of a name in the filter bar's lists


def choice_options(lang: str) -> dict[str, list]:
    """What the filter bar offers, in the view's language (read-only): the same for every view of a build, so
    made once per build and language, not for each page drawn (5 ms of the server's time each)."""
    from dashboard import context
    from dashboard.db import WarehouseError

    try:
        return context.once_per_build(
            f"choice_options:{lang}", lambda w: _choice_options(w.query_file("choices"), lang)
        )
    except WarehouseError:
        return {}


def _choice_options(frame, lang: str) -> dict[str, list]:
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
            # a name of thousands of characters would stop the page. The search text holds only the words the
            # label does not (the Thai view's label already has both names): each Thai name indexed once.
            shown = clean(text, OPTION_MAX)
            words = clean(f"{row['name_en']} {row['name_th'] or ''} {row['value']}", 2 * OPTION_MAX).split()
            folded = shown.casefold()
            out["partner"].append(
                {
                    "label": shown,
                    "value": row["value"],
                    "search": " ".join(w for w in words if w.casefold() not in folded),
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
    card_id: str, figure, lang: str, notes: list[str] | None = None, exports: str | None = None, marks=None
) -> html.Figure:
    """A chart as a `<figure>`: its title as a heading (taken out of the drawing, where exported images keep
    it), a menu of its downloads (with `exports`, the view's query string), the chart, and a caption: one
    sentence of what it draws (from its marks, `marks`) and the lines that say what it counts."""
    figure, title = _untitled(figure)
    figure = fitted(figure)  # margins that hold its labels: plotly draws it once
    summary = chart_summary(marks, lang) if marks is not None else ""
    head = [html.H3(title, id=f"{card_id}-title", className="chart-title")]
    if exports is not None:
        head.append(chart_menu(card_id, title, lang, exports))
    caption = [html.P(summary, className="chart-summary", id=f"{card_id}-summary")] if summary else []
    caption += [html.P(n, className="chart-note") for n in notes or ()]
    return html.Figure(
        [
            html.Div(head, className="chart-head"),
            # The graph alone in its box: a sibling after it in the same box squeezes a responsive graph flat.
            # The box keeps the drawing's height before it is drawn (assets/lazy-charts.js draws a chart when
            # it comes into view), so nothing below it moves when it is.
            html.Div(
                dcc.Graph(id=card_id, figure=figure, config=graph_config(lang, _is_map(figure)), className="chart"),
                style={"minHeight": f"{height}px"}
                if isinstance(height := figure["layout"].get("height"), int)
                else None,
            ),
            html.Figcaption(caption, className="chart-caption") if caption else None,
        ],
        className="card chart-card",
        id=f"{card_id}-card",
        **{"aria-labelledby": f"{card_id}-title"},
    )


def _is_map(figure: dict) -> bool:
    return any(tr.get("type") in ("choropleth", "scattergeo") for tr in figure.get("data", []))


TITLE_LINE, TITLE_PAD = 24, 12  # px a title line takes in the drawing, and the room above it (figures/theme.py)


def _untitled(figure) -> tuple[dict, str]:
    """-> (the figure without its title, the title's text): the card's heading says it once; the room the
    title took at the top of the drawing goes too."""
    fig = figure if isinstance(figure, dict) else figure.to_plotly_json()
    layout = dict(fig.get("layout") or {})
    title = layout.get("title") or {}
    text = title.get("text", "") if isinstance(title, dict) else str(title)
    if not text:
        return fig, ""
    room = TITLE_PAD + TITLE_LINE * (text.count("<br") + 1)
    layout["title"] = {"text": ""}
    margin = dict(layout.get("margin") or {})
    if "t" in margin:
        margin["t"] = max(12, margin["t"] - room)
        layout["margin"] = margin
    if layout.get("height"):
        layout["height"] = layout["height"] - room
    return {**fig, "layout": layout}, unplain(text.replace("<br>", " "))


# What a chart's axis counts -> the caption's noun for its numbers (brief_unit_<noun>, "_one" for one).
COUNTED = {"axis.agreements": "agreements", "axis.delegations": "delegations", "axis.records": "records"}


def amount(m, row: dict, lang: str) -> str:
    """A mark's number with its unit, as a sentence says it: "5 agreements", "1 agreement", "529 projects"
    (what an investment count counts is the mark's own), "about 268,000.0 THB million", "12.5%"."""
    n = qualified(row["y"], row["qualifier"], lang, m.number)
    unit = m.unit
    if unit == t("axis.thb_million", lang):
        return t("brief_unit_thb_million", lang, n=n)
    if unit == t("axis.share_pct", lang):
        return t("brief_unit_pct", lang, n=n)
    noun = next((v for k, v in COUNTED.items() if unit == t(k, lang)), None)
    if unit in (t("axis.count", lang), t("axis.projects", lang)):
        with contextlib.suppress(ValueError, TypeError):
            noun = json.loads(row.get("drill") or "{}").get("count_unit") or "projects"
        noun = noun or "projects"
    if noun is None:
        return f"{n} {unit}".strip()
    one = row["y"] == 1 and row["qualifier"] in (None, "", "exact")
    return t(f"brief_unit_{noun}" + ("_one" if one else ""), lang, n=n)


def _sentence(lang: str, *parts: str) -> str:
    """Clauses as one sentence: English joins them with a semicolon and ends with a full stop; Thai, which
    has no full stop, with a space."""
    if lang == "th":
        return " ".join(parts)
    text = "; ".join(parts)
    return text if text.endswith((".", "?", "!")) else text + "."


def _shown_date(x: str) -> str:
    """A timeline mark's date, as its label shows it ("name · 5 Feb 2007")."""
    return x.rsplit(" · ", 1)[-1]


def chart_summary(m, lang: str) -> str:
    """One sentence of what a chart draws, in the numbers it draws, each with its unit: its kind and range,
    and its largest mark (of several series, the largest single mark: stacked or side by side, nothing is
    added up here)."""
    if m.is_empty:
        why = m.empty or t("notice.no_records", lang)
        if lang != "th" and why[:1].isupper() and why[1:2].islower():
            why = why[0].lower() + why[1:]
        return _sentence(lang, t("brief_sum_empty", lang, why=why))
    rows = m.frame.to_dicts()
    series = list(dict.fromkeys(r["series"] for r in rows))
    if m.kind == "year":
        by_x = sorted(rows, key=lambda r: r["x_key"])
        first, last = by_x[0]["x"], by_x[-1]["x"]
    elif m.kind == "timeline":
        first, last = _shown_date(rows[0]["x"]), _shown_date(rows[-1]["x"])
    else:
        first, last = rows[0]["x"], rows[-1]["x"]
    n = fmt_int(len(rows) if m.kind == "timeline" else len({r["x"] for r in rows}), lang)
    shape = {"year": "brief_sum_year", "category": "brief_sum_bars", "ranked": "brief_sum_ranked",
             "lines": "brief_sum_lines", "map": "brief_sum_map", "timeline": "brief_sum_timeline"}  # fmt: skip
    what = t(shape.get(m.kind, "brief_sum_bars"), lang, n=n, first=first, last=last)
    if len(series) > 1:
        what = t("brief_sum_series", lang, what=what, n=fmt_int(len(series), lang))
    if m.kind == "timeline":
        return _sentence(lang, what)
    top = max(rows, key=lambda r: (r["y"] is not None, r["y"] or 0))
    y = amount(m, top, lang)
    if len(series) > 1:
        highest = t("brief_sum_highest_of", lang, series=top["series"], x=top["x"], y=y)
    else:
        highest = t("brief_sum_highest", lang, x=top["x"], y=y)
    return _sentence(lang, what, highest)


def mark_card(chart, frames, f: Filters) -> html.Figure:
    """The card of a registry chart (dashboard/views.py): its marks drawn, its notes, its exports."""
    m = chart.marks(frames, f)
    return chart_card(
        chart.id, chart.draw(m, f), f.lang, notes=m.notes, exports=f.without_notices().query_string(), marks=m
    )


def _download(text: str, href: str, filename: str, title: str, link_id: str) -> html.A:
    return html.A(text, href=href, download=filename, title=title, id=link_id, className="export-link")


def _menu(menu_id: str, button, name: str, items: list, className: str = "") -> html.Details:
    """A button that opens a short list of links (a native <details>: keyboard and screen readers work). The
    links sit in one box, not a list of items: each Dash component costs the page's every redraw (Dash's
    renderer looks at each one whenever its store changes), and the menus' items were half of a page's."""
    return html.Details(
        [html.Summary(button, className="menu-button", title=name, **{"aria-label": name}),
         html.Div(items, className="menu-list")],
        className=f"menu {className}".strip(),
        id=menu_id,
    )  # fmt: skip


def chart_menu(card_id: str, title: str, lang: str, query: str) -> html.Details:
    """The chart's menu: PNG and SVG of the chart, its numbers (a row per mark) and the records behind it as
    CSV and XLSX, and the deck of its page, all with the view's filters."""
    chart = views.CHARTS.get(card_id)
    items = [
        _download(t(f"ui.menu.{fmt}", lang), f"/export/chart/{card_id}.{fmt}{query}", f"{card_id}.{fmt}",
                  t(f"button.download_{fmt}", lang), f"{card_id}-{fmt}")
        for fmt in ("png", "svg")
    ]  # fmt: skip
    if chart is not None:
        items += [
            _download(t("ui.menu.numbers", lang, fmt=fmt.upper()), f"/export/chart/{card_id}.{fmt}{query}",
                      f"{card_id}.{fmt}", t("button.download_numbers", lang, fmt=fmt.upper()), f"{card_id}-numbers-{fmt}")
            for fmt in ("csv", "xlsx")
        ]  # fmt: skip
        items += [
            _download(t("ui.menu.records", lang, dataset=t(f"dataset.{chart.dataset}", lang), fmt=fmt.upper()),
                      f"/export/data/{chart.dataset}.{fmt}{query}", f"{chart.dataset}.{fmt}",
                      t(f"button.download_{fmt}", lang), f"{card_id}-{fmt}")
            for fmt in ("csv", "xlsx")
        ]  # fmt: skip
        if chart.page in views.PAGES:  # the deck holds the page's charts, this one among them
            items.append(_download(t("ui.menu.deck", lang), f"/export/deck.pptx{query}&page={chart.page}",
                                   f"{chart.page}.pptx", t("button.download_pptx", lang), f"{card_id}-deck"))  # fmt: skip
    dots = html.Span("⋯", **{"aria-hidden": "true"})
    return _menu(f"{card_id}-menu", dots, t("ui.menu", lang, title=title), items, "chart-menu")


def page_exports(page: str, f: Filters) -> html.Nav:
    """The page's downloads: its PowerPoint deck and the data files of its records, with the view's filters."""
    lang, q = f.lang, f.without_notices().query_string()
    items: list = []
    if page in views.PAGES:
        deck_q = q + "&page=" + page
        items.append(html.A(t("ui.menu.deck_file", lang), href=f"/export/deck.pptx{deck_q}", download=f"{page}.pptx",
                            title=t("button.download_pptx", lang), id="export-deck", className="button"))  # fmt: skip
    files = [
        _download(t("ui.menu.records", lang, dataset=t(f"dataset.{dataset}", lang), fmt=fmt.upper()),
                  f"/export/data/{dataset}.{fmt}{q}", f"{dataset}.{fmt}", t(f"button.download_{fmt}", lang),
                  f"export-{dataset}-{fmt}")
        for dataset in views.PAGE_DATASETS.get(page, views.DATASETS)
        for fmt in ("csv", "xlsx")
    ]  # fmt: skip
    items.append(_menu("export-files", [t("ui.downloads", lang), html.Span(" ▾", **{"aria-hidden": "true"})],
                       t("ui.downloads_of", lang), files, "page-menu"))  # fmt: skip
    return html.Nav(items, id="exports", className="exports", **{"aria-label": t("export.title", lang)})


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


KPI_COLUMNS = 5  # headline cards a row holds at most on a laptop


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
        # As many columns as make full rows (at most KPI_COLUMNS): 8 cards 4 + 4, 9 cards 5 + 4, 7 cards 4 + 3.
        style={"--kpi-cols": -(-len(figures) // -(-len(figures) // KPI_COLUMNS)) if figures else 1},
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
