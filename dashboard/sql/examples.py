"""The saved example queries (examples.sql): one place for the SQL page's list and the README."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FILE = Path(__file__).resolve().parent / "examples.sql"


@dataclass(frozen=True)
class Example:
    name: str
    en: str
    th: str
    sql: str

    def title(self, lang: str) -> str:
        return self.th if lang == "th" else self.en


def parse(text: str) -> list[Example]:
    """`-- name:`, `-- en:`, `-- th:` lines, then the statement up to the next `-- name:`."""
    examples = []
    for block in text.split("\n-- name:")[1:]:
        name, _, rest = block.partition("\n")
        fields: dict[str, str] = {}
        body: list[str] = []
        for line in rest.splitlines():
            key, sep, value = line.partition(":")
            if not body and sep and key in ("-- en", "-- th"):
                fields[key[3:]] = value.strip()
            else:
                body.append(line)
        examples.append(Example(name.strip(), fields["en"], fields["th"], "\n".join(body).strip()))
    return examples


EXAMPLES: list[Example] = parse(FILE.read_text(encoding="utf-8"))
BY_NAME: dict[str, Example] = {e.name: e for e in EXAMPLES}
