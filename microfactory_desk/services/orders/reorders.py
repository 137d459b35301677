"""Quick reorders: repeat an order of experimental SKUs under the SLA's quick-reorder terms, as a new draft."""

from __future__ import annotations

import datetime as dt

from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.models import OrderStatusChange, PurchaseOrder
from microfactory_desk.schemas.field_labels import error_text
from microfactory_desk.schemas.order_vocab import OrderStatus, PriceSource
from microfactory_desk.schemas.orders import OrderOut
from microfactory_desk.schemas.reorder_terms import ReorderPreview
from microfactory_desk.schemas.sla import SlaVersionOut
from microfactory_desk.services.common.numbering import add_numbered, next_number
from microfactory_desk.services.orders.pricing import context_in
from microfactory_desk.services.orders.reads import full_order_out, load_order, order_out
from microfactory_desk.services.orders.rules import check_reorder


def _terms_in_words(
    version: SlaVersionOut | None, *, since: dt.date, on: dt.date, total_qty: int, experimental: list[bool]
) -> tuple[str, ...]:
    """The quick-reorder limits of `version`, each followed by how the order stands against it."""
    plain = experimental.count(False)
    lines = [
        f"Experimental SKUs only: {len(experimental) - plain} of {len(experimental)} lines are experimental"
        if plain
        else "Experimental SKUs only: every line is experimental"
    ]
    if version is None:
        return (*lines, f"No agreed SLA is in force on {on}, so there are no quick-reorder terms")
    days = (on - since).days
    window = version.reorder_window_days
    lines.append(
        "No quick-reorder window is set"
        if window is None
        else f"Within {window} days of the original order ({since}), so until {since + dt.timedelta(days=window)};"
        f" today is day {days}"
    )
    maximum = version.max_reorder_qty
    lines.append(
        f"No unit limit; this order holds {total_qty} units"
        if maximum is None
        else f"Up to {maximum} units; this order holds {total_qty}"
    )
    if not version.price_held:
        lines.append("Prices are not held for reorders")
    elif version.price_held_until is not None:
        lines.append(f"At the original prices, held until {version.price_held_until}")
    else:
        lines.append("At the original prices, held with no end date")
    return tuple(lines)


def reorder_preview(db: Database, order_id: int, *, on: dt.date) -> ReorderPreview:
    """The terms a quick reorder of the order on `on` would be judged by, and the refusal if any (reads only)."""
    with db.session(write=False) as session:
        source = full_order_out(session, load_order(session, order_id))
        context = context_in(session, source.partner_code, on)
    experimental = [line.sku_experimental for line in source.lines]
    total_qty = sum(line.quantity for line in source.lines)
    try:
        check_reorder(
            status=source.status,
            since=source.order_date,
            on=on,
            total_qty=total_qty,
            experimental=experimental,
            codes=[line.sku_code for line in source.lines],
            version=context.version,
        )
        refusal = ""
    except ValidationFailed as exc:
        refusal = "; ".join(error_text(error) for error in exc.errors)
    return ReorderPreview(
        number=source.number,
        sla=f"SLA v{context.version.number}" if context.version else "",
        terms=_terms_in_words(
            context.version, since=source.order_date, on=on, total_qty=total_qty, experimental=experimental
        ),
        left_out=(
            "the requested date (set it in the new draft)",
            "price tiers: every line keeps the unit price of the original order",
        ),
        refusal=refusal,
    )


def quick_reorder(db: Database, order_id: int, *, on: dt.date) -> OrderOut:
    """A draft repeating the order at its (held) prices; refused, naming the term, outside the SLA's terms.

    One transaction: the source order, the terms in force and the new draft are read and written together.
    """
    from microfactory_desk.services.orders.service import apply_order

    with db.session() as session:
        source = full_order_out(session, load_order(session, order_id))
        context = context_in(session, source.partner_code, on)
        check_reorder(
            status=source.status,
            since=source.order_date,
            on=on,
            total_qty=sum(line.quantity for line in source.lines),
            experimental=[line.sku_experimental for line in source.lines],
            codes=[line.sku_code for line in source.lines],
            version=context.version,
        )
        order = source.as_input().model_copy(update={"order_date": on, "requested_on": None})
        held = f"quick reorder of {source.number} at the held price"
        order.lines = [
            entry.model_copy(update={"override_price": line.unit_price, "override_reason": held})
            for entry, line in zip(order.lines, source.lines, strict=True)
        ]
        row = PurchaseOrder(
            number=next_number(session, PurchaseOrder.number, "PO", on.year),
            partner_id=context.partner_id,
            status=OrderStatus.DRAFT.value,
            reorder_of_id=source.id,
        )
        row.status_changes.append(OrderStatusChange(from_status=None, to_status=OrderStatus.DRAFT.value, reason=held))
        apply_order(session, row, order, context)
        for line in row.lines:
            # The held price is the SLA's own term, not a manual override.
            line.price_source, line.override_reason = PriceSource.TIER.value, ""
            line.tier_label = f"SLA v{context.version.number if context.version else '?'} · price held"
        add_numbered(session, row)
        return order_out(row)
