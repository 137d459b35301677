"""Roster file transfer data: rows read from a file, the import summary and the rows an export writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from microfactory_desk.errors import CellError
from microfactory_desk.schemas.roster_file import PARTNER_COLUMNS, PARTNERS_SHEET

if TYPE_CHECKING:
    # Only for annotations: this module stays importable without loading pydantic.
    from microfactory_desk.schemas.partner import PartnerIn


@dataclass(frozen=True)
class ImportedPartner:
    """One validated partner from a file, with the row it came from (as the spreadsheet numbers it)."""

    row: int
    data: PartnerIn


@dataclass
class RosterImport:
    """What the roster reader produced: validated partners with their contacts and certifications."""

    source: str
    partners: list[ImportedPartner] = field(default_factory=list)
    sheet: str = PARTNERS_SHEET
    labels: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    problems: list[CellError] = field(default_factory=list)  # bad cells, kept to report with the import's checks
    codes_seen: dict[str, tuple[str, list[int]]] = field(default_factory=dict)  # folded code -> (code, rows), every row

    def label(self, field_name: str) -> str:
        """How the column of a partner field is named in errors: "C (Kind)", or its header when absent."""
        if field_name in self.labels:
            return self.labels[field_name]
        return next((c.header for c in PARTNER_COLUMNS if c.field == field_name), field_name)


@dataclass(frozen=True)
class ImportSummary:
    """What an import stored (or, for a dry run, would store)."""

    partners: int
    contacts: int
    certifications: int
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False


class RosterExportData(NamedTuple):
    """The whole roster as plain rows in the column order of schemas.roster_file."""

    partners: list[tuple[Any, ...]]
    contacts: list[tuple[Any, ...]]
    certifications: list[tuple[str, str, str, str, dt.date | None, dt.date | None]]
