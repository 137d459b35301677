"""Import a partner's delivery export: all rows valid or nothing written, idempotent on the delivery reference."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.errors import CellError, ImportFailed
from microfactory_desk.imports.deliveries import FIELDS, DeliveryFile, read_delivery_file, typed_columns
from microfactory_desk.models import Delivery, DeliveryMapping, OrderLine, Partner, PurchaseOrder, Sku
from microfactory_desk.schemas.import_preview import ImportPreview, PreviewProblem
from microfactory_desk.schemas.roster_rows import PartnerChoice
from microfactory_desk.schemas.telemetry import DeliveryImportSummary, TransitSettings
from microfactory_desk.services.common.bulk import insert_columns, random_uuids
from microfactory_desk.services.common.records import by_code, lock_partner
from microfactory_desk.services.orders.receipts import follow_deliveries_of, received_by_line
from microfactory_desk.services.roster.listing import partner_choices
from microfactory_desk.services.telemetry.deliveries import (
    apply_delivery,
    over_delivery_warning,
    promised_date,
    sla_lead_target,
    transit_settings,
)
from microfactory_desk.services.telemetry.import_checks import CheckedRow, Target, as_input, check_rows

# What an unchanged row is compared on (after the reference and id), in CheckedRow's order.
_STORED = (
    Delivery.reference, Delivery.id, Delivery.order_line_id, Delivery.shipped_on, Delivery.received_on,
    Delivery.qty_received, Delivery.qty_accepted, Delivery.qty_defective, Delivery.notes,
)  # fmt: skip


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """'field=Their header' pairs from the command line; unknown fields refused."""
    mapping = {}
    for pair in pairs:
        field, sep, header = pair.partition("=")
        field = field.strip()
        if not sep or field not in FIELDS or not header.strip():
            known = ", ".join(FIELDS)
            raise ImportFailed(
                [CellError(0, field or pair, f"use FIELD=HEADER with FIELD one of {known}")], "Bad --map"
            )
        mapping[field] = header.strip()
    return mapping


class _DryRunDone(Exception):
    """Carries a dry run's summary out of the transaction it rolls back."""

    def __init__(self, summary: DeliveryImportSummary) -> None:
        super().__init__("dry run")
        self.summary = summary


