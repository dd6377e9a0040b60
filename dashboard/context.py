"""What a page needs from the running app: the warehouse, the settings, the filter choices.

`create_app` sets these once per process; pages and callbacks read them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from dashboard.db import Warehouse, WarehouseError
from dashboard.filters import Choices, Filters, parse
from dashboard.settings import Settings

T = TypeVar("T")


@dataclass
class Context:
    settings: Settings
    warehouse: Warehouse
    # What is made once per warehouse build (the filter bar's values): (build, what) -> it
    kept: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


_current: Context | None = None


def set_context(ctx: Context) -> None:
    global _current
    _current = ctx


def get() -> Context:
    if _current is None:
        raise RuntimeError("create_app() has not run in this process")
    return _current


def once_per_build(what: str, make: Callable[[Warehouse], T]) -> T:
    """`make(warehouse)`, made once per warehouse build and kept with the app; what a build left behind made is
    dropped when the next build's is kept."""
    ctx = get()
    version = ctx.warehouse.version
    with ctx.lock:
        if (version, what) in ctx.kept:
            return ctx.kept[(version, what)]
    value = make(ctx.warehouse)
    with ctx.lock:
        for key in [k for k in ctx.kept if k[0] != version]:
            del ctx.kept[key]
        ctx.kept[(version, what)] = value
    return value


def _choices(w: Warehouse) -> Choices:
    frame = w.query_file("choices")
    by = {
        k: frozenset(frame.filter(frame["kind"] == k)["value"].to_list())
        for k in ("sector", "country", "partner", "level")
    }
    return Choices(sectors=by["sector"], countries=by["country"], partners=by["partner"], levels=by["level"])


def choices() -> Choices:
    """The values the filter bar offers: made once per warehouse build (every URL is checked against them,
    twice for a page drawn)."""
    return once_per_build("choices", _choices)


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
