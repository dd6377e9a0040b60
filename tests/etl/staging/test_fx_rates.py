"""etl.staging.fx_rates on hand-made rows: years in either era, currencies by code or name, positive rates."""

from __future__ import annotations

import pytest

from etl.staging import Refs, fx_rates
from tests.etl.staging.helpers import run


def stage(*rows: dict):
    return run(fx_rates, "fx_rates", [{"year": "2022", "currency": "JPY", "thb_per_unit": "0.25", **r} for r in rows])


def test_rows_load_typed_in_ce_with_iso_codes():
    r = stage(
        {"year": "2565", "currency": "เยน", "thb_per_unit": "๐.๒๕", "source_url": "https://www.bot.or.th/x"},
        {"year": "๒๕๖๖", "currency": "usd", "thb_per_unit": "34.8", "synthetic": "yes"},
        {"year": "2024.0", "currency": "$", "thb_per_unit": " 1,035.5 "},
        {"year": "2021", "currency": "หยวน", "thb_per_unit": "5"},
    )
    assert r.rejects.height == 0
    assert list(r.good.columns) == [*fx_rates.OUTPUT, "_file", "_row"]
    assert r.good.select(fx_rates.OUTPUT).rows() == [
        (2022, "JPY", 0.25, "https://www.bot.or.th/x", False),
        (2023, "USD", 34.8, None, True),
        (2024, "USD", 1035.5, None, False),
        (2021, "CNY", 5.0, None, False),
    ]


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ({"year": None}, "year", "a value is required here"),
        ({"year": "22"}, "year", "expected a four-digit year (CE or Buddhist era)"),
        ({"year": "FY2022"}, "year", "expected a four-digit year (CE or Buddhist era)"),
        ({"year": "1899"}, "year", "year outside 1900-2100"),
        ({"year": "2700"}, "year", "year outside 1900-2100"),  # BE 2700 is CE 2157
        ({"currency": "Japanese money"}, "currency", "expected a currency code such as JPY or USD"),
        ({"currency": "¥¥"}, "currency", "expected a currency code such as JPY or USD"),
        ({"thb_per_unit": "about 0.25"}, "thb_per_unit", "expected a number"),
        ({"thb_per_unit": "inf"}, "thb_per_unit", "expected a number"),
        ({"thb_per_unit": "0"}, "thb_per_unit", "a rate must be above zero"),
        ({"thb_per_unit": "-0.25"}, "thb_per_unit", "a rate must be above zero"),
        ({"source_url": "ftp://example.org/rates"}, "source_url",
         "expected a web address starting with http:// or https://"),
        ({"synthetic": "synthetic?"}, "synthetic", "expected true or false"),
    ],
)  # fmt: skip
def test_what_is_rejected_and_why(row, column, reason):
    r = stage(row)
    assert r.good.height == 0
    assert (r.column(1), r.reason(1)) == (column, reason)


def test_publish_gives_the_facts_year_currency_and_rate():
    r = stage({}, {"year": "2023", "currency": "USD", "thb_per_unit": "35"})
    refs = Refs()
    fx_rates.publish(r.good, refs)
    assert refs.fx.columns == ["year", "currency", "thb_per_unit"]
    assert refs.fx.rows() == [(2022, "JPY", 0.25), (2023, "USD", 35.0)]
