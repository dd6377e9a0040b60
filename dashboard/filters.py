"""The view's state: one filter bar, carried whole in the page URL.

`?year_from=2015&year_to=2024&sector=AUTO,EE&country=JP&partner=jp-yokohama
&level=local_government&stage=approval&lang=th&era=be&period=fy`

`stage` picks the investment measure the investment charts show (BOI applications,
approvals, ...); without it they show the measure with the most whole-year figures.

`drill=ag-by-year:type=MOU;year=2019` names a clicked mark: a chart of the page and the mark's
key (dashboard/drill.py writes and reads it), whose records show beside the chart. It belongs
to one page and one set of filters, so a link the view makes elsewhere leaves it out.

`parse` reads a query string into a `Filters` and a list of notices (a
parameter that was not understood is ignored, and the person is told which);
`Filters.query_string()` writes it back, so a copied link reopens the view.
`Filters.params()` gives the bound parameters every query in `queries/` takes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from dashboard.i18n.strings import ENUMS

BE_OFFSET = 543
YEAR_MIN, YEAR_MAX = 1900, 2100
LIST_KEYS = ("sector", "country", "partner", "level")
CHOICES = {"lang": ("th", "en"), "era": ("be", "ce"), "period": ("cy", "fy")}
# Investment measures (the warehouse's fact_investment.stage): one at a time, never added together.
STAGES = ENUMS["stage"]
KNOWN = ("year_from", "year_to", *LIST_KEYS, "stage", *CHOICES, "drill")
# drill=<chart id>:<key>=<value>;... : values percent-escaped (no bare `;` or `=`), keys as in the marks' JSON
DRILL = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*:(?:[a-z_]+=[^;=]*(?:;[a-z_]+=[^;=]*)*)?")
DRILL_MAX = 600  # characters of a drill value


@dataclass(frozen=True)
class Choices:
    """What the warehouse holds: the values a filter may take."""

    sectors: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    partners: frozenset[str] = frozenset()
    levels: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Notice:
    """A parameter that was ignored: shown to the person in their language."""

    name: str
    value: str


@dataclass(frozen=True)
class Filters:
    year_from: int | None = None  # CE; None = no lower bound
    year_to: int | None = None
    sector: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    partner: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    lang: str = "th"
    era: str = "be"
    period: str = "cy"
    stage: str | None = None  # the investment measure; None = the one with most whole-year figures
    drill: str | None = None  # the clicked mark, "<chart id>:<key>"; None = none
    notices: tuple[Notice, ...] = field(default=(), compare=False)

    def params(self) -> dict:
        """Bound parameters for queries/*.sql; an empty list means no filter (NULL)."""
        return {
            "year_from": self.year_from if self.year_from is not None else YEAR_MIN,
            "year_to": self.year_to if self.year_to is not None else YEAR_MAX,
            "sectors": list(self.sector) or None,
            "countries": list(self.country) or None,
            "partners": list(self.partner) or None,
            "levels": list(self.level) or None,
            "fiscal": self.period == "fy",
        }

    def query_string(self, **changes) -> str:
        """The URL query of this view (only what differs from the defaults). The clicked mark (`drill`) stays
        when the changes leave the records as they are (the filter bar writing the same view, or another
        language or era); a link made without changes (to another page, an export) or to other filters
        leaves it out."""
        f = replace(self, **changes)
        same: dict[str, Any] = {"lang": self.lang, "era": self.era, "drill": None}
        if "drill" not in changes and (not changes or replace(f, **same) != replace(self, **same)):
            f = replace(f, drill=None)
        pairs: list[tuple[str, str | int]] = []
        if f.year_from is not None:
            pairs.append(("year_from", f.year_from))
        if f.year_to is not None:
            pairs.append(("year_to", f.year_to))
        for key in LIST_KEYS:
            values = getattr(f, key)
            if values:
                pairs.append((key, ",".join(values)))
        if f.stage:
            pairs.append(("stage", f.stage))
        for key in CHOICES:
            pairs.append((key, getattr(f, key)))
        drill = f"&drill={quote(f.drill, safe=':;=,')}" if f.drill else ""
        return "?" + urlencode(pairs, safe=",") + drill

    def without_notices(self) -> Filters:
        return replace(self, notices=())


def _year(text: str) -> int | None:
    text = text.strip()
    if not text.isdigit() or len(text) != 4:
        return None
    y = int(text)
    if y >= 2400:  # a Buddhist-era year in the URL is taken as such
        y -= BE_OFFSET
    return y if YEAR_MIN <= y <= YEAR_MAX else None


def parse(query: str | dict | None, choices: Choices | None = None, defaults: Filters | None = None) -> Filters:
    """Read a URL query (string with or without '?', or parse_qs-style dict)."""
    base = defaults or Filters()
    if isinstance(query, dict):
        raw = {k: (v if isinstance(v, list) else [v]) for k, v in query.items()}
    else:
        raw = parse_qs((query or "").lstrip("?"), keep_blank_values=True)
    notices: list[Notice] = []
    values: dict = {}
    for key, vals in raw.items():
        text = ",".join(str(v) for v in vals)
        if key not in KNOWN:
            notices.append(Notice(key, text))
            continue
        if key in ("year_from", "year_to"):
            y = _year(text)
            if y is None:
                notices.append(Notice(key, text))
            else:
                values[key] = y
        elif key in CHOICES:
            v = text.strip().lower()
            if v in CHOICES[key]:
                values[key] = v
            else:
                notices.append(Notice(key, text))
        elif key == "stage":
            v = text.strip().lower()
            if v in STAGES:
                values[key] = v
            elif v:
                notices.append(Notice(key, text))
        elif key == "drill":
            v = text.strip()
            if len(v) <= DRILL_MAX and DRILL.fullmatch(v):
                values[key] = v
            elif v:
                notices.append(Notice(key, text))
        else:
            items = [s.strip() for s in text.split(",") if s.strip()]
            known = _allowed(key, choices)
            good = []
            for item in items:
                canon = _canonical(key, item, known)
                if canon is None:
                    notices.append(Notice(key, item))
                elif canon not in good:
                    good.append(canon)
            values[key] = tuple(good)
    if values.get("year_from") and values.get("year_to") and values["year_from"] > values["year_to"]:
        notices.append(Notice("year_from", str(values.pop("year_from"))))
    return replace(base, **values, notices=tuple(notices))


def _allowed(key: str, choices: Choices | None) -> frozenset[str] | None:
    if choices is None:
        return None
    return {
        "sector": choices.sectors,
        "country": choices.countries,
        "partner": choices.partners,
        "level": choices.levels,
    }[key]


def _canonical(key: str, item: str, known: frozenset[str] | None) -> str | None:
    """The value as the warehouse spells it (codes are matched case-blind)."""
    if known is None:
        return item
    if item in known:
        return item
    folded = {k.lower(): k for k in known}
    return folded.get(item.lower())
