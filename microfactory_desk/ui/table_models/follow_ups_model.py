"""Open negotiation follow-ups across partners, soonest first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.schemas.vocab import label
from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.cached_rows_model import per_column
from microfactory_desk.ui.table_models.paged_rows_model import PagedRowsModel
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    from microfactory_desk.schemas.list_rows import FollowUpRow, NoteHitRow

COL_DUE, COL_STATUS, COL_PARTNER, COL_NEXT_STEP, COL_OWNER = range(5)
HEADERS = ("Due", "Status", "Partner", "Next step", "Owner")
# The listing's sort key of each column (services/sla/follow_up_listing.py); the status sorts as the due date.
SORTS = ("due", "due", "partner", "next_step", "owner")
# The same for rows handed in whole (no listing behind them): sorted in memory.
SORT_KEYS = (
    lambda r: (r.follow_up_on, r.partner_name.casefold()),
    lambda r: (-r.days_overdue, r.partner_name.casefold()),
    lambda r: (r.partner_name.casefold(), r.follow_up_on),
    lambda r: (r.next_step.casefold(), r.follow_up_on),
    lambda r: (r.owner.casefold(), r.follow_up_on),
)


def due_text(days_overdue: int) -> str:
    """How a follow-up's timing reads: "Overdue 3 days", "Due today", "In 2 days"."""
    if days_overdue > 0:
        return f"Overdue {counted(days_overdue, 'day')}"
    if days_overdue == 0:
        return "Due today"
    ahead = -days_overdue
    return "Tomorrow" if ahead == 1 else f"In {ahead} days"


def _display(row: FollowUpRow) -> tuple[str, ...]:
    next_step = " ".join(row.next_step.split())
    return (
        row.follow_up_on.isoformat(),
        due_text(row.days_overdue),
        f"{row.partner_name} ({row.partner_code})",
        next_step,
        row.owner,
    )


class FollowUpsTableModel(PagedRowsModel["FollowUpRow"]):
    """Open follow-ups a page at a time, soonest first; header clicks sort every follow-up in SQL."""

    CODE_COLUMNS = (COL_PARTNER,)

    def __init__(self) -> None:
        super().__init__(HEADERS, _display, sorts=SORTS, query=ListQuery(sort="due"), sort_keys=SORT_KEYS)

    def decorate(self, row: FollowUpRow, texts: tuple[str, ...]) -> dict[int, tuple[Any, ...]]:
        """Overdue rows in red, due-today ones in amber; the whole next step as tooltip."""
        del texts
        days = row.days_overdue
        status = theme.colour(theme.ERROR) if days > 0 else theme.colour(theme.AMBER) if days == 0 else None
        return {
            Qt.ItemDataRole.ToolTipRole: per_column(len(HEADERS), {COL_NEXT_STEP: row.next_step}),
            Qt.ItemDataRole.ForegroundRole: per_column(len(HEADERS), {COL_STATUS: status}),
        }


HIT_HEADERS = ("Date", "Partner", "Channel", "What happened")


def _hit_display(row: NoteHitRow) -> tuple[str, ...]:
    return (row.occurred_on.isoformat(), f"{row.partner_name} ({row.partner_code})", label(row.channel), row.summary)


class NoteHitsTableModel(PagedRowsModel["NoteHitRow"]):
    """Negotiation entries found by the note search, newest first, a page at a time."""

    CODE_COLUMNS = (HIT_HEADERS.index("Partner"),)

    def __init__(self) -> None:
        super().__init__(HIT_HEADERS, _hit_display, sorts=(), query=ListQuery())

    def decorate(self, row: NoteHitRow, texts: tuple[str, ...]) -> dict[int, tuple[Any, ...]]:
        """The whole summary as a tooltip."""
        del row
        return {Qt.ItemDataRole.ToolTipRole: per_column(len(HIT_HEADERS), {3: texts[3]})}
