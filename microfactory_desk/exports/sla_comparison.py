"""Two SLA versions compared, as an Excel sheet: one row per term, changed terms marked."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from microfactory_desk.exports.atomic import atomic_output
from microfactory_desk.exports.xlsx import safe_cell, start_sheet
from microfactory_desk.schemas.sla import SlaComparison


def write_sla_comparison(comparison: SlaComparison, path: Path, *, partner: str = "") -> Path:
    """Write `comparison` to the .xlsx at `path` (atomically) and return the path.

    Columns: Term, Version A, Version B, Changed ("yes" or empty). Every term text goes through safe_cell.
    """
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("SLA comparison")
    a, b = f"Version {comparison.version_a}", f"Version {comparison.version_b}"
    start_sheet(ws, ["Term", a, b, "Changed"], [34, 40, 40, 10])
    for row in comparison.rows:
        ws.append([safe_cell(ws, row.term), safe_cell(ws, row.a), safe_cell(ws, row.b), "yes" if row.changed else ""])
    if partner:
        ws.append([])
        ws.append([safe_cell(ws, f"Partner: {partner}")])
    with atomic_output(Path(path)) as tmp:
        workbook.save(tmp)
    return Path(path)
