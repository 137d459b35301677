"""docs/architecture.md names every module of the rows that describe commands/, ui/ and services/sla/."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
PACKAGE = ROOT / "microfactory_desk"


def _row(first_cell: str) -> str:
    """The table row of docs/architecture.md whose first cell is `first_cell` (exactly one such row)."""
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith(f"| {first_cell} |")]
    assert len(rows) == 1, f"{first_cell}: {len(rows)} rows"
    return rows[0]


def _modules(folder: Path, *, skip: tuple[str, ...] = ()) -> set[str]:
    """Module names of a package folder, without __init__ and the names in `skip`."""
    return {p.stem for p in folder.glob("*.py") if p.stem != "__init__" and p.stem not in skip}


def test_commands_row_lists_every_area_module() -> None:
    """Each commands/<area>.py is named in the commands/ row (context.py is the helper the row names by its role)."""
    row = _row("`commands/`")
    assert {m for m in _modules(PACKAGE / "commands", skip=("context",)) if f"`{m}`" not in row} == set()


def test_ui_row_names_every_top_level_module_and_folder() -> None:
    """Every ui/*.py and ui/ subpackage is named in the ui/ row."""
    row = _row("`ui/`")
    folders = {p.name for p in (PACKAGE / "ui").iterdir() if (p / "__init__.py").exists()}
    named = {f"{m}.py" for m in _modules(PACKAGE / "ui")} | {f"{f}/" for f in folders}
    assert {n for n in named if f"`{n}`" not in row} == set()


def test_sla_row_names_every_sla_module() -> None:
    """Every services/sla/ module, in_force included, is named in the sla/ row."""
    row = _row("`sla/`")
    assert {m for m in _modules(PACKAGE / "services" / "sla") if f"`{m}`" not in row} == set()
