"""Counted nouns for people: "1 partner", "3 problems", "1,204 SKUs", in every window, message and command."""

from __future__ import annotations

# Nouns whose plural is not the noun plus "s" (the rest of the app's vocabulary follows the rule).
IRREGULAR = {"breach": "breaches", "match": "matches", "batch": "batches", "item needs": "items need"}


def plural(count: int, noun: str, plural_form: str = "") -> str:
    """The noun in the form `count` needs: "partner" for 1, "partners" otherwise (no number)."""
    if count == 1:
        return noun
    if plural_form or noun in IRREGULAR:
        return plural_form or IRREGULAR[noun]
    consonant_y = noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u")
    return noun[:-1] + "ies" if consonant_y else noun + "s"  # entry -> entries, day -> days


def counted(count: int, noun: str, plural_form: str = "") -> str:
    """`count` with its noun, thousands grouped: counted(1, "partner") -> "1 partner", (1204, "SKU") -> "1,204 SKUs"."""
    return f"{count:,} {plural(count, noun, plural_form)}"
