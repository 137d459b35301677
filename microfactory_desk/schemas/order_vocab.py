"""The fixed vocabularies of orders: statuses and the moves between them, destinations, shipping, price sources."""

from __future__ import annotations

from enum import StrEnum


class OrderStatus(StrEnum):
    """Where an order is; the happy path runs in declaration order, cancelled leaves it."""

    DRAFT = "draft"
    SENT = "sent"
    CONFIRMED = "confirmed"
    IN_PRODUCTION = "in_production"
    SHIPPED = "shipped"
    PARTIALLY_RECEIVED = "partially_received"  # set by deliveries: some, not all, of what is due has arrived
    RECEIVED = "received"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class DestinationType(StrEnum):
    """Where the goods go."""

    POP_UP = "pop_up"
    MICRO_MARKET = "micro_market"
    WAREHOUSE = "warehouse"
    EVENT = "event"


class ShippingMode(StrEnum):
    """How the goods travel."""

    COURIER = "courier"
    FREIGHT = "freight"
    LAST_MILE = "last_mile"
    PICKUP = "pickup"


class PriceSource(StrEnum):
    """Where a line's unit price came from: an SLA tier, a manual override, or nowhere (flagged)."""

    TIER = "tier"
    OVERRIDE = "override"
    NONE = "none"


# The one step forward from each status (confirmation goes through the confirmation import or entry).
NEXT_STATUS: dict[OrderStatus, OrderStatus] = {
    OrderStatus.DRAFT: OrderStatus.SENT,
    OrderStatus.SENT: OrderStatus.CONFIRMED,
    OrderStatus.CONFIRMED: OrderStatus.IN_PRODUCTION,
    OrderStatus.IN_PRODUCTION: OrderStatus.SHIPPED,
    OrderStatus.SHIPPED: OrderStatus.RECEIVED,
    OrderStatus.PARTIALLY_RECEIVED: OrderStatus.RECEIVED,  # by hand: the rest is written off
    OrderStatus.RECEIVED: OrderStatus.CLOSED,
}
# Goods already on their way cannot be cancelled, only received.
CANCELLABLE = frozenset({OrderStatus.DRAFT, OrderStatus.SENT, OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION})
# Statuses whose orders a quick reorder may repeat: the partner has made them.
REORDERABLE = frozenset(
    {
        OrderStatus.CONFIRMED,
        OrderStatus.IN_PRODUCTION,
        OrderStatus.SHIPPED,
        OrderStatus.PARTIALLY_RECEIVED,
        OrderStatus.RECEIVED,
        OrderStatus.CLOSED,
    }
)
# Statuses that deliveries move: an order the partner has (or may have) started on and not yet closed.
FOLLOWS_DELIVERIES = frozenset(
    {
        OrderStatus.SENT,
        OrderStatus.CONFIRMED,
        OrderStatus.IN_PRODUCTION,
        OrderStatus.SHIPPED,
        OrderStatus.PARTIALLY_RECEIVED,
        OrderStatus.RECEIVED,
    }
)
