"""agreements: MOU, LOI, MOC and other agreements with partners."""

from __future__ import annotations

import polars as pl

from contract.datasets import DATASETS, ENUMS
from etl.normalize import fiscal_year
from etl.staging.base import Extra, Rule, list_rule, raw, required_rules, resolve, resolve_list, unresolved_rule
from etl.staging.common import (
    choice,
    choice_rule,
    date_rules,
    dates,
    not_before,
    synthetic_column,
    synthetic_rule,
    url_rule,
)  # fmt: skip

DS = DATASETS["agreements"]
OUTPUT = [
    "agreement_id", "signed_date", "signed_year", "signed_month", "signed_precision", "signed_fiscal_year",
    "agreement_type", "thai_party", "partner_id", "sector_codes", "title_en", "title_th", "status",
    "expiry_date", "expiry_year", "expiry_month", "expiry_precision", "source_url", "notes", "is_synthetic",
]  # fmt: skip
TYPE_ALIASES = {
    "memorandum of understanding": "MOU",
    "บันทึกความเข้าใจ": "MOU",
    "บันทึกข้อตกลงความร่วมมือ": "MOU",
    "覚書": "MOU",
    "letter of intent": "LOI",
    "หนังสือแสดงเจตจำนง": "LOI",
    "memorandum of cooperation": "MOC",
    "บันทึกความร่วมมือ": "MOC",
    "ความตกลง": "AGREEMENT",
    "อื่นๆ": "OTHER",
}
STATUS_ALIASES = {"in force": "active", "มีผล": "active", "หมดอายุ": "expired", "ยกเลิก": "terminated"}


def stage(df: pl.DataFrame, refs) -> tuple[pl.DataFrame, list[Rule], Extra]:
    df = resolve(df, "partner", refs.partners, "partner_id")
    df, _ = resolve_list(df, "sectors", refs.sectors, "sector_codes")
    df = df.pipe(dates, "signed_date", "signed").pipe(dates, "expiry_date", "expiry")
    df = df.with_columns(
        agreement_id=raw("agreement_id"),
        agreement_type=choice("agreement_type", ENUMS["agreement_type"], TYPE_ALIASES),
        thai_party=raw("thai_party"),
        title_en=raw("title_en"),
        title_th=raw("title_th"),
        status=choice("status", ENUMS["status"], STATUS_ALIASES),
        source_url=raw("source_url"),
        notes=raw("notes"),
        is_synthetic=synthetic_column(),
    ).with_columns(signed_fiscal_year=fiscal_year(pl.col("signed_year"), pl.col("signed_month")))
    rules = required_rules(DS) + date_rules("signed_date", "signed") + [
        choice_rule("agreement_type", "agreement_type", ENUMS["agreement_type"]),
        unresolved_rule("partner", "partner_id", "partner", "partners"),
        list_rule("sectors", "sector_codes", "sector", "sectors"),
        choice_rule("status", "status", ENUMS["status"]),
        *date_rules("expiry_date", "expiry"),
        not_before("expiry", "signed", "expiry_date", "the expiry date"),
        url_rule(),
        synthetic_rule(),
    ]  # fmt: skip
    return df, rules, bridge


def bridge(good: pl.DataFrame) -> dict[str, pl.DataFrame]:
    b = good.select("agreement_id", pl.col("sector_codes").alias("sector_code")).explode("sector_code").drop_nulls()
    return {"bridge_agreement_sector": b.unique(maintain_order=True)}
