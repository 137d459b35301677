"""Pure order rules: pricing a line from SLA tiers, quantity warnings, status moves, quick-reorder terms."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from decimal import Decimal

from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.order_vocab import CANCELLABLE, NEXT_STATUS, REORDERABLE, OrderStatus, PriceSource
from microfactory_desk.schemas.orders import LineQuote, OrderLineIn
from microfactory_desk.schemas.sla import SlaVersionOut
from microfactory_desk.services.sla.terms import money, select_tier


class PartnerLimits:
    """The partner's batch limits that quantities are warned against."""

    def __init__(self, min_batch: int | None, weekly_capacity: int | None, moq_waived: bool = False) -> None:
        self.min_batch = min_batch
        self.weekly_capacity = weekly_capacity
        self.moq_waived = moq_waived


def quantity_warnings(quantity: int, limits: PartnerLimits) -> list[str]:
    """Warnings (never refusals) for a quantity under the minimum batch or over the weekly capacity."""
    warnings = []
    if limits.min_batch and quantity < limits.min_batch and not limits.moq_waived:
        warnings.append(f"below the partner's minimum batch of {limits.min_batch}")
    if limits.weekly_capacity and quantity > limits.weekly_capacity:
        warnings.append(f"over the partner's weekly capacity of {limits.weekly_capacity}")
    return warnings


def price_line(
    line: OrderLineIn,
    *,
    sku_name: str,
    category: str,
    version: SlaVersionOut | None,
    limits: PartnerLimits,
    currency: str,
) -> LineQuote:
    """The line priced by the SLA tier for its quantity, by its override, or flagged when neither applies."""
    warnings = quantity_warnings(line.quantity, limits)
    base = {"sku_code": line.sku_code, "sku_name": sku_name, "quantity": line.quantity, "currency": currency}
    tier_note, tier_min = "", None
    if version is None:
        tier_note = "no agreed SLA in force on the order date"
    else:
        try:
            tier = select_tier(version.price_tiers, line.quantity, line.sku_code, category)
        except ValidationFailed as exc:
            tier_note = exc.errors[0].message
        else:
            tier_min = tier.min_qty
            label = f"SLA v{version.number} · {tier.scope_label} · from {tier.min_qty}"
            if tier.currency != currency:
                tier_note = f"the SLA prices this in {tier.currency}, the order is in {currency}"
            elif line.override_price is None:
                return LineQuote(
                    **base,
                    unit_price=tier.unit_price,
                    price_source=PriceSource.TIER,
                    tier_min_qty=tier.min_qty,
                    tier_label=label,
                    warnings=warnings,
                )
            else:
                tier_note = f"tier price {money(tier.unit_price, tier.currency)} ({label})"
    if line.override_price is not None:
        label = f"Override: {line.override_reason}"
        return LineQuote(
            **base,
            unit_price=line.override_price,
            price_source=PriceSource.OVERRIDE,
            tier_min_qty=tier_min,
            tier_label=label[:200],
            warnings=[*warnings, f"manual price; {tier_note}" if tier_note else "manual price"],
        )
    return LineQuote(
        **base,
        unit_price=None,
        price_source=PriceSource.NONE,
        tier_label="",
        warnings=[f"no price: {tier_note}", *warnings],
    )


def check_move(current: OrderStatus, target: OrderStatus) -> None:
    """Refuse a status change that is not the next step (or a cancellation of a cancellable order)."""
    if target == OrderStatus.CANCELLED:
        if current not in CANCELLABLE:
            raise ValidationFailed.single("status", f"a {current.value.replace('_', ' ')} order cannot be cancelled")
        return
    if NEXT_STATUS.get(current) != target:
        expected = NEXT_STATUS.get(current)
        hint = f"; next is {expected.value.replace('_', ' ')}" if expected else ""
        raise ValidationFailed.single(
            "status", f"cannot move a {current.value.replace('_', ' ')} order to {target.value.replace('_', ' ')}{hint}"
        )


def fingerprint(lines: Iterable[tuple[int, str, int, Decimal | None]]) -> str:
    """16 hex digits identifying a line set: positions, SKU codes, quantities and unit prices."""
    text = "\n".join(
        f"{pos}|{code}|{qty}|{'' if price is None else format(Decimal(price).normalize(), 'f')}"
        for pos, code, qty, price in lines
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_reorder(
    *,
    status: OrderStatus,
    since: dt.date,
    on: dt.date,
    total_qty: int,
    experimental: list[bool],
    codes: list[str],
    version: SlaVersionOut | None,
) -> None:
    """Refuse a quick reorder outside the SLA's terms, naming the term broken."""
    if status not in REORDERABLE:
        raise ValidationFailed.single("status", f"a {status.value.replace('_', ' ')} order cannot be reordered")
    plain = [code for code, flag in zip(codes, experimental, strict=True) if not flag]
    if plain:
        raise ValidationFailed.single(
            "lines", f"quick reorders are for experimental SKUs; not experimental: {', '.join(plain[:5])}"
        )
    if version is None:
        raise ValidationFailed.single("sla", f"no agreed SLA is in force on {on}")
    window = version.reorder_window_days
    if window is None:
        raise ValidationFailed.single("reorder_window_days", f"SLA v{version.number} sets no quick-reorder window")
    days = (on - since).days
    if days > window:
        raise ValidationFailed.single(
            "reorder_window_days",
            f"the reorder window is {window} days from the original order ({since}); it is {days} days later",
        )
    if version.max_reorder_qty is not None and total_qty > version.max_reorder_qty:
        raise ValidationFailed.single(
            "max_reorder_qty",
            f"a quick reorder may hold up to {version.max_reorder_qty} units under SLA v{version.number};"
            f" this one holds {total_qty}",
        )
    if not version.price_held:
        raise ValidationFailed.single(
            "price_held", f"SLA v{version.number} does not hold prices; write a normal order at today's tiers"
        )
    if version.price_held_until is not None and on > version.price_held_until:
        raise ValidationFailed.single(
            "price_held_until", f"prices were held until {version.price_held_until}; write a normal order"
        )
