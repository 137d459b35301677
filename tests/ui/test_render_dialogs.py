"""Renders every dialog on the demo database to PNGs for a person to look at (skipped unless MFD_RENDER_DIR is set).

Qt's offscreen screen is 800x600 unless told otherwise, and message boxes and the photo viewer size themselves
from the real screen, so give it a laptop's (`screen.json`: {"screens": [{"name": "s", "x": 0, "y": 0,
"width": 2560, "height": 1440, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}):

    MFD_RENDER_DIR=/tmp/dialogs QT_QPA_PLATFORM=offscreen:configfile=screen.json .venv/bin/python -m pytest \
        tests/ui/test_render_dialogs.py
    MFD_RENDER_DIR=/tmp/dialogs QT_SCALE_FACTOR=2 QT_QPA_PLATFORM=offscreen:configfile=screen.json \
        .venv/bin/python -m pytest tests/ui/test_render_dialogs.py

Each dialog is opened as a person opens it, on a screen of 1366x768 and 1920x1080 (at QT_SCALE_FACTOR=2: a
2560x1440 screen, 1280x720 logical), grabbed with QWidget.grab() and saved as NAME-WxH[-x2].png. While at it,
the test checks what a picture would show: the dialog inside the free area and no button cut by its text.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.ui import screen_fit
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.tasks import tasks_running
from tests.ui.conftest import open_window
from tests.ui.demo_db import build_demo_file, demo_copy
from tests.ui.test_dialogs_fit import DIALOGS, TASK_BAR

OUT = os.environ.get("MFD_RENDER_DIR", "")
SCALED = os.environ.get("QT_SCALE_FACTOR", "1") not in ("", "1")
SCREENS = [(1280, 720)] if SCALED else [(1366, 768), (1920, 1080)]

pytestmark = pytest.mark.skipif(not OUT, reason="renders PNGs only when MFD_RENDER_DIR names a folder")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once for this module."""
    return build_demo_file(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy of the demo database for one test."""
    database = demo_copy(demo_file, tmp_path)
    yield database
    database.close()


def _first_order(window: MainWindow, status: str = "") -> object:
    rows = window.services.orders.list_orders(status=status).rows
    return window.services.orders.get_order(rows[0].id)


def _open_confirmation(window: MainWindow) -> QWidget:
    from microfactory_desk.ui.dialogs.confirmation_dialog import ConfirmationDialog

    dialog = ConfirmationDialog(window.services.orders, _first_order(window, "sent"), window)  # type: ignore[arg-type]
    dialog.show()
    return dialog


def _open_delivery(window: MainWindow) -> QWidget:
    from microfactory_desk.ui.dialogs.delivery_dialog import DeliveryDialog

    order = _first_order(window, "confirmed")
    dialog = DeliveryDialog(window.services.telemetry, order, parent=window)  # type: ignore[arg-type]
    dialog.show()
    return dialog


def _open_date(window: MainWindow) -> QWidget:
    from microfactory_desk.ui.dialogs.date_dialog import DateDialog

    dialog = DateDialog("Agree SLA v2", "On which day did both sides sign SLA v2 of Łódź Szwalnia?", parent=window)
    dialog.show()
    return dialog


def _open_partner_pick(window: MainWindow) -> QWidget:
    from microfactory_desk.ui.dialogs.partner_pick_dialog import PartnerPickDialog

    question = "Whose deliveries are these? Type part of the partner's name or code."
    partners = window.services.orders.partner_choices()
    dialog = PartnerPickDialog("Import deliveries", question, partners, parent=window)
    dialog.show()
    return dialog


def _open_attention_list(window: MainWindow) -> QWidget:
    from microfactory_desk import clock
    from microfactory_desk.ui.dialogs.attention_list_dialog import AttentionListDialog

    cards = window.services.dashboard.load(clock.today(), limit=500).cards
    dialog = AttentionListDialog(max(cards, key=lambda c: c.count), window)
    dialog.show()
    return dialog


def _open_conflict(window: MainWindow) -> QWidget:
    from microfactory_desk.errors import StaleEdit
    from microfactory_desk.ui.dialogs.conflict_dialog import ConflictDialog

    stale = StaleEdit("Partner PL-LOD-001", "anna", "2026-06-15 10:42")
    mine = {"name": "Łódź Szwalnia Sp. z o.o.", "city": "Łódź", "weekly_capacity": 400}
    theirs = {"name": "Łódź Szwalnia", "city": "Łódź", "weekly_capacity": 350}
    dialog = ConflictDialog(stale, mine, theirs, window)
    dialog.show()
    return dialog


def _open_photo(window: MainWindow) -> QWidget:
    from microfactory_desk.ui.dialogs.photo_viewer import PhotoViewer

    data = io.BytesIO()
    Image.new("RGB", (4000, 3000), (20, 110, 80)).save(data, "JPEG")
    dialog = PhotoViewer(data.getvalue(), "Seam at the left corner", window)
    dialog.show()
    return dialog


def _open_import_preview(window: MainWindow) -> QWidget:
    from microfactory_desk.ui.dialogs.import_preview_dialog import ImportPreviewDialog

    code = window.services.orders.partner_choices()[0].code
    sheet = Path(OUT) / "deliveries.csv"
    sheet.write_text(
        "Order;Received;Qty;Defects\nPO-2026-0001;03.07.2026;40;1\nPO-2026-0002;32.07.2026;12;0\n", encoding="utf-8"
    )
    deliveries = window.services.deliveries

    def previewer(mapping: dict[str, str], order: str | None, decimal: str | None) -> object:
        return deliveries.preview(sheet, code, mapping=mapping, date_order=order, decimal=decimal)

    dialog = ImportPreviewDialog(f"Import deliveries of {code}", previewer, window)  # type: ignore[arg-type]
    dialog.show()
    return dialog


def _finish_summary(window: MainWindow) -> QWidget:
    """The runner's Finish question is a message box: its text is rendered as the runner shows it."""
    runner = DIALOGS["inspection runner"](window)
    box = QMessageBox(QMessageBox.Icon.Question, "Finish?", runner.finish_summary(), parent=runner)  # type: ignore[attr-defined]
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.show()
    return box


MORE: dict[str, Callable[[MainWindow], QWidget]] = {
    "confirmation": _open_confirmation,
    "delivery": _open_delivery,
    "date question": _open_date,
    "partner pick": _open_partner_pick,
    "attention list": _open_attention_list,
    "conflict": _open_conflict,
    "photo viewer": _open_photo,
    "import preview": _open_import_preview,
    "finish summary": _finish_summary,
}
ALL = {**DIALOGS, **MORE}


def _cut_buttons(dialog: QWidget) -> list[str]:
    """Visible buttons narrower than their text needs (the text would be clipped)."""
    cut = []
    for button in dialog.findChildren(QAbstractButton):
        if (
            button.isVisible()
            and button.text()
            and button.width() < button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
        ):
            cut.append(button.text())
    return cut


@pytest.mark.parametrize("name", list(ALL))
def test_render_dialog(qtbot: QtBot, demo: Database, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Writes the dialog's PNG at each screen size; the dialog fits the free area and no button text is cut."""
    for width, height in SCREENS:
        room = QRect(0, 0, width, height - TASK_BAR)
        monkeypatch.setattr(screen_fit, "available_area", lambda _parent=None, r=room: r)
        window = open_window(qtbot, demo)
        window.resize(min(width, 1600), height - TASK_BAR)
        qtbot.waitUntil(lambda: tasks_running() == 0)
        dialog = ALL[name](window)
        qtbot.waitUntil(lambda: tasks_running() == 0, timeout=10_000)
        QApplication.processEvents()
        suffix = "-x2" if SCALED else ""
        out = Path(OUT) / f"{name.replace(' ', '_').replace('(', '').replace(')', '')}-{width}x{height}{suffix}.png"
        assert dialog.grab().save(str(out)), out
        assert dialog.width() <= room.width() and dialog.height() <= room.height(), (name, dialog.size())
        assert _cut_buttons(dialog) == [], name
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog | QMessageBox) and widget.isVisible():
                widget.hide()  # not done(): nothing was typed, and an editor's guard must not ask
                widget.deleteLater()
        window.close()
