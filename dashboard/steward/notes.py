"""The extractor's notes on a proposed record, and its warnings on the whole text, in the view's language.

`python -m etl extract` gives each note and warning in English (`notes`, `warnings`) and beside them its key
and the values it was made of (`note_keys`, `warning_keys`: etl/press/notes.py). Here each key is said with
the string `steward_note.<key>` of dashboard/i18n/strings.py, its dates and years in the view's era, a
column by the label the form gives it; a key the dashboard does not know leaves the extractor's English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dashboard.i18n import fmt_date, fmt_int, fmt_year, t
from dashboard.i18n.strings import STRINGS
from dashboard.steward.entry import read_date

# Values of the notes that are dates (ISO: a day, a month or a year), shown in the view's era.
NOTE_DATES = {"published", "first", "last", "monday", "sunday"}
ColumnLabel = Callable[[str, str], str]  # (column, lang) -> its label


def _as_is(column: str, lang: str) -> str:
    return column


def note_value(name: str, value: object, lang: str, era: str, column: ColumnLabel = _as_is) -> str:
    """One value of a note as the view says it: a date or a year in its era, quoted words in quotation marks,
    a number in the view's digits, a note or a list of notes in the view's language."""
    if isinstance(value, dict):
        return note_text(value, lang, era, column=column)
    if isinstance(value, list):
        return "; ".join(note_value(name, v, lang, era, column) for v in value)
    text = str(value)
    if name in NOTE_DATES and (read := read_date(text)) is not None:
        precision = "day" if read.day else "month" if read.month else "year"
        day = dt.date(read.year, read.month, read.day) if read.day and read.month is not None else None
        return fmt_date(read.year, read.month, day, precision, lang, era)
    if name == "year" and text.isdigit():
        return fmt_year(int(text), era)
    if name == "words":
        return f"“{text}”"
    if name == "at" and isinstance(value, int):
        return fmt_int(value, lang)
    if name == "scale" and isinstance(value, (int, float)):
        return f"{value:g}"
    return text


def note_text(note: object, lang: str, era: str, english: str = "", column: ColumnLabel = _as_is) -> str:
    """A note or warning ({"key", "params"}) in the view's language; `english` (the extractor's own text)
    where the key, or one of its values, is not one the dashboard knows."""
    if not isinstance(note, dict) or not isinstance(note.get("key"), str) or not isinstance(note.get("params"), dict):
        return english
    key, params = note["key"], note["params"]
    if key == "column":  # "<the column's label>: <its note>"
        inner = note_text(params.get("note"), lang, era, column=column)
        return f"{column(str(params.get('column')), lang)}: {inner}" if inner else english
    if f"steward_note.{key}" not in STRINGS["en"]:
        return english
    try:
        return t(f"steward_note.{key}", lang, **{k: note_value(k, v, lang, era, column) for k, v in params.items()})
    except (KeyError, IndexError, ValueError):  # a value the string lacks: the extractor's English
        return english


def notes_text(texts: list, keys: object, lang: str, era: str, column: ColumnLabel = _as_is) -> list[str]:
    """Warnings in the view's language: each by its key where the extractor gave one key per text, else (and
    for a key not known here) as the extractor wrote it."""
    if not isinstance(keys, list) or len(keys) != len(texts):
        return [str(x) for x in texts]
    return [note_text(k, lang, era, str(x), column) for x, k in zip(texts, keys, strict=True)]


def candidate_notes(cand: dict, lang: str, era: str, column: ColumnLabel = _as_is) -> str:
    """A proposed record's notes in the view's language ("; "-separated, as the extractor joins them); as the
    extractor wrote them when one of them has no key the dashboard knows."""
    english = str(cand.get("notes") or "")
    keys = cand.get("note_keys")
    if not isinstance(keys, list) or not keys:
        return english
    shown = [note_text(k, lang, era, column=column) for k in keys]
    return "; ".join(shown) if all(shown) else english
