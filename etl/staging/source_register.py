"""sources: the source register, one row per page or document the records cite.

When a register is given, every fact's `source_url` must be one of its
addresses (see `register_rule`): a record cannot cite a page nobody has
described (publisher, title, date, language, kind).
"""

from __future__ import annotations

import polars as pl

from contract.datasets import DATASETS, ENUMS, REGISTERED
from etl.staging.base import Rule, given, raw, required_rules
from etl.staging.common import choice, choice_rule, date_rules, dates, url_rule

DS = DATASETS["sources"]
OUTPUT = [
    "source_url", "publisher", "title", "published_date", "published_year", "published_month",
    "published_precision", "language", "kind", "notes",
]  # fmt: skip
KIND_ALIASES = {"newspaper": "news", "press": "news", "ข่าว": "news", "รัฐบาล": "government", "สถานทูต": "embassy"}


def stage(df: pl.DataFrame, refs) -> tuple[pl.DataFrame, list[Rule], None]:
    df = df.pipe(dates, "published", "published")
    df = df.with_columns(
        source_url=raw("source_url"),
        publisher=raw("publisher"),
        title=raw("title"),
        language=raw("language").str.to_lowercase(),
        kind=choice("kind", ENUMS["source_kind"], KIND_ALIASES),
        notes=raw("notes"),
    )
    rules = required_rules(DS) + [
        url_rule(),
        *date_rules("published", "published"),
        Rule(
            "language",
            given("language") & ~pl.col("language").str.contains(r"^[a-z]{2}$"),
            "expected a two-letter ISO 639-1 code such as en, th, ja, zh or ko",
        ),
        choice_rule("kind", "kind", ENUMS["source_kind"]),
    ]
    return df, rules, None


def register_rule(dataset: str, refs) -> list[Rule]:
    """With a register loaded, a record of a registered dataset must cite one of its addresses."""
    if refs.sources is None or dataset not in REGISTERED:
        return []
    known = refs.sources.implode()
    return [
        Rule(
            "source_url",
            given("source_url") & ~raw("source_url").is_in(known),
            "source not in the register: add a row for this address to sources.csv "
            "(publisher, title, date, language, kind) or cite a registered page",
        )
    ]


def publish(good: pl.DataFrame, refs) -> None:
    """Records must cite an address of the register (register_rule)."""
    refs.sources = good["source_url"]
