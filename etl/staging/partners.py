"""partners: organisations and countries that cooperate with the Thai side."""

from __future__ import annotations

import polars as pl

from contract.datasets import DATASETS, ENUMS
from etl.normalize import lookup_key, split_list
from etl.staging.base import Rule, given, lookup_table, raw, required_rules, src
from etl.staging.common import canonical_parent, choice, choice_rule, synthetic_column, synthetic_rule, url_rule

DS = DATASETS["partners"]
PARENT = "parent_id"
OUTPUT = [
    "partner_id", "name_en", "name_th", "name_local", "country", "level",
    "subdivision", "parent_id", "aliases", "source_url", "is_synthetic",
]  # fmt: skip
LEVEL_ALIASES = {
    "national government": "national_government",
    "central government": "national_government",
    "country": "national_government",
    "local government": "local_government",
    "prefecture": "local_government",
    "city": "local_government",
    "business association": "business_association",
    "federation": "business_association",
}


def stage(df: pl.DataFrame, refs) -> tuple[pl.DataFrame, list[Rule], None]:
    countries = refs.countries["code"].to_list()
    df = df.with_columns(
        partner_id=raw("partner_id"),
        name_en=raw("name_en"),
        name_th=raw("name_th"),
        name_local=raw("name_local"),
        country=raw("country").str.to_uppercase(),
        level=choice("level", ENUMS["level"], LEVEL_ALIASES),
        subdivision=raw("subdivision").str.to_uppercase(),
        parent_id=raw("parent_id"),
        aliases=split_list(src("aliases")),
        source_url=raw("source_url"),
        is_synthetic=synthetic_column(),
    ).pipe(canonical_parent, "partner_id", "parent_id")
    ids = df.select(lookup_key(pl.col("partner_id")).alias("k")).drop_nulls()["k"].unique()
    aggregates = df.filter(pl.col("level") == "aggregate").select(lookup_key(pl.col("partner_id")).alias("k"))["k"]
    rules = required_rules(DS) + [
        Rule("partner_id", ~pl.col("partner_id").str.contains(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$"),
             "an id is letters, digits, '.', '_' or '-' (e.g. jp-yokohama)"),
        Rule("country", ~pl.col("country").is_in(countries),
             "expected an ISO 3166-1 alpha-2 country code (e.g. JP, TH; ZZ for several countries)"),
        choice_rule("level", "level", ENUMS["level"]),
        Rule("subdivision", given("subdivision") & ~pl.col("subdivision").str.contains(r"^[A-Z]{2}-[A-Z0-9]{1,3}$"),
             "expected an ISO 3166-2 code (e.g. JP-14)"),
        Rule("subdivision", given("subdivision") & (pl.col("subdivision").str.slice(0, 2) != pl.col("country")),
             pl.format("subdivision {} is not in country {}", pl.col("subdivision"), pl.col("country"))),
        Rule("parent_id", given("parent_id") & ~lookup_key(pl.col("parent_id")).is_in(ids.implode()),
             "unknown parent: no partner has this partner_id"),
        Rule("parent_id", pl.col("parent_id") == pl.col("partner_id"), "a partner cannot be its own parent"),
        # An aggregate (all foreign investors) is a total of its own: never part of a partner's figures.
        Rule("parent_id", given("parent_id") & (pl.col("level") == "aggregate"),
             "an aggregate (a total over several investors) cannot belong to another partner: leave parent_id blank"),
        Rule("parent_id", lookup_key(pl.col("parent_id")).is_in(aggregates.implode()),
             "the parent is an aggregate (a total over several investors), which no partner can belong to"),
        url_rule(),
        synthetic_rule(),
    ]  # fmt: skip
    return df, rules, None


def orphans(good: pl.DataFrame) -> pl.Expr:
    """Rows whose parent did not survive staging (it was rejected)."""
    return pl.col("parent_id").is_not_null() & ~pl.col("parent_id").is_in(good["partner_id"].implode())


def lookup(good: pl.DataFrame) -> pl.DataFrame:
    return lookup_table(good, "partner_id", ["name_en", "name_th", "name_local"], "aliases")


def publish(good: pl.DataFrame, refs) -> None:
    """Facts resolve partner names against these partners."""
    refs.partners = lookup(good)
