"""The hand-labelled evaluation set, scored: the targets hold and every field has a span that supports it."""

from __future__ import annotations

import pytest

from etl.press.evaluate import evaluate
from tests.conftest import DATA

# The targets (agreements) and floors a change must not fall below (measured values are in bench/RESULTS.md).
FLOORS = {
    "partner": (0.8, 0.8),
    "type": (0.8, 0.95),
    "date": (0.85, 0.8),
    "direction": (0.85, 0.85),
    "counts": (0.75, 0.75),
    "value": (0.8, 0.9),
}


@pytest.fixture(scope="module")
def result():
    return evaluate(DATA / "press")


def test_the_set_is_large_enough_and_in_both_languages(result):
    assert result["releases"] >= 30
    assert result["languages"]["th"] >= 10 and result["languages"]["en"] >= 10
    assert result["records"]["agreements"] >= 20


def test_partner_type_and_signing_date_are_right_for_nine_agreements_in_ten(result):
    assert result["agreements_exact"] / result["agreements"] >= 0.9, result["misses"]


def test_no_field_is_filled_without_a_span_that_supports_it(result):
    assert result["evidence_problems"] == []


@pytest.mark.parametrize("group", sorted(FLOORS))
def test_precision_and_recall_per_field(result, group):
    p_min, r_min = FLOORS[group]
    f = result["fields"][group]
    assert f["precision"] >= p_min and f["recall"] >= r_min, (f, result["misses"])


def test_the_held_out_set_keeps_its_spans_and_floors():
    held = evaluate(DATA / "press" / "holdout")
    assert held["releases"] >= 9
    assert held["evidence_problems"] == []
    assert held["agreements_exact"] == held["agreements"], held["misses"]
    for group in ("partner", "date", "direction", "value"):
        f = held["fields"][group]
        assert f["precision"] >= 0.8 and f["recall"] >= 0.8, (group, f, held["misses"])


def test_the_blind_set_keeps_its_spans_and_its_agreements():
    blind = evaluate(DATA / "press" / "blind")
    assert blind["releases"] >= 5
    assert blind["evidence_problems"] == []
    assert blind["agreements_exact"] == blind["agreements"], blind["misses"]
    for group in ("partner", "date", "direction"):
        f = blind["fields"][group]
        assert f["precision"] >= 0.8 and f["recall"] >= 0.8, (group, f, blind["misses"])
