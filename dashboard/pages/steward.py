"""Add data (/data/add, stewards only): a press release pasted or uploaded, the records the extractor
proposes beside its text with each field's words highlighted, a form to correct them (or to type a record
with no press release), and then the only way into the warehouse: accept (a row in a raw file), a dry-run
build showing what would change, apply (the build swaps the warehouse in). An entry is undone the same way.

Every id here starts with `steward-`, so each callback answers stewards only (dashboard/auth/roles.py);
the work is done by dashboard/steward (files, the ETL run as a program), each act written to the audit trail.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re

import dash
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from dashboard import auth, context, drill
from dashboard.components import shell
from dashboard.db import WarehouseError
from dashboard.i18n import fmt_date, fmt_int, label, t
from dashboard.i18n.strings import ENUMS as LABELLED
from dashboard.steward import desk as steward_desk
from dashboard.steward.contract import DATASETS, DATES, ENTERED, KEYS, LISTS, contract
from dashboard.steward.desk import MAX_TEXT_CHARS, MAX_UPLOAD_BYTES, Desk, Refused, Source
from dashboard.steward.entry import read_date
from dashboard.steward.etl import EtlError
from dashboard.steward.files import LockBusy, StewardFileError
from dashboard.steward.notes import candidate_notes, notes_text


def _title(**_path) -> str:
    from dashboard.components import view_lang

    lang = view_lang()
    return f"{t('steward_title', lang)} – {t('app.title', lang)}"


dash.register_page(__name__, path="/data/add", name="Add data", title=_title)

# Column -> its label's key: the records grids' own where they have one, else the steward's.
COLUMN_KEYS = {
    "agreement_id": "col.id", "delegation_id": "col.id", "record_id": "col.id", "total_id": "col.id",
    "agreement_type": "col.type", "thai_party": "col.thai_party", "partner": "col.partner", "sectors": "col.sectors",
    "status": "col.status", "notes": "col.notes", "direction": "col.direction", "city": "col.city",
    "lead_name": "col.lead", "participants": "col.participants", "companies": "col.companies", "purpose": "col.purpose",
    "event": "col.event", "participants_qualifier": "col.participants_qualifier",
    "companies_qualifier": "col.companies_qualifier", "year": "col.year", "period": "col.period", "stage": "col.stage",
    "projects": "col.projects", "count_unit": "col.count_unit", "projects_qualifier": "col.count_qualifier",
    "value": "col.value", "value_qualifier": "col.value_qualifier", "currency": "col.currency",
    "province": "col.province", "coverage": "col.coverage", "partner_level": "col.level",
    "partner_id": "col.id", "country": "col.country", "level": "col.level",
}  # fmt: skip
STEWARD_COLUMNS = ("signed_date", "title_en", "title_th", "expiry_date", "start_date", "end_date", "lead_title",
                   "sector", "unit", "jobs", "as_of", "stated_by", "counts", "qualifier", "period_from", "text_en",
                   "text_th", "name_en", "name_th", "name_local", "subdivision", "parent_id", "aliases")  # fmt: skip


def column_label(name: str, lang: str) -> str:
    if name in COLUMN_KEYS:
        return t(COLUMN_KEYS[name], lang)
    if name in STEWARD_COLUMNS:
        return t(f"steward_col_{name}", lang)
    return name


def dataset_label(dataset: str, lang: str) -> str:
    return t(f"steward_dataset_{dataset}", lang)


def vocab_options(kind: str, words: list[str], lang: str) -> list[dict]:
    """A vocabulary's words as options: the dashboard's label for it where it has one, the word beside it."""
    out = []
    for w in words:
        shown = label(kind, w, lang) if kind in LABELLED else w
        out.append({"label": shown if w in shown else f"{shown} ({w})", "value": w})
    return out


def the_desk() -> Desk:
    c = context.get()
    return Desk(c.settings.raw_dir, c.settings.warehouse, c.warehouse)


def user_name() -> str:
    user = auth.current_user()
    return user.name if user else "unknown"


def date_words(typed: str | None, lang: str, era: str) -> str:
    """How a typed date is read, in the view's language and era ("14 ก.ค. 2565"); '' when not read."""
    read = read_date(typed)
    if read is None:
        return ""
    precision = "day" if read.day else "month" if read.month else "year"
    day = dt.date(read.year, read.month, read.day) if read.day and read.month is not None else None
    return fmt_date(read.year, read.month, day, precision, lang, era)


