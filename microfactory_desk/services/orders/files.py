"""Order files: the Excel order sheet, the confirmation import, the order JSON and the flat export of all lines."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.errors import DeskError, FileFormatError, NotFound
from microfactory_desk.models import OrderLine, Partner, PurchaseOrder, Sku
from microfactory_desk.schemas.history import ChangeOut
from microfactory_desk.schemas.import_preview import ConfirmationSummary
from microfactory_desk.schemas.order_contract import (
    ContractChange,
    ContractDestination,
    ContractLine,
    ContractParty,
    OrderDocument,
)
from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.schemas.orders import Confirmation, OrderOut, OrderSheet
from microfactory_desk.schemas.vocab import label
from microfactory_desk.services.common.history import record_history
from microfactory_desk.services.common.settings import read_setting
from microfactory_desk.services.common.sql import SessionReader
from microfactory_desk.services.orders.reads import full_order_out, load_order, order_fingerprint, order_out
from microfactory_desk.services.orders.service import OrderService, mark_sent
from microfactory_desk.services.telemetry.deliveries import transit_settings

BUYER_SETTING = "orders.buyer"
DEFAULT_BUYER = "Microfactory Desk procurement"
STREAM_CHUNK = 2000


def _text(value: Decimal | None) -> str | None:
    """A decimal string with at least two decimals ("10.90", "0.1250"), None stays None."""
    if value is None:
        return None
    whole, _, cents = format(value.normalize(), "f").partition(".")
    return f"{whole}.{cents.ljust(2, '0')}"


def order_document(order: OrderOut, history: Sequence[ChangeOut] = ()) -> OrderDocument:
    """The order in the published contract shape, with its change log (`history`, newest first) when given."""
    lines = [
        ContractLine(
            position=line.position,
            sku_code=line.sku_code,
            sku_name=line.sku_name,
            unit=line.sku_unit,
            quantity=line.quantity,
            unit_price=_text(line.unit_price),
            price_source=line.price_source,
            price_tier=line.tier_label,
            line_total=_text(line.line_total),
            notes=line.notes,
            confirmed_qty=line.confirmed_qty,
            confirmed_ship_on=line.confirmed_ship_on,
            partner_comment=line.partner_comment,
        )
        for line in order.lines
    ]
    return OrderDocument(
        uuid=order.uuid,
        number=order.number,
        status=order.status,
        order_date=order.order_date,
        requested_on=order.requested_on,
        sent_on=order.sent_on,
        partner=ContractParty(
            code=order.partner_code, name=order.partner_name, city=order.partner_city, country=order.partner_country
        ),
        destination=ContractDestination(
            name=order.destination_name, type=order.destination_type, address=order.destination_address
        ),
        shipping_mode=order.shipping_mode,
        currency=order.currency,
        sla_version=order.sla_version_number,
        notes=order.notes,
        lines=lines,
        total=_text(order.total) or "0",
        line_set_fingerprint=order_fingerprint(order),
        history=[
            ContractChange(
                changed_at=c.changed_at,
                changed_by=c.changed_by,
                field=c.label or c.field,
                old_value=c.old_value,
                new_value=c.new_value,
            )
            for c in history
        ],
    )


class OrderFiles:
    """Turns orders into files and partners' confirmations back into orders."""

    def __init__(self, db: Database, *, orders: OrderService) -> None:
        self._db = db
        self._orders = orders

    def buyer(self) -> str:
        """Who buys, as printed on order sheets (a database setting)."""
        with self._db.session() as session:
            return str(read_setting(session, BUYER_SETTING, DEFAULT_BUYER))

    def sheet(self, order_id: int, today: dt.date) -> OrderSheet:
        """What the order sheet of an order shows."""
        with self._db.session() as session:
            return _sheet(session, load_order(session, order_id), today)

    def export_sheet(self, number: str, path: Path, *, today: dt.date | None = None) -> OrderOut:
        """Write the Excel order sheet of the order with this number."""
        _check_sheet_path(path)
        with self._db.session() as session:
            sheet = _sheet(session, load_order(session, _order_id(session, number)), today or clock.today())
        _write_sheet(sheet, Path(path))
        return sheet.order

    def send(self, order_id: int, path: Path, *, on: dt.date) -> OrderOut:
        """Write the sheet of a draft and mark it sent, in one transaction that loads the order once.

        The sheet is written before the status changes (no sent order without its file) and removed again
        when the change does not commit (no sheet in the partner's hands for an order still a draft).
        """
        _check_sheet_path(path)
        path = Path(path)
        written = False
        try:
            with self._db.session() as session:
                row = load_order(session, order_id)
                if row.status != OrderStatus.DRAFT.value:
                    raise DeskError(f"{row.number} is already {label(row.status).lower()}.")
                sheet = _sheet(session, row, on)
                _require_lines(sheet.order)
                mark_sent(row, on)  # refuses unpriced lines before any file exists
                _write_sheet(sheet, path)
                written = True
                session.flush()
                return order_out(row, sla_number=sheet.order.sla_version_number)
        except BaseException:
            if written:
                path.unlink(missing_ok=True)
            raise

    def export_json(self, number: str, path: Path) -> OrderOut:
        """Write the order as JSON following `schema order`."""
        if Path(path).suffix.lower() != ".json":
            raise FileFormatError(f"Cannot write order JSON to '{Path(path).name}': use a .json file name.")
        with self._db.session() as session:
            order = full_order_out(session, load_order(session, _order_id(session, number)))
            history = record_history(SessionReader(session), "purchase_order", order.id)
        from microfactory_desk.exports.atomic import atomic_output

        text = order_document(order, history).model_dump_json(by_alias=True, indent=2)
        with atomic_output(Path(path)) as tmp:
            tmp.write_text(text + "\n", encoding="utf-8")
        return order

    def import_confirmation(
        self, path: Path, *, expected_order_id: int | None = None, today: dt.date | None = None
    ) -> OrderOut:
        """Read a returned sheet or JSON confirmation and confirm its order, all or nothing."""
        _order, confirmation, day = self._read_confirmation(Path(path), expected_order_id, today)
        return self._orders.confirm(confirmation, on=day)

    def check_confirmation(
        self, path: Path, *, expected_order_id: int | None = None, today: dt.date | None = None
    ) -> ConfirmationSummary:
        """What a confirmation file says (lines in full, short, at zero, late, comments), without applying it.

        Raises the same errors as import_confirmation (ImportFailed naming every problem, NotFound, DeskError).
        """
        order, confirmation, _day = self._read_confirmation(Path(path), expected_order_id, today)
        by_position = {line.position: line for line in order.lines}
        answers = confirmation.lines
        requested = order.requested_on
        with self._db.session(write=False) as session:
            # Judged on arrival, as the applied confirmation is: the ship date plus the mode's transit allowance.
            transit = dt.timedelta(days=transit_settings(session).days(str(order.shipping_mode.value)))
        return ConfirmationSummary(
            order_number=order.number,
            lines=len(answers),
            confirmed_in_full=sum(a.confirmed_qty >= by_position[a.position].quantity for a in answers),
            short=sum(0 < a.confirmed_qty < by_position[a.position].quantity for a in answers),
            at_zero=sum(a.confirmed_qty == 0 for a in answers),
            later_than_requested=sum(
                requested is not None and a.confirmed_ship_on is not None and a.confirmed_ship_on + transit > requested
                for a in answers
            ),
            comments=[f"line {a.position}: {a.comment}" for a in answers if a.comment],
        )

    def _read_confirmation(
        self, path: Path, expected_order_id: int | None, today: dt.date | None
    ) -> tuple[OrderOut, Confirmation, dt.date]:
        from microfactory_desk.imports.order_confirmation import identify, read_confirmation

        if not path.is_file():
            raise NotFound(f"No file at {path}.")
        found = identify(path)
        with self._db.session() as session:
            order_id = session.scalar(select(PurchaseOrder.id).where(PurchaseOrder.uuid == found.order_uuid))
        if order_id is None:
            raise NotFound(f"{path.name} answers order {found.order_number or '?'}, which this database does not hold.")
        order = self._orders.get_order(order_id)
        if expected_order_id is not None and order_id != expected_order_id:
            # The order the file's id names, not the number it states: that one may be edited (see read_confirmation).
            expected = self._orders.get_order(expected_order_id)
            raise DeskError(f"{path.name} is the sheet of {order.number}, not of {expected.number}.")
        day = today or clock.today()
        return order, read_confirmation(path, order, order_fingerprint(order), today=day), day

    def export_flat(self, path: Path, *, status: str = "", cancelled: Callable[[], bool] | None = None) -> int:
        """Every order line (of one status, or all) in one flat .xlsx or .csv table; returns the line count."""
        from microfactory_desk.exports.orders_flat import check_flat_path, write_orders_flat

        check_flat_path(path)
        if status and status not in {s.value for s in OrderStatus}:
            raise DeskError(f"'{status}' is not an order status; use one of {', '.join(s.value for s in OrderStatus)}.")
        return write_orders_flat(self._flat_rows(status), Path(path), cancelled=cancelled)

    def _flat_rows(self, status: str) -> Iterator[tuple[Any, ...]]:
        o, p, line, s = PurchaseOrder, Partner, OrderLine, Sku
        query = (
            select(
                o.number,
                o.status,
                p.code,
                p.name,
                o.order_date,
                o.requested_on,
                o.sent_on,
                o.received_on,
                o.destination_name,
                o.destination_type,
                o.shipping_mode,
                o.currency,
                line.position,
                s.code,
                s.name,
                s.category,
                s.experimental,
                line.quantity,
                line.unit_price,
                line.price_source,
                line.tier_label,
                line.confirmed_qty,
                line.confirmed_ship_on,
                line.partner_comment,
                o.cancel_reason,
            )  # fmt: skip
            .join(p, p.id == o.partner_id)
            .join(line, line.order_id == o.id)
            .join(s, s.id == line.sku_id)
            .order_by(o.order_date, o.number, line.position)
        )
        if status:
            query = query.where(o.status == status)
        with self._db.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=STREAM_CHUNK).execute(query)
            for r in result:
                price = r[18]
                total = None if price is None else price * r[17]
                # Vocabulary values as people read them ("In production", "Last mile", "Override").
                yield (
                    r[0], label(r[1]), *r[2:9], label(r[9]), label(r[10]), *r[11:16], "yes" if r[16] else "no",
                    r[17], price, total, label(r[19]), *r[20:],
                )  # fmt: skip


