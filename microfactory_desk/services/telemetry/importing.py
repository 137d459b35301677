"""Import a partner's delivery export: all rows valid or nothing written, idempotent on the delivery reference."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.errors import CellError, ImportFailed
from microfactory_desk.imports.deliveries import FIELDS, DeliveryFile, read_delivery_file, typed_rows
from microfactory_desk.models import Delivery, DeliveryMapping, OrderLine, Partner, PurchaseOrder, Sku
from microfactory_desk.schemas.import_preview import ImportPreview, PreviewProblem
from microfactory_desk.schemas.roster_rows import PartnerChoice
from microfactory_desk.schemas.telemetry import DeliveryImportSummary, DeliveryIn
from microfactory_desk.services.common.records import by_code, lock_partner
from microfactory_desk.services.roster.listing import partner_choices
from microfactory_desk.services.telemetry.deliveries import (
    apply_delivery,
    new_delivery,
    over_delivery_warning,
    promised_date,
    sla_lead_target,
)
from microfactory_desk.services.telemetry.import_checks import check_rows

_CHUNK = 5_000
_ALL_COLUMNS = {"render_nulls": True}  # one INSERT batch for all rows, even where a value is None
_COMPARED = ("order_line_id", "shipped_on", "received_on", "qty_received", "qty_accepted", "qty_defective", "notes")


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
        if not data.rows:  # the columns do not match: nothing to try yet
            preview.problems = [PreviewProblem(row=e.row, column=-1, message=e.message) for e in data.problems]
            return preview
        try:
            summary = self._write(partner_id, data, True, None)
        except _DryRunDone as done:
            summary = done.summary
        except ImportFailed as exc:
            index = {label: data.indexes[name] for name, label in data.letters.items()}
            preview.problems = [
                PreviewProblem(row=e.row, column=index.get(e.column, -1), message=e.message) for e in exc.errors
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
        typed, errors = typed_rows(data)
        with self._db.session() as session:
            # Two imports for one partner queue here: the later one sees the earlier one's deliveries by
            # reference and updates (or leaves) them instead of adding them twice.
            lock_partner(session, partner_id)
            lines = self._lines(session, partner_id)
            existing = {
                d.reference: d for d in session.scalars(select(Delivery).where(Delivery.partner_id == partner_id))
            }
            parsed = check_rows(typed, data.letters, lines, existing, errors, clock.today(), cancelled)
            if errors:
                errors.sort(key=lambda e: e.row)
                raise ImportFailed(errors)
            summary = DeliveryImportSummary(mapping=data.columns)
            touched: dict[int, tuple[OrderLine, PurchaseOrder]] = {}
            promised: dict[int, dt.date | None] = {}
            targets: dict[dt.date, int | None] = {}
            new_rows: list[dict[str, Any]] = []
            for (line, order), delivery in parsed:
                current = existing.get(delivery.reference)
                if current is not None and self._same(current, line, delivery):
                    summary.unchanged += 1
                    continue
                touched[line.id] = (line, order)
                if current is None:
                    if line.id not in promised:
                        promised[line.id] = self._promised(session, line, order, targets)
                    new_rows.append(new_delivery(line, order, delivery, promised[line.id]))
                    summary.added += 1
                else:
                    apply_delivery(session, current, line, order, delivery)
                    summary.updated += 1
            # New deliveries go in as plain rows in bulk: per-object bookkeeping would cost most of a big import.
            for start in range(0, len(new_rows), _CHUNK):
                session.execute(insert(Delivery), new_rows[start : start + _CHUNK], execution_options=_ALL_COLUMNS)
            session.flush()
            summary.warnings += self._over_delivered(session, touched)
            if dry_run:
                raise _DryRunDone(summary)  # leaving the block by an exception rolls everything back
            self._remember(session, partner_id, data.columns)
        return summary

    @staticmethod
    def _promised(
        session: Session, line: OrderLine, order: PurchaseOrder, targets: dict[dt.date, int | None]
    ) -> dt.date | None:
        """promised_date, with the SLA lead target looked up once per sent date rather than once per line."""
        if line.confirmed_ship_on is not None or order.sent_on is None:
            return promised_date(session, line, order)
        if order.sent_on not in targets:
            targets[order.sent_on] = sla_lead_target(session, order.partner_id, order.sent_on)
        target = targets[order.sent_on]
        return order.sent_on + dt.timedelta(days=target) if target is not None else None

    @staticmethod
    def _over_delivered(session: Session, touched: dict[int, tuple[OrderLine, PurchaseOrder]]) -> list[str]:
        """over_delivery_warning for every touched line, summed in one query per 500 lines."""
        ids = list(touched)
        received: dict[int, int] = {}
        for start in range(0, len(ids), 500):
            query = (
                select(Delivery.order_line_id, func.sum(Delivery.qty_received))
                .where(Delivery.order_line_id.in_(ids[start : start + 500]))
                .group_by(Delivery.order_line_id)
            )
            received.update((int(line_id), int(total or 0)) for line_id, total in session.execute(query))
        return [
            warning
            for line_id, (line, order) in touched.items()
            if received.get(line_id, 0) > line.quantity and (warning := over_delivery_warning(session, line, order))
        ]

    @staticmethod
    def _lines(session: Session, partner_id: int) -> dict[tuple[str, str], tuple[OrderLine, PurchaseOrder]]:
        """The partner's order lines by (folded PO number, line position) and (folded PO number, SKU code)."""
        found: dict[tuple[str, str], tuple[OrderLine, PurchaseOrder]] = {}
        query = (
            select(OrderLine, PurchaseOrder, Sku.code)
            .join(PurchaseOrder, OrderLine.order_id == PurchaseOrder.id)
            .join(Sku, OrderLine.sku_id == Sku.id)
            .where(PurchaseOrder.partner_id == partner_id)
        )
        for line, order, sku in session.execute(query):
            number = order.number.casefold()
            found[(number, f"#{line.position}")] = (line, order)
            found.setdefault((number, sku.casefold()), (line, order))
        return found

    @staticmethod
    def _same(current: Delivery, line: OrderLine, delivery: DeliveryIn) -> bool:
        wanted = {
            "order_line_id": line.id,
            "shipped_on": delivery.shipped_on,
            "received_on": delivery.received_on,
            "qty_received": delivery.qty_received,
            "qty_accepted": delivery.accepted,
            "qty_defective": delivery.qty_defective,
            "notes": delivery.notes,
        }
        return all(getattr(current, name) == wanted[name] for name in _COMPARED)

    @staticmethod
    def _remember(session: Session, partner_id: int, columns: dict[str, str]) -> None:
        text = json.dumps(columns, ensure_ascii=False, sort_keys=True)
        row = session.scalar(select(DeliveryMapping).where(DeliveryMapping.partner_id == partner_id))
        if row is None:
            session.add(DeliveryMapping(partner_id=partner_id, mapping=text))
        elif row.mapping != text:
            row.mapping = text
