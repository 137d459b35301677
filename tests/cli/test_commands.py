"""The command line's layout: cli.py parses and dispatches, every handler lives in commands/ and gets its services
from the one helper."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from microfactory_desk.cli import build_parser
from microfactory_desk.commands.context import services_for
from microfactory_desk.db import Database
from microfactory_desk.errors import DatabaseError
from microfactory_desk.wiring import Services


def _handlers(parser: argparse.ArgumentParser, path: str = "") -> dict[str, object]:
    """Every runnable command (e.g. 'export roster') with the handler it dispatches to."""
    found: dict[str, object] = {}
    run = parser.get_default("run")
    if run is not None:
        found[path.strip()] = run
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found |= _handlers(sub, f"{path} {name}")
    return found


def test_every_handler_lives_in_an_area_module() -> None:
    """No command is handled in cli.py: each one dispatches to a function of commands/<area>.py."""
    handlers = _handlers(build_parser())
    moved = {"demo", "import roster", "export roster", "export sla", "check", "backup", "screenshot"}
    assert moved <= set(handlers)
    modules = {name: getattr(run, "__module__", "") for name, run in handlers.items()}
    assert {
        name: module for name, module in modules.items() if not module.startswith("microfactory_desk.commands.")
    } == {}
    assert modules["export sla"] == "microfactory_desk.commands.sla"


# Where each command is handled: the module of the area whose services it uses.
AREA_OF_COMMAND = {
    "demo": "demo",
    "import roster": "roster",
    "export roster": "roster",
    "export sla": "sla",
    "check": "database",
    "backup": "database",
    "copy": "copy",
    "screenshot": "window",
    "export inspection": "quality",
    "export template": "quality",
    "import template": "quality",
    "inspections list": "quality",
    "templates list": "quality",
    "export order-sheet": "orders",
    "export orders": "orders",
    "export order-json": "orders",
    "import order-confirmation": "orders",
    "schema": "orders",
    "orders": "orders",
    "import deliveries": "telemetry",
    "export scorecard": "scorecards",
    "export scorecards": "scorecards",
    "export portfolio": "scorecards",
    "scorecards compute": "scorecards",
    "attention": "dashboard",
    "export pilots": "pilots",
}


def test_every_command_is_handled_by_the_module_of_its_area() -> None:
    """Scorecard commands live in commands/scorecards.py, `export pilots` in pilots.py, `attention` in dashboard.py."""
    handlers = _handlers(build_parser())
    modules = {name: getattr(run, "__module__", "") for name, run in handlers.items()}
    known = {name: modules[name] for name in AREA_OF_COMMAND if name in modules}
    assert known == {name: f"microfactory_desk.commands.{area}" for name, area in AREA_OF_COMMAND.items()}


def test_every_area_module_is_registered_once() -> None:
    """Each module of commands/ with a `register` is in AREAS exactly once, so no command is left out of the CLI."""
    import importlib

    from microfactory_desk.commands import AREAS

    package = Path(__file__).resolve().parents[2] / "microfactory_desk" / "commands"
    with_register = {
        f"microfactory_desk.commands.{p.stem}"
        for p in package.glob("*.py")
        if hasattr(importlib.import_module(f"microfactory_desk.commands.{p.stem}"), "register")
    }
    registered = [area.__name__ for area in AREAS]
    assert len(registered) == len(set(registered))
    assert set(registered) == with_register


def test_building_the_parser_loads_no_database_layer() -> None:
    """`--help` stays fast: parsing set-up imports neither the database layer nor any service."""
    script = (
        "import sys\nfrom microfactory_desk.cli import build_parser\nbuild_parser()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'microfactory_desk.db', "
        "'microfactory_desk.services', 'microfactory_desk.wiring', 'PySide6'))))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "[]"


def test_services_for_opens_an_existing_database_only_unless_asked_to_create(tmp_path: Path) -> None:
    """The helper refuses a missing file by default, creates it with create=True, and returns the container."""
    missing = tmp_path / "missing.sqlite"
    with pytest.raises(DatabaseError, match="No database at"):
        services_for(str(missing))
    assert not missing.exists()
    created = services_for(str(missing), create=True)
    try:
        assert isinstance(created, Services) and missing.exists()
        assert created.order_files._orders is created.orders
    finally:
        created.db.close()


def test_services_for_reads_the_database_given(db: Database) -> None:
    """Each call opens the database at the location and builds its own container on it."""
    first, second = services_for(db.url), services_for(db.url)
    try:
        assert first is not second and first.db.url == second.db.url == db.url
        assert first.orders.list_orders().rows == []
    finally:
        first.db.close()
        second.db.close()


def _constructions(source: str) -> list[str]:
    """Classes imported from services/ or wiring that the source calls, i.e. builds itself."""
    import ast

    tree = ast.parse(source)
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith(("microfactory_desk.services", "microfactory_desk.wiring"))
        for alias in node.names
        if alias.name[:1].isupper()
    }
    return [
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in imported
    ]


def test_no_command_builds_a_service_itself() -> None:
    """Only commands/context.py builds the container; no handler (nor cli.py) constructs a service."""
    package = Path(__file__).resolve().parents[2] / "microfactory_desk"
    planted = (
        "def f(db):\n    from microfactory_desk.services.orders.files import OrderFiles\n    return OrderFiles(db)\n"
    )
    assert _constructions(planted) == ["OrderFiles"]  # the check sees a construction inside a handler
    sources = [package / "cli.py", *sorted((package / "commands").glob("*.py"))]
    found = {p.name: _constructions(p.read_text(encoding="utf-8")) for p in sources}
    assert {name: calls for name, calls in found.items() if calls} == {"context.py": ["Services"]}
