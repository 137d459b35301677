"""GUI test helpers: modal boxes are recorded instead of shown, windows open on the test database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.ui.app import build_window
from microfactory_desk.ui.main_window import MainWindow

# qtbot keeps only weak references: a window the test no longer names would otherwise be collected
# by the cycle collector while Qt still shows it (the app itself holds its window until exit).
_OPEN_WINDOWS: list[MainWindow] = []


def open_window(qtbot: QtBot, db: Database) -> MainWindow:
    """The main window on the test database, shown, held and cleaned up after the test."""
    assert db.file is not None
    window = build_window(str(db.file))
    qtbot.addWidget(window)
    _OPEN_WINDOWS.append(window)
    window.show()
    return window


@pytest.fixture(autouse=True)
def _release_windows(qtbot: QtBot) -> Iterator[None]:
    """Let go of the test's windows once qtbot has closed them."""
    del qtbot
    yield
    _OPEN_WINDOWS.clear()


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
