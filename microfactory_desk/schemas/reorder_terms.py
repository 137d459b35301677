"""What a quick reorder would and would not do, in words, for the question asked before it is written."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReorderPreview:
    """What a quick reorder of one order would and would not do, read before the user is asked.

    `terms` are the SLA's quick-reorder limits in words, each with where this order stands against it;
    `left_out` what the draft does not copy; `refusal` why it would be refused ("" when it can be written).
    """

    number: str
    sla: str  # "SLA v3", or "" when no agreed SLA is in force
    terms: tuple[str, ...]
    left_out: tuple[str, ...]
    refusal: str

    @property
    def allowed(self) -> bool:
        """True when the reorder would be written."""
        return not self.refusal

    def in_words(self) -> str:
        """The question (or, when refused, the explanation) shown before anything is written."""
        bullets = "\n".join(f"• {term}" for term in self.terms)
        left_out = "\n".join(f"• {item}" for item in self.left_out)
        under = f"{self.sla}'s quick-reorder terms" if self.sla else "quick-reorder terms"
        if self.refusal:
            return f"{self.number} cannot be quick-reordered.\n\n{self.refusal}.\n\nThe {under}:\n{bullets}"
        return (
            f"Write a new draft repeating {self.number} under {under}?\n\n{bullets}\n\n"
            f"Not copied:\n{left_out}\n\nThe draft opens for changes; nothing is sent."
        )
