"""Each dataset's staging module keeps the interface the engine reads (etl/staging/base.py), checked per module
rather than discovered by the build."""

from __future__ import annotations

import pytest

from contract.datasets import BUILD_ORDER, DATASETS
from etl.staging import MODULES
from etl.staging.base import Hierarchy, Reference, StagingModule


def test_every_dataset_has_a_staging_module_and_every_module_a_dataset():
    assert set(MODULES) == set(DATASETS) == set(BUILD_ORDER)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_module_is_a_staging_module_whose_output_it_declares(name):
    mod = MODULES[name]
    assert isinstance(mod, StagingModule), f"etl/staging: {name} lacks stage() or OUTPUT"
    assert len(set(mod.OUTPUT)) == len(mod.OUTPUT), f"{name}: a column twice in OUTPUT"


def test_the_hierarchies_and_the_references_are_the_datasets_that_need_them():
    assert sorted(n for n, m in MODULES.items() if isinstance(m, Hierarchy)) == ["partners", "sectors"]
    assert sorted(n for n, m in MODULES.items() if isinstance(m, Reference)) == [
        "fx_rates", "partners", "sectors", "sources"]  # fmt: skip
    for name in ("partners", "sectors"):
        assert MODULES[name].PARENT in MODULES[name].OUTPUT
