"""The staging engine shared by every dataset, and the interface each dataset's module keeps.

A dataset's staging module (a `StagingModule`) says two things in its `stage(df, refs)`: how raw
text becomes typed columns (pure expressions) and which rules a row must pass (`Rule`: the column to
blame, a condition, what was expected); `OUTPUT` names the columns it loads. A dataset whose rows
may belong to one another (partners, sectors) is also a `Hierarchy`; one that facts resolve against
(the register, partners, sectors, rates) is also a `Reference`. The engine does the rest, the same
way for every dataset:

1. exact duplicates (same id, same content) are kept once and counted;
2. conflicts (same id, different content) are all rejected, naming each copy;
3. every other row is typed, and either passes every rule or is rejected
   with the first rule it breaks (file, row, column, value, reason, raw row).

So read = loaded + duplicate + rejected holds by construction, and the
build checks it again in SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import polars as pl

from contract.datasets import Dataset
from etl.extract import REJECT_SCHEMA
from etl.normalize import lookup_key

if TYPE_CHECKING:
    from polars.expr.whenthen import ChainedThen, Then

REJECT_COLUMNS = list(REJECT_SCHEMA)


@dataclass
class Rule:
    column: str  # the input column the person should look at
    bad: pl.Expr  # true where the row breaks the rule
    reason: str | pl.Expr  # what is wrong / what was expected, for a person
    value: pl.Expr | None = None  # the offending value (default: the raw column)


@dataclass
class Staged:
    name: str
    good: pl.DataFrame | None  # typed rows of a reference dataset (facts go to the sink chunk by chunk)
    loaded: dict[str, int]  # file -> rows loaded
    rejects: pl.DataFrame  # REJECT_COLUMNS
    duplicates: pl.DataFrame  # _file, _row of rows counted as exact duplicates


# What a module's `stage` may return beside the typed chunk and its rules: bridge tables made from the rows that
# passed ({table: frame}), or None.
Extra = Callable[[pl.DataFrame], dict[str, pl.DataFrame]] | None


@runtime_checkable
class StagingModule(Protocol):
    """One dataset's staging: `stage` types a chunk (its input text in `raw.<column>`) and gives the rules it
    must pass; `OUTPUT` is what a passing row loads, in order."""

    OUTPUT: Sequence[str]

    def stage(self, df: pl.DataFrame, refs: Any) -> tuple[pl.DataFrame, list[Rule], Extra]: ...


@runtime_checkable
class Hierarchy(Protocol):
    """Rows that may name a parent of the same dataset (`PARENT`): a row whose parent was rejected is rejected
    too (`orphans`: true for those rows among the ones that passed)."""

    PARENT: str

    def orphans(self, good: pl.DataFrame) -> pl.Expr: ...


@runtime_checkable
class Reference(Protocol):
    """A dataset later ones resolve against: `publish` puts what they need into the build's `Refs`."""

    def publish(self, good: pl.DataFrame, refs: Any) -> None: ...


RAW = "raw."  # staging keeps the input text of column c as "raw.c" beside its typed value


def src(name: str) -> pl.Expr:
    """The input text of a column, as read."""
    return pl.col(RAW + name)


def raw(name: str) -> pl.Expr:
    """The input text of a column, trimmed; blank -> null (inner spacing kept as written)."""
    t = src(name).str.strip_chars()
    return pl.when(t.str.len_bytes() > 0).then(t)


def per_value(df: pl.DataFrame, column: str, **exprs: pl.Expr) -> pl.DataFrame:
    """Compute `exprs` once per distinct value of `column` and join them back.

    For columns with few distinct values (years, stages, currencies, names),
    this turns millions of string parses into a few hundred plus one join.
    """
    values = df.select(pl.col(column).unique()).with_columns(**exprs)
    return df.join(values, on=column, how="left", nulls_equal=True, coalesce=True)


def given(name: str) -> pl.Expr:
    """The input has something (not blank) in this column."""
    return (src(name).str.strip_chars().str.len_bytes() > 0).fill_null(False)


def required_rules(ds: Dataset) -> list[Rule]:
    return [Rule(c, ~given(c), "a value is required here") for c in ds.required]


