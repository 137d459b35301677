"""Planted violations of the import rules (1, 2, 3 and 5: every import form on every floor) for
tests/test_architecture_teeth.py. Relative forms appear where the target is inside the package (a relative
import cannot reach PySide6 or sqlalchemy). A path that exists in the package is appended to, so the ground
modules, cli.py and wiring.py get plants too.
"""

from __future__ import annotations

from tests.architecture.plants_code import _FN, _IM, _TC

# (id, rule, file to add or append to under the package copy, its source).
IMPORT_PLANTS = [
    # Rule 1: no Qt below the GUI, on every lower floor and the ground modules.
    ("qt-plain", "1", "services/roster/p_qt_plain.py", "import PySide6.QtCore\n"),
    ("qt-from", "1", "services/p_qt_from.py", "from PySide6.QtWidgets import QWidget\n"),
    ("qt-alias", "1", "models/p_qt_alias.py", "import PySide6.QtGui as gui\n"),
    ("qt-dynamic", "1", "exports/p_qt_dynamic.py", _IM + "importlib.import_module('PySide6.QtCore')\n"),
    ("qt-dunder", "1", "imports/p_qt_dunder.py", "__import__('PySide6')\n"),
    ("qt-function", "1", "demo/p_qt_function.py", _FN + "from PySide6 import QtCore\n    return QtCore\n"),
    ("qt-type-checking", "1", "schemas/p_qt_tc.py", _TC + "from PySide6.QtCore import QObject\n"),
    ("qt-shiboken", "1", "services/p_qt_shiboken.py", "import shiboken6\n"),
    ("qt-in-db", "1", "db.py", "import PySide6.QtCore\n"),
    ("qt-in-errors", "1", "errors.py", "from PySide6.QtWidgets import QMessageBox\n"),
    ("qt-in-clock-dynamic", "1", "clock.py", _IM + "importlib.import_module('PySide6.QtCore')\n"),
    # Rule 1 for the headless entry points: no Qt and no GUI when cli.py, a command or the container is loaded.
    ("qt-in-cli", "1", "cli.py", "import PySide6.QtCore\n"),
    ("qt-in-wiring", "1", "wiring.py", "import PySide6.QtCore\n"),
    ("qt-in-commands", "1", "commands/p_qt.py", "from PySide6.QtWidgets import QApplication\n"),
    ("gui-in-commands", "1", "commands/p_gui.py", "from microfactory_desk.ui import app\n"),
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
    (
        "ui-db-getattr-loader",
        "2",
        "ui/pages/p_getattr.py",
        _IM + "getattr(importlib, 'import_module')('microfactory_desk.db')\n",
    ),
    (
        "ui-models-assigned-loader",
        "2",
        "ui/pages/p_loader.py",
        _IM + "load = importlib.import_module\nload('microfactory_desk.models')\n",
    ),
    ("ui-db-fromlist", "2", "ui/pages/p_fromlist.py", "__import__('microfactory_desk', fromlist=['db'])\n"),
    ("ui-db-concat", "2", "ui/pages/p_concat.py", _IM + "importlib.import_module('microfactory_desk.' + 'db')\n"),
    ("ui-sa-constant", "2", "ui/pages/p_constant.py", _IM + "NAME = 'sqlalchemy.orm'\nimportlib.import_module(NAME)\n"),
    (
        "ui-db-attribute-chain",
        "2",
        "ui/pages/p_chain.py",
        "import microfactory_desk\nx = microfactory_desk.db.open_database('x')\n",
    ),
    (
        "ui-db-sys-modules",
        "2",
        "ui/pages/p_sysmod.py",
        "import sys\nDatabase = sys.modules['microfactory_desk.db'].Database\n",
    ),
    (
        "ui-models-sys-modules-get",
        "2",
        "ui/p_sysmod_get.py",
        "import sys\nm = sys.modules.get('microfactory_desk.models')\n",
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
    # Rule 2 for the CLI: commands call services, never the ORM, even inside a handler.
    ("sa-in-cli", "2", "cli.py", "from sqlalchemy import select\n"),
    ("models-in-cli", "2", "cli.py", "from microfactory_desk.models import Partner\n"),
    ("sa-in-commands", "2", "commands/p_sa.py", "from sqlalchemy import text\n"),
    (
        "models-in-command-function",
        "2",
        "commands/p_models_fn.py",
        _FN + "from microfactory_desk.models import Partner\n    return Partner\n",
    ),
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
    ("ui-in-paths", "3", "paths.py", "from microfactory_desk.ui import theme\n"),
    # Rule 5: a dynamic import the checker cannot read is itself a finding where imports are restricted.
    (
        "computed-in-page",
        "5",
        "ui/pages/p_computed.py",
        _IM + "def f(name):\n    return importlib.import_module(name)\n",
    ),
    (
        "computed-in-service",
        "5",
        "services/p_computed.py",
        "def f(name):\n    return __import__('microfactory_desk.' + name)\n",
    ),
    ("computed-concat", "5", "ui/p_concat.py", _IM + "importlib.import_module('microfactory_desk.' + 'db')\n"),
    (
        "computed-constant",
        "5",
        "exports/p_constant.py",
        _IM + "NAME = 'microfactory_desk.schemas'\nimportlib.import_module(NAME)\n",
    ),
    ("computed-sys-modules", "5", "imports/p_sysmod.py", "import sys\ndef f(name):\n    return sys.modules[name]\n"),
    (
        "computed-fromlist",
        "5",
        "commands/p_fromlist.py",
        "def f(name):\n    return __import__('microfactory_desk', fromlist=[name])\n",
    ),
]
