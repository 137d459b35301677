"""The house rules of docs/architecture.md that can be checked by reading the source, and proof the checker bites.

The checker lives in tests/architecture_rules.py. The first tests run it on the package; the planted tests copy
the package to a temporary folder, add one violation of each kind (each rule, each import form) and assert that
each one is reported, so no rule can pass because the checker looks in the wrong place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.architecture_rules import (
    Finding,
    all_findings,
    container_attributes,
    dto_classes,
    imports_of,
    service_classes,
)

PACKAGE = Path(__file__).resolve().parent.parent / "microfactory_desk"

RULES = {
    "1": "models/, schemas/, services/, exports/, imports/, demo/ and the ground modules never import PySide6",
    "2": "ui/ never imports sqlalchemy, alembic or models, nor microfactory_desk.db outside ui/app.py",
    "3": "exports/imports touch no database; data flows down; schemas and models stay plain",
    "6": "no SQLite-only SQL in services/, demo/, imports/, exports/",
}


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    """The checker's report on the package as it is."""
    return all_findings(PACKAGE)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_holds(rule: str, findings: list[Finding]) -> None:
    """Rules 1, 2, 3 and 6 hold in the package (the rule is spelled out in RULES)."""
    assert [str(f) for f in findings if f.rule == rule] == [], RULES[rule]


def test_services_are_built_only_in_the_composition_roots(findings: list[Finding]) -> None:
    """Rule 4: only wiring.py and ui/app.py construct services; no service, page or command builds one."""
    assert [str(f) for f in findings if f.rule == "4"] == []


def test_pages_and_commands_never_reach_through_a_service(findings: list[Finding]) -> None:
    """Rule 4: ui/ and commands/ are handed every service they use; none reads one service off another."""
    assert {"order_files", "orders", "inspections", "inspection_reports"} <= container_attributes(PACKAGE)
    assert "quality" not in container_attributes(PACKAGE)  # the container offers services, not groups of them
    assert [str(f) for f in findings if "reaches through" in f.detail] == []


def test_service_classes_are_found_by_their_constructor() -> None:
    """Rule 4 knows the services (they take the database or another service) and not the value objects."""
    services = service_classes(PACKAGE)
    assert {"RosterService", "OrderService", "OrderFiles", "SlaService", "ScorecardService", "KpiService"} <= services
    assert not {"PricingContext", "PartnerLimits", "SessionReader", "CardRule", "PhotoRejected"} & services


def test_services_return_types_from_schemas() -> None:
    """Types a service hands to the GUI or the CLI live in schemas/; only internal ones stay in services/."""
    internal = {"microfactory_desk/services/dashboard/cards.py: CardRule"}  # a card's query, never leaves the service
    assert [c for c in dto_classes(PACKAGE) if c not in internal] == []


def test_every_import_form_is_read(tmp_path: Path) -> None:
    """Relative, package-level, aliased, dynamic, in-function and TYPE_CHECKING imports resolve to module names."""
    root = tmp_path / "microfactory_desk"
    (root / "ui").mkdir(parents=True)
    source = (
        "import importlib\nfrom typing import TYPE_CHECKING\n"
        "from .. import db\n"
        "from ..models import Partner\n"
        "from . import tasks\n"
        "import microfactory_desk.services.sla as s\n"
        "importlib.import_module('microfactory_desk.schemas')\n"
        "__import__('sqlalchemy.orm')\n"
        "importlib.import_module('.paths', package='microfactory_desk')\n"
        "def f():\n    import alembic\n"
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
        ("alembic", "function plain"),
        ("PySide6.QtCore", "type-checking from"),
    } <= seen


_TC = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    "
_FN = "def load() -> object:\n    "
_IM = "import importlib\n"