class DeliveryImport:
    """Reads a partner's file with its remembered column mapping and writes its deliveries in one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def partner_choices(self) -> list[PartnerChoice]:
        """Every partner whose deliveries may be imported, by name (offboarded ones too: old orders arrive)."""
        return partner_choices(self._db)

    def mapping(self, partner_id: int) -> dict[str, str]:
        """The column mapping remembered for the partner."""
        with self._db.session() as session:
            text = session.scalar(select(DeliveryMapping.mapping).where(DeliveryMapping.partner_id == partner_id))
        try:
            stored = json.loads(text or "{}")
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in stored.items() if k in FIELDS} if isinstance(stored, dict) else {}

    def import_file(
        self,
        path: Path,
        partner_code: str,
        *,
        mapping: Mapping[str, str] | None = None,
        dry_run: bool = False,
        date_order: str | None = None,
        decimal: str | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> DeliveryImportSummary:
        """Import every row or none; rows whose reference exists are updated only when something changed.

        `mapping` (field -> header) must be found in the file; the partner's remembered mapping only adds
        header names to look for. `date_order` (DMY|MDY|YMD) and `decimal` ("." or ",") settle what the
        file's columns leave open. Raises ImportFailed naming every problem by row and column.
        """
        with self._db.session() as session:
            partner_id = by_code(session, Partner, partner_code, "partner").id
        data = read_delivery_file(
            Path(path),
            mapping or {},
            self.mapping(partner_id),
            date_order=date_order,
            decimal=decimal,
            cancelled=cancelled,
        )
        try:
            return self._write(partner_id, data, dry_run, cancelled)
        except _DryRunDone as done:
            return done.summary

    def preview(
        self,
        path: Path,
        partner_code: str,
        *,
        mapping: Mapping[str, str] | None = None,
        date_order: str | None = None,
        decimal: str | None = None,
    ) -> ImportPreview:
        """The file as this import would read it, and every problem a real import would refuse (nothing written).

        Raises FileFormatError when the file is no table and NotFound for an unknown partner; column
        problems come back as problems of the header row.
        """
        with self._db.session() as session:
            partner_id = by_code(session, Partner, partner_code, "partner").id
        data = read_delivery_file(
            Path(path), mapping or {}, self.mapping(partner_id), date_order=date_order, decimal=decimal, lenient=True
        )
        preview = ImportPreview(
            header=data.header, header_row=data.header_row, rows=data.sample, fields=list(FIELDS),
            columns=data.indexes, date_order=data.date_order, decimal=data.decimal,
        )  # fmt: skip
        if not data.numbers:  # the columns do not match: nothing to try yet
            preview.problems = [
                PreviewProblem(row=e.row, column=-1, message=e.message, remedy=e.remedy) for e in data.problems
            ]
            return preview
        try:
            summary = self._write(partner_id, data, True, None)
        except _DryRunDone as done:
            summary = done.summary
        except ImportFailed as exc:
            index = {label: data.indexes[name] for name, label in data.letters.items()}
            preview.problems = [
                PreviewProblem(row=e.row, column=index.get(e.column, -1), message=e.message, remedy=e.remedy)
                for e in exc.errors
            ]
            return preview
        preview.added, preview.updated, preview.unchanged = summary.added, summary.updated, summary.unchanged
        return preview

    def forget_mapping(self, partner_code: str) -> bool:
        """Drop the partner's remembered column mapping; True when there was one."""
        with self._db.session() as session:
            partner_id = by_code(session, Partner, partner_code, "partner").id
            row = session.scalar(select(DeliveryMapping).where(DeliveryMapping.partner_id == partner_id))
            if row is None:
                return False
            session.delete(row)
        return True

    def mapping_of(self, partner_code: str) -> dict[str, str]:
        """The column mapping remembered for the partner with this code (field -> header)."""
        with self._db.session() as session:
            partner_id = by_code(session, Partner, partner_code, "partner").id
        return self.mapping(partner_id)

    def _write(
        self, partner_id: int, data: DeliveryFile, dry_run: bool, cancelled: Callable[[], bool] | None
    ) -> DeliveryImportSummary:
        typed, errors = typed_columns(data)
        with self._db.session() as session:
            # Two imports for one partner queue here: the later one sees the earlier one's deliveries by
            # reference and updates (or leaves) them instead of adding them twice.
            lock_partner(session, partner_id)
            lines = self._lines(session, partner_id)
            stored = {
                row.reference: row for row in session.execute(select(*_STORED).where(Delivery.partner_id == partner_id))
            }
            existing = {reference: row.order_line_id for reference, row in stored.items()}
            checked = check_rows(data.numbers, typed, data.letters, lines, existing, errors, clock.today(), cancelled)
            if errors:
                errors.sort(key=lambda e: e.row)
                raise ImportFailed(errors, source=data.source)
            summary = DeliveryImportSummary(mapping=data.columns)
            touched: dict[int, Target] = {}
            promised: dict[int, dt.date | None] = {}
            transit = transit_settings(session)
            targets: dict[dt.date, int | None] = {}
            new_rows: list[CheckedRow] = []
            updates: dict[int, CheckedRow] = {}
            unchanged = 0
            for row in checked:
                target = row[0]
                current = stored.get(row[1])
                if current is None:
                    if target.line_id not in promised:
                        promised[target.line_id] = self._promised(session, target.line, target.order, targets, transit)
                    new_rows.append(row)
                elif _same(current, row):
                    unchanged += 1
                    continue
                else:
                    updates[current.id] = row
                touched[target.line_id] = target
            # Counted once at the end: a pydantic summary's attributes are slow to set 100,000 times.
            summary.added, summary.updated, summary.unchanged = len(new_rows), len(updates), unchanged
            for start in range(0, len(updates), 500):
                ids = list(updates)[start : start + 500]
                for delivery in session.scalars(select(Delivery).where(Delivery.id.in_(ids))):
                    row = updates[delivery.id]
                    apply_delivery(session, delivery, row[0].line, row[0].order, as_input(row), transit)
            insert_columns(session, Delivery, _new_columns(new_rows, promised))
            session.flush()
            # Every line of the touched orders, summed once: over-deliveries are warned of, and the orders follow
            # their deliveries as when one delivery is recorded by hand.
            orders = _orders_of(touched, lines)
            received = received_by_line(
                session, [line.id for _, order_lines in orders.values() for line in order_lines]
            )
            summary.warnings += self._over_delivered(session, touched, received)
            follow_deliveries_of(session, orders, received, clock.today())
            if dry_run:
                raise _DryRunDone(summary)  # leaving the block by an exception rolls everything back
            self._remember(session, partner_id, data.columns)
        return summary

    @staticmethod
    def _promised(
        session: Session,
        line: OrderLine,
        order: PurchaseOrder,
        targets: dict[dt.date, int | None],
        transit: TransitSettings,
    ) -> dt.date | None:
        """promised_date, with the SLA lead target looked up once per sent date rather than once per line."""
        if line.confirmed_ship_on is not None or order.sent_on is None:
            return promised_date(session, line, order, transit)
        if order.sent_on not in targets:
            targets[order.sent_on] = sla_lead_target(session, order.partner_id, order.sent_on)
        target = targets[order.sent_on]
        return order.sent_on + dt.timedelta(days=target) if target is not None else None

    @staticmethod
    def _over_delivered(
        session: Session, touched: dict[int, Target], received: Mapping[int, tuple[int, dt.date | None]]
    ) -> list[str]:
        """over_delivery_warning for every touched line that received more than ordered (`received_by_line`)."""
        return [
            warning
            for line_id, target in touched.items()
            if received.get(line_id, (0, None))[0] > target.line.quantity
            and (warning := over_delivery_warning(session, target.line, target.order))
        ]

    @staticmethod
    def _lines(session: Session, partner_id: int) -> dict[tuple[str, str], Target]:
        """The partner's order lines by (folded PO number, line position) and (folded PO number, SKU code)."""
        found: dict[tuple[str, str], Target] = {}
        query = (
            select(OrderLine, PurchaseOrder, Sku.code)
            .join(PurchaseOrder, OrderLine.order_id == PurchaseOrder.id)
            .join(Sku, OrderLine.sku_id == Sku.id)
            .where(PurchaseOrder.partner_id == partner_id)
        )
        for line, order, sku in session.execute(query):
            number = order.number.casefold()
            target = Target(line, order)
            found[(number, f"#{line.position}")] = target
            found.setdefault((number, sku.casefold()), target)
        return found

    @staticmethod
    def _remember(session: Session, partner_id: int, columns: dict[str, str]) -> None:
        text = json.dumps(columns, ensure_ascii=False, sort_keys=True)
        row = session.scalar(select(DeliveryMapping).where(DeliveryMapping.partner_id == partner_id))
        if row is None:
            session.add(DeliveryMapping(partner_id=partner_id, mapping=text))
        elif row.mapping != text:
            row.mapping = text


