"""The shape that keeps a records CSV fast whatever its size, checked on real synthetic warehouses (no clock):

- the file starts before the whole result is built: when the first chunk is out, only the newest year's
  statement has run and DuckDB has handed over one batch, while the export's other rows are still unread;
- memory does not grow with the rows: every batch holds at most the batch size, every statement at most a
  span's rows (or one year's), and the spans cover the filter's years once, newest first;
- the export's own selection (queries/investments_export.sql, on fact_investment) lists exactly the figures
  the records grid lists through the warehouse's investment_figures(), in the same order, for random filters;
- a file read span by span across a rebuild from the same raw files reads on; from other raw files it stops
  rather than mix two sets of records.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from dashboard import context, drill
from dashboard.db import Warehouse
from dashboard.export import csv_bytes, data, filters
from dashboard.filters import Filters
from dashboard.settings import load
from etl.build import build
from synth import write_synthetic

ROWS = 4_000  # investment rows of the synthetic warehouse: about 130 a year over 31 years
SPAN_KEYS = ("span_from", "span_to", "span_rows", "span_skip")


class Counted(Warehouse):
    """A real warehouse that counts what the export asks of it: each statement (its span) and the rows of
    each batch DuckDB has handed over so far."""

    def __init__(self, *a, **kw) -> None:
        super().__init__(*a, **kw)
        self.statements: list[dict] = []
        self.batch_rows: list[int] = []

    def batches(self, name, params=None, rows=32_768):
        self.statements.append({"name": name, **{k: (params or {}).get(k) for k in SPAN_KEYS}})
        read = super().batches(name, params, rows)  # the statement runs now, as it does for the export

        def counted():
            for batch in read:
                self.batch_rows.append(batch.num_rows)
                yield batch

        return counted()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> dict[str, Path]:
    """Warehouses built from synthetic raw files: "first" and "again" from the same files, "other" from others."""
    root = tmp_path_factory.mktemp("speed-shape")
    out = {}
    for name, seed in (("first", 0), ("again", 0), ("other", 1)):
        raw = root / f"raw{seed}"
        if not raw.exists():
            write_synthetic(raw, rows=ROWS, seed=seed)
        out[name] = root / f"{name}.duckdb"
        build(raw, out[name], say=lambda m: None)
    return out


@pytest.fixture
def warehouse(synthetic, tmp_path):
    """A copy of the first warehouse served by a Counted warehouse in the process's context."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(synthetic["first"], path)
    before = context._current
    w = Counted(str(path), swap_warm_s=0)
    context.set_context(context.Context(settings=load(warehouse=str(path)), warehouse=w))
    yield w
    w.close()
    if before is not None:
        context.set_context(before)


def figures(f: Filters) -> int:
    return len(drill.records("investments", f, {}, limit=None))


def test_the_first_chunk_leaves_before_the_rest_is_read(warehouse, monkeypatch):
    monkeypatch.setattr(data, "SPAN_ROWS", 600)
    f, _ = filters("lang=th&era=be")
    total = figures(f)
    warehouse.statements.clear()
    chunks = data.csv_chunks("investments", f, warehouse, rows=50, first_rows=10)
    first = next(chunks)
    assert first.startswith(b"\xef\xbb\xbf")
    # One statement (the newest year's first rows: its top 10, not the year sorted), its one batch handed
    # over; everything else still unread.
    newest = warehouse.query("SELECT max(year) AS y FROM fact_investment")["y"][0]
    assert warehouse.statements == [{"name": "investments_export", "span_from": newest, "span_to": newest,
                                     "span_rows": 10, "span_skip": None}]  # fmt: skip
    assert warehouse.batch_rows == [10] and total > 500
    assert first.count(b"\n") == 1 + 10  # the header and the first rows alone
    rest = list(chunks)
    assert warehouse.statements[1] == {"name": "investments_export", "span_from": newest, "span_to": newest,
                                       "span_rows": None, "span_skip": 10}  # fmt: skip
    assert len(warehouse.statements) > 3
    assert sum(warehouse.batch_rows) == total
    assert first + b"".join(rest) == csv_bytes(data.table("investments", data.records("investments", f), f))


def test_what_is_held_at_once_is_bounded_by_the_batch_and_the_span(warehouse, monkeypatch):
    monkeypatch.setattr(data, "SPAN_ROWS", 400)
    f, _ = filters("lang=en&era=ce&year_from=1999&year_to=2024")
    warehouse.statements.clear()
    for _ in data.csv_chunks("investments", f, warehouse, rows=64, first_rows=20):
        pass
    assert max(warehouse.batch_rows) <= 64
    per_year = dict(data.per_year("investments", f, warehouse))
    assert per_year == dict(figures_per_year(f))  # the counts are of the rows the file lists
    spans = [(s["span_from"], s["span_to"]) for s in warehouse.statements if s["span_skip"] is None]
    assert spans == data.spans("investments", f, warehouse, first=data.FIRST_SPAN * 20)
    covered = [y for lo, hi in spans for y in range(hi, lo - 1, -1)]
    assert covered == [y for y in sorted(per_year, reverse=True) if 1999 <= y <= 2024]  # each year once, newest first
    for i, (lo, hi) in enumerate(spans):
        held = sum(per_year.get(y, 0) for y in range(lo, hi + 1))
        assert held <= (data.FIRST_SPAN * 20 if i == 0 else 400) or lo == hi, (lo, hi, held)
    assert len(spans) >= sum(per_year.values()) // 400  # not one statement for everything


