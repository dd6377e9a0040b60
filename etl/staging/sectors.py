"""sectors: industries, Thailand's S-curve targets first."""

from __future__ import annotations

import polars as pl

from contract.datasets import DATASETS, ENUMS
from etl.normalize import lookup_key, split_list
from etl.staging.base import Rule, given, lookup_table, raw, required_rules, src
from etl.staging.common import canonical_parent, choice, choice_rule, synthetic_column, synthetic_rule

DS = DATASETS["sectors"]
PARENT = "parent_code"
OUTPUT = ["sector_code", "name_en", "name_th", "sector_group", "parent_code", "aliases", "is_synthetic"]
GROUP_ALIASES = {
    "first s-curve": "first_s_curve",
    "first s curve": "first_s_curve",
    "s-curve": "first_s_curve",
    "new s-curve": "new_s_curve",
    "new s curve": "new_s_curve",
}


def stage(df: pl.DataFrame, refs) -> tuple[pl.DataFrame, list[Rule], None]:
    df = df.with_columns(
        sector_code=raw("sector_code"),
        name_en=raw("name_en"),
        name_th=raw("name_th"),
        sector_group=pl.coalesce(choice("group", ENUMS["sector_group"], GROUP_ALIASES),
                                 pl.when(~given("group")).then(pl.lit("other"))),
        parent_code=raw("parent_code"),
        aliases=split_list(src("aliases")),
        is_synthetic=synthetic_column(),
    ).pipe(canonical_parent, "sector_code", "parent_code")  # fmt: skip
    codes = df.select(lookup_key(pl.col("sector_code")).alias("k")).drop_nulls()["k"].unique()
    rules = required_rules(DS) + [
        Rule("sector_code", ~pl.col("sector_code").str.contains(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$"),
             "a code is letters, digits, '.', '_' or '-' (e.g. AUTO)"),
        choice_rule("group", "sector_group", ENUMS["sector_group"]),
        Rule("parent_code", given("parent_code") & ~lookup_key(pl.col("parent_code")).is_in(codes.implode()),
             "unknown parent: no sector has this sector_code"),
        Rule("parent_code", pl.col("parent_code") == pl.col("sector_code"), "a sector cannot be its own parent"),
        synthetic_rule(),
    ]  # fmt: skip
    return df, rules, None


def orphans(good: pl.DataFrame) -> pl.Expr:
    return pl.col("parent_code").is_not_null() & ~pl.col("parent_code").is_in(good["sector_code"].implode())


def lookup(good: pl.DataFrame) -> pl.DataFrame:
    return lookup_table(good, "sector_code", ["name_en", "name_th"], "aliases")


def publish(good: pl.DataFrame, refs) -> None:
    """Facts resolve sector names against these sectors."""
    refs.sectors = lookup(good)