def raw_json(ds: Dataset) -> pl.Expr:
    return pl.struct([src(c).alias(c) for c in ds.read_names]).struct.json_encode()


def dedupe(df: pl.DataFrame, ds: Dataset) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """-> (rows to stage, exact duplicates, conflict rejects).

    Content is compared on the trimmed text of every column, so a repeat with
    extra spaces is still the same row; the key the same way. Who entered a row,
    when and from which words (contract.datasets.ENTRY) is not content: the first copy's are kept. Only rows whose
    key occurs more than once are compared at all (few, in practice).
    """
    key = pl.concat_str([pl.col(k).str.strip_chars() for k in ds.key], separator="\x1f")
    df = df.with_columns(_k=key)
    repeated = pl.col("_k").is_not_null() & (pl.col("_k") != "") & pl.col("_k").is_duplicated()
    df = df.with_columns(_rep=repeated)
    rep = df.filter(pl.col("_rep"))
    if rep.height == 0:
        return (
            df.drop("_k", "_rep"),
            pl.DataFrame(schema={"_file": pl.String, "_row": pl.Int64}),
            pl.DataFrame(schema=REJECT_SCHEMA),
        )
    rep = rep.with_columns(_h=pl.struct([pl.col(c).str.strip_chars() for c in ds.names]).hash(seed=0))
    rep = rep.with_columns(
        _variants=pl.col("_h").n_unique().over("_k"),
        _copies=pl.len().over("_k"),
        _where=pl.format("{} row {}", "_file", "_row").sort().head(4).str.join("; ").over("_k"),
    )
    shown = pl.col("_k").str.replace_all("\x1f", " / ")
    reason = pl.format(
        "conflict: {} {} appears {} times with different content ({}); fix or remove the wrong copies",
        pl.lit(" and ".join(ds.key)),
        shown,
        pl.col("_copies"),
        pl.col("_where"),
    )
    conflict = pl.col("_variants") > 1
    rejects = rep.filter(conflict).select(
        "_file",
        "_row",
        pl.lit(ds.key[0]).alias("column"),
        shown.alias("value"),
        reason.alias("reason"),
        pl.struct(ds.read_names).struct.json_encode().alias("raw"),
    )
    later_copy = ~conflict & ~pl.struct("_k", "_h").is_first_distinct()
    duplicates = rep.filter(later_copy).select("_file", "_row")
    dropped = rep.filter(conflict | later_copy).select("_file", "_row")
    if dropped.height:
        gone = pl.struct("_file", "_row").is_in(dropped.select(pl.struct("_file", "_row")).to_series().implode())
        df = df.filter(~(pl.col("_rep") & gone))
    kept = df
    return kept.drop("_k", "_rep"), duplicates, rejects


