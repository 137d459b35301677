"""Order reads: one order as a DTO, and the whole order list with totals (for the command line)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, selectinload

from microfactory_desk.db import Database
from microfactory_desk.models import OrderLine, PurchaseOrder, SlaVersion
from microfactory_desk.schemas.list_rows import OrderList
from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.schemas.order_vocab import DestinationType, OrderStatus, PriceSource, ShippingMode
from microfactory_desk.schemas.orders import OrderLineOut, OrderOut, StatusChangeOut
from microfactory_desk.schemas.sla import SlaVersionOut
from microfactory_desk.services.common.records import existing
from microfactory_desk.services.orders.listing import every_order
from microfactory_desk.services.orders.rules import fingerprint
from microfactory_desk.services.sla.files import term_rows
from microfactory_desk.services.sla.versions import to_out


def load_order(session: Session, order_id: int) -> PurchaseOrder:
    """The order with its lines, or NotFound."""
    return existing(
        session,
        PurchaseOrder,
        order_id,
        "Order",
        # SKUs in their own query: a joined load per line costs more than the line itself on big orders.
        options=[
            selectinload(PurchaseOrder.lines).selectinload(OrderLine.sku),
            selectinload(PurchaseOrder.status_changes),
        ],
    )


def order_sla(session: Session, order: PurchaseOrder) -> SlaVersionOut | None:
    """The SLA version that priced the order, read in the caller's session (None when it has none or it is gone)."""
    if order.sla_version_id is None:
        return None
    version = session.get(SlaVersion, order.sla_version_id, options=[selectinload(SlaVersion.tiers)])
    return to_out(version) if version is not None else None


def full_order_out(session: Session, order: PurchaseOrder, *, with_terms: bool = False) -> OrderOut:
    """The order's DTO with its SLA version number, and its key terms when `with_terms` (the order sheet's)."""
    version = order_sla(session, order)
    if version is None:
        return order_out(order)
    return order_out(order, sla_number=version.number, terms=term_rows(version) if with_terms else ())


def line_out(line: OrderLine, currency: str) -> OrderLineOut:
    """The DTO of a stored line (warnings are the editor's; stored lines keep the flag in price_source)."""
    source = PriceSource(line.price_source)
    return OrderLineOut(
        id=line.id,
        position=line.position,
        sku_code=line.sku.code,
        sku_name=line.sku.name,
        sku_unit=line.sku.unit,
        sku_experimental=line.sku.experimental,
        quantity=line.quantity,
        unit_price=line.unit_price,
        price_source=source,
        tier_min_qty=line.tier_min_qty,
        tier_label=line.tier_label,
        currency=currency,
        warnings=["no price: set an override with a reason"] if source == PriceSource.NONE else [],
        override_reason=line.override_reason,
        notes=line.notes,
        confirmed_qty=line.confirmed_qty,
        confirmed_ship_on=line.confirmed_ship_on,
        partner_comment=line.partner_comment,
        promised_on=line.promised_on,
    )


def order_out(order: PurchaseOrder, *, sla_number: int | None = None, terms: Any = ()) -> OrderOut:
    """The DTO of a stored order."""
    partner = order.partner
    return OrderOut(
        id=order.id,
        uuid=order.uuid,
        number=order.number,
        partner_id=partner.id,
        partner_code=partner.code,
        partner_name=partner.name,
        partner_city=partner.city,
        partner_country=partner.country,
        status=OrderStatus(order.status),
        order_date=order.order_date,
        requested_on=order.requested_on,
        destination_name=order.destination_name,
        destination_type=DestinationType(order.destination_type),
        destination_address=order.destination_address,
        shipping_mode=ShippingMode(order.shipping_mode),
        currency=order.currency,
        notes=order.notes,
        sla_version_id=order.sla_version_id,
        sla_version_number=sla_number,
        sla_terms=list(terms),
        sent_on=order.sent_on,
        confirmed_on=order.confirmed_on,
        received_on=order.received_on,
        cancel_reason=order.cancel_reason,
        partner_comment=order.partner_comment or "",
        lines=[line_out(line, order.currency) for line in order.lines],
        history=[StatusChangeOut.model_validate(c) for c in order.status_changes],
        row_version=order.row_version,
        updated_by=order.updated_by,
    )


def order_fingerprint(order: OrderOut) -> str:
    """The fingerprint of the order's line set as the sheet and the JSON carry it."""
    return fingerprint((line.position, line.sku_code, line.quantity, line.unit_price) for line in order.lines)


def list_orders(db: Database, *, status: str = "", search: str = "", partner_id: int | None = None) -> OrderList:
    """Every order newest first (nothing capped), filtered by status, partner and a number/partner search,
    with the totals per currency of those not cancelled."""
    query = ListQuery(search=search, filters={"status": status, "partner_id": partner_id}, sort="date", descending=True)
    return every_order(db, query)
