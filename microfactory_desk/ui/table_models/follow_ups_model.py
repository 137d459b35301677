"""Open negotiation follow-ups across partners, soonest first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.cached_rows_model import CachedRowsModel, per_column
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    # Only for annotations: the schema module loads pydantic, which the window must not wait for.
    from microfactory_desk.schemas.negotiation import FollowUpRow

COL_DUE, COL_STATUS, COL_PARTNER, COL_NEXT_STEP, COL_OWNER = range(5)
HEADERS = ("Due", "Status", "Partner", "Next step", "Owner")
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


class FollowUpsTableModel(CachedRowsModel["FollowUpRow"]):
    """The rows arrive sorted by due date from SQL; header clicks re-sort the (short) list in place."""

    def __init__(self) -> None:
        super().__init__(HEADERS, _display, sort_keys=SORT_KEYS)

    def decorate(self, row: FollowUpRow, texts: tuple[str, ...]) -> dict[int, tuple[Any, ...]]:
        """Overdue rows in red, due-today ones in amber; the whole next step as tooltip."""
        del texts
        days = row.days_overdue
        status = theme.colour(theme.ERROR) if days > 0 else theme.colour(theme.AMBER) if days == 0 else None
        return {
            Qt.ItemDataRole.ToolTipRole: per_column(len(HEADERS), {COL_NEXT_STEP: row.next_step}),
            Qt.ItemDataRole.ForegroundRole: per_column(len(HEADERS), {COL_STATUS: status}),
        }
