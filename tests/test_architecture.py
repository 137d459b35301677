"""The house rules of ARCHITECTURE.md that can be checked by reading the imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "microfactory_desk"
CORE = ("models", "schemas", "services", "exports", "imports")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _offenders(folders: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    """Modules under `folders` importing a module equal to or below any forbidden name."""
    found = []
    for folder in folders:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            bad = sorted(n for n in _imports(path) if any(n == f or n.startswith(f + ".") for f in forbidden))
            if bad:
                found.append(f"{path.relative_to(PACKAGE)}: {', '.join(bad)}")
    return found


@pytest.mark.parametrize("folder", CORE)
def test_core_never_imports_qt(folder: str) -> None:
    """Rule 1: business code runs without PySide6."""
    assert _offenders((folder,), ("PySide6",)) == []


def test_ui_never_imports_sqlalchemy_or_models() -> None:
    """Rule 2: the GUI calls services and shows DTOs; it never builds queries or holds sessions."""
    assert _offenders(("ui",), ("sqlalchemy", "alembic", "microfactory_desk.models")) == []


def test_exports_and_imports_never_touch_the_database() -> None:
    """Rule 3: file readers and writers work on DTOs and files only."""
    forbidden = ("sqlalchemy", "microfactory_desk.db", "microfactory_desk.models", "microfactory_desk.services")
    assert _offenders(("exports", "imports"), forbidden) == []


def test_lower_floors_never_import_ui_or_cli() -> None:
    """Data flows down: nothing below the GUI knows the GUI or the CLI."""
    assert _offenders(CORE, ("microfactory_desk.ui", "microfactory_desk.cli", "microfactory_desk.commands")) == []


def test_checker_sees_a_violation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checker flags a planted violation, so the rules above cannot pass vacuously."""
    fake = tmp_path / "services"
    fake.mkdir()
    (fake / "bad.py").write_text("from PySide6.QtCore import Qt\nimport sqlalchemy.orm\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", tmp_path)
    assert _offenders(("services",), ("PySide6",)) == ["services/bad.py: PySide6.QtCore"]
