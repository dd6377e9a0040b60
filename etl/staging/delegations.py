"""delegations: missions, visits and events, outbound and inbound."""

from __future__ import annotations

import polars as pl

from contract.datasets import DATASETS, ENUMS
from etl.normalize import fiscal_year
from etl.staging.base import Extra, Rule, list_rule, raw, required_rules, resolve, resolve_list, unresolved_rule
from etl.staging.common import (
    choice,
    choice_rule,
    count_column,
    count_rules,
    date_rules,
    dates,
    not_before,
    qualifier,
    qualifier_rule,
    synthetic_column,
    synthetic_rule,
    url_rule,
)  # fmt: skip

DS = DATASETS["delegations"]
OUTPUT = [
    "delegation_id", "start_date", "start_year", "start_month", "start_precision", "start_fiscal_year",
    "end_date", "end_year", "end_month", "end_precision", "direction", "partner_id", "city",
    "lead_name", "lead_title", "participants", "participants_qualifier", "companies", "companies_qualifier",
    "purpose", "sector_codes", "event", "status", "source_url", "notes", "is_synthetic",
]  # fmt: skip
DIRECTION_ALIASES = {
    "out": "outbound",
    "outgoing": "outbound",
    "ขาออก": "outbound",
    "ไทยเยือน": "outbound",
    "in": "inbound",
    "incoming": "inbound",
    "ขาเข้า": "inbound",
    "เยือนไทย": "inbound",
}
PURPOSE_ALIASES = {
    "matching": "business_matching",
    "จับคู่ธุรกิจ": "business_matching",
    "ศึกษาดูงาน": "site_visit",
    "study visit": "site_visit",
    "fair": "trade_fair",
    "exhibition": "trade_fair",
    "งานแสดงสินค้า": "trade_fair",
    "หารือ": "policy_dialogue",
    "meeting": "policy_dialogue",
    "ฝึกอบรม": "training",
    "roadshow": "investment_promotion",
    "ลงนาม": "signing",
}


# held only where the source reports that it happened; blank = not recorded.
STATUS_ALIASES = {
    "took place": "held", "happened": "held", "done": "held", "completed": "held", "จัดแล้ว": "held",
    "ดำเนินการแล้ว": "held", "เสร็จสิ้น": "held",
    "scheduled": "planned", "announced": "planned", "upcoming": "planned", "plan": "planned",
    "กำหนดการ": "planned", "แผน": "planned", "มีแผน": "planned",
    "canceled": "cancelled", "called off": "cancelled", "ยกเลิก": "cancelled",
}  # fmt: skip


def stage(df: pl.DataFrame, refs) -> tuple[pl.DataFrame, list[Rule], Extra]:
    df = resolve(df, "partner", refs.partners, "partner_id")
    df, _ = resolve_list(df, "sectors", refs.sectors, "sector_codes")
    df = df.pipe(dates, "start_date", "start").pipe(dates, "end_date", "end")
    df = df.with_columns(
        delegation_id=raw("delegation_id"),
        direction=choice("direction", ENUMS["direction"], DIRECTION_ALIASES),
        city=raw("city"),
        lead_name=raw("lead_name"),
        lead_title=raw("lead_title"),
        participants=count_column("participants"),
        participants_qualifier=qualifier("participants_qualifier"),
        companies=count_column("companies"),
        companies_qualifier=qualifier("companies_qualifier"),
        status=choice("status", ENUMS["delegation_status"], STATUS_ALIASES),
        purpose=choice("purpose", ENUMS["purpose"], PURPOSE_ALIASES),
        event=raw("event"),
        source_url=raw("source_url"),
        notes=raw("notes"),
        is_synthetic=synthetic_column(),
    ).with_columns(start_fiscal_year=fiscal_year(pl.col("start_year"), pl.col("start_month")))
    rules = required_rules(DS) + date_rules("start_date", "start") + [
        choice_rule("direction", "direction", ENUMS["direction"]),
        unresolved_rule("partner", "partner_id", "partner", "partners"),
        *date_rules("end_date", "end"),
        not_before("end", "start", "end_date", "the end date"),
        *count_rules("participants"),
        qualifier_rule("participants_qualifier"),
        *count_rules("companies"),
        qualifier_rule("companies_qualifier"),
        choice_rule("status", "status", ENUMS["delegation_status"]),
        choice_rule("purpose", "purpose", ENUMS["purpose"]),
        list_rule("sectors", "sector_codes", "sector", "sectors"),
        url_rule(),
        synthetic_rule(),
    ]  # fmt: skip
    return df, rules, bridge


def bridge(good: pl.DataFrame) -> dict[str, pl.DataFrame]:
    b = good.select("delegation_id", pl.col("sector_codes").alias("sector_code")).explode("sector_code").drop_nulls()
    return {"bridge_delegation_sector": b.unique(maintain_order=True)}
