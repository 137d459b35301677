"""The fixed vocabularies of micro-market pilots."""

from __future__ import annotations

from enum import StrEnum


class MarketKind(StrEnum):
    """Where a pilot sells."""

    POP_UP = "pop_up"
    EVENT_DROP = "event_drop"
    LOCAL_SHOP = "local_shop"


class Decision(StrEnum):
    """What happens after a pilot."""

    SCALE_UP = "scale_up"
    ITERATE = "iterate"
    STOP = "stop"


class FeedbackChannel(StrEnum):
    """How a customer's feedback reached us."""

    IN_STORE = "in_store"
    ONLINE = "online"
    SOCIAL = "social"
    EVENT = "event"
    EMAIL = "email"


class PilotStatus(StrEnum):
    """Where a pilot is, derived from its dates and decision."""

    PLANNED = "planned"
    RUNNING = "running"
    AWAITING_DECISION = "awaiting_decision"
    DECIDED = "decided"
