"""Import a partner's delivery export: all rows valid or nothing written, idempotent on the delivery reference."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from microfactory_desk.db import Database
from microfactory_desk.errors import Cancelled, CellError, ImportFailed
from microfactory_desk.imports.cells import parse_date
from microfactory_desk.imports.deliveries import FIELDS, DeliveryFile, RawRow, cell_text, read_delivery_file
from microfactory_desk.models import Delivery, DeliveryMapping, OrderLine, Partner, PurchaseOrder, Sku
from microfactory_desk.schemas.fields import field_errors
from microfactory_desk.schemas.roster_rows import PartnerChoice
from microfactory_desk.schemas.telemetry import DeliveryImportSummary, DeliveryIn
from microfactory_desk.services.common.records import by_code
from microfactory_desk.services.roster.listing import partner_choices
from microfactory_desk.services.telemetry.deliveries import apply_delivery, over_delivery_warning

_DATES = ("shipped_on", "received_on")
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
        cancelled: Callable[[], bool] | None = None,
    ) -> DeliveryImportSummary:
        """Import every row or none; rows whose reference exists are updated only when something changed."""
        with self._db.session() as session:
            partner_id = by_code(session, Partner, partner_code, "partner").id
        used = {**self.mapping(partner_id), **(mapping or {})}
        data = read_delivery_file(Path(path), used)
        try:
            return self._write(partner_id, data, dry_run, cancelled)
        except _DryRunDone as done:
            return done.summary

    def _write(
        self, partner_id: int, data: DeliveryFile, dry_run: bool, cancelled: Callable[[], bool] | None
    ) -> DeliveryImportSummary:
        with self._db.session() as session:
            lines = self._lines(session, partner_id)
            existing = {
                d.reference: d for d in session.scalars(select(Delivery).where(Delivery.partner_id == partner_id))
            }
            parsed, errors = self._validate(data.rows, data.letters, lines, cancelled)
            if errors:
                raise ImportFailed(errors)
            summary = DeliveryImportSummary(mapping=data.columns)
            touched: dict[int, tuple[OrderLine, PurchaseOrder]] = {}
            for _row, (line, order), delivery in parsed:
                current = existing.get(delivery.reference)
                if current is not None and self._same(current, line, delivery):
                    summary.unchanged += 1
                    continue
                if current is None:
                    current = Delivery()
                    session.add(current)
                    existing[delivery.reference] = current
                    summary.added += 1
                else:
                    summary.updated += 1
                apply_delivery(session, current, line, order, delivery)
                touched[line.id] = (line, order)
            session.flush()
            for line, order in touched.values():
                if warning := over_delivery_warning(session, line, order):
                    summary.warnings.append(warning)
            if dry_run:
                raise _DryRunDone(summary)  # leaving the block by an exception rolls everything back
            self._remember(session, partner_id, data.columns)
        return summary

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
    def _validate(
        rows: list[RawRow],
        letters: dict[str, str],
        lines: dict[tuple[str, str], tuple[OrderLine, PurchaseOrder]],
        cancelled: Callable[[], bool] | None,
    ) -> tuple[list[tuple[RawRow, tuple[OrderLine, PurchaseOrder], DeliveryIn]], list[CellError]]:
        parsed: list[tuple[RawRow, tuple[OrderLine, PurchaseOrder], DeliveryIn]] = []
        errors: list[CellError] = []
        seen: dict[str, int] = {}
        for count, row in enumerate(rows, 1):
            if cancelled is not None and count % Cancelled.CHECK_EVERY_ROWS == 0 and cancelled():
                raise Cancelled("Import stopped; nothing was imported.")
            before = len(errors)
            values: dict[str, Any] = {}
            for field in ("reference", "qty_received", "qty_accepted", "qty_defective", "notes"):
                if field in row.cells:
                    values[field] = cell_text(row.cells[field])
            for field in _DATES:
                if field in row.cells:
                    day = parse_date(row.cells[field])
                    if isinstance(day, str):
                        errors.append(CellError(row.number, letters[field], day))
                    else:
                        values[field] = day
            order_no = cell_text(row.cells.get("order")).casefold()
            line_no, sku = cell_text(row.cells.get("line")), cell_text(row.cells.get("sku")).casefold()
            key = (order_no, f"#{line_no}") if line_no else (order_no, sku)
            target = lines.get(key)
            if not order_no:
                errors.append(CellError(row.number, letters["order"], "the order number is missing"))
            elif target is None:
                where = f"line {line_no}" if line_no else f"SKU '{sku}'" if sku else "no line or SKU given"
                column = letters.get("line" if line_no or "sku" not in letters else "sku", letters["order"])
                errors.append(
                    CellError(row.number, column, f"no order line {cell_text(row.cells.get('order'))}, {where}")
                )
            if len(errors) > before:
                continue  # a bad cell already named; checks across cells would only repeat it
            try:
                delivery = DeliveryIn.model_validate(values)
            except ValidationError as exc:
                for problem in field_errors(exc):
                    errors.append(CellError(row.number, letters.get(problem.field, problem.field), problem.message))
                continue
            if delivery.reference in seen:
                errors.append(
                    CellError(
                        row.number,
                        letters["reference"],
                        f"'{delivery.reference}' repeats row {seen[delivery.reference]}",
                    )
                )
            seen.setdefault(delivery.reference, row.number)
            if len(errors) == before and target is not None:
                parsed.append((row, target, delivery))
        return parsed, errors

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