# -- the page -----------------------------------------------------------------------------------------


def _field(label_text: str, control, hint: str | None = None, field_id: str | None = None) -> html.Div:
    return html.Div(
        [html.Label([html.Span(label_text, className="field-label"), control], className="steward-label"),
         html.Small(hint, className="steward-hint", **({"id": field_id} if field_id else {})) if hint is not None else None],
        className="steward-field",
    )  # fmt: skip


def source_card(lang: str, kinds: list[str]) -> html.Section:
    return html.Section(
        [
            html.H2(t("steward_source", lang)),
            html.P(t("steward_intro", lang), className="steward-intro"),
            html.Div(
                [
                    _field(t("steward_url", lang), dcc.Input(id="steward-url", type="url", debounce=False, className="steward-input",
                                                             placeholder="https://")),
                    _field(t("steward_published", lang), dcc.Input(id="steward-published", type="text", className="steward-input",
                                                                   placeholder=t("steward_date_placeholder", lang)),
                           t("steward_date_hint", lang)),
                    _field(t("steward_publisher", lang), dcc.Input(id="steward-publisher", type="text", className="steward-input")),
                    _field(t("steward_kind", lang), dcc.Dropdown(id="steward-kind", options=vocab_options("source_kind", kinds, lang),
                                                                 value=None, className="steward-select")),
                ],
                className="steward-grid",
            ),
            _field(t("steward_paste", lang),
                   dcc.Textarea(id="steward-text", className="steward-textarea", maxLength=MAX_TEXT_CHARS),
                   t("steward_paste_hint", lang, n=fmt_int(MAX_TEXT_CHARS, lang))),
            # In a label, so that the file input the upload draws is named by the box's words.
            html.Label(dcc.Upload(
                id="steward-upload",
                children=html.Div([t("steward_upload", lang)], className="steward-upload-box"),
                accept=",".join(steward_desk.UPLOAD_KINDS),
                max_size=MAX_UPLOAD_BYTES,
                multiple=False,
            ), className="steward-upload-label"),
            html.Div(id="steward-upload-name", className="steward-hint"),
            html.Div(
                [
                    html.Button(t("steward_propose", lang), id="steward-propose", n_clicks=0, className="button"),
                    html.Span(t("steward_or", lang), className="steward-or"),
                    dcc.Dropdown(id="steward-blank-dataset", options=[{"label": dataset_label(d, lang), "value": d} for d in ENTERED],
                                 value="agreements", clearable=False, className="steward-select steward-inline"),
                    html.Button(t("steward_blank", lang), id="steward-blank", n_clicks=0, className="button"),
                ],
                className="steward-actions",
            ),
            dcc.Loading(html.Div(id="steward-propose-status", role="status"), delay_show=200),
        ],
        className="card",
        id="steward-source-card",
    )  # fmt: skip


