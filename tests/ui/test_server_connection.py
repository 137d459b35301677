"""The window on a real PostgreSQL server: connect, refusals naming host and cause, a save when the server goes.

Runs when MFD_TEST_POSTGRES_URL names a server (CI starts a throwaway one); the window starts on a SQLite file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from microfactory_desk.db import open_database
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.ui import connections, settings
from microfactory_desk.ui.app import build_window
from microfactory_desk.ui.connections import ServerAddress
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.connect_dialog import ConnectDialog
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.tasks import run_task
from tests.postgres import PostgresTemplate
from tests.tcp_proxy import TcpProxy
from tests.ui.conftest import _OPEN_WINDOWS
from tests.ui.keyring_fake import MemoryKeyring


@pytest.fixture
def server_url(server_template: PostgresTemplate) -> str:
    """An empty, migrated database on the server (with the password, when the server has one)."""
    return server_template.working_copy()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A working keyring held in memory for the test."""
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


def _address(url: str, **changes: Any) -> ServerAddress:
    parts = make_url(url)
    fields = {"host": parts.host or "localhost", "port": parts.port or 5432, "database": parts.database or ""}
    fields["user"] = parts.username or ""
    fields.update(changes)
    return ServerAddress(**fields)


def _window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    window = build_window(str(tmp_path / "local.sqlite"))
    qtbot.addWidget(window)
    _OPEN_WINDOWS.append(window)
    window.show()
    return window


def _connect(qtbot: QtBot, window: MainWindow, address: ServerAddress, password: str) -> ConnectDialog:
    window.file_actions.connect_to_server(address)
    dialog: ConnectDialog = window.file_actions.connect_dialog
    dialog.password.setText(password)
    dialog.remember.setChecked(bool(password))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.connect_button.isEnabled(), timeout=20000)
    return dialog


def _partner_codes(url: str) -> list[str]:
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    with engine.connect() as conn:
        codes = [str(r[0]) for r in conn.execute(text("SELECT code FROM partner ORDER BY code"))]
    engine.dispose()
    return codes


def _new_partner(window: MainWindow, code: str) -> None:
    roster = window.services.roster
    run_task(lambda: roster.create_partner(data=validate_partner({"code": code, "name": f"Partner {code}"})))


def test_connect_switches_the_window_to_the_server(
    qtbot: QtBot, tmp_path: Path, server_url: str, memory_keyring: MemoryKeyring
) -> None:
    """Connect shows the server's roster, names the server in the status bar and keeps the password only in the keyring."""
    db = open_database(server_url)
    RosterService(db).create_partner(data=validate_partner({"code": "SRV1", "name": "On the server"}))
    db.close()
    window = _window(qtbot, tmp_path)
    address, password = _address(server_url), make_url(server_url).password or ""
    dialog = _connect(qtbot, window, address, password)
    assert not dialog.isVisible(), dialog.status.text()
    assert window.db_label.text() == f"Server {address.label}"
    assert window.roster_page.model.total == 1
    assert connections.recent()[0] == address.entry
    if password:
        assert memory_keyring.passwords == {("Microfactory Desk", address.label): password}
        stored = settings.settings()
        stored.sync()
        assert password not in Path(stored.fileName()).read_text(encoding="utf-8")


def test_wrong_password_is_one_line_and_nothing_switches(qtbot: QtBot, tmp_path: Path, server_url: str) -> None:
    """A wrong password names host and cause in the dialog; the window stays on its file."""
    window = _window(qtbot, tmp_path)
    address = _address(server_url)
    dialog = _connect(qtbot, window, address, "not-the-password")
    if not dialog.isVisible():
        pytest.skip("the test server trusts every password (CI's cluster uses trust authentication)")
    assert (
        dialog.status.text()
        == f"Cannot connect to {address.host}:{address.port}/{address.database}: wrong user name or password."
    )
    assert dialog.connect_button.text() == "Retry"
    assert window.db_label.text().startswith("Local file")
    dialog.reject()


def test_unknown_database_is_named(qtbot: QtBot, tmp_path: Path, server_url: str) -> None:
    """A database that does not exist on the server is said so, with the host; nothing switches."""
    window = _window(qtbot, tmp_path)
    address = _address(server_url, database="no_such_desk")
    dialog = _connect(qtbot, window, address, make_url(server_url).password or "")
    assert dialog.isVisible()
    assert dialog.status.text() == (
        f"Cannot connect to {address.host}:{address.port}/no_such_desk: no such database or user on the server."
    )
    assert window.db_label.text().startswith("Local file")
    dialog.reject()


def test_a_save_while_the_network_is_lost_asks_to_retry_and_writes_nothing(
    qtbot: QtBot, tmp_path: Path, server_url: str, monkeypatch: pytest.MonkeyPatch, shown_messages: list[str]
) -> None:
    """Network cut before a save: one Retry/Cancel line naming host and cause; Cancel leaves nothing, Retry saves once."""
    parts = make_url(server_url)
    proxy = TcpProxy(parts.host or "127.0.0.1", parts.port or 5432)
    window = _window(qtbot, tmp_path)
    address = _address(server_url, host="127.0.0.1", port=proxy.port)
    assert not _connect(qtbot, window, address, parts.password or "").isVisible()
    proxy.cut()
    _new_partner(window, "LOST1")
    assert shown_messages == [
        f"Retry? Server out of reach: Cannot connect to 127.0.0.1:{proxy.port}/{parts.database}: "
        "no server answers there (is PostgreSQL running, and is the port right?). Nothing was saved."
    ]
    assert window.isVisible() and window.db_label.text() == f"Server {address.label}"
    assert _partner_codes(server_url) == []

    def network_back(_parent: object, title: str, text: str) -> bool:
        shown_messages.append(f"Retry? {title}: {text}")
        proxy.mend()
        return True

    monkeypatch.setattr(messages, "ask_retry", network_back)
    _new_partner(window, "LOST2")
    assert len(shown_messages) == 2
    assert _partner_codes(server_url) == ["LOST2"]
    proxy.cut()


