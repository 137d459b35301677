"""Human numbers for records, e.g. PO-2026-0042: prefix, year, then a sequence that restarts every year."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from microfactory_desk.db_server import hold_number_lock
from microfactory_desk.services.common.sql import LIKE_ESCAPE, prefix_pattern

WIDTH = 4


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
