"""What an import preview shows: the file's first rows as read, the columns found, the conventions, the problems."""

from __future__ import annotations

from pydantic import BaseModel


class PreviewProblem(BaseModel):
    """One problem located in the file: row as the file numbers it, column index (-1: the whole row or file)."""

    row: int
    column: int
    message: str
    remedy: str = ""  # what to do, as a key the window words (errors.CellError.remedy)

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}" if self.row else self.message


class ImportPreview(BaseModel):
    """A file read for a preview, with what importing it now would do.

    `rows` are (row number, cell texts) of the first rows under the header; `columns` maps each of our fields
    to the index of the header it was found under; `problems` stay empty exactly when the import can run.
    """

    header: list[str] = []
    header_row: int = 1
    rows: list[tuple[int, list[str]]] = []
    fields: list[str] = []
    columns: dict[str, int] = {}
    date_order: str | None = None
    decimal: str | None = None
    problems: list[PreviewProblem] = []
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    ready: str = ""  # what importing would do, said by the import itself (else added/updated/unchanged)
    labels: dict[str, str] = {}  # field -> how the import names it ("Weekly capacity"); else from the field

    @property
    def clean(self) -> bool:
        """True when nothing stops the import."""
        return not self.problems


class ConfirmationSummary(BaseModel):
    """What a partner's confirmation says, counted before it is applied to the order."""

    order_number: str
    lines: int
    confirmed_in_full: int
    short: int
    at_zero: int
    later_than_requested: int
    comments: list[str] = []

    def text(self) -> str:
        """The summary in a few lines for people."""

        def count(n: int, noun: str) -> str:
            return f"{n} {noun}{'' if n == 1 else 's'}"

        parts = [
            f"{self.order_number}: {count(self.lines, 'line')} answered.",
            f"Confirmed in full: {self.confirmed_in_full}; short: {self.short}; at zero: {self.at_zero}.",
            f"Ship dates later than requested: {self.later_than_requested}.",
        ]
        if self.comments:
            parts.append("Comments:\n" + "\n".join(f"  {c}" for c in self.comments))
        return "\n".join(parts)
