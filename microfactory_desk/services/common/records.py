"""Loading one record by id or by code inside a use case's session, with the one message for a record not there."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from microfactory_desk.errors import NotFound, StaleEdit
from microfactory_desk.services.common.sql import Reader

if TYPE_CHECKING:
    from microfactory_desk.db import Database

Record = TypeVar("Record")
Result = TypeVar("Result")


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


def update_rows_by_id(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Set columns of many rows written earlier in this transaction: `rows` are {"id": ..., column: value}.

    A plain table UPDATE (one executemany), not the ORM's bulk update: the ORM's would need each row's version
    counter, and these rows are the use case's own fresh rows (demo numbering, import links), nobody's edit.
    """
    if not rows:
        return
    from sqlalchemy import bindparam, update

    table = model.__table__
    columns = [key for key in rows[0] if key != "id"]
    stmt = (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values({column: bindparam(f"new_{column}") for column in columns})
    )
    session.execute(stmt, [{"row_id": row["id"], **{f"new_{c}": row[c] for c in columns}} for row in rows])


def check_version(record: Any, expected: int | None, name: str) -> None:
    """Refuse a save made from a stale editor: `expected` is the row_version the editor loaded.

    None means "save whatever is there" (an overwrite chosen on purpose, or a script). Raises
    errors.StaleEdit naming `name` ("Partner DE-BER-001"), who saved the newer version and when.
    """
    if expected is None or record.row_version == expected:
        return
    raise stale_edit(record, name)


def stale_edit(record: Any, name: str) -> StaleEdit:
    """The StaleEdit for `record` as it is stored now: its last writer and the time of that save (UTC)."""
    when = record.updated_at.strftime("%Y-%m-%d %H:%M UTC") if record.updated_at is not None else ""
    return StaleEdit(name, record.updated_by or "", when)


def save_versioned(
    db: Database,
    *,
    load: Callable[[Session], Record],
    name: Callable[[Record], str],
    expected: int | None,
    save: Callable[[Session, Record], Result],
) -> Result:
    """One editor's save of a versioned record, in one transaction: `load(session)` the record (NotFound when
    gone), refuse it when its `row_version` is not `expected` (the counter the editor loaded; None overwrites),
    then `save(session, record)` and return what it returns.

    Raises errors.StaleEdit naming `name(record)` ("SLA version 3 of MF1"), its last writer and when, both when
    the version had moved on before this save read it and when another session's save slipped in between this
    one's read and its write (SQLAlchemy's StaleDataError: the versioned UPDATE matched no row). Nothing was
    written then.
    """
    try:
        with db.session() as session:
            record = load(session)
            check_version(record, expected, name(record))
            return save(session, record)
    except StaleDataError:
        with db.session(write=False) as session:
            stored = load(session)
            raise stale_edit(stored, name(stored)) from None


def touch(record: Any) -> None:
    """Mark `record` saved now, so its version moves on even when only its children (contacts, lines) changed."""
    from microfactory_desk import clock

    record.updated_at = clock.utc_now()


def lock_partner(session: Session, partner_id: int) -> None:
    """Hold the partner's row until this transaction ends, so two managers' SLA changes for one partner queue.

    PostgreSQL takes a row lock (SELECT ... FOR UPDATE): the second manager waits, then sees the first one's
    agreed version. SQLite ignores FOR UPDATE; there a write transaction holds the whole database anyway.
    """
    from microfactory_desk.models import Partner

    session.execute(select(Partner.id).where(Partner.id == partner_id).with_for_update())


def created_before(session: Session, model: type[Record], key: str | None) -> Record | None:
    """The `model` row a create with this `key` (its `uuid`, chosen by the client) already stored, or None.

    A create retried after a lost reply (the server committed, the answer never came) finds its own row here
    and returns it instead of inserting a second one. `key` None (a caller with no key) finds nothing.
    """
    if key is None:
        return None
    column: Any = getattr(model, "uuid")  # noqa: B009  (every table has one: models.base)
    query: Any = select(model).where(column == key)
    found: Record | None = session.scalar(query)
    return found
