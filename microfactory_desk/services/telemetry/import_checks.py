"""Checks of imported delivery rows against the partner's orders: every problem of every row, where it is.

The rows are checked column by column as the reader typed them (`imports.deliveries.typed_columns`). A clean
row is validated with plain code that applies DeliveryIn's rules; only a row that breaks one goes through the
pydantic model, so its messages are exactly those of the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from microfactory_desk.errors import Cancelled, CellError
from microfactory_desk.imports.deliveries import REFUSED
from microfactory_desk.models import OrderLine, PurchaseOrder
from microfactory_desk.schemas.fields import field_errors
from microfactory_desk.schemas.telemetry import DeliveryIn
from microfactory_desk.services.telemetry.deliveries import not_deliverable

_MODEL_FIELDS = ("reference", "shipped_on", "received_on", "qty_received", "qty_accepted", "qty_defective", "notes")
_MOST = 100_000_000  # NonNegative's bound on every quantity
_REFERENCE_CHARS = 100  # DeliveryIn.reference's max_length
# DeliveryIn's rules across fields: the fields each rule's field is judged against. A rule whose other field's
# cell was refused (and named) already says nothing true: "more defective than received" of a refused quantity.
_JUDGED_AGAINST = {
    "qty_defective": {"qty_received"},
    "qty_accepted": {"qty_received", "qty_defective"},
    "received_on": {"shipped_on", "qty_received"},
}


class Target:
    """An order line a row may name, with the values the checks read copied out of the ORM objects once."""

    __slots__ = ("closed", "line", "line_id", "number", "order", "partner_id", "position", "sent_on")

    def __init__(self, line: OrderLine, order: PurchaseOrder) -> None:
        self.line, self.order = line, order
        self.line_id, self.position = line.id, line.position
        self.number, self.sent_on, self.partner_id = order.number, order.sent_on, order.partner_id
        self.closed = not_deliverable(order)  # why the order takes no deliveries (cancelled, draft), or None


# A row that passed every check: (Target, reference, shipped_on, received_on, qty_received, qty_accepted,
# qty_defective, notes), the delivery as DeliveryIn would hold it with qty_accepted resolved. A plain tuple:
# a big import builds 100,000 of them and turns them into columns with zip(*rows).
CheckedRow = tuple[Any, ...]


def as_input(row: CheckedRow) -> DeliveryIn:
    """A checked row as the validated input the single-delivery service takes (for an update)."""
    return DeliveryIn.model_construct(
        reference=row[1], shipped_on=row[2], received_on=row[3], qty_received=row[4], qty_accepted=row[5],
        qty_defective=row[6], notes=row[7],
    )  # fmt: skip


def check_rows(
    numbers: list[int],
    columns: Mapping[str, list[Any]],
    letters: Mapping[str, str],
    lines: Mapping[tuple[str, str], Target],
    existing: Mapping[str, int],
    errors: list[CellError],
    today: dt.date,
    cancelled: Callable[[], bool] | None = None,
) -> list[CheckedRow]:
    """The rows that pass; every problem is appended to `errors`.

    `numbers` are the file's row numbers, `columns` the typed columns (field -> one value per row, REFUSED
    where the cell was refused already), `existing` the order line id of each reference already stored.
    Problems found only against the database name the file's own column: an unknown, cancelled or draft order
    the order column, a date before the order was sent the date column, a known reference now on another line
    the reference.
    """
    orders = {number for number, _ in lines}
    bad_rows = {e.row for e in errors}
    seen: dict[str, int] = {}
    passed: list[CheckedRow] = []
    none = [None] * len(numbers)
    get = columns.get
    order_col, line_col, sku_col = get("order", none), get("line", none), get("sku", none)
    model_cols = [get(name, none) for name in _MODEL_FIELDS]
    found = _found_targets(order_col, line_col, sku_col, lines)
    rows = zip(numbers, found, order_col, line_col, sku_col, *model_cols, strict=True)
    for index, (number, target, order_text, position, sku, *model_values) in enumerate(rows):
        if index % Cancelled.CHECK_EVERY_ROWS == 0 and cancelled is not None and index and cancelled():
            raise Cancelled("Import stopped; nothing was imported.")
        before = len(errors)
        if target is None:  # not found: the slow path names what does not match
            target = _target(order_text, position, sku, letters, lines, orders, errors, number)
        if target is not None and target.closed is not None:
            errors.append(CellError(number, letters.get("order", "order"), target.closed))
            target = None  # the row names no order it can be delivered against: nothing is judged against it
        reference, shipped, received, qty, accepted, defective, notes = model_values
        key = None if reference is REFUSED else reference  # duplicates are found on the reference as read
        valid = True
        if _clean(reference, shipped, received, qty, accepted, defective, notes):
            qty, defective, notes = qty or 0, defective or 0, notes or ""
            accepted = accepted if accepted is not None else qty - defective
        else:
            values = dict(zip(_MODEL_FIELDS, model_values, strict=True))
            checked = _validated(values, letters, errors, number)
            valid = checked is not None
            if checked is not None:
                reference, shipped, received, qty, accepted, defective, notes = checked
        sent = target.sent_on if target is not None else None
        for name, day in (("shipped_on", shipped), ("received_on", received)):
            if day is None or day is REFUSED or (day <= today and (sent is None or day >= sent)):
                continue  # the common case, first
            if day > today:
                message = f"{day:%Y-%m-%d} is in the future (today is {today:%Y-%m-%d})"
            else:
                what = "received" if name == "received_on" else "shipped"
                message = f"{day:%Y-%m-%d}: {what} before the order {target.number} was sent on {sent:%Y-%m-%d}"
            errors.append(CellError(number, letters.get(name, name), message))
        if key:
            if key in seen:
                errors.append(CellError(number, letters["reference"], f"'{key}' repeats row {seen[key]}"))
            else:
                seen[key] = number
            known = existing.get(key)
            if known is not None and target is not None and known != target.line_id:
                message = (
                    f"'{key}' is already recorded for another order line; this row would move it to "
                    f"{target.number} line {target.position}. Check the reference (nothing was moved)."
                )
                errors.append(CellError(number, letters["reference"], message))
        if valid and target is not None and len(errors) == before and number not in bad_rows:
            passed.append((target, reference, shipped, received, qty, accepted, defective, notes))
    return passed


def _found_targets(
    orders: list[Any], positions: list[Any], skus: list[Any], lines: Mapping[tuple[str, str], Target]
) -> list[Target | None]:
    """Each row's order line when its order and line number (or, without one, its SKU) name one; else None.

    Order numbers, line numbers and SKUs repeat down a file, so each distinct one is folded once.
    """
    folded = {o: o.casefold() for o in set(orders) if type(o) is str and o}
    keyed = {p: f"#{p}" for p in set(positions) if type(p) is int}
    skus_folded = {s: s.casefold() for s in set(skus) if type(s) is str and s}
    return [
        lines.get((folded.get(o, ""), keyed[p] if p is not None and p is not REFUSED else skus_folded.get(s, "")))
        for o, p, s in zip(orders, positions, skus, strict=True)
    ]


def _clean(reference: Any, shipped: Any, received: Any, qty: Any, accepted: Any, defective: Any, notes: Any) -> bool:
    """Whether the row meets DeliveryIn's rules as it stands (True means pydantic would take it unchanged)."""
    if type(reference) is not str or not 0 < len(reference) <= _REFERENCE_CHARS or not reference.isprintable():
        return False
    if notes is not None and (type(notes) is not str or not notes.isprintable()):
        return False
    for day in (shipped, received):
        if day is not None and type(day) is not dt.date:
            return False
    for count in (qty, accepted, defective):
        if count is not None and (type(count) is not int or count > _MOST):
            return False
    received_count, defective_count = qty or 0, defective or 0
    if shipped is not None and received is not None and received < shipped:
        return False
    if defective_count > received_count or (accepted is not None and accepted + defective_count > received_count):
        return False
    return not (received is None and received_count)


