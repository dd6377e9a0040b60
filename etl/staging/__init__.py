"""Raw text -> typed, resolved, validated rows: one module per dataset.

`stage(name, extracted, refs)` runs a dataset through the shared engine in
`base.py`; each dataset module adds its columns and rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl.extract import Extracted
from etl.sources import DATASETS
from etl.staging import agreements, delegations, fx_rates, investments, notes, partners, sectors
from etl.staging.base import RAW, REJECT_COLUMNS, Staged, apply_rules, dedupe, lookup_table, raw_json

MODULES = {
    "partners": partners,
    "sectors": sectors,
    "fx_rates": fx_rates,
    "agreements": agreements,
    "delegations": delegations,
    "investments": investments,
    "notes": notes,
}

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"


@dataclass
class Refs:
    """What fact rows resolve against; filled as reference datasets are staged."""

    partners: pl.DataFrame | None = None  # lookup: key, id, candidates
    sectors: pl.DataFrame | None = None
    fx: pl.DataFrame | None = None  # year, currency, thb_per_unit
    provinces: pl.DataFrame = field(default_factory=lambda: provinces_lookup())
    countries: pl.DataFrame = field(default_factory=lambda: countries_table())


def countries_table() -> pl.DataFrame:
    return pl.read_csv(REFERENCE_DIR / "countries.csv", infer_schema=False)


def provinces_table() -> pl.DataFrame:
    return pl.read_csv(REFERENCE_DIR / "provinces.csv", infer_schema=False)


def provinces_lookup() -> pl.DataFrame:
    from etl.normalize import split_list

    p = provinces_table().with_columns(split_list(pl.col("aliases")).alias("aliases"))
    return lookup_table(p, "province_code", ["name_en", "name_th"], "aliases")


def orphan_rejects(orphan: pl.DataFrame, ds, mod) -> pl.DataFrame:
    parent = mod.PARENT
    return orphan.select(
        "_file",
        "_row",
        pl.lit(parent).alias("column"),
        pl.col(parent).alias("value"),
        pl.format("parent {} was itself rejected (see its row)", pl.col(parent)).alias("reason"),
        raw_json(ds).alias("raw"),
    )


def stage(name: str, ex: Extracted, refs: Refs) -> Staged:
    ds = DATASETS[name]
    mod = MODULES[name]
    df, duplicates, conflicts = dedupe(ex.frame, ds)
    df = df.rename({c: RAW + c for c in ds.names}).with_row_index("_row_id")
    df, rules, extra_fn = mod.stage(df, refs)
    good, rejects = apply_rules(df, ds, rules)
    if hasattr(mod, "orphans"):  # a parent that was rejected takes its children with it
        parts = [rejects]
        while (orphan := good.filter(mod.orphans(good))).height:
            parts.append(orphan_rejects(orphan, ds, mod))
            good = good.filter(~mod.orphans(good))
        rejects = pl.concat(parts, how="vertical_relaxed")
    extra = extra_fn(good) if extra_fn else {}
    good = good.select([*mod.OUTPUT, "_file", "_row"])
    rejects = pl.concat([ex.rejects.select(REJECT_COLUMNS), conflicts, rejects], how="vertical_relaxed")
    staged = Staged(name=name, good=good, rejects=rejects, duplicates=duplicates, extra=extra)
    if name == "partners":
        refs.partners = mod.lookup(good)
    elif name == "sectors":
        refs.sectors = mod.lookup(good)
    elif name == "fx_rates":
        refs.fx = good.select("year", "currency", "thb_per_unit")
    return staged
