"""Text clean-up shared by validation, search and exports."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Letters that Unicode does not decompose but people type without their marks.
_FOLD_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "ß": "ss"})


def strip_controls(text: str, *, multiline: bool = False) -> str:
    """Remove control characters (keeping tabs and newlines only in multi-line text)."""
    return (_CONTROL if multiline else _LINE_CONTROL).sub("", text)


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for search ("Łódź" and "lodz" fold alike)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
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
