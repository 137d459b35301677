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


def counted(count: int, noun: str, plural_form: str = "", *, at_least: bool = False) -> str:
    """`count` with its noun, thousands grouped: counted(1, "partner") -> "1 partner", (1204, "SKU") -> "1,204 SKUs";
    `at_least` (a count that stopped at a cap) adds a plus: (1000, "order", at_least=True) -> "1,000+ orders"."""
    return f"{number(count, at_least=at_least)} {plural(count, noun, plural_form)}"


def number(count: int, *, at_least: bool = False) -> str:
    """`count` with thousands grouped, and a plus when it is a lower bound: (1000, at_least=True) -> "1,000+"."""
    return f"{count:,}+" if at_least else f"{count:,}"
