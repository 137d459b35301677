"""The partner columns of a roster file as a person chose them, and what a preview of the file shows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from microfactory_desk.errors import CellError
from microfactory_desk.imports.deliveries import cell_text
from microfactory_desk.schemas.roster_file import Column, header_key


def mapped(
    lookup: dict[str, Column],
    header: Sequence[Any],
    mapping: Mapping[str, str],
    remembered: Mapping[str, str],
    where: tuple[int, str],
) -> tuple[dict[str, Column], list[CellError]]:
    """The header lookup with the columns a person chose (field -> header) and those remembered from earlier files.

    A chosen header must be in the file; a remembered one counts only where the file has it, so a file with
    the standard headers always imports. A mapped field is found under its mapped header alone.
    """
    columns = {c.field: c for c in lookup.values()}
    keys = {header_key(str(c)) for c in header if c is not None}
    wanted = {f: h for f, h in remembered.items() if h and header_key(h) in keys and f in columns}
    problems = []
    for name, text in mapping.items():
        if name in columns and text:
            if header_key(text) in keys:
                wanted[name] = text
            else:
                problems.append(CellError(where[0], text, f"the column '{text}' chosen for {name} is not in the file", where[1]))  # fmt: skip
    chosen = {header_key(h): columns[f] for f, h in wanted.items()}
    kept = {k: c for k, c in lookup.items() if c.field not in wanted and k not in chosen}
    return {**kept, **chosen}, problems


@dataclass
class RosterShown:
    """The partners sheet as a preview shows it: header, first rows as text, where each field was found."""

    header: list[str] = field(default_factory=list)
    header_row: int = 1
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)  # field -> 0-based column index
    sheet: str = ""  # the sheet shown ("" for CSV)

    def fill(
        self, row: int, header: Sequence[Any], first: list[tuple[int, Sequence[Any]]], columns: dict[str, int]
    ) -> None:
        """Keep what the preview shows of a sheet just read."""
        self.header_row, self.columns = row, columns
        self.header = [cell_text(c) for c in header]
        self.rows = [(n, [cell_text(c) for c in cells]) for n, cells in first]


@dataclass
class RosterColumns:
    """How a roster file's partner columns are read: chosen (field -> header), remembered, the decimal mark."""

    mapping: Mapping[str, str] = field(default_factory=dict)
    remembered: Mapping[str, str] = field(default_factory=dict)
    decimal: str | None = None
    shown: RosterShown | None = None  # filled with what a preview shows, when given
