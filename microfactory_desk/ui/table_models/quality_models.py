"""Table models of the Quality page: inspections, corrective actions and checklist templates."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.cached_rows_model import CachedRowsModel
from microfactory_desk.ui.table_models.paged_rows_model import PagedRowsModel
from microfactory_desk.wording import counted

OUTCOMES = {"passed": "Passed", "failed": "Failed", "no_data": "No data"}
ACTION_STATUS = {"open": "Open", "in_progress": "In progress", "closed": "Verified closed"}


def pct_text(value: Any) -> str:
    """'87.5 %' or '' (the UI must not import the schema module that owns fmt_pct)."""
    if value is None:
        return ""
    return f"{float(value):.2f}".rstrip("0").rstrip(".") + " %"


class QualityCells:
    """Quality rows (named tuples): texts and colours from `display()` and `colours()`, once per row."""

    HEADERS: tuple[str, ...] = ()

    def display(self, row: Any) -> tuple[str, ...]:
        """The texts of one row, one per column."""
        raise NotImplementedError

    def colours(self, row: Any) -> tuple[str | None, ...]:
        """Foreground colour per column (None = default)."""
        del row
        return (None,) * len(self.HEADERS)

    def decorate(self, row: Any, texts: tuple[str, ...]) -> dict[int, tuple[Any, ...]]:
        """The text again as tooltip (long descriptions are cut off), the colours as QColors."""
        foreground = tuple(theme.colour(c) if c else None for c in self.colours(row))
        return {Qt.ItemDataRole.ToolTipRole: texts, Qt.ItemDataRole.ForegroundRole: foreground}


class RowsTableModel(QualityCells, CachedRowsModel[Any]):
    """A short quality list loaded whole (the checklist templates)."""

    def __init__(self) -> None:
        CachedRowsModel.__init__(self, self.HEADERS, self.display)


class PagedQualityModel(QualityCells, PagedRowsModel[Any]):
    """A quality list paged in SQL; SORTS names the listing's sort key of each column (None: not sortable)."""

    SORTS: tuple[str | None, ...] = ()
    FIRST_QUERY = ListQuery()

    def __init__(self) -> None:
        PagedRowsModel.__init__(self, self.HEADERS, self.display, sorts=self.SORTS, query=self.FIRST_QUERY)


class InspectionsTableModel(PagedQualityModel):
    """Inspections, newest first, a page at a time."""

    HEADERS = ("Number", "Date", "Partner", "Checklist", "Inspector", "Status", "Score", "Outcome")
    CODE_COLUMNS = (HEADERS.index("Partner"),)
    SORTS = ("number", "date", "partner", "checklist", "inspector", "status", "score", "outcome")
    FIRST_QUERY = ListQuery(sort="date", descending=True)

    def display(self, r: Any) -> tuple[str, ...]:
        status = "Finished" if r.status == "finished" else "In progress"
        return (
            r.number,
            r.inspected_on.isoformat(),
            f"{r.partner_name} ({r.partner_code})",
            f"{r.template_name} v{r.template_version}",
            r.inspector,
            status,
            pct_text(r.score_pct),
            OUTCOMES.get(r.outcome or "", ""),
        )

    def colours(self, r: Any) -> tuple[str | None, ...]:
        outcome = theme.OUTCOME_COLOURS.get(r.outcome or "")
        status = theme.AMBER if r.status != "finished" else None
        return (None, None, None, None, None, status, outcome, outcome)


class ActionsTableModel(PagedQualityModel):
    """Corrective actions: open ones first by due date, a page at a time."""

    HEADERS = ("Number", "Due", "Timing", "Partner", "What must be put right", "Owner", "Severity", "Status")
    CODE_COLUMNS = (HEADERS.index("Partner"),)
    SORTS = ("number", "due", "due", "partner", None, "owner", "severity", "status")
    FIRST_QUERY = ListQuery(sort="due")

    def display(self, r: Any) -> tuple[str, ...]:
        if r.status == "closed":
            timing = f"Closed {r.closed_on}" if r.closed_on else "Closed"
        elif r.days_overdue is None:
            timing = "No due date"
        elif r.days_overdue > 0:
            timing = f"Overdue {counted(r.days_overdue, 'day')}"
        else:
            timing = "Due today" if r.days_overdue == 0 else f"In {counted(-r.days_overdue, 'day')}"
        return (
            r.number,
            r.due_on.isoformat() if r.due_on else "",
            timing,
            f"{r.partner_name} ({r.partner_code})",
            " ".join(r.description.split()),
            r.owner,
            r.severity.capitalize(),
            ACTION_STATUS.get(r.status, r.status),
        )

    def colours(self, r: Any) -> tuple[str | None, ...]:
        timing = theme.ERROR if r.overdue else (theme.PASSED if r.status == "closed" else None)
        severity = theme.ERROR if r.severity in ("high", "critical") else None
        return (None, None, timing, None, None, None, severity, None)


class TemplatesTableModel(RowsTableModel):
    """Checklist templates and their versions."""

    HEADERS = ("Checklist", "Version", "Items", "Inspections", "Key")

    def display(self, r: Any) -> tuple[str, ...]:
        version = f"v{r.version}" + ("" if r.is_current else " (old)")
        return (r.name, version, str(r.items), str(r.in_use), r.key)

    def colours(self, r: Any) -> tuple[str | None, ...]:
        muted = None if r.is_current else theme.MUTED
        return (muted,) * len(self.HEADERS)
