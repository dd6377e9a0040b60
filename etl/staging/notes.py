"""notes: facts a source states only as a count or summary, kept as text."""

from __future__ import annotations

import polars as pl

from contract.datasets import DATASETS
from etl.staging.base import Rule, raw, required_rules, resolve, unresolved_rule
from etl.staging.common import date_rules, dates, url_rule

DS = DATASETS["notes"]
OUTPUT = [
    "note_id", "as_of_date", "as_of_year", "as_of_month", "as_of_precision",
    "partner_id", "text_en", "text_th", "source_url",
]  # fmt: skip


def stage(df: pl.DataFrame, refs) -> tuple[pl.DataFrame, list[Rule], None]:
    df = resolve(df, "partner", refs.partners, "partner_id")
    df = df.pipe(dates, "as_of", "as_of")
    df = df.with_columns(
        note_id=raw("note_id"),
        text_en=raw("text_en"),
        text_th=raw("text_th"),
        source_url=raw("source_url"),
    )
    rules = required_rules(DS) + date_rules("as_of", "as_of")
    rules += [unresolved_rule("partner", "partner_id", "partner", "partners"), url_rule()]
    return df, rules, None