def layout(**query):
    f = context.filters_from(query)
    lang = f.lang
    w = context.get().warehouse
    try:
        meta = w.meta
    except WarehouseError:
        meta = None
    try:
        kinds = contract().source_kinds()
        problem = None
    except EtlError as e:
        kinds, problem = [], str(e)
    content = [
        html.H2(t("steward_title", lang), className="steward-title"),
        html.Div(t("steward_etl_missing", lang, error=problem), className="notice error", role="alert") if problem else None,
        source_card(lang, kinds),
        html.Section(
            [
                html.Div([html.H2(t("steward_text", lang)), html.Div(id="steward-text-view", className="steward-text", tabIndex="0", role="region",
                                                                    **{"aria-label": t("steward_text", lang)})],
                         className="card steward-left"),
                html.Div([html.H2(t("steward_records", lang)), html.Div(id="steward-candidates"),
                          html.Div(id="steward-form"),
                          html.Button(t("steward_accept", lang), id="steward-accept", n_clicks=0, className="button"),
                          html.Div(id="steward-accept-status", role="status")],
                         className="card steward-right"),
            ],
            className="steward-work",
            id="steward-work",
        ),
        html.Section([html.H2(t("steward_entries", lang)), html.Div(entries_table(lang, f.era), id="steward-entries")],
                     className="card"),
        html.Section(
            [
                html.H2(t("steward_build", lang)),
                html.P(t("steward_build_intro", lang)),
                html.Div([html.Button(t("steward_dry", lang), id="steward-dry", n_clicks=0, className="button"),
                          html.Button(t("steward_apply", lang), id="steward-apply", n_clicks=0, className="button",
                                      disabled=True)], className="steward-actions"),
                dcc.Loading(html.Div(id="steward-dry-result", role="status"), delay_show=200),
                dcc.Loading(html.Div(id="steward-apply-status", role="status"), delay_show=200),
            ],
            className="card",
            id="steward-build-card",
        ),
        dcc.Store(id="steward-doc"),
        dcc.Store(id="steward-current"),
        dcc.Store(id="steward-mark"),
    ]  # fmt: skip
    page = shell("data", f, content, meta)
    # A form, not a view: no downloads of records, and the filter bar hidden (kept for its script that makes
    # every dropdown one Tab stop named by its label, components/__init__.py).
    page.children = [c for c in page.children if getattr(c, "id", None) != "exports"]
    for c in page.children:
        if getattr(c, "id", None) == "filter-bar":
            c.hidden = True
    return page


# -- proposing ----------------------------------------------------------------------------------------


def _notice(text: str, error: bool = False, **kw) -> html.Div:
    return html.Div(text, className="notice error" if error else "notice", role="alert" if error else "status", **kw)


@callback(
    Output("steward-upload-name", "children"),
    Input("steward-upload", "filename"),
    prevent_initial_call=True,
)
def upload_chosen(filename):
    return steward_desk.upload_name(filename)[0] if filename else ""