def figures_per_year(f: Filters) -> list[tuple[int, int]]:
    """(year, figures) of the records grid's rows for the filters, newest first."""
    frame = drill.records("investments", f, {}, limit=None)
    return list(frame.group_by("year").len().sort("year", descending=True).iter_rows())


@pytest.mark.parametrize(
    "view", ["lang=en&partner=jp-osaka", "lang=th&sector=AUTO&year_from=2010", "lang=en&year_from=2020&year_to=2020"]
)
def test_a_file_of_few_rows_is_one_statement(warehouse, view):
    """Each statement scans the figures again (about 20 ms at 1M rows): the spans are counted with the
    filters, so a file of fewer rows than the first span is read in one."""
    f, _ = filters(view)
    total = figures(f)
    assert 0 < total <= data.FIRST_SPAN * data.FIRST_ROWS
    warehouse.statements.clear()
    body = b"".join(data.csv_chunks("investments", f, warehouse))
    assert len(warehouse.statements) == 1
    assert body == csv_bytes(data.table("investments", data.records("investments", f), f))


def test_the_spans_follow_the_filters_rows_not_the_warehouses(warehouse, monkeypatch):
    """A filter that picks a few rows a year reads many years in a span; counted without the filters, each
    span would be a year or two."""
    monkeypatch.setattr(data, "SPAN_ROWS", 150)
    f, _ = filters("lang=en&sector=AUTO")
    per_year = dict(figures_per_year(f))
    assert max(per_year.values()) < 75  # a few rows a year of about 130
    spans = data.spans("investments", f, warehouse, first=50)
    held = [sum(per_year.get(y, 0) for y in range(lo, hi + 1)) for lo, hi in spans]
    assert all(n > 150 - 75 for n in held[1:-1])  # each filled up to a span, as far as whole years go
    assert len(spans) < len(per_year) / 2
    assert [y for lo, hi in spans for y in range(hi, lo - 1, -1)] == sorted(per_year, reverse=True)


def test_no_year_held_is_one_empty_statement_with_the_columns(warehouse):
    f, _ = filters("lang=th&year_from=2100")
    assert data.spans("investments", f, warehouse) == [(1, 0)]
    chunks = list(data.csv_chunks("investments", f, warehouse))
    assert len(chunks) == 1 and chunks[0].count(b"\n") == 1


def _random_views(w: Warehouse, n: int, seed: int) -> list[str]:
    sectors = list(w.query("SELECT sector_code FROM dim_sector ORDER BY 1")["sector_code"])
    partners = list(w.query("SELECT partner_id FROM dim_partner ORDER BY 1")["partner_id"])
    countries = [c for c in w.query("SELECT DISTINCT country_code FROM dim_partner ORDER BY 1")["country_code"] if c]
    levels = ["aggregate", "national_government", "local_government", "agency", "company"]
    rng = random.Random(seed)
    views = ["lang=en", "lang=en&level=aggregate", "lang=en&partner=all-foreign", "lang=en&sector=AUTO"]
    for _ in range(n):
        q = ["lang=en"]
        if rng.random() < 0.5:
            y0 = rng.randint(1995, 2025)
            q.append(f"year_from={y0}&year_to={rng.randint(y0, 2025)}")
        for key, values in (("sector", sectors), ("country", countries), ("partner", partners), ("level", levels)):
            if rng.random() < 0.35:
                q.append(f"{key}=" + ",".join(rng.sample(values, rng.randint(1, 3))))
        views.append("&".join(q))
    return views


def test_the_export_lists_exactly_the_grids_figures_in_its_order(warehouse):
    for view in _random_views(warehouse, 40, seed=7):
        f, _ = filters(view)
        grid = list(drill.records("investments", f, {}, limit=None)["record_id"])
        exported = [r for b in data.record_batches("investments", f, warehouse, rows=500)
                    for r in b.column("record_id").to_pylist()]  # fmt: skip
        assert exported == grid, view


def test_a_rebuild_from_the_same_files_reads_on_and_from_other_files_stops(warehouse, synthetic, monkeypatch):
    monkeypatch.setattr(data, "SPAN_ROWS", 600)
    f, _ = filters("lang=en")
    expected = csv_bytes(data.table("investments", data.records("investments", f), f))
    path = Path(warehouse.path)

    def swap(source: Path) -> None:
        tmp = path.with_name("swap.duckdb")
        shutil.copy(source, tmp)
        os.replace(tmp, path)  # a new file under the served name, as a build renames it

    chunks = data.csv_chunks("investments", f, warehouse, rows=100, first_rows=10)
    got = [next(chunks)]
    swap(synthetic["again"])  # the same raw files built again: the same records
    got += list(chunks)
    assert b"".join(got) == expected
    assert len({s["span_from"] for s in warehouse.statements}) > 2

    chunks = data.csv_chunks("investments", f, warehouse, rows=100, first_rows=10)
    next(chunks)
    swap(synthetic["other"])  # other raw files
    with pytest.raises(data.Rebuilt, match="rebuilt from other raw files"):
        list(chunks)
