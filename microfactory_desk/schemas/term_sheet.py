"""The one-page SLA term sheet as plain data: every value already worded for the partner."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, Field

from microfactory_desk.schemas.sla import SlaVersionOut


class TierRow(BaseModel):
    """One price break: where it applies, from which quantity, the unit price as a number and as text."""

    scope: str
    min_qty: int
    unit_price: Decimal
    currency: str
    price_text: str


class TermSheet(BaseModel):
    """What the term sheet shows, in the order it shows it."""

    partner_code: str
    partner_name: str
    city: str = ""
    country: str = ""
    version: SlaVersionOut
    status_label: str
    validity: str
    # Empty for an agreed version; otherwise says plainly that the terms are not (or no longer) binding.
    marker: str = ""
    terms: list[tuple[str, str]] = Field(default_factory=list)
    tiers: list[TierRow] = Field(default_factory=list)
    clauses: str = ""
    generated_on: dt.date

    @property
    def title(self) -> str:
        """The document title."""
        return "Service level agreement — term sheet"

    @property
    def location(self) -> str:
        """City and country, as much as is known."""
        return ", ".join(part for part in (self.city, self.country) if part)

    @property
    def footer(self) -> str:
        """The footer line: what, for whom, when and by what."""
        return (
            f"Term sheet · {self.partner_code} · SLA version {self.version.number} · "
            f"generated on {self.generated_on.isoformat()} · Microfactory Desk"
        )
