"""The raw contract as both halves declare it (contract/datasets.py), read once per dashboard process:
the datasets a steward may enter, their columns (required or not) and the vocabularies.

Which vocabulary a column takes, and which columns are dates, numbers or lists, is declared there too (each
column's kind and vocabulary); this module gathers them for the steward's form.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from contract.datasets import DATASETS as DATASETS_DECLARED
from contract.datasets import ENUMS

DATASETS = tuple(name for name, d in DATASETS_DECLARED.items() if d.extracted)  # what the extractor proposes
# What a steward may enter: what the extractor proposes, and a partner it found no match for (the datasets whose
# records say who entered them).
ENTERED = tuple(name for name, d in DATASETS_DECLARED.items() if d.provenance)
KEYS = {name: DATASETS_DECLARED[name].record_id for name in ENTERED}
ID_PREFIX = {name: DATASETS_DECLARED[name].id_prefix for name in DATASETS}
# Columns a steward never types: the source comes from the source fields, `synthetic` is the generator's.
NOT_TYPED = {"source_url", "synthetic", "entered_by", "entered_at", "source_text"}
# Which columns are dates, numbers or `;`-lists, and which vocabulary each takes: the contract's declaration.
_ENTERED_COLUMNS = [(name, c) for name in ENTERED for c in DATASETS_DECLARED[name].columns]
DATES = {c.name for _, c in _ENTERED_COLUMNS if c.kind == "date"}
NUMBERS = {c.name for _, c in _ENTERED_COLUMNS if c.kind == "number"}
LISTS = {c.name for _, c in _ENTERED_COLUMNS if c.kind == "list"}
# "dataset.column" -> the ENUMS entry whose words it takes.
VOCABULARY = {f"{name}.{c.name}": c.vocabulary for name, c in _ENTERED_COLUMNS if c.vocabulary}


@dataclass(frozen=True)
class Contract:
    datasets: dict  # name -> {"key": [...], "columns": [{"name", "required", "doc"}]}
    enums: dict  # name -> [words]

    def columns(self, dataset: str) -> list[str]:
        return [c["name"] for c in self.datasets[dataset]["columns"]]

    def typed(self, dataset: str) -> list[dict]:
        """The columns a steward fills in for `dataset`, in the contract's order."""
        return [c for c in self.datasets[dataset]["columns"] if c["name"] not in NOT_TYPED]

    def required(self, dataset: str) -> set[str]:
        return {c["name"] for c in self.datasets[dataset]["columns"] if c["required"]}

    def vocabulary(self, dataset: str, column: str) -> list[str] | None:
        name = VOCABULARY.get(f"{dataset}.{column}")
        return list(self.enums.get(name, ())) or None if name else None

    def source_kinds(self) -> list[str]:
        return list(self.enums.get("source_kind", ()))


@functools.cache
def contract() -> Contract:
    """The contract of the datasets a steward may enter."""
    datasets = {
        n: {"key": list(d.key), "columns": [{"name": c.name, "required": c.required, "doc": c.doc} for c in d.columns]}
        for n, d in DATASETS_DECLARED.items()
    }
    return Contract(datasets=datasets, enums={k: list(v) for k, v in ENUMS.items()})
