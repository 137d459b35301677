"""Corrective actions: raised from a failed item or by hand, followed from open to verified closed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microfactory_desk.db import Database
from microfactory_desk.errors import NotFound, ValidationFailed
from microfactory_desk.models import CorrectiveAction, Inspection, Partner, TemplateItem
from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.schemas.quality import ActionIn, ActionOut, ActionRow, StoredAction
from microfactory_desk.schemas.quality_vocab import ActionStatus, ItemKind, Result, Severity
from microfactory_desk.services.common.numbering import add_numbered, next_number
from microfactory_desk.services.common.records import created_before, existing, save_versioned
from microfactory_desk.services.common.sql import SessionReader
from microfactory_desk.services.quality.listing import OVERDUE_WHERE as OVERDUE_WHERE
from microfactory_desk.services.quality.listing import action_page

DAYS_TO_ACT = {Severity.CRITICAL: 7, Severity.HIGH: 14, Severity.MEDIUM: 30, Severity.LOW: 60}


def _every(
    today: dt.date,
    *,
    status: str | None,
    partner_id: int | None,
    inspection_id: int | None,
    limit: int | None,
    search: str = "",
) -> ListQuery:
    filters = {"today": today, "status": status, "partner_id": partner_id, "inspection_id": inspection_id}
    return ListQuery(search=search, filters=filters, limit=limit)


def action_rows(
    session: Session,
    today: dt.date,
    *,
    status: str | None = None,
    partner_id: int | None = None,
    inspection_id: int | None = None,
    limit: int | None = None,
) -> list[ActionRow]:
    """Actions in the caller's session: open ones first by due date, then closed ones (every one unless `limit`)."""
    query = _every(today, status=status, partner_id=partner_id, inspection_id=inspection_id, limit=limit)
    return action_page(SessionReader(session), query).rows


def _measured_text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def failure_text(item: Any, result: str | None, measured: Decimal | None, choice: str) -> str:
    """Why an item (stored or a DTO) failed, in words for the action's description."""
    if item.kind == ItemKind.MEASUREMENT and measured is not None and item.nominal is not None:
        tol = item.tolerance or Decimal(0)
        low, high = _measured_text(item.nominal - tol), _measured_text(item.nominal + tol)
        return f"measured {_measured_text(measured)} {item.unit}, allowed {low}–{high} {item.unit}".replace("  ", " ")
    if item.kind == ItemKind.CHOICE and choice:
        return f"answer “{choice}”"
    return "failed" if result == Result.FAIL else "not met"