def _validated(values: dict[str, Any], letters: Mapping[str, str], errors: list[CellError], number: int) -> Any:
    """The row's delivery through the pydantic model, naming every problem it finds; None when refused."""
    given = {k: v for k, v in values.items() if v is not None and v is not REFUSED}
    refused = {k for k, v in values.items() if v is REFUSED}
    try:
        delivery = DeliveryIn.model_validate(given)
    except ValidationError as exc:
        for problem in field_errors(exc):
            if problem.field in refused or _JUDGED_AGAINST.get(problem.field, set()) & refused:
                continue  # the refused cell was named already; a rule judged against it has nothing to say
            errors.append(CellError(number, letters.get(problem.field, problem.field), problem.message))
        return None
    return (
        delivery.reference, delivery.shipped_on, delivery.received_on, delivery.qty_received, delivery.accepted,
        delivery.qty_defective, delivery.notes,
    )  # fmt: skip


def _target(
    order_text: Any,
    position: Any,
    sku: Any,
    letters: Mapping[str, str],
    lines: Mapping[tuple[str, str], Target],
    orders: set[str],
    errors: list[CellError],
    number: int,
) -> Target | None:
    """The order line a row names, or None after naming the column that does not match."""
    if order_text is not REFUSED and order_text and position is not None and position is not REFUSED:
        found = lines.get((str(order_text).casefold(), f"#{position}"))
        if found is not None:
            return found  # the common case, first

    def bad(name: str, message: str) -> None:
        errors.append(CellError(number, letters.get(name, name), message))

    if order_text is REFUSED:
        return None  # the cell itself was refused (and named) already
    if not order_text:
        bad("order", "the order number is missing")
        return None
    folded = str(order_text).casefold()
    if folded not in orders:
        padded = sorted(o for o in orders if o.lstrip("0") == folded.lstrip("0") and o != folded)
        hint = (
            f"; it matches {padded[0].upper()} without its leading zeros: format the column as text" if padded else ""
        )
        bad("order", f"no order {order_text} for this partner{hint}")
        return None
    if position is not None and position is not REFUSED:
        target = lines.get((folded, f"#{position}"))
        if target is None:
            bad("line", f"order {order_text} has no line {position}")
        return target
    if sku and sku is not REFUSED:
        target = lines.get((folded, str(sku).casefold()))
        if target is None:
            bad("sku", f"order {order_text} has no line with the SKU {sku}")
        return target
    if position is REFUSED:
        return None  # the line cell itself was refused (and named) already
    bad("line" if "line" in letters else "sku", "give the line number or the SKU")
    return None
