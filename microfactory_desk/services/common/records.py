"""Loading one record by id inside a use case's session, with the one message for a record gone meanwhile."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from microfactory_desk.errors import NotFound

Record = TypeVar("Record")


def existing(
    session: Session, model: type[Record], record_id: int, what: str, *, options: Sequence[Any] = ()
) -> Record:
    """The `model` row with primary key `record_id`, loaded with `options` (e.g. selectinload).

    `what` names the record for people ("Pilot", "Corrective action"). Raises NotFound("<what> #<id> no longer
    exists.") when another window or user deleted it since it was listed.
    """
    record = session.get(model, record_id, options=list(options))
    if record is None:
        raise NotFound(f"{what} #{record_id} no longer exists.")
    return record
