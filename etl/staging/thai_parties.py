"""thai_parties: Thai names of the Thai-side bodies that sign agreements (DIPROM, BOI, ...).

`name_en` is the spelling agreements and stated totals use for `thai_party`;
the views add `thai_party_th`, joined on that spelling (or an abbreviation or
alias) the way Thai parties are matched everywhere: case- and space-blind.
"""

from __future__ import annotations

import polars as pl

from contract.datasets import DATASETS
from etl.normalize import lookup_key, split_list
from etl.staging.base import Rule, raw, required_rules, src
from etl.staging.common import url_rule

DS = DATASETS["thai_parties"]
OUTPUT = ["name_en", "name_th", "abbreviation", "aliases", "source_url"]


def stage(df: pl.DataFrame, refs) -> tuple[pl.DataFrame, list[Rule], None]:
    df = df.with_columns(
        name_en=raw("name_en"),
        name_th=raw("name_th"),
        abbreviation=raw("abbreviation"),
        aliases=split_list(src("aliases")),
        source_url=raw("source_url"),
    )
    # A spelling (name, abbreviation or alias) may stand for one party only.
    spellings = pl.concat_list(pl.col("name_en"), pl.col("abbreviation"), pl.col("aliases").fill_null([])).list.eval(
        lookup_key(pl.element()).drop_nulls().unique()
    )
    keyed = df.select("_row_id", spellings.alias("_keys")).explode("_keys").drop_nulls()
    shared = keyed.filter(pl.col("_keys").is_duplicated())
    rules = required_rules(DS) + [
        Rule(
            "aliases",
            pl.col("_row_id").is_in(shared["_row_id"].implode()),
            "a name, abbreviation or alias here is also another party's: each spelling may stand for one party",
        ),
        Rule("name_th", ~raw("name_th").str.contains(r"\p{Thai}"), "expected the name in Thai script"),
        url_rule(),
    ]
    return df, rules, None
