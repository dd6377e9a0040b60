"""investments: statistics by year, partner, sector, stage (and part of a year)."""

from __future__ import annotations

import polars as pl

from contract.datasets import COUNT_UNIT_OF_STAGE, DATASETS, ENUMS
from etl.normalize import UNIT_MULTIPLIER, parse_currency, parse_number, parse_period, parse_unit, parse_year
from etl.staging.base import RAW, Rule, given, per_value, raw, required_rules, resolve, src, unresolved_rule
from etl.staging.common import (
    YEAR_MAX,
    YEAR_MIN,
    amount_rules,
    choice,
    choice_rule,
    count_column,
    count_rules,
    qualifier,
    qualifier_rule,
    synthetic_column,
    synthetic_rule,
    url_rule,
)  # fmt: skip

DS = DATASETS["investments"]
OUTPUT = [
    "record_id", "year", "partner_id", "sector_code", "period", "month_from", "month_to", "is_full_year",
    "stage", "projects", "count_unit", "projects_qualifier", "value", "value_qualifier", "currency", "unit",
    "value_thb_million", "province_code", "jobs", "coverage", "source_url", "notes", "is_synthetic",
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
    # Actual investment that arrived: the Bank of Thailand's foreign direct investment flows.
    "realized": "fdi_flow",
    "realised": "fdi_flow",
    "actual": "fdi_flow",
    "fdi": "fdi_flow",
    "fdi flow": "fdi_flow",
    "ลงทุนจริง": "fdi_flow",
    "foreign business act": "fba_permit",
    "fba": "fba_permit",
    "permits": "fba_permit",
    "ใบอนุญาตประกอบธุรกิจของคนต่างด้าว": "fba_permit",
    "registration": "business_registration",
    "registrations": "business_registration",
    "จดทะเบียนธุรกิจ": "business_registration",
}
COUNT_UNIT_ALIASES = {
    "project": "projects",
    "โครงการ": "projects",
    "permit": "permits",
    "permissions": "permits",
    "ใบอนุญาต": "permits",
    "investor": "investors",
    "นักลงทุน": "investors",
    "ราย": "investors",
    "company": "companies",
    "บริษัท": "companies",
    "registration": "registrations",
}
COVERAGE_ALIASES = {"whole": "complete", "all": "complete", "named": "named_only", "named only": "named_only",
                    "partial": "named_only", "ครบถ้วน": "complete", "เฉพาะที่ระบุ": "named_only"}  # fmt: skip


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
        .pipe(per_value, RAW + "count_unit", _count_unit=choice("count_unit", ENUMS["count_unit"], COUNT_UNIT_ALIASES))
        .pipe(per_value, RAW + "value_qualifier", value_qualifier=qualifier("value_qualifier"))
        .pipe(per_value, RAW + "projects_qualifier", projects_qualifier=qualifier("projects_qualifier"))
        .pipe(per_value, RAW + "coverage", coverage=pl.when(given("coverage"))
              .then(choice("coverage", ENUMS["coverage"], COVERAGE_ALIASES)).otherwise(pl.lit("complete")))
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
    ).with_columns(
        is_full_year=(pl.col("month_from") == 1) & (pl.col("month_to") == 12),
        count_unit=pl.when(given("count_unit"))
        .then(pl.col("_count_unit"))
        .otherwise(pl.col("stage").replace_strict(COUNT_UNIT_OF_STAGE, default="projects", return_dtype=pl.String)),
    )
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
        Rule("notes", (pl.col("stage") == "other") & ~given("notes"),
             "stage other needs a note saying what the figure measures (or use application, approval, "
             "certificate, fdi_flow, fba_permit or business_registration)", value=pl.col("stage")),
        *count_rules("projects"),
        choice_rule("count_unit", "_count_unit", ENUMS["count_unit"]),
        qualifier_rule("projects_qualifier"),
        qualifier_rule("value_qualifier"),
        choice_rule("coverage", "coverage", ENUMS["coverage"]),
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
