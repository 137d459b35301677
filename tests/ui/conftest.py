"""GUI test helpers: modal boxes are recorded instead of shown, windows open on the test database."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.ui.app import build_window
from microfactory_desk.ui.main_window import MainWindow


def open_window(qtbot: QtBot, db: Database) -> MainWindow:
    """The main window on the test database, shown and cleaned up after the test."""
    assert db.file is not None
    window = build_window(str(db.file))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture(autouse=True)
def shown_messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Modal message boxes would block a headless test; record their text instead."""
    shown: list[str] = []
    from microfactory_desk.ui.dialogs import messages

    def record(_parent: object, title: str, text: str, details: str = "") -> None:
        shown.append(f"{title}: {text}\n{details}")

    monkeypatch.setattr(messages, "show_error", record)
    monkeypatch.setattr(messages, "show_info", record)
    return shown
