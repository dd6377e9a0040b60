"""Raw text -> typed, resolved, validated rows: one module per dataset.

`stage(name, extracted, refs, sink)` runs a dataset through the shared engine in
`base.py`; each dataset module adds its columns and rules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import polars as pl

from contract.datasets import DATASETS
from etl.extract import Extracted
from etl.staging import source_register
from etl.staging.base import (
    RAW,
    REJECT_COLUMNS,
    Hierarchy,
    Reference,
    Staged,
    StagingModule,
    apply_rules,
    dedupe,
    lookup_table,
    raw_json,
)
from etl.staging.common import entry_columns, entry_rules

# Each dataset's staging module, as the contract names it (etl/staging/<staging>.py).
MODULES: dict[str, StagingModule] = {
    name: cast(StagingModule, importlib.import_module(f"etl.staging.{d.staging}")) for name, d in DATASETS.items()
}

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"


@dataclass
class Refs:
    """What fact rows resolve against; filled as reference datasets are staged."""

    sources: pl.Series | None = None  # the register's addresses, when a register is given
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


def orphan_rejects(orphan: pl.DataFrame, ds, mod: Hierarchy) -> pl.DataFrame:
    parent = mod.PARENT
    return orphan.select(
        "_file",
        "_row",
        pl.lit(parent).alias("column"),
        pl.col(parent).alias("value"),
        pl.format("parent {} was itself rejected (see its row)", pl.col(parent)).alias("reason"),
        raw_json(ds).alias("raw"),
    )


CHUNK_ROWS = 1_000_000  # fact rows staged at a time: bounds the memory of the typed copies


def stage(name: str, ex: Extracted, refs: Refs, sink: Callable[[str, pl.DataFrame], None]) -> Staged:
    """Stage a dataset: rows that pass go to `sink("good", frame)` (and bridge
    tables to `sink(table, frame)`) chunk by chunk; rejects and duplicates are
    returned. Reference datasets are also kept whole in `Staged.good`."""
    ds = DATASETS[name]
    mod = MODULES[name]
    assert ex.frame is not None, f"{name}: its extracted frame was staged already"
    df, duplicates, conflicts = dedupe(ex.frame, ds)
    ex.frame = None  # the deduplicated frame is all we need from here
    df = df.rename({c: RAW + c for c in ds.read_names})
    reference = ds.reference
    entered = [c.name for c in ds.provenance]  # who entered a record, when, and its words
    step = df.height if reference else CHUNK_ROWS
    rejects = [ex.rejects.select(REJECT_COLUMNS), conflicts]
    loaded: dict[str, int] = {}
    good_all = None
    for offset in range(0, max(df.height, 1), max(step, 1)):
        chunk = df.slice(offset, step).with_row_index("_row_id")
        chunk, rules, extra_fn = mod.stage(chunk, refs)
        rules = rules + source_register.register_rule(name, refs)
        if entered:
            chunk = chunk.with_columns(**entry_columns())
            rules = rules + entry_rules()
        good, bad = apply_rules(chunk, ds, rules)
        rejects.append(bad)
        if isinstance(mod, Hierarchy):  # a parent that was rejected takes its children with it
            while (orphan := good.filter(mod.orphans(good))).height:
                rejects.append(orphan_rejects(orphan, ds, mod))
                good = good.filter(~mod.orphans(good))
        extra = extra_fn(good) if extra_fn else {}
        good = good.select([*mod.OUTPUT, *entered, "_file", "_row"])
        for file, n in good.group_by("_file").len().iter_rows():
            loaded[file] = loaded.get(file, 0) + n
        sink("good", good)
        for table, frame in extra.items():
            sink(table, frame)
        if reference:
            good_all = good
    staged = Staged(
        name=name,
        good=good_all,
        loaded=loaded,
        rejects=pl.concat(rejects, how="vertical_relaxed"),
        duplicates=duplicates,
    )
    if isinstance(mod, Reference) and good_all is not None:  # what later datasets resolve against
        mod.publish(good_all, refs)
    return staged
