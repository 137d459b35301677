"""ORM tables, one area a module; importing this package registers them all on Base.metadata."""

from microfactory_desk.models.base import Base
from microfactory_desk.models.change_log import ChangeLog
from microfactory_desk.models.delivery import Delivery, DeliveryMapping, ScorecardSnapshot
from microfactory_desk.models.order import OrderLine, OrderStatusChange, PurchaseOrder, Sku
from microfactory_desk.models.partner import Certification, Contact, Partner, StageChange
from microfactory_desk.models.pilot import Pilot, PilotFeedback, PilotSales
from microfactory_desk.models.quality import (
    ChecklistTemplate,
    CorrectiveAction,
    Inspection,
    InspectionAnswer,
    InspectionEvent,
    Photo,
    PhotoData,
    TemplateItem,
    TemplateSection,
)
from microfactory_desk.models.setting import AppSetting
from microfactory_desk.models.sla import NegotiationEntry, PriceTier, SlaVersion

__all__ = [
    "AppSetting",
    "Base",
    "ChangeLog",
    "Certification",
    "ChecklistTemplate",
    "Contact",
    "CorrectiveAction",
    "Delivery",
    "DeliveryMapping",
    "Inspection",
    "InspectionAnswer",
    "InspectionEvent",
    "NegotiationEntry",
    "OrderLine",
    "OrderStatusChange",
    "Partner",
    "Photo",
    "PhotoData",
    "Pilot",
    "PilotFeedback",
    "PilotSales",
    "PriceTier",
    "PurchaseOrder",
    "ScorecardSnapshot",
    "SlaVersion",
    "Sku",
    "StageChange",
    "TemplateItem",
    "TemplateSection",
]