def _same(current: Any, row: CheckedRow) -> bool:
    """Whether a stored delivery (a row of _STORED) already holds what the file says."""
    return current[2] == row[0].line_id and tuple(current[3:]) == row[2:]


def _new_columns(rows: list[CheckedRow], promised: Mapping[int, dt.date | None]) -> dict[str, Sequence[Any]]:
    """The column values of new delivery rows, as apply_delivery would set them, one sequence per column."""
    if not rows:
        return {}
    now = clock.utc_now()  # one import, one moment: every row is stamped alike
    # In received order (a stable sort: a day's rows keep the file's order): the two KPI indexes lead with the
    # received date, so they then grow at their ends instead of at random pages (a third less inserting).
    rows = sorted(rows, key=_received_key)
    targets, references, shipped, received, qty, accepted, defective, notes = zip(*rows, strict=True)
    sent = [target.sent_on for target in targets]
    return {
        "uuid": random_uuids(len(rows)),
        "created_at": [now] * len(rows),
        "updated_at": [now] * len(rows),
        "order_line_id": [target.line_id for target in targets],
        "partner_id": [target.partner_id for target in targets],
        "reference": references,
        "sent_on": sent,
        "promised_on": [promised[target.line_id] for target in targets],
        "shipped_on": shipped,
        "received_on": received,
        "lead_days": [
            (r - s).days if r is not None and s is not None else None for r, s in zip(received, sent, strict=True)
        ],
        "qty_received": qty,
        "qty_accepted": accepted,
        "qty_defective": defective,
        "notes": notes,
    }


def _received_key(row: CheckedRow) -> tuple[bool, dt.date]:
    return (row[3] is not None, row[3] or dt.date.min)


def _orders_of(
    touched: dict[int, Target], lines: dict[tuple[str, str], Target]
) -> dict[int, tuple[PurchaseOrder, list[OrderLine]]]:
    """Order id -> (order, every line of it) for the orders an import touched; the lines come from the partner's
    lines already read (`lines` holds each line once by position)."""
    orders = {target.order.id: target.order for target in touched.values()}
    found: dict[int, tuple[PurchaseOrder, list[OrderLine]]] = {
        order_id: (order, []) for order_id, order in orders.items()
    }
    for (_number, key), target in lines.items():
        if key.startswith("#") and target.order.id in found:
            found[target.order.id][1].append(target.line)
    return found