def apply_rules(df: pl.DataFrame, ds: Dataset, rules: list[Rule]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """-> (rows passing every rule, rejects naming the first rule each row breaks).

    Every rule's condition is computed once, side by side; the reasons (text
    formatting, the slow part) only for the few rows that break a rule.
    """
    if not rules:
        return df, pl.DataFrame(schema=REJECT_SCHEMA)
    flags = [f"_bad{i}" for i in range(len(rules))]
    df = df.with_columns([r.bad.fill_null(False).alias(f) for r, f in zip(rules, flags, strict=True)])
    failed = pl.any_horizontal(flags)
    bad = df.filter(failed)
    good = df.filter(~failed).drop(flags)
    if bad.height == 0:
        return good, pl.DataFrame(schema=REJECT_SCHEMA)
    col: Then | ChainedThen | None = None
    reason: Then | ChainedThen | None = None
    value: Then | ChainedThen | None = None
    for r, f in zip(rules, flags, strict=True):
        hit = pl.col(f)
        v = (r.value if r.value is not None else src(r.column)).cast(pl.String)
        rs = pl.lit(r.reason) if isinstance(r.reason, str) else r.reason
        if col is None or reason is None or value is None:
            col, reason, value = pl.when(hit).then(pl.lit(r.column)), pl.when(hit).then(rs), pl.when(hit).then(v)
        else:
            col, reason, value = (
                col.when(hit).then(pl.lit(r.column)),
                reason.when(hit).then(rs),
                value.when(hit).then(v),
            )
    assert col is not None and reason is not None and value is not None  # bad rows imply at least one rule
    rejects = bad.select(
        "_file",
        "_row",
        col.alias("column"),
        value.alias("value"),
        reason.alias("reason"),
        raw_json(ds).alias("raw"),
    )
    return good, rejects


# --- name resolution ----------------------------------------------------------


def lookup_table(frame: pl.DataFrame, id_col: str, name_cols: list[str], alias_col: str | None) -> pl.DataFrame:
    """-> key (case/space-blind spelling), id (null when ambiguous), candidates.

    Any spelling that means one thing resolves; one that means two is
    ambiguous and the row that uses it is rejected, naming both.
    """
    parts = [frame.select(pl.col(id_col).alias("id"), lookup_key(pl.col(c)).alias("key")) for c in [id_col, *name_cols]]
    if alias_col:
        parts.append(
            frame.select(pl.col(id_col).alias("id"), pl.col(alias_col).alias("key"))
            .explode("key")
            .with_columns(lookup_key(pl.col("key")).alias("key"))
        )
    keys = pl.concat(parts).drop_nulls().unique()
    return (
        keys.group_by("key")
        .agg(ids=pl.col("id").unique().sort())
        .select(
            "key",
            pl.when(pl.col("ids").list.len() == 1).then(pl.col("ids").list.first()).alias("id"),
            pl.col("ids").list.join(", ").alias("candidates"),
        )
    )


def resolve(df: pl.DataFrame, column: str, table: pl.DataFrame, out: str) -> pl.DataFrame:
    """Add `out` (the id) and `out`_candidates for the raw `column`."""
    t = table.rename({"id": out, "candidates": f"{out}_candidates", "key": "_key"})
    keys = df.select(src(column).unique()).with_columns(_key=lookup_key(src(column))).join(t, on="_key", how="left")
    return df.join(keys.drop("_key"), on=RAW + column, how="left", nulls_equal=True, coalesce=True)


def unresolved_rule(column: str, out: str, what: str, table_name: str) -> Rule:
    cand = pl.col(f"{out}_candidates")
    ambiguous = cand.str.contains(",")
    reason = (
        pl.when(ambiguous)
        .then(pl.format("ambiguous {}: the name matches {}; use the id", pl.lit(what), cand))
        .otherwise(pl.lit(f"unknown {what}: not an id, name or alias in {table_name}"))
    )
    return Rule(column, given(column) & pl.col(out).is_null(), reason)


def resolve_list(df: pl.DataFrame, column: str, table: pl.DataFrame, out: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A `;`-list of names -> list of ids; -> (df with `out` list and `out`_bad, bridge rows)."""
    from etl.normalize import split_list

    items = (
        df.select("_row_id", split_list(src(column)).alias("_item"))
        .explode("_item")
        .drop_nulls("_item")
        .with_columns(_key=lookup_key(pl.col("_item")))
        .join(table.rename({"key": "_key"}), on="_key", how="left")
    )
    agg = items.group_by("_row_id").agg(
        pl.col("id").drop_nulls().unique(maintain_order=True).alias(out),
        pl.col("_item").filter(pl.col("id").is_null()).first().alias(f"{out}_bad"),
        pl.col("candidates").filter(pl.col("id").is_null()).first().alias(f"{out}_bad_candidates"),
    )
    return df.join(agg, on="_row_id", how="left"), items


def list_rule(column: str, out: str, what: str, table_name: str) -> Rule:
    bad = pl.col(f"{out}_bad")
    cand = pl.col(f"{out}_bad_candidates")
    reason = (
        pl.when(cand.str.contains(","))
        .then(pl.format("ambiguous {} {}: matches {}; use the code", pl.lit(what), bad, cand))
        .otherwise(pl.format("unknown {} {}: not a code, name or alias in {}", pl.lit(what), bad, pl.lit(table_name)))
    )
    return Rule(column, bad.is_not_null(), reason, value=bad)
