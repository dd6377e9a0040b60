"""The raw contract as both halves declare it (contract/datasets.py), read once per dashboard process:
the datasets a steward may enter, their columns (required or not) and the vocabularies.

Which vocabulary a column takes, and which columns are dates, numbers or lists, is the form's knowledge
(below); the words of each vocabulary are the ETL's.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from contract.datasets import DATASETS as DATASETS_DECLARED
from contract.datasets import ENUMS
from dashboard.steward.etl import EtlError

DATASETS = ("agreements", "delegations", "investments", "stated_totals")  # what the extractor proposes
ENTERED = (*DATASETS, "partners")  # what a steward may enter (a partner the extractor found no match for)
KEYS = {"agreements": "agreement_id", "delegations": "delegation_id", "investments": "record_id",
        "stated_totals": "total_id", "partners": "partner_id"}  # fmt: skip
ID_PREFIX = {"agreements": "AGR-", "delegations": "DEL-", "investments": "INV-", "stated_totals": "ST-"}
# Columns a steward never types: the source comes from the source fields, `synthetic` is the generator's.
NOT_TYPED = {"source_url", "synthetic", "entered_by", "entered_at", "source_text"}
DATES = {"signed_date", "expiry_date", "start_date", "end_date", "as_of", "period_from"}
NUMBERS = {"participants", "companies", "projects", "value", "jobs", "year"}
LISTS = {"sectors", "partner_level", "thai_party"}
# column -> the ENUMS entry whose words it takes (a dataset-specific name first).
VOCABULARY = {
    "agreements.status": "status",
    "delegations.status": "delegation_status",
    "agreement_type": "agreement_type",
    "direction": "direction",
    "purpose": "purpose",
    "stage": "stage",
    "count_unit": "count_unit",
    "participants_qualifier": "qualifier",
    "companies_qualifier": "qualifier",
    "projects_qualifier": "qualifier",
    "value_qualifier": "qualifier",
    "qualifier": "qualifier",
    "coverage": "coverage",
    "counts": "counts",
    "unit": "unit",
    "partner_level": "level",
    "partners.level": "level",
}


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
        name = VOCABULARY.get(f"{dataset}.{column}") or VOCABULARY.get(column)
        return list(self.enums.get(name, ())) or None if name else None

    def source_kinds(self) -> list[str]:
        return list(self.enums.get("source_kind", ()))


@functools.cache
def contract() -> Contract:
    """The contract of the datasets a steward may enter."""
    missing = [d for d in ENTERED if d not in DATASETS_DECLARED]
    if missing:
        raise EtlError(f"the raw contract has no dataset {', '.join(missing)}")
    datasets = {
        n: {"key": list(d.key), "columns": [{"name": c.name, "required": c.required, "doc": c.doc} for c in d.columns]}
        for n, d in DATASETS_DECLARED.items()
    }
    return Contract(datasets=datasets, enums={k: list(v) for k, v in ENUMS.items()})
