"""Run one staging module on hand-made rows, the way etl.staging.stage() runs it on a chunk."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

import polars as pl

from contract.datasets import DATASETS
from etl.staging import Refs
from etl.staging.base import RAW, apply_rules, lookup_table


@dataclass
class Result:
    typed: pl.DataFrame  # the chunk as the module typed it, every row
    good: pl.DataFrame  # rows that passed every rule, OUTPUT columns only
    rejects: pl.DataFrame  # _file, _row, column, value, reason, raw
    extra: dict[str, pl.DataFrame]  # bridge tables of the rows that passed

    def reason(self, row: int) -> str | None:
        """The reason the row (1 = the first row given) was rejected, or None if it passed."""
        hit = self.rejects.filter(pl.col("_row") == row)
        return hit["reason"][0] if hit.height else None

    def column(self, row: int) -> str | None:
        hit = self.rejects.filter(pl.col("_row") == row)
        return hit["column"][0] if hit.height else None

    def value(self, row: int) -> str | None:
        hit = self.rejects.filter(pl.col("_row") == row)
        return hit["value"][0] if hit.height else None

    def row(self, row: int) -> dict:
        """The loaded row given as row `row` (it must have passed)."""
        hit = self.good.filter(pl.col("_row") == row)
        assert hit.height == 1, self.rejects.filter(pl.col("_row") == row).to_dicts()
        return hit.row(0, named=True)


def chunk(dataset: str, rows: list[dict[str, str | None]], file: str = "input.csv") -> pl.DataFrame:
    """The raw text of `rows` as a chunk reaches a module: raw.<column> for every column the dataset reads
    (blank where a row gives none), `_row_id`, `_file` and `_row` (1, 2, ... in the order given)."""
    names = DATASETS[dataset].read_names
    unknown = {c for r in rows for c in r} - set(names)
    assert not unknown, f"{dataset} reads no column {unknown}"
    df = pl.DataFrame(
        {RAW + c: [r.get(c) for r in rows] for c in names}, schema=dict.fromkeys(map(RAW.__add__, names), pl.String)
    )
    df = df.with_columns(_file=pl.lit(file), _row=pl.int_range(1, len(rows) + 1, dtype=pl.Int64))
    return df.with_row_index("_row_id")


def run(module: ModuleType, dataset: str, rows: list[dict[str, str | None]], refs: Refs | None = None) -> Result:
    """`module.stage` on `rows`, then its rules as the engine applies them (the first rule a row breaks)."""
    typed, rules, extra_fn = module.stage(chunk(dataset, rows), refs if refs is not None else world())
    good, rejects = apply_rules(typed, DATASETS[dataset], rules)
    extra = extra_fn(good) if extra_fn else {}
    return Result(typed, good.select([*module.OUTPUT, "_file", "_row"]), rejects, extra)


# A small world the facts resolve against: partners, sectors and rates made up for these tests.
PARTNERS = pl.DataFrame(
    {
        "partner_id": ["jp", "jp-kanagawa", "jp-yokohama", "jp-jcc-bangkok", "jp-jcci", "all-foreign"],
        "name_en": ["Japan", "Kanagawa Prefecture", "Yokohama City", "Japanese Chamber of Commerce, Bangkok",
                    "Japan Chamber of Commerce and Industry", "All foreign investors"],
        "name_th": ["ญี่ปุ่น", "จังหวัดคานากาวะ", "เมืองโยโกฮามะ", "หอการค้าญี่ปุ่น กรุงเทพฯ", None, "นักลงทุนต่างชาติทั้งหมด"],
        "name_local": ["日本", "神奈川県", "横浜市", None, "日本商工会議所", None],
        "aliases": [["Nippon"], ["Kanagawa-ken"], [], ["JCC"], ["JCC", "JCCI"], []],
    }
)  # fmt: skip
SECTORS = pl.DataFrame(
    {
        "sector_code": ["AUTO", "EV", "EE", "DIGI"],
        "name_en": ["Next-generation automotive", "Electric vehicles", "Smart electronics", "Digital"],
        "name_th": ["ยานยนต์สมัยใหม่", "ยานยนต์ไฟฟ้า", "อิเล็กทรอนิกส์อัจฉริยะ", "ดิจิทัล"],
        "aliases": [["automotive"], [], ["electronics", "tech"], ["tech"]],
    }
)  # fmt: skip
FX = pl.DataFrame(
    {"year": [2022, 2022, 2023], "currency": ["JPY", "USD", "JPY"], "thb_per_unit": [0.25, 35.0, 0.24]},
    schema={"year": pl.Int64, "currency": pl.String, "thb_per_unit": pl.Float64},
)


def world(**more) -> Refs:
    return Refs(
        partners=lookup_table(PARTNERS, "partner_id", ["name_en", "name_th", "name_local"], "aliases"),
        sectors=lookup_table(SECTORS, "sector_code", ["name_en", "name_th"], "aliases"),
        fx=FX,
        **more,
    )
