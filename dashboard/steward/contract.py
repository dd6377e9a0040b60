"""The raw contract as the ETL declares it (etl/sources.py), asked of the ETL in its own process once per
dashboard process: the datasets a steward may enter, their columns (required or not) and the vocabularies.

Which vocabulary a column takes, and which columns are dates, numbers or lists, is the form's knowledge
(below); the words of each vocabulary are the ETL's.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from dashboard.steward.etl import EtlError, run_python

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

_SCRIPT = """
import json
from etl.sources import DATASETS, ENUMS
print(json.dumps({
    "datasets": {n: {"key": list(d.key), "columns": [{"name": c.name, "required": c.required, "doc": c.doc}
                                                     for c in d.columns]} for n, d in DATASETS.items()},
    "enums": {k: list(v) for k, v in ENUMS.items()},
}))
"""


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
    """The contract, read once per process (about a third of a second)."""
    out = run_python(_SCRIPT, timeout_s=60)
    try:
        data = json.loads(out)
    except ValueError:
        raise EtlError("the ETL's contract could not be read (not JSON)") from None
    missing = [d for d in ENTERED if d not in data.get("datasets", {})]
    if missing:
        raise EtlError(f"the ETL's contract has no dataset {', '.join(missing)}")
    return Contract(datasets=data["datasets"], enums=data["enums"])
