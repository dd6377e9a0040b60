"""Query results are cached per warehouse version and statement, bounded by count and by size."""

from __future__ import annotations

from pathlib import Path

from dashboard.db import Warehouse

BIG = "SELECT range AS i FROM range($n)"


def test_a_repeated_query_is_answered_from_the_cache(mixed_warehouse: Path):
    w = Warehouse(str(mixed_warehouse))
    a = w.query("SELECT count(*) AS n FROM fact_agreement")
    assert w.query("SELECT count(*) AS n FROM fact_agreement") is a


def test_a_result_too_big_for_the_cache_is_not_kept(mixed_warehouse: Path):
    w = Warehouse(str(mixed_warehouse), cache_mb=1)  # results over 128 KiB are not kept
    big = w.query(BIG, {"n": 100_000})  # 800 KB
    assert big.height == 100_000
    assert w.query(BIG, {"n": 100_000}) is not big
    small = w.query(BIG, {"n": 1_000})
    assert w.query(BIG, {"n": 1_000}) is small


def test_the_cache_evicts_the_oldest_results_past_its_size(mixed_warehouse: Path):
    w = Warehouse(str(mixed_warehouse), cache_mb=1)
    first = w.query(BIG, {"n": 15_000})  # 120 KB each: eight fill the 1 MiB budget
    kept = [w.query(BIG, {"n": 15_000 + i}) for i in range(1, 9)]
    assert w.query(BIG, {"n": 15_000}) is not first  # pushed out by size, long before the count limit
    assert w.query(BIG, {"n": 15_008}) is kept[-1]
    assert w._cache_bytes <= 2**20
