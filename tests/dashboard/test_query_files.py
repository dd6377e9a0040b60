"""Every query file of dashboard/queries is one complete statement that runs as it stands, on the connection
dashboard/db.py opens (which holds the filter bar's table macros, queries/_filters.sql): DuckDB plans each
with every filter combination it accepts, on the warehouse built from data/raw."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import duckdb
import pytest

from dashboard import db
from dashboard.db import Warehouse

NAMES = sorted(p.stem for p in db.QUERIES.glob("*.sql") if not p.stem.startswith("_"))
# The filter bar's parameters, each NULL (no filter) or set; years come and go together; fiscal is false
# (calendar years) or true.
FILTERS = {
    "years": [(None, None), (2000, 2025)],
    "sectors": [None, ["AUTO", "ELEC"]],
    "countries": [None, ["JP"]],
    "partners": [None, ["jp-kanagawa"]],
    "levels": [None, ["local_government"]],
    "fiscal": [False, True],
}
FILTER_PARAMS = {"year_from", "year_to", "sectors", "countries", "partners", "levels", "fiscal"}
# A set value for every other parameter a query file takes (a file with a parameter not named here fails:
# give it one).
OTHER_VALUES = {
    "limit": 200,
    "th": True,
    "id": "jp-kanagawa",
    "iso": "JP-14",
    "d_year": 2020,
    "d_type": "MOU",
    "d_level": "local_government",
    "d_partner": "jp-kanagawa",
    "d_under": "jp",
    "d_iso": "JP-14",
    "d_sector": "AUTO",
    "d_direction": "outbound",
    "d_status": "held",
    "d_purpose": "trade",
    "d_id": "D-1",
    "d_per": "partner",
    "d_key": "jp-kanagawa",
    "d_month_from": 1,
    "d_month_to": 12,
    "d_full_year": True,
    "d_stage": "application",
    "d_count_unit": "projects",
    "d_series": "",
    "d_measure": "value",
    "d_ids": [1, 2],
    "span_from": 2020,
    "span_to": 2024,
    "span_rows": 1000,
    "span_skip": 0,
}


def combinations(names: set[str]) -> list[dict]:
    """Every combination of the filter bar's parameters the file takes (each NULL or set), each with the
    file's other parameters all NULL and all set; and with the filters all set and all NULL, each other
    parameter set alone and NULL alone."""
    filters = {k: v for k, v in FILTERS.items() if ({"year_from", "year_to"} if k == "years" else {k}) & names}
    others = sorted(names - FILTER_PARAMS)
    states = []
    for values in itertools.product(*filters.values()):
        state = dict(zip(filters, values, strict=True))
        if "years" in state:
            state["year_from"], state["year_to"] = state.pop("years")
        states.append(state)
    out = []
    for state in states:
        out.append({**state, **dict.fromkeys(others)})
        out.append({**state, **{k: OTHER_VALUES[k] for k in others}})
    for state in (states[0], states[-1]):
        for k in others:
            out.append({**state, **dict.fromkeys(others), k: OTHER_VALUES[k]})
            out.append({**state, **{o: OTHER_VALUES[o] for o in others}, k: None})
    return out


@pytest.fixture(scope="module")
def w(shipped_warehouse: Path):
    wh = Warehouse(str(shipped_warehouse))
    yield wh
    wh.close()


def test_every_query_file_is_one_complete_select_statement():
    for name in NAMES:
        text = db.sql_text(name)
        statements = duckdb.extract_statements(text)
        assert len(statements) == 1, f"{name}.sql holds {len(statements)} statements"
        assert statements[0].type == duckdb.StatementType.SELECT, f"{name}.sql is not a query"
        assert db.query_text(name) == text  # what runs is the file as it stands


@pytest.mark.parametrize("name", NAMES)
def test_every_query_file_plans_with_every_filter_combination_it_accepts(w, name):
    sql = db.sql_text(name)
    names = db.parameter_names(sql)
    assert names - FILTER_PARAMS <= set(OTHER_VALUES), f"{name}.sql takes a parameter the test has no value for"
    for params in combinations(names):
        plan = w.query(f"EXPLAIN {sql}", params, name=name)
        assert plan.height, (name, params)


def test_the_fiscal_year_rule_is_written_once():
    texts = {p.name: p.read_text(encoding="utf-8") for p in db.QUERIES.glob("*.sql")}
    written = {n: len(re.findall(r"fiscal::BOOLEAN", t)) for n, t in texts.items() if "fiscal::BOOLEAN" in t}
    assert written == {"_filters.sql": 1}
    assert "fiscal_year" not in "".join(t for n, t in texts.items() if n != "_filters.sql")


def test_a_new_connection_holds_the_filter_macros_before_it_serves(shipped_warehouse: Path):
    """The macros live in the connection's own catalog (the file is read-only); every cursor reads them."""
    wh = Warehouse(str(shipped_warehouse), parallel=2)
    try:
        calls = [("agreements_by_year", {"year_from": 2000, "year_to": 2025}), ("headline", {"year_from": 2000,
                 "year_to": 2025}), ("partner_by_year", {"year_from": 2000, "year_to": 2025, "partners": ["jp"]})]  # fmt: skip
        frames = wh.query_many(calls)
        assert all(f.height for f in frames)
        rows = wh.query_file("delegations_export", calls[0][1]).height
        assert rows and sum(b.num_rows for b in wh.batches("delegations_export", calls[0][1], rows=50)) == rows
    finally:
        wh.close()
