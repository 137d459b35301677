"""Builders for the issue-12 tests: a sent order confirmed through the service, critical quality findings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from microfactory_desk.db import Database
from microfactory_desk.models import (
    ChecklistTemplate,
    CorrectiveAction,
    Inspection,
    InspectionAnswer,
    OrderLine,
    PurchaseOrder,
    Sku,
    TemplateItem,
    TemplateSection,
)
from microfactory_desk.schemas.orders import Confirmation, ConfirmationLine
from microfactory_desk.wiring import Services

D = dt.date


def sent_order(
    db: Database,
    partner_id: int,
    *,
    number: str,
    sent_on: dt.date,
    requested_on: dt.date,
    quantities: tuple[int, ...] = (120,),
    shipping_mode: str = "courier",
    unit_price: str = "10",
) -> int:
    """A sent order with one line per quantity (priced), as the partner receives it; returns the order id."""
    with db.session() as s:
        sku = s.query(Sku).filter_by(code="SKU-N").one_or_none()
        if sku is None:
            sku = Sku(code="SKU-N", name="Numbered tote")
            s.add(sku)
            s.flush()
        order = PurchaseOrder(
            number=number, partner_id=partner_id, status="sent", order_date=sent_on, sent_on=sent_on,
            requested_on=requested_on, shipping_mode=shipping_mode,
        )  # fmt: skip
        s.add(order)
        s.flush()
        for position, qty in enumerate(quantities, 1):
            s.add(OrderLine(order_id=order.id, position=position, sku_id=sku.id, quantity=qty,
                            unit_price=Decimal(unit_price)))  # fmt: skip
        s.flush()
        return order.id


def confirm(
    db: Database, order_id: int, answers: list[tuple[int, dt.date | None, str]], on: dt.date, comment: str = ""
):  # type: ignore[no-untyped-def]
    """Confirm every line (quantity, ship date, comment) through the order service, as a typed-in answer would."""
    services = Services(db)
    order = services.orders.get_order(order_id)
    lines = [
        ConfirmationLine(position=n, confirmed_qty=qty, confirmed_ship_on=ship, comment=text)
        for n, (qty, ship, text) in enumerate(answers, 1)
    ]
    return services.orders.confirm(Confirmation(order_uuid=order.uuid, lines=lines, comment=comment), on=on)


def line_ids(db: Database, order_id: int) -> list[int]:
    """The order's line ids by position."""
    with db.session() as s:
        return [ln.id for ln in s.get_one(PurchaseOrder, order_id).lines]


def critical_inspection(
    db: Database,
    partner_id: int,
    on: dt.date,
    *,
    number: str,
    fail_critical: bool,
    score: str = "95",
    outcome: str = "failed",
) -> int:
    """A finished inspection whose critical measurement is out of tolerance (or not) and a minor item failed."""
    with db.session() as s:
        template = s.query(ChecklistTemplate).filter_by(key="release").one_or_none()
        if template is None:
            template = ChecklistTemplate(key="release", name="Batch release")
            s.add(template)
            s.flush()
            section = TemplateSection(template_id=template.id, title="Finish")
            s.add(section)
            s.flush()
            s.add_all(
                [
                    TemplateItem(section_id=section.id, position=1, prompt="Seam strength (N)", kind="measurement",
                                 critical=True, nominal=Decimal(50), tolerance=Decimal(5)),
                    TemplateItem(section_id=section.id, position=2, prompt="Label straight", kind="pass_fail"),
                ]
            )  # fmt: skip
            s.flush()
        critical, minor = sorted(s.query(TemplateItem).all(), key=lambda i: i.position)
        inspection = Inspection(
            number=number, partner_id=partner_id, template_id=template.id, inspected_on=on, status="finished",
            score_pct=Decimal(score), outcome=outcome,
        )  # fmt: skip
        s.add(inspection)
        s.flush()
        s.add(InspectionAnswer(inspection_id=inspection.id, item_id=critical.id,
                               measured=Decimal(38 if fail_critical else 51)))  # fmt: skip
        s.add(InspectionAnswer(inspection_id=inspection.id, item_id=minor.id, result="fail"))
        return inspection.id


def action(db: Database, partner_id: int, *, number: str, due: dt.date, severity: str = "critical", **extra):  # type: ignore[no-untyped-def]
    """A corrective action (open unless `status`/`closed_on` say otherwise)."""
    with db.session() as s:
        row = CorrectiveAction(number=number, partner_id=partner_id, description="Seams tear under load",
                               raised_on=due - dt.timedelta(days=14), due_on=due, severity=severity, **extra)  # fmt: skip
        s.add(row)
        s.flush()
        return row.id
