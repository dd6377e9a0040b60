"""What the extractor says about a candidate (its notes) and about the whole text (its warnings), each with a key.

A note is its English text, as the command line's JSON has always given it, that also knows its key and the
values it was made of: `Note("during", first="2022-07-14", last="2022-07-16")` is the string
"during 2022-07-14 to 2022-07-16 (the clause gives no day)" with `.key` and `.params`. The JSON carries the
texts (`notes`, `warnings`) and beside them the keys with their values (`note_keys`, `warning_keys`), so a
screen in another language says the same in its own words (the steward's screen: dashboard/i18n/strings.py,
`press_note.<key>`). A value may itself be a note (a column's note: `Note("column", column="year", note=...)`)
or a list of notes.
"""

from __future__ import annotations

# key -> the English text (str.format), the words the command line has always printed.
TEXTS = {
    "column": "{column}: {note}",
    "city_of": "{partner} is a city of {parent}",
    "new_partner": "partner not in the partner list: proposed as a new partner '{name}'",
    "during": "during {first} to {last} (the clause gives no day)",
    "date_from_sentence_before": "from the sentence before; the clause gives no date",
    "year_from_sentence_before": "from the sentence before; the figure's own sentence gives none",
    "refers_back": "refers back to the agreement above ({words!r})",
    "value_scaled": "{word} = {scale:g} billion: value scaled",
    "not_stated_release_of": "not stated; the release is of {published}",
    "no_year": "no year in the text and no publication date to take it from",
    "year_taken_past": "year {year} taken from the publication date {published} (past tense)",
    "year_taken_future": "year {year} taken from the publication date {published} (future tense)",
    "year_taken_nearest": "year {year} taken from the publication date {published} (the nearest)",
    "no_such_date": "not a date that exists",
    "week_no_day": "the week of {monday} to {sunday}: no day is stated",
    "relative_to_published": "relative to the publication date {published}",
    "weekday_last": "the last such weekday from the publication date",
    "weekday_next": "the next such weekday from the publication date",
    # warnings: about the whole text
    "published_from_text": "publication date {published} read from the text ({words!r}); give the date to use another",
    "no_published": "no publication date: dates without a year and relative dates are left empty",
    "date_unread": "date {words!r} at {at}: {why}",
}


class Note(str):
    """A note's English text that also carries its key and values (see the module's docstring)."""

    key: str
    params: dict

    def __new__(cls, key: str, **params: object) -> Note:
        shown = {k: "; ".join(v) if isinstance(v, list) else v for k, v in params.items()}
        note = super().__new__(cls, TEXTS[key].format(**shown))
        note.key, note.params = key, params
        return note

    def as_json(self) -> dict:
        """{"key": ..., "params": {...}}: a note among the values as its own such object, a list as a list."""

        def value(v):
            if isinstance(v, Note):
                return v.as_json()
            if isinstance(v, list):
                return [value(x) for x in v]
            return v

        return {"key": self.key, "params": {k: value(v) for k, v in self.params.items()}}


def keyed(notes: list) -> list[dict]:
    """The keys and values of `notes` (each text once, in order), for the JSON beside their texts."""
    return [n.as_json() for n in dict.fromkeys(notes) if isinstance(n, Note)]
