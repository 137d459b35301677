"""What rendering every dialog showed and was fixed: a cramped conflict dialog, schema names, mixed capitals."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.errors import StaleEdit
from microfactory_desk.ui.dialogs.conflict_dialog import ConflictDialog
from microfactory_desk.ui.tasks import tasks_running
from tests.ui.conftest import open_window
from tests.ui.test_discard_changes import _open_horizons, _open_scoring


def test_conflict_dialog_is_wide_enough_and_names_fields_as_the_form_does(qtbot: QtBot) -> None:
    """Both versions of a name fit on one line each, and the field reads "Weekly capacity (units)" as on the form."""
    stale = StaleEdit("Partner PL-LOD-001", "anna", "2026-06-15 10:42")
    mine = {"name": "Łódź Szwalnia Sp. z o.o.", "weekly_capacity": 400}
    dialog = ConflictDialog(stale, mine, {"name": "Łódź Szwalnia", "weekly_capacity": 350})
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.width() >= 520
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Weekly capacity (units)" in texts and "Weekly capacity" not in texts
    name = next(label for label in dialog.findChildren(QLabel) if label.text() == mine["name"])
    assert name.height() < 2 * name.fontMetrics().lineSpacing()  # one line, not broken at "Sp. z"


def test_reset_buttons_read_restore_defaults_in_both_settings_dialogs(qtbot: QtBot, db: Database) -> None:
    """The scoring settings and the dashboard horizons both say "Restore defaults" (was "Restore Defaults"/"Defaults")."""
    window = open_window(qtbot, db)
    for opener in (_open_scoring, _open_horizons):
        qtbot.waitUntil(lambda: tasks_running() == 0)
        dialog = opener(window)
        texts = [b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()]
        assert "Restore defaults" in texts, texts
        dialog.hide()


def test_photo_viewer_fits_the_free_area_of_the_runners_screen(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 4000x3000 photo opens scaled inside the free area the screen helper reports, frame included."""
    import io

    from PIL import Image
    from PySide6.QtCore import QRect

    from microfactory_desk.ui import screen_fit
    from microfactory_desk.ui.dialogs.photo_viewer import PhotoViewer

    room = QRect(0, 0, 640, 440)  # smaller than the offscreen screen, as a laptop with a task bar can be
    monkeypatch.setattr(screen_fit, "available_area", lambda _parent=None: room)
    data = io.BytesIO()
    Image.new("RGB", (4000, 3000), (20, 110, 80)).save(data, "JPEG")
    viewer = PhotoViewer(data.getvalue(), "Seam")
    qtbot.addWidget(viewer)
    frame = screen_fit.FRAME_ALLOWANCE
    assert viewer.width() <= room.width() - frame[0] and viewer.height() <= room.height() - frame[1]
    assert viewer.image.pixmap().width() >= 400  # still shown large, not a thumbnail
