"""Loading one record by id or by code inside a use case's session, with the one message for a record not there."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from microfactory_desk.errors import NotFound
from microfactory_desk.services.common.sql import Reader

Record = TypeVar("Record")


Coded = TypeVar("Coded")  # a model with a `code` column (Partner, Sku)


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


def code_key(code: str) -> str:
    """A code as compared: surrounding spaces dropped, any case (`MF-01`, ` mf-01 ` are the same code)."""
    return code.strip().lower()


def code_is(column: Any, code: str) -> ColumnElement[bool]:
    """SQL: the code `column` (Partner.code, Sku.code) equals `code` in any case: the one rule for codes."""
    return func.lower(column) == code_key(code)


def find_by_code(session: Session, model: type[Coded], code: str) -> Coded | None:
    """The `model` row (Partner, Sku) whose code is `code` in any case, or None."""
    # The models share no base declaring `code`, and a Protocol cannot describe a mapped column: typed loosely here.
    column: Any = getattr(model, "code")  # noqa: B009
    query: Any = select(model).where(code_is(column, code))
    found: Coded | None = session.scalar(query)
    return found


def by_code(session: Session, model: type[Coded], code: str, what: str) -> Coded:
    """The `model` row with this code (any case); NotFound("No <what> with code '<code>'.") otherwise."""
    found = find_by_code(session, model, code)
    if found is None:
        raise NotFound(f"No {what} with code {code!r}.")
    return found


def id_by_code(reader: Reader, table: str, code: str) -> int | None:
    """The light-path form of `find_by_code`: the id of the `table` row whose code is `code` in any case, or None.

    `table` is one of ours ("partner", "sku"), never text a person typed.
    """
    rows = reader.read(f"SELECT id FROM {table} WHERE lower(code) = :code", {"code": code_key(code)})
    return int(rows[0][0]) if rows else None
