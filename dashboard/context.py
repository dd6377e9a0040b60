"""What a page needs from the running app: the warehouse, the settings, the filter choices.

`create_app` sets these once per process; pages and callbacks read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.db import Warehouse, WarehouseError
from dashboard.filters import Choices, Filters, parse
from dashboard.settings import Settings


@dataclass
class Context:
    settings: Settings
    warehouse: Warehouse


_current: Context | None = None


def set_context(ctx: Context) -> None:
    global _current
    _current = ctx


def get() -> Context:
    if _current is None:
        raise RuntimeError("create_app() has not run in this process")
    return _current


_CHOICES: dict[str, Choices] = {}  # warehouse build -> its choices (only the latest build's is kept)


def choices() -> Choices:
    """The values the filter bar offers: made once per warehouse build (every URL is checked against them,
    twice for a page drawn)."""
    w = get().warehouse
    version = w.version
    known = _CHOICES.get(version)
    if known is None:
        frame = w.query_file("choices")
        by = {
            k: frozenset(frame.filter(frame["kind"] == k)["value"].to_list())
            for k in ("sector", "country", "partner", "level")
        }
        known = Choices(sectors=by["sector"], countries=by["country"], partners=by["partner"], levels=by["level"])
        _CHOICES.clear()  # a build left behind is not drawn again (a dict's clear and set are atomic)
        _CHOICES[version] = known
    return known


def page_address() -> tuple[str, str] | None:
    """(path, "?query") of the page being drawn with the page shell (dashboard/router.py), whose request
    is the shell's own (`/_dash-layout`); None otherwise. Code that reads the page's address from the
    request or the router's inputs reads it here first."""
    from flask import g, has_request_context

    return g.get("page_address") if has_request_context() else None


def filters_from(query: dict | str | None) -> Filters:
    """The view's filters from the URL, checked against what the warehouse holds."""
    s = get().settings
    defaults = Filters(lang=s.lang, era=s.era)
    try:
        known = choices()
    except WarehouseError:
        known = None
    return parse(query, known, defaults)