@callback(
    Output("steward-doc", "data"),
    Output("steward-propose-status", "children"),
    Output("steward-current", "data", allow_duplicate=True),
    Input("steward-propose", "n_clicks"),
    State("steward-text", "value"),
    State("steward-upload", "contents"),
    State("steward-upload", "filename"),
    State("steward-url", "value"),
    State("steward-published", "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def propose(n_clicks, text, contents, filename, url, published, search):
    """Run the extractor on the uploaded file (when one is chosen) or the pasted text."""
    if not n_clicks:
        return no_update, no_update, no_update
    lang = context.filters_from(search).lang
    d = the_desk()
    try:
        if contents:
            data = _decode_upload(contents, filename)
            doc = d.propose_file(filename, data, url, published)
        else:
            doc = d.propose_text(text or "", url, published)
    except (Refused, EtlError) as e:
        auth.audit_record(
            "steward_extract",
            outcome="refused",
            reason=str(e)[:300],
            file=steward_desk.upload_name(filename)[0] if contents else None,
        )
        return (
            no_update,
            _notice(t("steward_refused", lang, reason=str(e)), error=True, id="steward-propose-error"),
            no_update,
        )
    n = sum(len(doc.get(k) or []) for k in DATASETS)
    auth.audit_record("steward_extract", outcome="ok", file=doc.get("file"), chars=len(doc.get("text") or ""), candidates=n,
                      source_url=(url or "")[:2000])  # fmt: skip
    first = next(({"dataset": k, "index": 0} for k in DATASETS if doc.get(k)), None)
    return doc, _notice(t("steward_proposed", lang, n=fmt_int(n, lang)), id="steward-proposed"), first


def _decode_upload(contents: str, filename: str | None) -> bytes:
    name = steward_desk.upload_name(filename)[0]
    try:
        _, b64 = contents.split(",", 1)
        return base64.b64decode(b64, validate=True)
    except (ValueError, binascii.Error):
        raise Refused(f"{name}: the upload did not arrive whole; choose the file again") from None


@callback(
    Output("steward-current", "data"),
    Input({"type": "steward-pick", "index": ALL}, "n_clicks"),
    Input("steward-blank", "n_clicks"),
    State("steward-blank-dataset", "value"),
    prevent_initial_call=True,
)
def pick(_picks, blank, dataset):
    """A candidate chosen from the list, or an empty form of a dataset."""
    trigger = ctx.triggered_id
    if trigger == "steward-blank":
        return {"dataset": dataset if dataset in ENTERED else "agreements", "index": None} if blank else no_update
    if isinstance(trigger, dict) and ctx.triggered and ctx.triggered[0].get("value"):
        ds, _, i = str(trigger.get("index", "")).partition(":")
        if ds in ENTERED and i.isdigit():
            return {"dataset": ds, "index": int(i)}
    return no_update


def candidate(doc: dict | None, current: dict | None) -> tuple[str | None, dict]:
    """(dataset, the candidate) chosen: its fields and evidence; an empty one for a record typed by hand."""
    if not current or current.get("dataset") not in ENTERED:
        return None, {}
    ds, i = current["dataset"], current.get("index")
    if ds == "partners":
        found = (doc or {}).get("new_partners") or []
        return ds, new_partner(found[i]) if isinstance(i, int) and 0 <= i < len(found) and isinstance(
            found[i], dict
        ) else {}
    items = (doc or {}).get(ds) or []
    if isinstance(i, int) and 0 <= i < len(items) and isinstance(items[i], dict):
        return ds, items[i]
    return ds, {}


# The extractor's words for a place, in the contract's level vocabulary: prefectures and cities are local governments.
LOCAL = {"prefecture": "local_government", "city": "local_government", "ward": "local_government"}


def new_partner(found: dict) -> dict:
    """A partner the extractor could not match, as a candidate partners row: its name in the column of its
    script (Thai, Japanese or English), country, level and the prefecture it was named with; an id proposed
    only from a Latin name (jp-hamamatsu), else left for the steward."""
    name = str(found.get("name") or "")
    column = ("name_th" if re.search("[\u0e00-\u0e7f]", name) else
              "name_local" if re.search("[\u3040-\u30ff\u4e00-\u9fff]", name) else "name_en")  # fmt: skip
    country = str(found.get("country") or "")
    slug = re.sub("[^a-z0-9]+", "-", name.lower()).strip("-") if column == "name_en" else ""
    level = LOCAL.get(str(found.get("level")), found.get("level"))
    fields = {column: name, "country": country or None, "level": level, "parent_id": found.get("parent_id"),
              "partner_id": f"{country.lower()}-{slug}" if country and slug else None}  # fmt: skip
    evidence = {}
    if isinstance(found.get("start"), int) and isinstance(found.get("end"), int):
        evidence[column] = {"start": found["start"], "end": found["end"], "text": name}
    return {"fields": fields, "evidence": evidence, "notes": ""}


def highlighted(text: str, evidence: dict, lang: str) -> list:
    """The text with each field's span marked (spans that do not match the text, or overlap an earlier one,
    are left unmarked); Dash writes every piece as text, never as markup."""
    spans = []
    for col, ev in (evidence or {}).items():
        if isinstance(ev, dict) and isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int):
            s, e = ev["start"], ev["end"]
            if 0 <= s < e <= len(text) and ev.get("text") in (None, text[s:e]):
                spans.append((s, e, col))
    out, at = [], 0
    for s, e, col in sorted(spans, key=lambda x: (x[0], -x[1])):
        if s < at:
            continue
        out.append(text[at:s])
        name = column_label(col, lang)
        out.append(html.Mark(text[s:e], title=name, className="steward-mark", **{"data-label": name, "data-col": col}))
        at = e
    out.append(text[at:])
    return out


def shown_value(ds: str, column: str, value: object, lang: str) -> str:
    """A proposed value as the list shows it: a vocabulary word by its label in the view's language."""
    from dashboard.steward.contract import VOCABULARY

    kind = VOCABULARY.get(f"{ds}.{column}") or VOCABULARY.get(column)
    text = str(value)
    return label(kind, text, lang) if kind in LABELLED else text


def candidate_list(doc: dict | None, current: dict | None, lang: str, era: str = "ce") -> list:
    if not doc:
        return [html.P(t("steward_none_yet", lang), className="steward-hint")]
    buttons = []
    for ds in DATASETS:
        for i, cand in enumerate(doc.get(ds) or []):
            fields = (cand or {}).get("fields") or {}
            bits = [shown_value(ds, c, fields.get(c), lang) for c in ("signed_date", "start_date", "year", "as_of", "agreement_type", "direction",
                                                 "stage", "counts", "partner", "value") if fields.get(c)]  # fmt: skip
            chosen = current is not None and current.get("dataset") == ds and current.get("index") == i
            buttons.append(html.Button(f"{dataset_label(ds, lang)} {i + 1}: {' · '.join(bits)}",
                                       id={"type": "steward-pick", "index": f"{ds}:{i}"}, n_clicks=0,
                                       className="steward-pick chosen" if chosen else "steward-pick",
                                       **{"aria-pressed": "true" if chosen else "false"}))  # fmt: skip
    extra = []
    for i, p in enumerate(doc.get("new_partners") or []):
        if isinstance(p, dict) and p.get("name"):
            chosen = current is not None and current.get("dataset") == "partners" and current.get("index") == i
            add = html.Button(t("steward_add_partner", lang), id={"type": "steward-pick", "index": f"partners:{i}"},
                              n_clicks=0, className="steward-pick chosen" if chosen else "steward-pick")  # fmt: skip
            extra.append(html.Li([t("steward_new_partner", lang, name=str(p["name"])), " ", add]))
    for warning in notes_text(doc.get("warnings") or [], doc.get("warning_keys"), lang, era, column_label):
        extra.append(html.Li(warning))
    if not buttons:
        buttons = [html.P(t("steward_no_candidates", lang), className="steward-hint")]
    return [
        html.Div(buttons, className="steward-picks", id="steward-picks"),
        html.Ul(extra, className="steward-warnings") if extra else None,
    ]


def form(ds: str | None, cand: dict, lang: str, era: str, w) -> list:
    """One field per column the steward types, filled from the candidate, each with the words it came from."""
    if ds is None:
        return []
    c = contract()
    fields = cand.get("fields") or {}
    evidence = cand.get("evidence") or {}
    partners, sectors = choices(w, lang)
    rows = [
        html.H3(
            dataset_label(ds, lang) + (" " + t("steward_by_hand", lang) if not cand else ""), id="steward-form-title"
        )
    ]
    if cand.get("notes"):
        rows.append(html.P(candidate_notes(cand, lang, era, column_label), className="steward-hint"))
    required = c.required(ds)
    for col in c.typed(ds):
        name = col["name"]
        value = fields.get(name)
        cid = {"type": "steward-field", "col": name}
        words = c.vocabulary(ds, name)
        if name in ("partner", "parent_id"):
            opts = (
                partners
                if value in {o["value"] for o in partners} or not value
                else [*partners, {"label": str(value), "value": str(value)}]
            )
            control = dcc.Dropdown(id=cid, options=opts, value=value, className="steward-select")
        elif name in ("sectors", "sector"):
            chosen = [s for s in str(value or "").split(";") if s.strip()]
            control = dcc.Dropdown(
                id=cid,
                options=sectors,
                value=chosen if name == "sectors" else (chosen[0] if chosen else None),
                multi=name == "sectors",
                className="steward-select",
            )
        elif words:
            kind = c_kind(ds, name)
            multi = name in LISTS
            picked = [s for s in str(value or "").split(";") if s.strip()] if multi else value
            control = dcc.Dropdown(
                id=cid, options=vocab_options(kind, words, lang), value=picked, multi=multi, className="steward-select"
            )
        else:
            control = dcc.Input(
                id=cid,
                type="text",
                value=value or "",
                className="steward-input",
                placeholder=t("steward_date_placeholder", lang) if name in DATES else None,
            )
        hint = []
        if name == KEYS[ds]:
            hint.append(t("steward_id_hint", lang))
        if name in DATES and value:
            read = date_words(str(value), lang, era)
            if read:
                hint.append(t("steward_read_as", lang, date=read))
        ev = evidence.get(name)
        if isinstance(ev, dict) and ev.get("text"):
            conf = ev.get("confidence")
            hint.append(t("steward_evidence", lang, text=str(ev["text"])[:300],
                          confidence=fmt_int(round(float(conf) * 100), lang) if isinstance(conf, (int, float)) else "–"))  # fmt: skip
        text = column_label(name, lang) + (" *" if name in required else "")
        rows.append(_field(text, control, " · ".join(hint) if hint else None))
    return rows


def c_kind(ds: str, name: str) -> str:
    from dashboard.steward.contract import VOCABULARY

    return VOCABULARY.get(f"{ds}.{name}") or VOCABULARY.get(name) or name


def choices(w, lang: str) -> tuple[list[dict], list[dict]]:
    """Partners and sectors of the warehouse served, as options (none when there is no warehouse yet)."""
    name = "name_th" if lang == "th" else "name_en"
    try:
        p = w.query(f"SELECT partner_id, coalesce({name}, name_en) AS name FROM dim_partner ORDER BY name_en",
                    name="steward partners")  # fmt: skip
        s = w.query(f"SELECT sector_code, coalesce({name}, name_en) AS name FROM dim_sector ORDER BY sector_code",
                    name="steward sectors")  # fmt: skip
    except WarehouseError:
        return [], []
    partners = [
        {"label": f"{r['name']} ({r['partner_id']})", "value": r["partner_id"]} for r in p.iter_rows(named=True)
    ]
    # partners entered here and not built yet can be chosen too (the build loads partners before the facts)
    known = {o["value"] for o in partners}
    for e in the_desk().entries():
        if e["dataset"] == "partners" and e["id"] and e["id"] not in known:
            row = e["row"]
            shown = (row.get("name_th") if lang == "th" else None) or row.get("name_en") or e["id"]
            partners.append({"label": f"{shown} ({e['id']})", "value": e["id"]})
    sectors = [
        {"label": f"{r['name']} ({r['sector_code']})", "value": r["sector_code"]} for r in s.iter_rows(named=True)
    ]
    return partners, sectors


@callback(
    Output("steward-candidates", "children"),
    Output("steward-text-view", "children"),
    Output("steward-form", "children"),
    Input("steward-doc", "data"),
    Input("steward-current", "data"),
    State("_pages_location", "search"),
)
def show(doc, current, search):
    """The candidates, the text with the chosen one's words marked, and its form."""
    f = context.filters_from(search)
    lang = f.lang
    ds, cand = candidate(doc, current)
    text = (doc or {}).get("text") or ""
    view = (
        highlighted(text, cand.get("evidence") or {}, lang)
        if text
        else [html.P(t("steward_no_text", lang), className="steward-hint")]
    )
    try:
        fields = form(ds, cand, lang, f.era, context.get().warehouse)
    except EtlError as e:
        fields = [_notice(t("steward_refused", lang, reason=str(e)), error=True)]
    return candidate_list(doc, current, lang, f.era), view, fields


# -- accepting and undoing ----------------------------------------------------------------------------


def entries_table(lang: str, era: str) -> html.Div:
    try:
        items = the_desk().entries()
    except StewardFileError as e:
        return _notice(t("steward_refused", lang, reason=str(e)), error=True)
    if not items:
        return html.P(t("steward_no_entries", lang), className="steward-hint", id="steward-no-entries")
    head = html.Tr([html.Th(t(k, lang)) for k in ("steward_col_dataset", "col.id", "steward_col_entered_at",
                                                  "steward_col_entered_by", "col.source", "steward_col_undo")])  # fmt: skip
    body = []
    for item in items:
        try:
            when = drill.entered_at(dt.datetime.fromisoformat(item["entered_at"].replace("Z", "+00:00")), lang, era)
        except ValueError:
            when = item["entered_at"]
        body.append(html.Tr([
            html.Td(dataset_label(item["dataset"], lang)), html.Td(html.Code(item["id"])), html.Td(when), html.Td(item["entered_by"]),
            html.Td(html.Code(item["source_url"][:200])),
            html.Td(html.Button(t("steward_undo", lang), id={"type": "steward-undo", "index": f"{item['dataset']}:{item['id']}"},
                                n_clicks=0, className="button steward-undo")),
        ]))  # fmt: skip
    return html.Table([html.Thead(head), html.Tbody(body)], className="steward-table", id="steward-entries-table")


@callback(
    Output("steward-entries", "children"),
    Output("steward-accept-status", "children"),
    Output("steward-apply", "disabled", allow_duplicate=True),
    Input("steward-accept", "n_clicks"),
    Input({"type": "steward-undo", "index": ALL}, "n_clicks"),
    State({"type": "steward-field", "col": ALL}, "value"),
    State({"type": "steward-field", "col": ALL}, "id"),
    State("steward-current", "data"),
    State("steward-doc", "data"),
    State("steward-url", "value"),
    State("steward-published", "value"),
    State("steward-publisher", "value"),
    State("steward-kind", "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def accept_or_undo(accept, _undos, values, ids, current, doc, url, published, publisher, kind, search):
    f = context.filters_from(search)
    lang = f.lang
    trigger = ctx.triggered_id
    if not ctx.triggered or not ctx.triggered[0].get("value"):
        return no_update, no_update, no_update
    d = the_desk()
    try:
        if isinstance(trigger, dict) and trigger.get("type") == "steward-undo":
            ds, _, rid = str(trigger.get("index", "")).partition(":")
            undone = d.undo(ds, rid)
            n = undone.rows
            auth.audit_record("steward_undo", outcome="ok" if n else "missing", dataset=ds, id=rid[:200], rows=n,
                              sources_removed=" ".join(u[:300] for u in undone.unregistered) or None)  # fmt: skip
            message = t("steward_undone" if n else "steward_undo_missing", lang, id=rid)
            if undone.unregistered:
                message += " " + t("steward_unregistered", lang)
            return entries_table(lang, f.era), _notice(message, id="steward-undone"), True
        ds, cand = candidate(doc, current)
        if ds is None:
            return no_update, _notice(t("steward_pick_first", lang), error=True), no_update
        form_values = {i["col"]: v for i, v in zip(ids or [], values or [], strict=False) if isinstance(i, dict)}
        source = Source(url=(url or "").strip(), published=published or "", publisher=publisher or "", kind=kind or "",
                        title=str(((doc or {}).get("source") or {}).get("title") or ""),
                        language=str((doc or {}).get("language") or "") if cand else "")  # fmt: skip
        entry, registered = d.accept(ds, form_values, source, user_name(), (doc or {}).get("text") if cand else None,
                                     cand.get("evidence"))  # fmt: skip
    except (Refused, LockBusy, StewardFileError, EtlError) as e:
        auth.audit_record("steward_accept", outcome="refused", reason=str(e)[:300])
        return no_update, _notice(t("steward_refused", lang, reason=str(e)), error=True), no_update
    key = KEYS[ds]
    if entry.problems:
        auth.audit_record("steward_accept", outcome="refused", dataset=ds, reason="; ".join(entry.problems)[:500])
        return no_update, html.Div([_notice(t("steward_not_written", lang), error=True),
                                    html.Ul([html.Li(p) for p in entry.problems], id="steward-problems")]), no_update  # fmt: skip
    auth.audit_record("steward_accept", outcome="ok", dataset=ds, id=entry.row[key], file=f"{ds}_entered.csv",
                      source_url=entry.row.get("source_url"), registered=registered)  # fmt: skip
    lines = [t("steward_written", lang, id=entry.row[key], file=f"{ds}_entered.csv")]
    if registered:
        lines.append(t("steward_registered", lang))
    for col in DATES:
        typed = form_values.get(col)
        if typed and date_words(str(typed), lang, f.era):
            lines.append(f"{column_label(col, lang)}: {typed} → {date_words(str(typed), lang, f.era)}")
    return (
        entries_table(lang, f.era),
        html.Div([html.P(x) for x in lines], className="notice", id="steward-accepted"),
        True,
    )


# -- dry run and apply --------------------------------------------------------------------------------


def diff_view(diff, lang: str) -> html.Div:
    counts = diff.counts
    parts = [html.P(t("steward_diff_counts", lang, added=fmt_int(counts["added"], lang), changed=fmt_int(counts["changed"], lang),
                      removed=fmt_int(counts["removed"], lang), rejected=fmt_int(counts["rejected"], lang)),
                    id="steward-diff-counts")]  # fmt: skip
    if diff.empty():
        parts.append(html.P(t("steward_diff_none", lang)))

    def table(kind, cols, rows):
        if not rows:
            return None
        head = html.Tr([html.Th(t(k, lang)) for _, k in cols])
        body = [html.Tr([html.Td(str(r.get(c) if r.get(c) is not None else "")) for c, _ in cols]) for r in rows]
        return html.Div([html.H3(t(f"steward_diff_{kind}", lang)),
                         html.Table([html.Thead(head), html.Tbody(body)], className="steward-table", id=f"steward-diff-{kind}")])  # fmt: skip

    rec = [("dataset", "steward_col_dataset"), ("id", "col.id"), ("summary", "steward_col_summary")]
    parts += [
        table("added", rec, diff.added),
        table("changed", [("dataset", "steward_col_dataset"), ("id", "col.id"), ("columns", "steward_col_columns")], diff.changed),
        table("removed", rec, diff.removed),
        table("rejected", [("file", "steward_col_file"), ("row", "steward_col_row"), ("column", "steward_col_column"),
                           ("value", "steward_col_value"), ("reason", "steward_col_reason")], diff.rejected),
    ]  # fmt: skip
    return html.Div(parts, className="steward-diff")


@callback(
    Output("steward-dry-result", "children"),
    Output("steward-mark", "data"),
    Output("steward-apply", "disabled"),
    Output("steward-apply-status", "children", allow_duplicate=True),
    Input("steward-dry", "n_clicks"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def dry_run(n_clicks, search):
    """Build into a temporary file and show what would change; apply is offered only after this."""
    if not n_clicks:
        return no_update, no_update, no_update, no_update
    lang = context.filters_from(search).lang
    try:
        result, diff, mark = the_desk().dry_run()
    except (LockBusy, EtlError) as e:
        auth.audit_record("steward_dry_run", outcome="error", reason=str(e)[:300])
        return _notice(t("steward_refused", lang, reason=str(e)), error=True), None, True, None
    if diff is None:
        auth.audit_record("steward_dry_run", outcome="error", code=result.code, reason=result.error[:300])
        return (
            _notice(
                t("steward_build_failed", lang, code=result.code, error=result.error),
                error=True,
                id="steward-dry-error",
            ),
            None,
            True,
            None,
        )
    auth.audit_record("steward_dry_run", outcome="ok", **diff.counts)
    return diff_view(diff, lang), mark, diff.empty(), None


@callback(
    Output("steward-apply-status", "children"),
    Output("steward-apply", "disabled", allow_duplicate=True),
    Output("steward-mark", "data", allow_duplicate=True),
    Input("steward-apply", "n_clicks"),
    State("steward-mark", "data"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def apply(n_clicks, mark, search):
    """The build, as the command line runs it, only for the raw files the dry run saw."""
    if not n_clicks:
        return no_update, no_update, no_update
    lang = context.filters_from(search).lang
    d = the_desk()
    try:
        result = d.apply(mark or "")
    except (Refused, LockBusy, EtlError) as e:
        auth.audit_record("steward_apply", outcome="refused", reason=str(e)[:300])
        return _notice(t("steward_refused", lang, reason=str(e)), error=True, id="steward-apply-error"), True, None
    if result.code != 0:
        auth.audit_record("steward_apply", outcome="error", code=result.code, reason=result.error[:300])
        return (
            _notice(
                t("steward_build_failed", lang, code=result.code, error=result.error),
                error=True,
                id="steward-apply-error",
            ),
            True,
            None,
        )
    load = d.load_id()
    auth.audit_record("steward_apply", outcome="ok", load_id=load)
    return _notice(t("steward_applied", lang, load=load or "–"), id="steward-applied"), True, None
