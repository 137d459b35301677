"""The append-only change log: one row per field of an editable record that a save changed (who, when).

A `before_flush` hook on every ORM session compares each edited record's loaded values with the new ones,
so no service can forget to log; nothing in the app updates or deletes these rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import DateTime, Index, Integer, String, Table, Text, event, insert, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from microfactory_desk import clock
from microfactory_desk.identity import current_user
from microfactory_desk.models.base import Base, EditableMixin

# Bookkeeping columns: they change on every save and say nothing a person edited.
_NOT_LOGGED = {"id", "uuid", "created_at", "updated_at", "row_version", "created_by", "updated_by", "search_text"}
_MAX_TEXT = 500


class ChangeLog(Base):
    """One changed field of one record: record type (table) and id, field, old -> new, who and when (UTC)."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    changed_by: Mapped[str] = mapped_column(String(100), default="")
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_change_log_record", "record_type", "record_id", "changed_at"),)


def as_text(value: Any) -> str:
    """How a logged value is stored: ISO dates, plain decimals, "" for nothing; at most 500 characters."""
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)[:_MAX_TEXT]


def _field_changes(record: EditableMixin) -> list[tuple[str, str, str]]:
    state = inspect(record)
    changes = []
    for attr in state.mapper.column_attrs:
        if attr.key in _NOT_LOGGED:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes() or not history.deleted:
            continue
        old, new = as_text(history.deleted[0]), as_text(history.added[0] if history.added else None)
        if old != new:
            changes.append((attr.key, old, new))
    return changes


@event.listens_for(Session, "before_flush")
def _log_changes(session: Session, _context: Any, _instances: Any) -> None:
    """Add a ChangeLog row for each field each edited record is about to change."""
    who, when = current_user(), clock.utc_now()
    rows = []
    for record in list(session.dirty):
        if not isinstance(record, EditableMixin) or not session.is_modified(record, include_collections=False):
            continue
        table = record.__table__.name  # type: ignore[attr-defined]
        for field, old, new in _field_changes(record):
            rows.append(
                {
                    "record_type": table,
                    "record_id": record.id,  # type: ignore[attr-defined]
                    "field": field,
                    "old_value": old,
                    "new_value": new,
                    "changed_by": who,
                    "changed_at": when,
                }
            )
    if rows:
        # One INSERT for the whole save (an executemany), in the save's own transaction.
        session.execute(insert(cast(Table, ChangeLog.__table__)), rows)