# (id, rule, file to add under the package copy, its source). Relative forms appear where the target is
# inside the package (a relative import cannot reach PySide6 or sqlalchemy).
PLANTS = [
    # Rule 1: no Qt below the GUI, on every lower floor.
    ("qt-plain", "1", "services/roster/p_qt_plain.py", "import PySide6.QtCore\n"),
    ("qt-from", "1", "services/p_qt_from.py", "from PySide6.QtWidgets import QWidget\n"),
    ("qt-alias", "1", "models/p_qt_alias.py", "import PySide6.QtGui as gui\n"),
    ("qt-dynamic", "1", "exports/p_qt_dynamic.py", _IM + "importlib.import_module('PySide6.QtCore')\n"),
    ("qt-dunder", "1", "imports/p_qt_dunder.py", "__import__('PySide6')\n"),
    ("qt-function", "1", "demo/p_qt_function.py", _FN + "from PySide6 import QtCore\n    return QtCore\n"),
    ("qt-type-checking", "1", "schemas/p_qt_tc.py", _TC + "from PySide6.QtCore import QObject\n"),
    ("qt-shiboken", "1", "services/p_qt_shiboken.py", "import shiboken6\n"),
    # Rule 2: the GUI holds no SQL, no ORM, and opens no database outside ui/app.py.
    ("ui-sa-plain", "2", "ui/p_sa_plain.py", "import sqlalchemy\n"),
    ("ui-sa-from", "2", "ui/pages/p_sa_from.py", "from sqlalchemy.orm import Session\n"),
    ("ui-alembic", "2", "ui/p_alembic.py", "from alembic import command\n"),
    ("ui-models-relative", "2", "ui/p_models_rel.py", "from ..models import Partner\n"),
    ("ui-models-deep-relative", "2", "ui/dialogs/p_models_rel.py", "from ...models.partner import Partner\n"),
    ("ui-models-alias", "2", "ui/p_models_alias.py", "import microfactory_desk.models as m\n"),
    ("ui-models-package", "2", "ui/p_models_pkg.py", "from microfactory_desk import models\n"),
    ("ui-db-package", "2", "ui/p_db_pkg.py", "from microfactory_desk import db\n"),
    ("ui-db-relative", "2", "ui/p_db_rel.py", "from .. import db\n"),
    ("ui-db-from", "2", "ui/widgets/p_db_from.py", "from microfactory_desk.db import Database\n"),
    ("ui-db-dynamic", "2", "ui/p_db_dynamic.py", _IM + "importlib.import_module('microfactory_desk.db')\n"),
    ("ui-db-dynamic-relative", "2", "ui/p_db_dynrel.py", _IM + "importlib.import_module('.db', 'microfactory_desk')\n"),
    (
        "ui-db-dynamic-alias",
        "2",
        "ui/p_db_dynalias.py",
        "from importlib import import_module as load\n\nload('microfactory_desk.db')\n",
    ),
    ("ui-sa-dunder", "2", "ui/p_sa_dunder.py", "__import__('sqlalchemy.orm')\n"),
    (
        "ui-db-function",
        "2",
        "ui/p_db_function.py",
        _FN + "from microfactory_desk.db import open_database\n    return 1\n",
    ),
    ("ui-sa-type-checking", "2", "ui/p_sa_tc.py", _TC + "from sqlalchemy.orm import Session\n"),
    ("ui-models-type-checking", "2", "ui/p_models_tc.py", _TC + "from microfactory_desk.models import Partner\n"),
    # Rule 3: files only in exports/imports; data flows down; schemas and models stay plain.
    ("exports-db-relative", "3", "exports/p_db_rel.py", "from ..db import Database\n"),
    ("exports-services-from", "3", "exports/p_services.py", "from microfactory_desk.services.roster import files\n"),
    ("exports-sa-alias", "3", "exports/p_sa_alias.py", "import sqlalchemy as sa\n"),
    ("imports-models-package", "3", "imports/p_models_pkg.py", "from microfactory_desk import models\n"),
    ("imports-db-dunder", "3", "imports/p_db_dunder.py", "__import__('microfactory_desk.db')\n"),
    (
        "imports-services-function",
        "3",
        "imports/p_svc_fn.py",
        _FN + "import microfactory_desk.services\n    return 1\n",
    ),
    ("services-ui-relative", "3", "services/roster/p_ui_rel.py", "from ...ui import app\n"),
    ("services-cli-alias", "3", "services/p_cli_alias.py", "import microfactory_desk.cli as cli\n"),
    (
        "services-commands-dynamic",
        "3",
        "services/p_cmd_dyn.py",
        _IM + "importlib.import_module('microfactory_desk.commands')\n",
    ),
    ("services-demo-from", "3", "services/p_demo.py", "from microfactory_desk.demo.load import load_demo\n"),
    (
        "models-ui-function",
        "3",
        "models/p_ui_fn.py",
        _FN + "from microfactory_desk.ui import theme\n    return theme\n",
    ),
    ("models-services-relative", "3", "models/p_svc_rel.py", "from ..services.roster import partners\n"),
    ("schemas-models-relative", "3", "schemas/p_models_rel.py", "from ..models import Partner\n"),
    ("schemas-sa-type-checking", "3", "schemas/p_sa_tc.py", _TC + "from sqlalchemy.orm import Session\n"),
    ("schemas-services-package", "3", "schemas/p_svc_pkg.py", "from microfactory_desk.services import sla\n"),
    ("schemas-db-alias", "3", "schemas/p_db_alias.py", "import microfactory_desk.db as database\n"),
    ("schemas-wiring", "3", "schemas/p_wiring.py", "from microfactory_desk import wiring\n"),
    ("demo-commands", "3", "demo/p_commands.py", "from microfactory_desk.commands import orders\n"),
    # Rule 4: a service built anywhere but the composition roots, by name, alias or module attribute.
    (
        "build-in-page",
        "4",
        "ui/pages/p_build.py",
        "from microfactory_desk.services.roster.partners import RosterService\n\nx = RosterService(None)\n",
    ),
    (
        "build-by-alias",
        "4",
        "ui/p_build_alias.py",
        "from microfactory_desk.services.roster.partners import RosterService as Roster\n"
        + _FN
        + "return Roster(None)\n",
    ),
    (
        "build-by-module",
        "4",
        "commands/p_build_mod.py",
        "from microfactory_desk.services.orders import files\n" + _FN + "return files.OrderFiles(None)\n",
    ),
    (
        "build-in-service",
        "4",
        "services/orders/p_build.py",
        "from .service import OrderService\n\nclass Other:\n    def __init__(self, db: object) -> None:\n"
        "        self.orders = OrderService(db)\n",
    ),
    (
        "build-in-demo",
        "4",
        "demo/p_build.py",
        "from microfactory_desk.services.telemetry.kpis import KpiService\n" + _FN + "return KpiService(None)\n",
    ),
    (
        "build-in-cli",
        "4",
        "cli_p_build.py",
        "from microfactory_desk.services.sla.files import SlaFiles\n" + _FN + "return SlaFiles(None)\n",
    ),
    # Rule 4: the GUI or a command reading a service off another service (container, provider, local, private).
    ("reach-container", "4", "ui/pages/p_reach.py", _FN + "return services.order_files.orders.list_orders()\n"),
    (
        "reach-provider",
        "4",
        "ui/p_reach_call.py",
        "class P:\n    def f(self) -> object:\n        return self._files().orders\n",
    ),
    (
        "reach-local",
        "4",
        "commands/p_reach_local.py",
        "def f(reports: object) -> object:\n    return reports._inspections\n",
    ),
    ("reach-private", "4", "ui/dialogs/p_reach_sla.py", _FN + "return window.services.sla_files._roster\n"),
    # Rule 6: SQLite-only SQL where the code must run on PostgreSQL too.
    ("sql-strftime", "6", "services/p_sql1.py", "Q = \"SELECT strftime('%Y', sent_at) FROM purchase_order\"\n"),
    ("sql-julianday", "6", "services/p_sql2.py", "Q = 'SELECT julianday(received_on) - julianday(promised_on)'\n"),
    ("sql-insert-or", "6", "demo/p_sql3.py", "Q = 'INSERT OR IGNORE INTO setting (key, value) VALUES (:k, :v)'\n"),
    ("sql-pragma", "6", "imports/p_sql4.py", "Q = 'PRAGMA foreign_keys = ON'\n"),
    ("sql-glob", "6", "exports/p_sql5.py", "Q = \"SELECT id FROM partner WHERE code GLOB 'A*'\"\n"),
    ("sql-date-now", "6", "services/p_sql6.py", "Q = \"SELECT id FROM follow_up WHERE due_on < date('now')\"\n"),
    ("sql-datetime-now", "6", "services/p_sql7.py", "Q = \"WHERE created_at > datetime('now', '-7 days')\"\n"),
    ("sql-nocase", "6", "services/p_sql9.py", "Q = 'SELECT id FROM sku ORDER BY code COLLATE NOCASE'\n"),
    ("sql-ifnull", "6", "services/p_sql10.py", "Q = 'SELECT ifnull(region, :none) FROM partner'\n"),
    (
        "sql-date-on-column",
        "6",
        "services/sla/p_sql8.py",
        "def q(n: int) -> str:\n    return f' AND date(o.sent_at) < {n}'\n",
    ),
]

