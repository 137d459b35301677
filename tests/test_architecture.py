"""The house rules of docs/architecture.md that can be checked by reading the source, run on the package.

The checker lives in tests/architecture/ (one module per concern). tests/test_architecture_teeth.py proves it
bites: it plants one violation of each kind in a copy of the package and asserts each one is reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.architecture import (
    Finding,
    all_findings,
    container_attributes,
    dto_classes,
    imports_of,
    service_classes,
    wiring_classes,
)

PACKAGE = Path(__file__).resolve().parent.parent / "microfactory_desk"

RULES = {
    "1": "models/, schemas/, services/, exports/, imports/, demo/ and the ground modules never import PySide6; "
    "cli.py, commands/ and wiring.py import neither Qt nor the GUI at module level",
    "2": "ui/ and the CLI never import sqlalchemy, alembic or models; ui/ imports microfactory_desk.db only in "
    "ui/app.py and reads only the label off the container's database (and closes it)",
    "3": "exports/imports touch no database; data flows down; schemas and models stay plain",
    "5": "every dynamic import names its module with a literal the checker can read",
    "6": "no SQLite-only SQL, func.<sqlite-only>() or dialect import in services/, demo/, imports/, exports/, "
    "commands/, cli.py, wiring.py",
}


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    """The checker's report on the package as it is."""
    return all_findings(PACKAGE)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_holds(rule: str, findings: list[Finding]) -> None:
    """Rules 1, 2, 3, 5 and 6 hold in the package (the rule is spelled out in RULES)."""
    assert [str(f) for f in findings if f.rule == rule] == [], RULES[rule]


def test_services_are_built_only_in_the_composition_roots(findings: list[Finding]) -> None:
    """Rule 4: only wiring.py and ui/app.py use service classes (and only ui/app.py and commands/context.py the
    container); no service, page or command builds, keeps or subclasses one."""
    assert [str(f) for f in findings if f.rule == "4" and "reaches through" not in f.detail] == []


def test_pages_and_commands_never_reach_through_a_service(findings: list[Finding]) -> None:
    """Rule 4: ui/ and commands/ are handed every service they use; none reads one service off another."""
    assert {"order_files", "orders", "inspections", "inspection_reports"} <= container_attributes(PACKAGE)
    assert "quality" not in container_attributes(PACKAGE)  # the container offers services, not groups of them
    assert [str(f) for f in findings if "reaches through" in f.detail] == []


def test_service_classes_are_found_by_their_shape() -> None:
    """Rule 4 knows the services (by name, or taking the database or another service) and not the value objects."""
    services = service_classes(PACKAGE)
    assert {"RosterService", "OrderService", "OrderFiles", "SlaService", "ScorecardService", "KpiService"} <= services
    assert not {"PricingContext", "PartnerLimits", "SessionReader", "CardRule", "PhotoRejected"} & services


def test_every_class_the_container_builds_is_recognised_as_a_service() -> None:
    """The authoritative set: every class a cached property of wiring.Services builds is a service to rule 4."""
    built = wiring_classes(PACKAGE)
    assert len(built) >= 20, built  # the parse found the container's properties, not an empty set
    assert built - service_classes(PACKAGE) == set()


def test_services_return_types_from_schemas() -> None:
    """Types a service hands to the GUI or the CLI live in schemas/; only internal ones stay in services/."""
    internal = {"microfactory_desk/services/dashboard/cards.py: CardRule"}  # a card's query, never leaves the service
    assert [c for c in dto_classes(PACKAGE) if c not in internal] == []


def test_every_import_form_is_read(tmp_path: Path) -> None:
    """Relative, package-level, aliased, dynamic (however the loader is reached), sys.modules, attribute-chain,
    in-function and TYPE_CHECKING imports resolve to module names; an unreadable name is marked computed."""
    root = tmp_path / "microfactory_desk"
    (root / "ui").mkdir(parents=True)
    source = (
        "import importlib\nimport sys\nimport microfactory_desk\nfrom typing import TYPE_CHECKING\n"
        "from .. import db\n"
        "from ..models import Partner\n"
        "from . import tasks\n"
        "import microfactory_desk.services.sla as s\n"
        "importlib.import_module('microfactory_desk.schemas')\n"
        "__import__('sqlalchemy.orm')\n"
        "importlib.import_module('.paths', package='microfactory_desk')\n"
        "getattr(importlib, 'import_module')('microfactory_desk.clock')\n"
        "load = importlib.import_module\nload('microfactory_desk.errors')\n"
        "__import__('microfactory_desk', fromlist=['wiring'])\n"
        "NAME = 'alembic.command'\nimportlib.import_module(NAME)\n"
        "sys.modules['microfactory_desk.cli']\n"
        "microfactory_desk.commands.orders.register\n"
        "def f(name):\n    import alembic\n    return importlib.import_module(name)\n"
        "if TYPE_CHECKING:\n    from PySide6.QtCore import QObject\n"
    )
    (root / "ui" / "page.py").write_text(source, encoding="utf-8")
    seen = {(r.name, r.form) for r in imports_of(root / "ui" / "page.py", root)}
    assert {
        ("microfactory_desk.db", "relative"),
        ("microfactory_desk.models", "relative"),
        ("microfactory_desk.ui.tasks", "relative"),
        ("microfactory_desk.services.sla", "plain"),
        ("microfactory_desk.schemas", "dynamic"),
        ("sqlalchemy.orm", "dynamic"),
        ("microfactory_desk.paths", "dynamic"),
        ("microfactory_desk.clock", "dynamic"),
        ("microfactory_desk.errors", "dynamic"),
        ("microfactory_desk.wiring", "dynamic"),
        ("alembic.command", "dynamic"),
        ("?", "computed"),  # the constant: read, and still reported as not a literal
        ("microfactory_desk.cli", "dynamic"),
        ("microfactory_desk.commands.orders.register", "attribute"),
        ("alembic", "function plain"),
        ("?", "function computed"),
        ("PySide6.QtCore", "type-checking from"),
    } <= seen