class ActionService:
    """Raises, edits and lists corrective actions; each write is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def draft_from_item(self, inspection_id: int, item_id: int, today: dt.date) -> ActionIn:
        """A pre-filled action for a failed item (not saved): what failed, a due date by severity."""
        with self._db.session() as session:
            inspection = session.get(Inspection, inspection_id)
            item = session.get(TemplateItem, item_id)
            if inspection is None or item is None:
                raise NotFound("The inspection or its item no longer exists.")
            answer = next((a for a in inspection.answers if a.item_id == item_id), None)
            why = failure_text(
                item,
                answer.result if answer else None,
                answer.measured if answer else None,
                answer.choice if answer else "",
            )
            severity = Severity.CRITICAL if item.critical else Severity.MEDIUM
            return ActionIn(
                partner_id=inspection.partner_id,
                inspection_id=inspection_id,
                item_id=item_id,
                description=f"{item.prompt} — {why} ({inspection.number}).",
                raised_on=today,
                due_on=today + dt.timedelta(days=DAYS_TO_ACT[severity]),
                severity=severity,
            )

    def raise_action(self, data: ActionIn, *, key: str | None = None) -> ActionOut:
        """A new action numbered CA-<year>-<n>.

        `key` (a uuid the caller chose before the first attempt) makes a retry return the action it stored
        instead of creating a second one.
        """
        with self._db.session() as session:
            again = created_before(session, CorrectiveAction, key)
            if again is not None:
                return self._out(session, again)
            existing(session, Partner, data.partner_id, "Partner")
            self._check_links(session, data)
            action = CorrectiveAction(number=next_number(session, CorrectiveAction.number, "CA", data.raised_on.year))
            self._apply(action, data)
            if key is not None:
                action.uuid = key
            add_numbered(session, action)
            return self._out(session, action)

    def update_action(self, action_id: int, data: ActionIn, *, expected_version: int | None = None) -> ActionOut:
        """Save edits: progress, closure evidence, a new owner or due date.

        `expected_version` is the `row_version` the editor loaded: when someone saved the action since,
        errors.StaleEdit (who, when) is raised and nothing is written. None overwrites.
        """
        return save_versioned(
            self._db,
            load=lambda session: self._load(session, action_id),
            name=lambda row: f"Corrective action {row.number}",
            expected=expected_version,
            save=lambda session, action: self._update_action(session, action, data),
        )

    def _update_action(self, session: Session, action: CorrectiveAction, data: ActionIn) -> ActionOut:
        if data.partner_id != action.partner_id:
            raise ValidationFailed.single("partner_id", "an action stays with the partner it was raised for")
        self._check_links(session, data)
        self._apply(action, data)
        session.flush()
        return self._out(session, action)

    def get_action(self, action_id: int) -> ActionOut:
        """One action with its photos."""
        with self._db.session() as session:
            return self._out(session, self._load(session, action_id))

    def list_actions(
        self,
        today: dt.date,
        *,
        status: str | None = None,
        partner_id: int | None = None,
        search: str = "",
        limit: int | None = None,
    ) -> list[ActionRow]:
        """Actions; status may be open (not closed), overdue, in_progress, closed or None for all; every one
        unless `limit`. `search` matches every word in the action's or inspection's number or the partner's
        code and name.
        """
        query = _every(today, status=status, partner_id=partner_id, inspection_id=None, limit=limit, search=search)
        return action_page(self._db, query).rows

    def overdue_actions(self, today: dt.date, *, partner_id: int | None = None) -> list[ActionRow]:
        """Actions not closed whose due date has passed, most overdue first (one SQL query)."""
        return self.list_actions(today, status="overdue", partner_id=partner_id)

    @staticmethod
    def _check_links(session: Session, data: ActionIn) -> None:
        if data.inspection_id is not None:
            partner = session.scalar(select(Inspection.partner_id).where(Inspection.id == data.inspection_id))
            if partner != data.partner_id:
                raise ValidationFailed.single("inspection_id", "the inspection is not one of this partner's")

    @staticmethod
    def _apply(action: CorrectiveAction, data: ActionIn) -> None:
        for name in ("partner_id", "inspection_id", "item_id", "description", "owner", "raised_on", "due_on"):
            setattr(action, name, getattr(data, name))
        action.severity, action.status = data.severity.value, data.status.value
        closed = data.status is ActionStatus.CLOSED
        action.closed_on = data.closed_on if closed else None
        action.closure_note = data.closure_note

    @staticmethod
    def _load(session: Session, action_id: int) -> CorrectiveAction:
        return existing(session, CorrectiveAction, action_id, "Corrective action")

    @staticmethod
    def _out(session: Session, action: CorrectiveAction) -> ActionOut:
        from microfactory_desk.services.quality.photos import photos_of

        inspection = session.get(Inspection, action.inspection_id) if action.inspection_id else None
        item = session.get(TemplateItem, action.item_id) if action.item_id else None
        return ActionOut(
            id=action.id,
            number=action.number,
            partner_code=action.partner.code,
            partner_name=action.partner.name,
            inspection_number=inspection.number if inspection else "",
            item_prompt=item.prompt if item else "",
            data=StoredAction.model_validate(action),
            photos=photos_of(session, action_id=action.id),
            row_version=action.row_version,
            updated_by=action.updated_by,
        )
