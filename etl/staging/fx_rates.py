"""fx_rates: baht per unit of a currency, by year."""

from __future__ import annotations

import polars as pl

from contract.datasets import DATASETS
from etl.normalize import parse_currency, parse_number, parse_year
from etl.staging.base import Rule, given, raw, required_rules, src
from etl.staging.common import YEAR_MAX, YEAR_MIN, synthetic_column, synthetic_rule, url_rule

DS = DATASETS["fx_rates"]
OUTPUT = ["year", "currency", "thb_per_unit", "source_url", "is_synthetic"]


def stage(df: pl.DataFrame, refs) -> tuple[pl.DataFrame, list[Rule], None]:
    df = df.with_columns(
        year=parse_year(src("year")),
        currency=parse_currency(src("currency")),
        thb_per_unit=parse_number(src("thb_per_unit")),
        source_url=raw("source_url"),
        is_synthetic=synthetic_column(),
    )
    rules = required_rules(DS) + [
        Rule("year", given("year") & pl.col("year").is_null(), "expected a four-digit year (CE or Buddhist era)"),
        Rule("year", ~pl.col("year").is_between(YEAR_MIN, YEAR_MAX), f"year outside {YEAR_MIN}-{YEAR_MAX}"),
        Rule(
            "currency", given("currency") & pl.col("currency").is_null(), "expected a currency code such as JPY or USD"
        ),
        Rule(
            "thb_per_unit",
            given("thb_per_unit") & (pl.col("thb_per_unit").is_null() | ~pl.col("thb_per_unit").is_finite()),
            "expected a number",
        ),
        Rule("thb_per_unit", pl.col("thb_per_unit") <= 0, "a rate must be above zero"),
        url_rule(),
        synthetic_rule(),
    ]
    return df, rules, None


def publish(good: pl.DataFrame, refs) -> None:
    """Figures stated in another currency convert with these rates."""
    refs.fx = good.select("year", "currency", "thb_per_unit")
