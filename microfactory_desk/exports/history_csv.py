"""A record's change log as a CSV file: when (UTC), who, field, before, after, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from microfactory_desk.exports.csv_file import write_csv
from microfactory_desk.schemas.history import ChangeOut

HEADERS = ("When (UTC)", "Who", "Field", "Before", "After")


def write_history_csv(path: Path, changes: Sequence[ChangeOut]) -> int:
    """Write `changes` (as the History tab lists them) to `path`; returns the number of rows.

    Fields are named as the form labels them; raises DeskError when the file cannot be written.
    """
    rows = (
        (c.changed_at.strftime("%Y-%m-%d %H:%M:%S"), c.changed_by, c.label or c.field, c.old_value, c.new_value)
        for c in changes
    )
    return write_csv(Path(path), HEADERS, rows)
