"""ORM tables, one area a module; importing this package registers them all on Base.metadata."""

from microfactory_desk.models.base import Base
from microfactory_desk.models.partner import Certification, Contact, Partner, StageChange
from microfactory_desk.models.sla import NegotiationEntry, PriceTier, SlaVersion

__all__ = [
    "Base",
    "Certification",
    "Contact",
    "NegotiationEntry",
    "Partner",
    "PriceTier",
    "SlaVersion",
    "StageChange",
]
