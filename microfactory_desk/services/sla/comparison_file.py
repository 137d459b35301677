"""The SLA comparison as a file the manager can share (the compare dialog's Export)."""

from __future__ import annotations

from pathlib import Path

from microfactory_desk.errors import FileFormatError
from microfactory_desk.schemas.sla import SlaComparison


def export_comparison(comparison: SlaComparison, path: Path, *, partner: str = "") -> Path:
    """Write the comparison to an .xlsx file; FileFormatError for any other file name."""
    from microfactory_desk.exports.sla_comparison import write_sla_comparison

    if Path(path).suffix.lower() != ".xlsx":
        raise FileFormatError(f"Cannot write the comparison to '{Path(path).name}': use a .xlsx file name.")
    return write_sla_comparison(comparison, Path(path), partner=partner)
