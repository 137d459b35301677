"""SQLite's trigram search tables (migration 0008): the condition that narrows a search to their candidates.

Each searchable list has an FTS5 table whose rowid is the listed row's id and whose one column holds a
superset of the text the list searches, folded. A search's words of three characters or more become one
MATCH; the list keeps its LIKE conditions, which decide. SQLite-only, so it lives beside `db.py`, which owns
the dialect; PostgreSQL's trigram indexes serve the LIKE conditions themselves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

# The search indexes of migration 0008 live outside the models: SQLite's FTS5 tables (and their shadow
# tables), PostgreSQL's trigram indexes, and the expression indexes broad searches read in order.
_SEARCH_OBJECTS = re.compile(r"\w+_search(_(data|idx|content|docsize|config))?|ix_\w+_(trgm|search)")


def is_search_object(name: str) -> bool:
    """True for a table or index of migration 0008's search indexes (not a model's; rebuilt from the rows)."""
    return _SEARCH_OBJECTS.fullmatch(name) is not None


# A search matching at least this many rows past the page's start counts no further ("1,000+ matches"):
# counting every one of 300,000 orders that match "po-0" would cost more than showing the page.
COUNT_CAP = 1000
# The trigram tokenizer matches only words of three characters or more.
TRIGRAM = 3


class _Reader(Protocol):
    def read(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]: ...


@dataclass(frozen=True)
class SearchIndex:
    """A trigram search table: `table` (its rowid is the listed row's id) and `key`, the SQL of that id in
    the list's query ("o.id")."""

    table: str
    key: str


def match_expression(words: Sequence[str]) -> str:
    """An FTS5 MATCH expression requiring every word as a quoted substring: ["porto", "lab"] ->
    '"porto" AND "lab"' (a double quote inside a word is doubled)."""
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


def narrowing(reader: _Reader, words: Sequence[str], index: SearchIndex) -> tuple[str, dict[str, Any]] | None:
    """The condition keeping the rows whose search text may hold every folded word, and its parameters; None
    when the search is broad (no word of three characters, or COUNT_CAP candidates or more), where the
    list's own order finds a page of matches fast and narrowing would cost more than it saves.

    The candidate probe stops at COUNT_CAP rows, so it costs the same however many rows match.
    """
    long_words = [word for word in words if len(word) >= TRIGRAM]
    if not long_words:
        return None
    match, table = match_expression(long_words), index.table
    probe = f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH :m LIMIT :cap) found"
    if int(reader.read(probe, {"m": match, "cap": COUNT_CAP})[0][0]) >= COUNT_CAP:
        return None
    return f"{index.key} IN (SELECT rowid FROM {table} WHERE {table} MATCH :search_match)", {"search_match": match}
