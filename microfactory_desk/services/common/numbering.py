"""Human numbers for records, e.g. PO-2026-0042: prefix, year, then a sequence that restarts every year.

Numbers are taken under a lock (`hold_number_lock`), so two managers of this app never collide. A collision
can still come from outside that lock (an older client without it, a number typed by hand or by a script):
`add_numbered` then tries the next number, up to NUMBER_RETRIES times, before the readable refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from microfactory_desk.db_constraints import unique_columns
from microfactory_desk.db_server import hold_number_lock
from microfactory_desk.services.common.sql import LIKE_ESCAPE, prefix_pattern

WIDTH = 4
NUMBER_RETRIES = 3  # after the first attempt: a collision from outside the lock is rare, a run of them is a bug


def format_number(prefix: str, year: int, sequence: int) -> str:
    """'PO', 2026, 42 -> 'PO-2026-0042' (more digits once a year passes 9999)."""
    return f"{prefix}-{year}-{sequence:0{WIDTH}d}"


def next_sequence(session: Session, column: InstrumentedAttribute[Any], prefix: str, year: int) -> int:
    """The next free sequence for `prefix` and `year` in `column` (one indexed MAX query)."""
    start = f"{prefix}-{year}-"
    hold_number_lock(session, start)  # a second manager numbering the same series waits for this commit
    # Same-width numbers sort as text; longer ones (past 9999) sort after shorter ones by length first.
    newest = session.scalar(
        select(column)
        .where(column.like(prefix_pattern(start), escape=LIKE_ESCAPE))
        .order_by(func.length(column).desc(), column.desc())
        .limit(1)
    )
    if newest is None:
        return 1
    tail = str(newest)[len(start) :]
    return int(tail) + 1 if tail.isdigit() else 1


def next_number(session: Session, column: InstrumentedAttribute[Any], prefix: str, year: int) -> str:
    """The next free number, e.g. next_number(session, PurchaseOrder.number, 'PO', 2026) -> 'PO-2026-0043'."""
    return format_number(prefix, year, next_sequence(session, column, prefix, year))


def following_number(number: str) -> str:
    """'PO-2026-0009' -> 'PO-2026-0010' (the sequence is the digits after the last '-'; ValueError otherwise)."""
    head, _, tail = number.rpartition("-")
    if not tail.isdigit():
        raise ValueError(f"{number!r} does not end in a sequence")
    return f"{head}-{int(tail) + 1:0{WIDTH}d}"


def next_free_after(session: Session, column: InstrumentedAttribute[Any], number: str) -> str:
    """The number after `number` ('PO-2026-0009'), or past the newest one stored now when that is further on.

    Read again after a collision: what the other writer committed meanwhile is skipped in one step.
    """
    following = following_number(number)
    series, _, tail = following.rpartition("-")
    prefix, _, year = series.rpartition("-")
    fresh = next_sequence(session, column, prefix, int(year))
    return following if int(tail) >= fresh else format_number(prefix, int(year), fresh)


def add_numbered(
    session: Session, row: Any, *, column: str = "number", following: Callable[[Any], Any] | None = None
) -> None:
    """Add the new `row` and flush it; when its `column` value is taken already, use the next one and try again.

    Each attempt runs in a SAVEPOINT, so a collision leaves the transaction usable on PostgreSQL too. After
    NUMBER_RETRIES retries the IntegrityError is raised (Database.session() turns it into ConstraintRefused);
    any other broken rule is raised at once. `row` must not be in the session yet (it would be flushed outside
    the savepoint). The next value is `following(value)` (SLA versions: 4 after 3), by default `next_free_after`
    for numbers like 'PO-2026-0042'.
    """
    for attempt in range(NUMBER_RETRIES + 1):
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
            return
        except IntegrityError as exc:
            table, columns = unique_columns(exc)
            if attempt == NUMBER_RETRIES or table != row.__tablename__ or columns[-1:] != [column]:
                raise
        value = getattr(row, column)
        setattr(
            row, column, following(value) if following else next_free_after(session, getattr(type(row), column), value)
        )