# Allowed things that look close to a violation: none of these may be reported.
CONTROLS = [
    ("ui/p_ok_services.py", _TC + "from microfactory_desk.services.roster.partners import RosterService\n"),
    ("ui/p_ok_schemas.py", "from microfactory_desk.schemas.partner import PartnerRow\nimport PySide6.QtCore\n"),
    ("wiring.py", "from microfactory_desk.services.sla.versions import SlaService\n\nx = SlaService(None)\n"),
    ("services/p_ok_doc.py", '"""Never write strftime( or PRAGMA here: db.py owns the dialect."""\n'),
    ("services/p_ok_value.py", "from .orders.rules import PartnerLimits\n\nx = PartnerLimits(1, 2)\n"),
    ("imports/p_ok_prose.py", "MSG = 'is not a date (use YYYY-MM-DD)'\n"),
    ("ui/pages/p_ok_provider.py", _FN + "return window.services.orders.list_orders(), self._orders().pricing_of(1)\n"),
    (
        "ui/widgets/p_ok_fields.py",
        _FN + "return detail.orders, self.inspections.rowCount(), self.orders.orders_changed\n",
    ),
    ("services/orders/p_ok_own.py", _FN + "return self.orders.pricing\n"),
]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    """The checker's report on a copy of the package with every plant and control added."""
    root = tmp_path_factory.mktemp("copy") / "microfactory_desk"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__"))
    for _, _, relative, source in PLANTS:
        (root / relative).write_text(source, encoding="utf-8")
    for relative, source in CONTROLS:
        with (root / relative).open("a", encoding="utf-8") as out:  # appended: wiring.py keeps its container
            out.write("\n" + source)
    return all_findings(root)


@pytest.mark.parametrize(("rule", "relative"), [(p[1], p[2]) for p in PLANTS], ids=[p[0] for p in PLANTS])
def test_planted_violation_is_reported(rule: str, relative: str, planted: list[Finding]) -> None:
    """Each planted violation is reported under its rule, so the rules above cannot pass vacuously."""
    assert any(f.rule == rule and f.path == f"microfactory_desk/{relative}" for f in planted), relative


def test_allowed_lookalikes_are_not_reported(planted: list[Finding]) -> None:
    """Services imported by the GUI, services built in wiring.py, value objects, docstrings and prose pass;
    so do a service's own methods, widgets and DTO fields named like a service, and a service's own collaborators."""
    paths = {f"microfactory_desk/{relative}" for relative, _ in CONTROLS}
    assert [str(f) for f in planted if f.path in paths] == []
