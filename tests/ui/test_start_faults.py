"""Starting on a database that cannot be opened: the person is asked what to do, and the app keeps running.

The server cases run when MFD_TEST_POSTGRES_URL names a server (CI starts a throwaway one). A stopped server
is a loopback forwarder that refuses connections (what a client sees of a server that is down) until it mends.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from microfactory_desk.ui import server_faults
from microfactory_desk.ui.connections import ServerAddress
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.main_window import MainWindow
from tests.postgres import PostgresTemplate
from tests.tcp_proxy import TcpProxy
from tests.ui.conftest import _OPEN_WINDOWS

REAL_QUESTION = server_faults.ask_start_choice


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The real start-up message box (the suite answers Quit by itself); the texts it showed."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # start_gui installs its own; restore it after
    shown: list[str] = []

    def real(problem: str) -> str:
        shown.append(problem)
        return REAL_QUESTION(problem)

    monkeypatch.setattr(server_faults, "ask_start_choice", real)
    return shown


def _answer(button: str, before: Callable[[], None] = lambda: None) -> None:
    """Once the start-up box is up, run `before` and click its `button` (as a person would)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "start_fault":
            QTimer.singleShot(20, click)
            return
        before()
        target = next(b for b in box.buttons() if b.text() == button)
        target.click()

    QTimer.singleShot(0, click)


def _start(qtbot: QtBot, location: str) -> MainWindow | None:
    from microfactory_desk.ui.app import start_gui

    window = start_gui(location)
    if window is not None:
        qtbot.addWidget(window)
        _OPEN_WINDOWS.append(window)
    return window


def _through_proxy(url: str, proxy: TcpProxy) -> str:
    parts = make_url(url)
    address = ServerAddress("127.0.0.1", proxy.port, parts.database or "", parts.username or "")
    return address.url(parts.password or "")


def test_a_stopped_server_at_start_is_retried_once_it_is_back(
    qtbot: QtBot, server_template: PostgresTemplate, asked: list[str]
) -> None:
    """Server down at start: a box naming host and cause; the server comes back, Retry opens the window on it."""
    url = server_template.working_copy()
    proxy = TcpProxy(make_url(url).host or "127.0.0.1", make_url(url).port or 5432)
    proxy.cut()
    _answer("Retry", before=proxy.mend)
    window = _start(qtbot, _through_proxy(url, proxy))
    assert window is not None and window.isVisible()
    database = make_url(url).database
    assert asked == [
        f"Cannot connect to 127.0.0.1:{proxy.port}/{database}: "
        "no server answers there (is PostgreSQL running, and is the port right?)."
    ]
    assert window.db_label.text().startswith("Server ") and f":{proxy.port}/{database}" in window.db_label.text()
    proxy.cut()


def test_an_unknown_database_at_start_connects_to_another_server(
    qtbot: QtBot, server_template: PostgresTemplate, asked: list[str]
) -> None:
    """Unknown database: "Connect to another server…" shows the connect dialog prefilled; a right name opens it."""
    url = server_template.working_copy()
    parts = make_url(url)
    wrong = ServerAddress(parts.host or "", parts.port or 5432, "no_such_desk", parts.username or "")

    def fix_and_connect() -> None:
        dialog = server_faults.last_connect_dialog
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, fix_and_connect)
            return
        assert (dialog.host.text(), dialog.port.value()) == (wrong.host, wrong.port)
        assert dialog.database.text() == "no_such_desk" and dialog.user.text() == wrong.user
        dialog.database.setText(parts.database or "")
        dialog.connect_button.click()

    _answer("Connect to another server…", before=lambda: QTimer.singleShot(0, fix_and_connect))
    window = _start(qtbot, wrong.url(parts.password or ""))
    assert window is not None
    assert asked == [
        f"Cannot connect to {wrong.host}:{wrong.port}/no_such_desk: no such database or user on the server."
    ]
    right = ServerAddress(wrong.host, wrong.port, parts.database or "", wrong.user)
    assert window.db_label.text() == f"Server {right.label}"


def test_an_older_schema_at_start_opens_a_local_file_instead(
    qtbot: QtBot, tmp_path: Path, server_template: PostgresTemplate, asked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server at an older layout is refused, not upgraded; "Open a local file…" opens the chosen file."""
    url = server_template.clone()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0006_numbers'"))
    engine.dispose()
    local = tmp_path / "laptop.sqlite"
    monkeypatch.setattr(messages, "open_path", lambda *_args: str(local))
    try:
        _answer("Open a local file…")
        window = _start(qtbot, url)
        assert window is not None
        assert len(asked) == 1 and "has an older layout (0006_numbers)" in asked[0]
        assert window.db_label.text().startswith("Local file") and window.services.db.file == local
    finally:
        server_template.drop_clone(url)


def test_quit_at_start_ends_without_a_window(qtbot: QtBot, tmp_path: Path, asked: list[str]) -> None:
    """A file that is no database: the box names it; Quit (Esc) returns no window."""
    garbage = tmp_path / "broken.sqlite"
    garbage.write_text("not a database at all\n" * 200, encoding="utf-8")

    def press_escape() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press_escape)
            return
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(0, press_escape)
    assert _start(qtbot, str(garbage)) is None
    assert len(asked) == 1 and "is not a Microfactory Desk database" in asked[0]


def test_a_cancelled_choice_asks_again_without_trying_again(qtbot: QtBot, tmp_path: Path, asked: list[str]) -> None:
    """Connect… then Cancel in the dialog, a file dialog closed: the question comes back, the database is tried once."""
    from microfactory_desk.ui.app import open_services

    garbage = tmp_path / "broken.sqlite"
    garbage.write_text("not a database at all\n" * 200, encoding="utf-8")
    tried: list[str] = []

    def opener(location: str) -> object:
        tried.append(location)
        return open_services(location)

    def cancel_connect() -> None:
        dialog = server_faults.last_connect_dialog
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, cancel_connect)
            return
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        _answer("Open a local file…", before=lambda: _answer("Quit"))

    _answer("Connect to another server…", before=lambda: QTimer.singleShot(0, cancel_connect))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(messages, "open_path", lambda *_args: "")
        assert server_faults.open_at_start(str(garbage), opener) is None
    assert tried == [str(garbage)] and len(asked) == 3
