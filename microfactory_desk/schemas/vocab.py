"""The fixed vocabularies of the roster, with the labels people read."""

from __future__ import annotations

from enum import StrEnum


class PartnerKind(StrEnum):
    """What sort of partner this is."""

    MICROFACTORY = "microfactory"
    BULK_SUPPLIER = "bulk_supplier"


class Stage(StrEnum):
    """Lifecycle stage, in the order a partner normally moves through them."""

    PROSPECT = "prospect"
    QUALIFYING = "qualifying"
    PILOT = "pilot"
    APPROVED = "approved"
    PAUSED = "paused"
    OFFBOARDED = "offboarded"


class RiskLevel(StrEnum):
    """How worried we are about a partner."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Channel(StrEnum):
    """How a contact prefers to be reached."""

    EMAIL = "email"
    PHONE = "phone"
    MESSAGING = "messaging"
    VIDEO = "video"
    IN_PERSON = "in_person"


class SlaStatus(StrEnum):
    """Where an SLA version is in its life: drafts and proposals can be edited, the rest are kept as they were."""

    DRAFT = "draft"
    PROPOSED = "proposed"
    AGREED = "agreed"
    SUPERSEDED = "superseded"
    EXPIRED = "expired"


class NegotiationChannel(StrEnum):
    """How a negotiation step took place."""

    CALL = "call"
    VISIT = "visit"
    EMAIL = "email"
    MEETING = "meeting"


def label(value: str) -> str:
    """A vocabulary value as people read it ("bulk_supplier" -> "Bulk supplier")."""
    return value.replace("_", " ").capitalize()


def parse_choice(enum: type[StrEnum], text: str) -> StrEnum:
    """A vocabulary value from its value or label in any case ("Bulk supplier" -> BULK_SUPPLIER)."""
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    for member in enum:
        if member.value == key:
            return member
    allowed = ", ".join(label(m.value) for m in enum)
    raise ValueError(f"'{text}' is not one of: {allowed}")
