"""Errors written for people: each carries a message that says what went wrong and where."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from microfactory_desk.wording import counted


class DeskError(Exception):
    """Base of every error the app expects and explains to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class FieldError(NamedTuple):
    """One invalid field: which one and why."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationFailed(DeskError):
    """Input refused; `errors` names every offending field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))

    @classmethod
    def single(cls, field: str, message: str) -> ValidationFailed:
        """A failure about one field."""
        return cls([FieldError(field, message)])


class ConstraintRefused(ValidationFailed):
    """A write the database refused by one of its rules (a code or number used twice, a record still in use),
    usually because another manager saved at the same moment. `field` names the field ("code"), or is empty
    when the refusal is about the whole record. Nothing was written.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__([FieldError(field, message)])
        self.field = field
        if not field:
            self.message = message
            self.args = (message,)


class NotFound(DeskError):
    """A record the user asked for does not exist."""


# What a person can do about a problem, worded by each front end (the command line names its flags, the window
# its controls): "map:<field>" pick the column of a field, "map-line" pick the line or SKU column, "date-order"
# choose the day/month order, "decimal" choose the decimal mark. NEUTRAL_REMEDIES is the wording that suits both.
NEUTRAL_REMEDIES = {
    "map": "choose the column that holds it",
    "map-line": "choose the column of the line number or of the SKU",
    "date-order": "choose the date order (DMY, MDY or YMD)",
    "decimal": "or say which decimal mark the file uses",
}


class CellError(NamedTuple):
    """One bad value in an imported file, located by row and column, with what to do about it (a remedy key)."""

    row: int
    column: str
    message: str
    sheet: str = ""
    remedy: str = ""  # a key of NEUTRAL_REMEDIES, "map" as "map:<field>"; "" when the message says it all

    def __str__(self) -> str:
        where = f"{self.sheet} " if self.sheet else ""
        if self.row <= 0:  # not a row of the file (a bad --map argument): name only what was given
            return f"{where}{self.column}: {self.message}" if self.column else f"{where}{self.message}"
        col = f", column {self.column}" if self.column else ""
        return f"{where}row {self.row}{col}: {self.message}"

    def worded(self, remedies: Mapping[str, str] = NEUTRAL_REMEDIES) -> str:
        """The problem where it is, with its remedy in the given wording ({field} stands for the field)."""
        return f"{self}{remedy_text(self.remedy, remedies)}"


def remedy_text(remedy: str, remedies: Mapping[str, str]) -> str:
    """ "; <what to do>" for a remedy key in the given wording ("" for none or an unknown key)."""
    kind, _, field = remedy.partition(":")
    wording = remedies.get(kind) or NEUTRAL_REMEDIES.get(kind)
    return f"; {wording.format(field=field)}" if wording else ""


class ImportFailed(DeskError):
    """An import refused as a whole; nothing was written. The message words remedies neutrally (`worded`)."""

    def __init__(self, errors: list[CellError], headline: str = "Nothing was imported", source: str = "") -> None:
        self.errors = errors
        self.headline = headline
        self.source = source  # the file's name, said in the headline: a person may import several at once
        super().__init__(self.worded(NEUTRAL_REMEDIES))

    def worded(self, remedies: Mapping[str, str]) -> str:
        """The headline naming the file, and the first 20 problems, each remedy in the given wording."""
        errors = self.errors
        shown = "\n".join(f"  {e.worded(remedies)}" for e in errors[:20])
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        # "Nothing was imported: the columns do not match" -> "Nothing was imported from x.csv: the columns ..."
        first, sep, rest = self.headline.partition(":")
        headline = f"{first} from {self.source}{sep}{rest}" if self.source else self.headline
        return f"{headline}: {counted(len(errors), 'problem')}\n{shown}{more}"


class FileFormatError(DeskError):
    """A file that cannot be read as the expected format."""


class DatabaseError(DeskError):
    """The database cannot be opened, upgraded or backed up."""


class ServerUnreachable(DatabaseError):
    """The team server cannot be reached now (down, network lost, connection ended): trying again may work.

    Raised instead of the driver's error, with one line naming the host and the cause; the transaction was
    rolled back, so nothing of the failed action was written.
    """


class Cancelled(DeskError):
    """Long work stopped by the user; nothing was written."""

    # How often (in rows) long loops look whether the user pressed Cancel.
    CHECK_EVERY_ROWS = 500


class StaleEdit(DeskError):
    """A save refused because someone saved the record after this editor loaded it.

    `record` names it for people ("Partner DE-BER-001"); `changed_by` and `changed_at` say who saved the
    newer version and when (either may be empty when unknown). Nothing was written.
    """

    def __init__(self, record: str, changed_by: str = "", changed_at: str = "") -> None:
        self.record = record
        self.changed_by = changed_by
        self.changed_at = changed_at
        who = f" by {changed_by}" if changed_by else ""
        when = f" at {changed_at}" if changed_at else ""
        super().__init__(
            f"{record} was changed{who}{when} after you opened it; your save was not applied. "
            "Reload it to see the newer version, or save again on purpose to overwrite it."
        )
