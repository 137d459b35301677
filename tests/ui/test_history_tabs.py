"""The History tab of the order and SLA version editors: a change typed and saved shows with who made it."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from microfactory_desk import identity
from microfactory_desk.db import Database
from microfactory_desk.schemas.sla import validate_terms
from microfactory_desk.services.sla.versions import SlaService
from microfactory_desk.ui import settings
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.order_dialog import OrderDialog
from microfactory_desk.ui.dialogs.sla_version_dialog import SlaVersionDialog
from microfactory_desk.ui.table_models.order_lines_model import COL_QTY
from microfactory_desk.ui.widgets.history_tab import HistoryTab
from tests.services.order_fixtures import TIERS, draft, partner_with_sla
from tests.ui.conftest import open_window


@pytest.fixture(autouse=True)
def _as_ann() -> Iterator[None]:
    # The window applies the name chosen in File › Your name for edits… when it opens, so set it there too.
    settings.put("identity/display_name", "Ann Example")
    identity.set_display_name("Ann Example")
    yield
    identity.set_display_name("")


def _rows(tab: HistoryTab) -> list[list[str]]:
    model = tab.model
    return [[model.index(r, c).data() for c in range(1, 5)] for r in range(model.rowCount())]


def _retype(qtbot: QtBot, editor: QLineEdit, text: str) -> None:
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)


def test_order_editor_history_tab_shows_a_saved_change_with_the_user(qtbot: QtBot, db: Database) -> None:
    """Typing a new destination and a line quantity, saving, and reopening lists both, newest first, by Ann."""
    partner_with_sla(db)
    order = draft(db)
    window = open_window(qtbot, db)
    window.open_order(order.id)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "order_dialog", None), OrderDialog))
    dialog = window.order_dialog
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == ["Order", "History"]
    _retype(qtbot, dialog.destination_name, "Pop-up Warszawa")
    dialog.lines.setData(dialog.lines.index(0, COL_QTY), 80, Qt.ItemDataRole.EditRole)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.open_order(order.id)
    qtbot.waitUntil(lambda: window.order_dialog is not dialog and isinstance(window.order_dialog, OrderDialog))
    reopened = window.order_dialog
    assert reopened.changes is not None
    reopened.tabs.setCurrentWidget(reopened.changes)
    qtbot.waitUntil(lambda: reopened.changes is not None and reopened.changes.model.rowCount() == 3)
    rows = _rows(reopened.changes)
    assert rows[-1] == ["Ann Example", "Created", "—", order.number]
    assert sorted(rows[:2]) == [
        ["Ann Example", "Destination", "Pop-up Kraków", "Pop-up Warszawa"],
        ["Ann Example", "Line 1 MF-TEE, Quantity", "60", "80"],
    ]
    reopened.close()


def test_sla_editor_history_tab_and_csv_export(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lead time retyped in the SLA editor shows on its History tab, and Export CSV writes it as labelled."""
    partner_id = partner_with_sla(db, sla=False)
    sla = SlaService(db)
    version = sla.create_draft(partner_id, validate_terms({"price_tiers": TIERS, "lead_time_target_days": 10}))
    dialog = SlaVersionDialog(sla, partner_id=partner_id, version=version, suppliers=[])
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.form.editors["lead_time_target_days"]
    assert isinstance(editor, QLineEdit)
    _retype(qtbot, editor, "12")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    again = SlaVersionDialog(sla, partner_id=partner_id, version=sla.get_version(version.id), suppliers=[])
    qtbot.addWidget(again)
    again.show()
    assert again.changes is not None and again.tabs.tabText(again.tabs.count() - 1) == "History"
    assert _rows(again.changes)[0] == ["Ann Example", "Lead time target (days)", "10", "12"]
    target = tmp_path / "history.csv"
    monkeypatch.setattr(messages, "save_path", lambda *_args: str(target))
    qtbot.mouseClick(again.changes.export_button, Qt.MouseButton.LeftButton)
    with open(target, encoding="utf-8-sig", newline="") as fh:
        written = list(csv.reader(fh))
    assert written[0] == ["When (UTC)", "Who", "Field", "Before", "After"]
    assert written[1][1:] == ["Ann Example", "Lead time target (days)", "10", "12"]
    assert written[-1][1:] == ["Ann Example", "Created", "", "v1"]
