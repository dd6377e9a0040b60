"""investments: statistics by year, partner, sector, stage (and part of a year)."""

from __future__ import annotations

import polars as pl

from etl.normalize import UNIT_MULTIPLIER, parse_currency, parse_number, parse_period, parse_unit, parse_year
from etl.sources import DATASETS, ENUMS
from etl.staging.base import RAW, Rule, given, per_value, raw, required_rules, resolve, src, unresolved_rule
from etl.staging.common import (
    YEAR_MAX,
    YEAR_MIN,
    amount_rules,
    choice,
    choice_rule,
    count_column,
    count_rules,
    synthetic_column,
    synthetic_rule,
    url_rule,
)  # fmt: skip

DS = DATASETS["investments"]
OUTPUT = [
    "record_id", "year", "partner_id", "sector_code", "period", "month_from", "month_to", "is_full_year",
    "stage", "projects", "value", "currency", "unit", "value_thb_million", "province_code", "jobs",
    "source_url", "notes", "is_synthetic",
]  # fmt: skip
STAGE_ALIASES = {
    "applications": "application",
    "applied": "application",
    "คำขอ": "application",
    "ยื่นขอ": "application",
    "approvals": "approval",
    "approved": "approval",
    "อนุมัติ": "approval",
    "certificates": "certificate",
    "ออกบัตร": "certificate",
    "realised": "realized",
    "actual": "realized",
    "ลงทุนจริง": "realized",
}


def stage(df: pl.DataFrame, refs) -> tuple[pl.DataFrame, list[Rule], None]:
    df = resolve(df, "partner", refs.partners, "partner_id")
    df = resolve(df, "sector", refs.sectors, "sector_code")
    df = resolve(df, "province", refs.provinces, "province_code")
    period = parse_period(src("period"))
    df = (
        df.pipe(per_value, RAW + "year", year=parse_year(src("year")))
        .pipe(per_value, RAW + "period", period=period["period"], month_from=period["month_from"],
              month_to=period["month_to"], _period_ok=period["ok"])
        .pipe(per_value, RAW + "stage", stage=choice("stage", ENUMS["stage"], STAGE_ALIASES))
        .pipe(per_value, RAW + "currency", currency=parse_currency(src("currency")))
        .pipe(per_value, RAW + "unit", unit=parse_unit(src("unit")))
        .pipe(per_value, RAW + "synthetic", is_synthetic=synthetic_column())
    )  # fmt: skip
    df = df.with_columns(
        record_id=raw("record_id"),
        projects=count_column("projects"),
        value=parse_number(src("value")),
        jobs=count_column("jobs"),
        source_url=raw("source_url"),
        notes=raw("notes"),
    ).with_columns(is_full_year=(pl.col("month_from") == 1) & (pl.col("month_to") == 12))
    rates = (
        refs.fx.filter(pl.col("currency") != "THB").select("year", "currency", pl.col("thb_per_unit").alias("_rate"))
        if refs.fx is not None
        else pl.DataFrame(schema={"year": pl.Int64, "currency": pl.String, "_rate": pl.Float64})
    )
    df = df.join(rates, on=["year", "currency"], how="left")
    rate = pl.when(pl.col("currency") == "THB").then(1.0).otherwise(pl.col("_rate"))
    # Millions per unit of `unit` (1 for million): exact for the common case.
    per_million = [m / 1e6 for m in UNIT_MULTIPLIER.values()]
    millions = pl.col("unit").replace_strict(list(UNIT_MULTIPLIER), per_million, default=None)
    df = df.with_columns(value_thb_million=pl.col("value") * millions * rate)
    has_value = pl.col("value").is_not_null()
    rules = required_rules(DS) + [
        Rule("year", given("year") & pl.col("year").is_null(),
             "expected a four-digit year, CE (2022) or Buddhist era (2565)"),
        Rule("year", ~pl.col("year").is_between(YEAR_MIN, YEAR_MAX),
             pl.format("year {} is outside {}-{}", pl.col("year"), YEAR_MIN, YEAR_MAX)),
        unresolved_rule("partner", "partner_id", "partner", "partners"),
        unresolved_rule("sector", "sector_code", "sector", "sectors"),
        Rule("period", ~pl.col("_period_ok"),
             "expected blank (whole year), Q1-Q4, H1, H2 or a month range like 01-09"),
        choice_rule("stage", "stage", ENUMS["stage"]),
        *count_rules("projects"),
        *amount_rules("value"),
        Rule("value", ~given("value") & ~given("projects"), "give projects, value or both"),
        Rule("currency", has_value & ~given("currency"), "a value needs its currency (e.g. THB)"),
        Rule("currency", given("currency") & pl.col("currency").is_null(), "expected a currency code such as THB, JPY or USD"),
        Rule("unit", pl.col("unit").is_null(), "expected 1, thousand, million or billion (or blank for 1)"),
        Rule("currency", has_value & pl.col("currency").is_not_null() & (pl.col("currency") != "THB")
             & pl.col("_rate").is_null(),
             pl.format("no exchange rate for {} in {}: add it to fx_rates", pl.col("currency"), pl.col("year"))),
        unresolved_rule("province", "province_code", "province", "the province list (name or TH-xx code)"),
        *count_rules("jobs"),
        url_rule(),
        synthetic_rule(),
    ]  # fmt: skip
    return df, rules, None
