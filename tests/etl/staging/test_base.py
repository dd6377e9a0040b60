"""etl.staging.base, the engine every dataset shares: duplicates and conflicts, the first rule broken, names
resolved case- and space-blind, lists of names."""

from __future__ import annotations

import json

import polars as pl

from contract.datasets import DATASETS
from etl.staging.base import RAW, Rule, apply_rules, dedupe, given, lookup_table, raw, resolve, resolve_list, src
from tests.etl.staging.helpers import chunk

NOTES = DATASETS["notes"]


def notes_frame(rows: list[dict]) -> pl.DataFrame:
    """Rows as extraction gives them: the input text of each column, `_file` and `_row`."""
    return pl.DataFrame({c: [r.get(c) for r in rows] for c in NOTES.read_names},
                        schema=dict.fromkeys(NOTES.read_names, pl.String)).with_columns(
        _file=pl.lit("notes.csv"), _row=pl.int_range(2, len(rows) + 2, dtype=pl.Int64))  # fmt: skip


def test_exact_duplicates_load_once_and_conflicts_are_all_rejected_naming_each_copy():
    rows = [{"note_id": "n1", "text_en": "ข้อความ"}, {"note_id": " n1 ", "text_en": "ข้อความ "},  # the same, spaced
            {"note_id": "n2", "text_en": "B"}, {"note_id": "n2", "text_en": "C"}, {"note_id": "n3", "text_en": "D"},
            {"note_id": None, "text_en": "E"}, {"note_id": None, "text_en": "F"}]  # fmt: skip
    kept, duplicates, conflicts = dedupe(notes_frame(rows), NOTES)
    assert kept.select("note_id", "_row").rows() == [("n1", 2), ("n3", 6), (None, 7), (None, 8)]
    assert duplicates.rows() == [("notes.csv", 3)]
    reason = ("conflict: note_id n2 appears 2 times with different content (notes.csv row 4; notes.csv row 5); "
              "fix or remove the wrong copies")  # fmt: skip
    assert conflicts.select("_row", "column", "value", "reason").rows() == [(4, "note_id", "n2", reason),
                                                                           (5, "note_id", "n2", reason)]  # fmt: skip
    assert json.loads(conflicts["raw"][0])["text_en"] == "B"


def test_no_repeated_key_means_nothing_is_compared():
    kept, duplicates, conflicts = dedupe(notes_frame([{"note_id": "n1"}, {"note_id": "n2"}]), NOTES)
    assert kept.height == 2 and duplicates.height == 0 and conflicts.height == 0


def test_a_row_is_rejected_for_the_first_rule_it_breaks_with_the_value_as_written():
    df = chunk("notes", [{"note_id": "n1", "text_en": "  "}, {"note_id": None, "text_en": "x"},
                         {"note_id": "n3", "text_en": "ok"}])  # fmt: skip
    rules = [Rule("note_id", ~given("note_id"), "an id first"),
             Rule("text_en", ~given("text_en"), pl.format("text missing for {}", raw("note_id"))),
             Rule("text_en", src("note_id") == "n1", "never reached for n1", value=pl.lit("the value"))]  # fmt: skip
    good, rejects = apply_rules(df, NOTES, rules)
    assert good["_row"].to_list() == [3]
    assert not [c for c in good.columns if c.startswith("_bad")]
    assert rejects.select("_row", "column", "value", "reason").rows() == [
        (1, "text_en", "  ", "text missing for n1"), (2, "note_id", None, "an id first")]  # fmt: skip
    assert json.loads(rejects["raw"][0]) == {c: ({"note_id": "n1", "text_en": "  "}).get(c) for c in NOTES.read_names}


def test_no_rules_or_no_broken_rule_rejects_nothing():
    df = chunk("notes", [{"note_id": "n1"}])
    assert apply_rules(df, NOTES, [])[1].height == 0
    assert apply_rules(df, NOTES, [Rule("note_id", pl.lit(False), "never")])[1].height == 0


def test_lookup_resolves_every_spelling_once_and_names_both_for_a_shared_one():
    frame = pl.DataFrame({"id": ["jp", "jp-tokyo"], "name_en": ["Japan", "Tokyo Metropolis"],
                          "name_th": ["ญี่ปุ่น", "มหานครโตเกียว"], "aliases": [["Tokyo"], ["Tokyo", "Tōkyō"]]})  # fmt: skip
    table = {k: (i, c) for k, i, c in lookup_table(frame, "id", ["name_en", "name_th"], "aliases").iter_rows()}
    assert table["japan"] == ("jp", "jp") and table["มหานครโตเกียว"] == ("jp-tokyo", "jp-tokyo")
    assert table["tōkyō"][0] == "jp-tokyo"
    assert table["tokyo"] == (None, "jp, jp-tokyo")
    df = chunk("notes", [{"partner": p} for p in ("  JAPAN ", "tokyo   metropolis", "Tokyo", "Atlantis", None)])
    out = resolve(df, "partner", lookup_table(frame, "id", ["name_en", "name_th"], "aliases"), "partner_id")
    assert out.sort("_row")["partner_id"].to_list() == ["jp", "jp-tokyo", None, None, None]
    assert out.sort("_row")["partner_id_candidates"].to_list()[2] == "jp, jp-tokyo"


def test_a_list_of_names_gives_ids_in_order_once_and_its_first_bad_name():
    table = lookup_table(pl.DataFrame({"id": ["AUTO", "EE"], "name_en": ["Automotive", "Electronics"]}), "id",
                         ["name_en"], None)  # fmt: skip
    df = chunk("agreements", [{"sectors": "AUTO; automotive;EE"}, {"sectors": "EE;SPACE;MOON"}, {"sectors": None}])
    out, items = resolve_list(df, "sectors", table, "sector_codes")
    out = out.sort("_row")
    assert out["sector_codes"].to_list() == [["AUTO", "EE"], ["EE"], None]
    assert out["sector_codes_bad"].to_list() == [None, "SPACE", None]
    assert items.height == 6  # every name read, AUTO twice
    assert RAW + "sectors" in out.columns
