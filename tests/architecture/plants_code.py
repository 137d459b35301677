"""Planted violations of what the code does (rule 2 through the container, rule 4, rule 6), the helper modules
they need, and the allowed look-alikes that must pass, for tests/test_architecture_teeth.py.
"""

from __future__ import annotations

_TC = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    "
_FN = "def load() -> object:\n    "
_IM = "import importlib\n"
_ROSTER = "from microfactory_desk.services.roster.partners import RosterService\n"

# (id, rule, file to add or append to under the package copy, its source).
CODE_PLANTS = [
    # Rule 2 through the container: the GUI reads the label of the database it is shown, nothing else.
    (
        "ui-container-db-read",
        "2",
        "ui/pages/p_db_read.py",
        "def f(window):\n    return window.services.db.read('SELECT 1')\n",
    ),
    (
        "ui-container-db-session",
        "2",
        "ui/dialogs/p_db_session.py",
        "def f(self):\n    with self.services.db.session() as s:\n        return s\n",
    ),
    (
        "ui-container-db-handed",
        "2",
        "ui/widgets/p_db_handed.py",
        "def f(window, make):\n    return make(window.services.db)\n",
    ),
    # Rule 4: a service used anywhere but the composition roots: built, kept, aliased, subclassed, half-applied.
    ("build-in-page", "4", "ui/pages/p_build.py", _ROSTER + "\nx = RosterService(None)\n"),
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
        "build-by-module-alias",
        "4",
        "ui/pages/p_build_mod.py",
        "from microfactory_desk.services.orders import service as s\nx = s.OrderService(None, pricing=None)\n",
    ),
    (
        "build-in-service",
        "4",
        "services/orders/p_build.py",
        "from .service import OrderService\n\nclass Other:\n    def __init__(self, db: object) -> None:\n        self.orders = OrderService(db)\n",
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
    (
        "build-partial",
        "4",
        "ui/pages/p_partial.py",
        "import functools\nfrom microfactory_desk.services.orders.service import OrderService\nmake = functools.partial(OrderService, None, pricing=None)\n",
    ),
    ("build-from-dict", "4", "ui/pages/p_dict.py", _ROSTER + "BUILDERS = {'roster': RosterService}\n"),
    (
        "build-assigned-alias",
        "4",
        "ui/pages/p_assigned.py",
        "from microfactory_desk.services.roster import partners\nRoster = partners.RosterService\ndef f(db):\n    cls = Roster\n    return cls(db)\n",
    ),
    ("build-subclass", "4", "ui/pages/p_subclass.py", _ROSTER + "class Mine(RosterService):\n    pass\n"),
    (
        "build-unannotated",
        "4",
        "ui/pages/p_unannotated.py",
        "from microfactory_desk.services.p_hidden import Hidden\nx = Hidden(None)\n",
    ),
    (
        "build-service-in-wiring-helper",
        "4",
        "commands/p_pricing.py",
        "from microfactory_desk.services.orders.pricing import OrderPricing\n"
        + _FN
        + "return OrderPricing(None, sla=None)\n",
    ),
    (
        "container-in-page",
        "4",
        "ui/pages/p_container.py",
        "from microfactory_desk.wiring import Services\ndef f(db):\n    return Services(db).orders\n",
    ),
    (
        "container-in-command",
        "4",
        "commands/p_container.py",
        _FN + "from microfactory_desk.ui.app import AppServices\n    return AppServices(None)\n",
    ),
    (
        "container-in-service",
        "4",
        "services/p_container.py",
        _TC + "pass\nfrom microfactory_desk import wiring\nmake = wiring.Services\n",
    ),
    (
        "build-by-getattr",
        "4",
        "ui/pages/p_getattr_service.py",
        "from microfactory_desk.services.roster import partners\nmake = getattr(partners, 'RosterService')\n",
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
    (
        "reach-through-local-name",
        "4",
        "ui/pages/p_reach_name.py",
        "def f(window):\n    f = window.services.order_files\n    return f.orders.list_orders()\n",
    ),
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
    ("sql-date-spaced", "6", "services/p_sql11.py", "Q = 'SELECT DATE (o.sent_at) FROM purchase_order o'\n"),
    ("sql-rowid", "6", "services/p_sql12.py", "Q = 'SELECT rowid FROM partner'\n"),
    ("sql-last-insert-rowid", "6", "demo/p_sql13.py", "Q = 'SELECT last_insert_rowid()'\n"),
    ("sql-or-ignore-alone", "6", "services/p_sql14.py", "PREFIX = 'OR IGNORE'\n"),
    ("sql-or-replace-alone", "6", "services/p_sql15.py", "PREFIX = 'or replace'\n"),
    (
        "sql-boolean-as-int",
        "6",
        "services/p_sql16.py",
        "Q = 'SELECT id FROM checklist_template WHERE is_current = 1'\n",
    ),
    ("sql-max-of-several", "6", "services/p_sql17.py", "Q = 'SELECT MAX(a, b) FROM t'\n"),
    ("sql-total", "6", "services/p_sql18.py", "Q = 'SELECT total(x) FROM t'\n"),
    ("sql-date-arithmetic", "6", "services/p_sql19.py", "Q = 'SELECT o.sent_on + 7 FROM purchase_order o'\n"),
    ("sql-in-commands", "6", "commands/p_sql.py", "Q = 'PRAGMA table_info(partner)'\n"),
    ("sql-in-wiring", "6", "wiring.py", "_Q = \"SELECT strftime('%Y', 'now')\"\n"),
    ("sql-func-strftime", "6", "services/p_func1.py", "from sqlalchemy import func\nq = func.strftime('%Y', 'x')\n"),
    ("sql-func-qualified", "6", "services/p_func2.py", "import sqlalchemy as sa\nq = sa.func.julianday('x')\n"),
    ("sql-func-group-concat", "6", "demo/p_func3.py", "from sqlalchemy import func\nq = func.group_concat('x')\n"),
    ("sql-func-date", "6", "exports/p_func4.py", "def f(func):\n    return func.date('x')\n"),
    ("sql-prefix-with", "6", "services/p_prefix.py", "def f(q):\n    return q.prefix_with('OR IGNORE')\n"),
    ("sql-dialect-import", "6", "services/p_dialect.py", "from sqlalchemy.dialects.sqlite import insert\n"),
    ("sql-dialect-module", "6", "demo/p_dialect.py", "from sqlalchemy.dialects import sqlite\n"),
    (
        "sql-dialect-in-commands",
        "6",
        "commands/p_dialect.py",
        _FN + "import sqlalchemy.dialects.postgresql\n    return 1\n",
    ),
]


# Modules the plants need that are not themselves violations.
HELPERS = [
    ("services/p_hidden.py", "class Hidden:\n    def __init__(self, db):\n        self._db = db\n"),
    ("services/p_hidden_named.py", "class HiddenService:\n    pass\n"),
    (
        "services/p_audited.py",
        "from .roster.partners import RosterService\n\nclass Audited(RosterService):\n    pass\n",
    ),
    (
        "services/p_dto.py",
        "from collections import namedtuple\nfrom typing import NamedTuple, TypedDict\nimport dataclasses\n"
        "from microfactory_desk.schemas.partner import PartnerRow\n"
        "Point = namedtuple('Point', 'x y')\nPair = NamedTuple('Pair', [('a', int)])\n"
        "Made = dataclasses.make_dataclass('Made', ['a'])\nShape = TypedDict('Shape', {'a': int})\n"
        "class Extended(PartnerRow):\n    pass\n",
    ),
]

# Allowed things that look close to a violation: none of these may be reported.
CONTROLS = [
    ("ui/p_ok_services.py", _TC + "from microfactory_desk.services.roster.partners import RosterService\n"),
    ("ui/p_ok_schemas.py", "from microfactory_desk.schemas.partner import PartnerRow\nimport PySide6.QtCore\n"),
    ("wiring.py", "from microfactory_desk.services.sla.versions import SlaService\n\nx = SlaService(None)\n"),
    (
        "ui/app.py",
        _ROSTER + "def _again(db):\n    return AppServices(db), RosterService(db), Services(db).db.read('SELECT 1')\n",
    ),
    (
        "commands/context.py",
        "def _again(db):\n    from microfactory_desk.wiring import Services\n\n    return Services(db)\n",
    ),
    ("services/p_ok_doc.py", '"""Never write strftime( or PRAGMA here: db.py owns the dialect."""\n'),
    ("services/p_ok_value.py", "from .orders.rules import PartnerLimits\n\nx = PartnerLimits(1, 2)\n"),
    ("imports/p_ok_prose.py", "MSG = 'is not a date (use YYYY-MM-DD)'\n"),
    (
        "services/p_ok_prose.py",
        "A = 'score = min(100, on-time rate × 100)'\nB = 'Keep or replace the file?'\nC = 'a date (when known)'\n"
        "D = 'delivered_on is missing'\n",
    ),
    (
        "services/p_ok_portable.py",
        "from sqlalchemy import func\nq = func.lower('x'), func.coalesce('a', 'b'), func.count(), func.max('x')\nQ = 'SELECT MAX(a) FROM t WHERE active = :yes'\n",
    ),
    (
        "services/p_ok_static.py",
        "from .orders.pricing import OrderPricing\n\ndef f(s, o, c):\n    return OrderPricing.price_lines(s, o, c)\n",
    ),
    (
        "services/p_ok_subclass.py",
        "from .roster.partners import RosterService\n\nclass Audited2(RosterService):\n    pass\n",
    ),
    ("services/p_ok_literal_import.py", _IM + "importlib.import_module('microfactory_desk.schemas.partner')\n"),
    (
        "ui/p_ok_annotations.py",
        "from collections.abc import Callable\n" + _ROSTER + "def f(p: Callable[[], RosterService]) -> RosterService:\n"
        "    x: RosterService = p()\n    return x\n",
    ),
    ("ui/p_ok_db_label.py", "def f(window):\n    window.services.db.close()\n    return window.services.db.label\n"),
    ("ui/pages/p_ok_provider.py", _FN + "return window.services.orders.list_orders(), self._orders().pricing_of(1)\n"),
    (
        "ui/widgets/p_ok_fields.py",
        _FN + "return detail.orders, self.inspections.rowCount(), self.orders.orders_changed\n",
    ),
    ("services/orders/p_ok_own.py", _FN + "return self.orders.pricing\n"),
    (
        "commands/p_ok_lazy_gui.py",
        "def shot():\n    import PySide6.QtCore\n    from microfactory_desk.ui.screenshot import save_screenshot\n"
        "    return save_screenshot, PySide6.QtCore\n",
    ),
    ("commands/p_ok_migrations.py", "from microfactory_desk.migrations import HEAD_REVISION\n"),
]
