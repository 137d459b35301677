"""Checks of imported delivery rows against the partner's orders: every problem of every row, where it is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from microfactory_desk.errors import Cancelled, CellError
from microfactory_desk.imports.deliveries import TypedRow
from microfactory_desk.models import Delivery, OrderLine, PurchaseOrder
from microfactory_desk.schemas.fields import field_errors
from microfactory_desk.schemas.telemetry import DeliveryIn

Target = tuple[OrderLine, PurchaseOrder]
_MODEL_FIELDS = ("reference", "shipped_on", "received_on", "qty_received", "qty_accepted", "qty_defective", "notes")


def check_rows(
    rows: list[TypedRow],
    letters: Mapping[str, str],
    lines: Mapping[tuple[str, str], Target],
    existing: Mapping[str, Delivery],
    errors: list[CellError],
    today: dt.date,
    cancelled: Callable[[], bool] | None = None,
) -> list[tuple[Target, DeliveryIn]]:
    """The rows that pass, as (order line, delivery); every problem is appended to `errors`.

    Problems found only against the database name the file's own column: an unknown order the order column,
    a date before the order was sent the date column, a known reference now on another line the reference.
    """
    orders = {number for number, _ in lines}
    bad_rows = {e.row for e in errors}
    seen: dict[str, int] = {}
    parsed: list[tuple[Target, DeliveryIn]] = []
    for count, row in enumerate(rows, 1):
        if cancelled is not None and count % Cancelled.CHECK_EVERY_ROWS == 0 and cancelled():
            raise Cancelled("Import stopped; nothing was imported.")
        before = len(errors)

        def bad(name: str, message: str, number: int = row.number) -> None:
            errors.append(CellError(number, letters.get(name, name), message))

        values = row.values
        target = _target(values, letters, lines, orders, bad)
        try:
            delivery: DeliveryIn | None = DeliveryIn.model_validate(
                {k: v for k, v in values.items() if k in _MODEL_FIELDS and v is not None}
            )
        except ValidationError as exc:
            delivery = None
            for problem in field_errors(exc):
                if problem.field in values or problem.field not in letters:
                    bad(problem.field, problem.message)  # a refused cell was named already
        for name in ("shipped_on", "received_on"):
            day = values.get(name)
            if day is None:
                continue
            if day > today:
                bad(name, f"{day:%Y-%m-%d} is in the future (today is {today:%Y-%m-%d})")
            elif target is not None and target[1].sent_on is not None and day < target[1].sent_on:
                what = "received" if name == "received_on" else "shipped"
                bad(
                    name,
                    f"{day:%Y-%m-%d}: {what} before the order {target[1].number} was sent on {target[1].sent_on:%Y-%m-%d}",
                )
        reference = values.get("reference")
        if reference:
            if reference in seen:
                bad("reference", f"'{reference}' repeats row {seen[reference]}")
            seen.setdefault(reference, row.number)
            known = existing.get(reference)
            if known is not None and target is not None and known.order_line_id != target[0].id:
                bad(
                    "reference",
                    f"'{reference}' is already recorded for another order line; this row would move it to "
                    f"{target[1].number} line {target[0].position}. Check the reference (nothing was moved).",
                )
        if len(errors) == before and row.number not in bad_rows and target is not None and delivery is not None:
            parsed.append((target, delivery))
    return parsed


def _target(
    values: Mapping[str, Any],
    letters: Mapping[str, str],
    lines: Mapping[tuple[str, str], Target],
    orders: set[str],
    bad: Callable[[str, str], None],
) -> Target | None:
    """The order line a row names, or None after naming the column that does not match."""
    order_text = values.get("order")
    if "order" not in values and "order" in letters:
        return None  # the cell itself was refused (and named) already
    if not order_text:
        bad("order", "the order number is missing")
        return None
    number = str(order_text).casefold()
    if number not in orders:
        padded = sorted(o for o in orders if o.lstrip("0") == number.lstrip("0") and o != number)
        hint = (
            f"; it matches {padded[0].upper()} without its leading zeros: format the column as text" if padded else ""
        )
        bad("order", f"no order {order_text} for this partner{hint}")
        return None
    position, sku = values.get("line"), values.get("sku")
    if position is not None:
        target = lines.get((number, f"#{position}"))
        if target is None:
            bad("line", f"order {order_text} has no line {position}")
        return target
    if sku:
        target = lines.get((number, str(sku).casefold()))
        if target is None:
            bad("sku", f"order {order_text} has no line with the SKU {sku}")
        return target
    if "line" in letters and "line" not in values:
        return None  # the line cell itself was refused (and named) already
    bad("line" if "line" in letters else "sku", "give the line number or the SKU")
    return None
