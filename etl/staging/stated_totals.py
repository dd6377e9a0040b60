"""stated_totals: counts a source states only in aggregate, kept as data to compare with the records.

"DIPROM stated 22 documents with 21 Japanese local governments (July 2022)" is
two rows: counts = agreements, value = 22, and counts = partners, value = 21,
both as of 2022-07, partner jp, partner_level local_government, thai_party the
spellings of DIPROM (and of the Ministry of Industry, which signed through it)
used in agreements. The warehouse view `stated_total_coverage` sets each beside
how many such records the warehouse holds.
"""

from __future__ import annotations

import polars as pl

from contract.datasets import DATASETS, ENUMS
from etl.normalize import split_list
from etl.staging.base import Rule, given, raw, required_rules, resolve, src, unresolved_rule
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
from etl.staging.partners import LEVEL_ALIASES

DS = DATASETS["stated_totals"]
OUTPUT = [
    "total_id", "as_of_date", "as_of_year", "as_of_month", "as_of_precision", "stated_by", "partner_id",
    "partner_levels", "thai_parties", "counts", "value", "qualifier", "from_date", "from_year", "from_month",
    "from_precision", "text_en", "text_th", "source_url", "notes", "is_synthetic",
]  # fmt: skip
COUNTS_ALIASES = {
    "agreement": "agreements", "documents": "agreements", "mou": "agreements", "ความตกลง": "agreements",
    "partner": "partners", "bodies": "partners", "organisations": "partners", "หน่วยงาน": "partners",
    "delegation": "delegations", "missions": "delegations", "คณะผู้แทน": "delegations",
    "company": "companies", "firms": "companies", "บริษัท": "companies",
    "project": "projects", "applications": "projects", "โครงการ": "projects",
}  # fmt: skip


def _levels() -> pl.Expr:
    """The `;`-list of partner levels -> canonical levels (an unknown one becomes null, caught by a rule)."""
    from etl.normalize import canonical_choice

    return split_list(src("partner_level")).list.eval(canonical_choice(pl.element(), ENUMS["level"], LEVEL_ALIASES))


def stage(df: pl.DataFrame, refs) -> tuple[pl.DataFrame, list[Rule], None]:
    df = resolve(df, "partner", refs.partners, "partner_id")
    df = df.pipe(dates, "as_of", "as_of").pipe(dates, "period_from", "from")
    df = df.with_columns(
        total_id=raw("total_id"),
        stated_by=raw("stated_by"),
        partner_levels=_levels().fill_null([]),
        thai_parties=split_list(src("thai_party")).fill_null([]),
        counts=choice("counts", ENUMS["counts"], COUNTS_ALIASES),
        value=count_column("value"),
        qualifier=qualifier("qualifier"),
        text_en=raw("text_en"),
        text_th=raw("text_th"),
        source_url=raw("source_url"),
        notes=raw("notes"),
        is_synthetic=synthetic_column(),
    )
    bad_level = given("partner_level") & pl.col("partner_levels").list.eval(pl.element().is_null()).list.any()
    rules = required_rules(DS) + date_rules("as_of", "as_of") + [
        unresolved_rule("partner", "partner_id", "partner", "partners"),
        Rule("partner_level", bad_level, f"expected a `;`-list of: {', '.join(ENUMS['level'])}"),
        choice_rule("counts", "counts", ENUMS["counts"]),
        *count_rules("value", required=True),
        qualifier_rule("qualifier"),
        *date_rules("period_from", "from"),
        not_before("as_of", "from", "as_of", "the as-of date", earlier_column="period_from"),
        url_rule(),
        synthetic_rule(),
    ]  # fmt: skip
    return df, rules, None