def test_a_connection_ended_in_the_middle_of_a_save_rolls_it_back(
    qtbot: QtBot, tmp_path: Path, server_url: str, server_template: PostgresTemplate, shown_messages: list[str]
) -> None:
    """The server ends the connection after the INSERT, before COMMIT: nothing is written and the window stays up."""
    window = _window(qtbot, tmp_path)
    address = _address(server_url)
    assert not _connect(qtbot, window, address, make_url(server_url).password or "").isVisible()
    admin = create_engine(server_template.admin_url, isolation_level="AUTOCOMMIT")
    ended: list[int] = []

    def end_it(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO PARTNER") and not ended:
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            ended.append(pid)
            with admin.connect() as admin_conn:
                admin_conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    event.listen(window.services.db.engine, "after_cursor_execute", end_it)
    _new_partner(window, "MID1")
    admin.dispose()
    assert ended
    assert len(shown_messages) == 1
    assert shown_messages[0].startswith(f"Retry? Server out of reach: Cannot connect to {address.host}:{address.port}/")
    assert shown_messages[0].endswith("Nothing was saved.")
    assert _partner_codes(server_url) == []
    assert window.isVisible()


def test_a_database_at_an_older_layout_is_refused_not_upgraded(
    qtbot: QtBot, tmp_path: Path, server_template: PostgresTemplate
) -> None:
    """A server database at an older revision is named with the upgrade step to ask for; the client changes nothing."""
    url = server_template.clone()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0006_numbers'"))
    engine.dispose()
    try:
        window = _window(qtbot, tmp_path)
        address = _address(url)
        dialog = _connect(qtbot, window, address, make_url(url).password or "")
        assert dialog.isVisible()
        assert dialog.status.text().startswith(
            f"The database on {address.host}:{address.port}/{address.database} has an older layout (0006_numbers)"
        )
        assert "microfactory-desk upgrade" in dialog.status.text()
        assert window.db_label.text().startswith("Local file")
        dialog.reject()
        engine = create_engine(url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0006_numbers"
        engine.dispose()
    finally:
        server_template.drop_clone(url)


def test_the_recent_server_reconnects_with_the_keyring_password(
    qtbot: QtBot, tmp_path: Path, server_url: str, memory_keyring: MemoryKeyring
) -> None:
    """Back on the file, File › Open recent › the server connects again with the password the keyring kept."""
    window = _window(qtbot, tmp_path)
    address, password = _address(server_url), make_url(server_url).password or ""
    assert not _connect(qtbot, window, address, password).isVisible()
    window.file_actions.switch_database(str(tmp_path / "local.sqlite"))
    assert window.db_label.text().startswith("Local file")
    window.recent_menu.aboutToShow.emit()
    entry = next(a for a in window.recent_menu.actions() if a.text().endswith(f"Server {address.label}"))
    entry.trigger()
    dialog: ConnectDialog = window.file_actions.connect_dialog
    qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.connect_button.isEnabled(), timeout=20000)
    assert dialog.password.text() == password
    assert not dialog.isVisible(), dialog.status.text()
    assert window.db_label.text() == f"Server {address.label}"


def test_the_partner_editor_keeps_typed_edits_when_the_network_goes(
    qtbot: QtBot, tmp_path: Path, server_url: str, monkeypatch: pytest.MonkeyPatch, shown_messages: list[str]
) -> None:
    """Save with the network cut: Retry/Cancel names the host; after Cancel the editor still holds the typing,
    and Save once the network is back stores it."""
    from PySide6.QtCore import Qt

    from microfactory_desk.ui.dialogs.partner_dialog import PartnerDialog
    from microfactory_desk.ui.tasks import tasks_running

    parts = make_url(server_url)
    proxy = TcpProxy(parts.host or "127.0.0.1", parts.port or 5432)
    window = _window(qtbot, tmp_path)
    address = _address(server_url, host="127.0.0.1", port=proxy.port)
    assert not _connect(qtbot, window, address, parts.password or "").isVisible()
    dialog = PartnerDialog(window.services.roster, detail=None, suppliers=[])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.editors["code"], "NET1")
    qtbot.keyClicks(dialog.form.editors["name"], "Typed while offline")
    proxy.cut()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    assert len(shown_messages) == 1 and f"127.0.0.1:{proxy.port}/{parts.database}" in shown_messages[0]
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert dialog.form.editors["name"].text() == "Typed while offline"
    assert _partner_codes(server_url) == []
    proxy.mend()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and not dialog.isVisible())
    assert _partner_codes(server_url) == ["NET1"]
    assert len(shown_messages) == 1
    proxy.cut()
