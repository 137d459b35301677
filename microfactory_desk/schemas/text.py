"""Text clean-up shared by validation, search and exports."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Letters that Unicode does not decompose but people type without their marks.
_FOLD_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "ß": "ss"})
# Invisible marks that ride along with copied text and mean nothing to a search or a code: the soft hyphen,
# the Arabic letter mark, zero-width space, the direction marks, embeddings, overrides and isolates of
# right-to-left text, the word joiner, the byte-order mark and the emoji/text variation selectors.
# (Zero-width joiner and non-joiner stay: they shape emoji sequences and Persian or Indic words.)
INVISIBLE = "\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufe00-\ufe0f\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_OUTER_INVISIBLE = re.compile(f"^[\\s{INVISIBLE}]+|[\\s{INVISIBLE}]+$")


_NOTE = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


def without_note(text: str) -> str:
    """A column header without a trailing note in brackets: "Weekly capacity (units)" -> "Weekly capacity"."""
    return _NOTE.sub("", text)


def strip_controls(text: str, *, multiline: bool = False) -> str:
    """Remove control characters (keeping tabs and newlines only in multi-line text)."""
    return (_CONTROL if multiline else _LINE_CONTROL).sub("", text)


def trim(text: str) -> str:
    """`text` without outer blanks and outer invisible marks (a copied "BULK-1" often ends in a BOM or a
    direction mark a person cannot see)."""
    return _OUTER_INVISIBLE.sub("", text)


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for search ("Łódź" and "lodz" fold alike); invisible marks are
    dropped, so a search pasted from right-to-left text finds what it shows."""
    decomposed = unicodedata.normalize("NFKD", _INVISIBLE.sub("", text).casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.translate(_FOLD_EXTRA)


def split_list(text: str) -> list[str]:
    """A comma- or semicolon-separated list as clean, de-duplicated items in their given order."""
    seen: dict[str, str] = {}
    for part in re.split(r"[,;\n]", text):
        item = " ".join(part.split())
        if item and item.casefold() not in seen:
            seen[item.casefold()] = item
    return list(seen.values())


def join_list(items: list[str]) -> str:
    """The stored and exported form of a list of short items."""
    return ", ".join(items)