def _order_id(session: Session, number: str) -> int:
    """The id of the order with this number (any case), or NotFound."""
    found = session.scalar(select(PurchaseOrder.id).where(func.upper(PurchaseOrder.number) == number.strip().upper()))
    if found is None:
        raise NotFound(f"No order with number {number!r}.")
    return int(found)


def _sheet(session: Session, row: PurchaseOrder, today: dt.date) -> OrderSheet:
    """The order sheet of a loaded order, its SLA terms and the buyer read in the same session."""
    order = full_order_out(session, row, with_terms=True)
    buyer = str(read_setting(session, BUYER_SETTING, DEFAULT_BUYER))
    return OrderSheet(order=order, buyer=buyer, fingerprint=order_fingerprint(order), generated_on=today)


def _check_sheet_path(path: Path) -> None:
    if Path(path).suffix.lower() != ".xlsx":
        raise FileFormatError(f"Cannot write an order sheet to '{Path(path).name}': use a .xlsx file name.")


def _require_lines(order: OrderOut) -> None:
    """An empty sheet would ask the partner to confirm nothing."""
    if not order.lines:
        raise DeskError(f"{order.number} has no lines; add some before writing its sheet.")


def _write_sheet(sheet: OrderSheet, path: Path) -> None:
    _require_lines(sheet.order)
    from microfactory_desk.exports.order_sheet import write_order_sheet

    write_order_sheet(sheet, path)


def dump_schema(kind: str) -> str:
    """The JSON Schema text of `order` or `order-confirmation`."""
    from microfactory_desk.schemas.order_contract import json_schema

    try:
        return json.dumps(json_schema(kind), indent=2, ensure_ascii=False)
    except ValueError as exc:
        raise DeskError(str(exc)) from None
