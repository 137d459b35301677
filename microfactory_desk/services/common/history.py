"""Reading the change log of one record (newest first) for its History tab and its exports."""

from __future__ import annotations

import re

from microfactory_desk.schemas.field_labels import field_label
from microfactory_desk.schemas.history import ChangeOut
from microfactory_desk.schemas.vocab import label
from microfactory_desk.services.common.sql import Reader, as_datetime

HISTORY_LIMIT = 500
_SQL = (
    "SELECT changed_at, changed_by, field, old_value, new_value FROM change_log"
    " WHERE record_type = :record_type AND record_id = :record_id"
    f" ORDER BY changed_at DESC, id DESC LIMIT {HISTORY_LIMIT}"
)
_COLUMN_NAME = re.compile(r"[a-z][a-z0-9_]*")
# Link columns are edited on the forms through the linked record's code or number.
_LINK_FIELDS = {
    "fallback_id": "fallback_code", "fallback_supplier_id": "fallback_code", "partner_id": "partner_code",
    "reorder_of_id": "Reorder of", "pilot_id": "Pilot",
}  # fmt: skip
# Fields holding a vocabulary value ("in_review"), shown by its label ("In review").
_VOCABULARY = {
    "status", "stage", "kind", "destination_type", "shipping_mode", "preferred_channel", "risk_level", "channel",
    "severity", "market_kind", "decision", "price_source", "result",
}  # fmt: skip


def change_label(field: str) -> str:
    """How the form names a logged field: a column name ("min_batch") gets its form label, words stay as they are."""
    if not _COLUMN_NAME.fullmatch(field):
        return field
    return field_label(_LINK_FIELDS.get(field, field))


def _value(field: str, value: str) -> str:
    return label(value) if value and field in _VOCABULARY else value


def record_history(reader: Reader, record_type: str, record_id: int) -> list[ChangeOut]:
    """The newest HISTORY_LIMIT changes of the record (`record_type` is its table, e.g. "partner")."""
    return [
        ChangeOut(
            changed_at=as_datetime(r[0]) or r[0],
            changed_by=r[1],
            field=r[2],
            old_value=_value(r[2], r[3]),
            new_value=_value(r[2], r[4]),
            label=change_label(r[2]),
        )
        for r in reader.read(_SQL, {"record_type": record_type, "record_id": record_id})
    ]
