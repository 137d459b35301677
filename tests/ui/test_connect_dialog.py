"""File › Connect to server…, the recent list and the status bar, on this machine without a team server."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from pytestqt.qtbot import QtBot

from microfactory_desk import identity
from microfactory_desk.db import open_database
from microfactory_desk.ui import connections, settings
from microfactory_desk.ui.app import build_window
from microfactory_desk.ui.connections import ServerAddress
from microfactory_desk.ui.dialogs.connect_dialog import ConnectDialog
from microfactory_desk.ui.main_window import MainWindow
from tests.ui.conftest import _OPEN_WINDOWS
from tests.ui.keyring_fake import MemoryKeyring


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A working keyring held in memory for the test (the machine's own is never touched)."""
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """The keyring library with no working backend, as on this headless machine."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def _window(qtbot: QtBot, path: Path) -> MainWindow:
    open_database(str(path)).close()
    window = build_window(str(path))
    qtbot.addWidget(window)
    _OPEN_WINDOWS.append(window)
    window.show()
    return window


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_status_bar_names_the_local_file_and_the_user(qtbot: QtBot, tmp_path: Path) -> None:
    """The status bar always says which file holds the data and whose name edits are recorded under."""
    window = _window(qtbot, tmp_path / "desk.sqlite")
    assert window.db_label.text().startswith("Local file ")
    assert window.db_label.text().endswith("desk.sqlite")
    assert window.user_label.text() == f"Edits recorded as {identity.current_user()}"


def test_recent_list_keeps_eight_most_recent_first_without_passwords() -> None:
    """Ten databases opened: the last eight are listed newest first, once each, and no password is stored."""
    for n in range(9):
        connections.remember(f"/data/desk{n}.sqlite")
    connections.remember("/data/desk3.sqlite")
    connections.remember("postgresql://alice:s3cret-pw@db.example:5433/desk?connect_timeout=10")
    entries = connections.recent()
    assert len(entries) == 8
    assert entries[:3] == ["postgresql://alice@db.example:5433/desk", "/data/desk3.sqlite", "/data/desk8.sqlite"]
    assert len(set(entries)) == 8
    stored = settings.settings()
    stored.sync()
    assert "s3cret" not in Path(stored.fileName()).read_text(encoding="utf-8")
    assert connections.describe(entries[0]) == "Server alice@db.example:5433/desk"


def test_reopening_the_last_database_leaves_the_settings_file_alone() -> None:
    """Remembering the database already first in the list writes nothing (a settings write cost start-up ~10 ms);
    another one still goes first."""
    connections.remember("/data/desk1.sqlite")
    connections.remember("/data/desk2.sqlite")
    stored = settings.settings()
    stored.sync()
    path = Path(stored.fileName())
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # marks the file as last written
    marked = path.read_text(encoding="utf-8")
    connections.remember("/data/desk2.sqlite")
    assert path.read_text(encoding="utf-8") == marked
    connections.remember("/data/desk1.sqlite")
    assert connections.recent() == ["/data/desk1.sqlite", "/data/desk2.sqlite"]


def test_recent_menu_reopens_an_earlier_file(qtbot: QtBot, tmp_path: Path) -> None:
    """File › Open recent lists both files, the open one greyed, and choosing the other switches to it."""
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    open_database(str(second)).close()
    window = _window(qtbot, first)
    window.file_actions.switch_database(str(second))
    assert window.db_label.text().endswith("second.sqlite")
    window.recent_menu.aboutToShow.emit()
    actions = {a.text(): a for a in window.recent_menu.actions()}
    assert [a.isEnabled() for a in window.recent_menu.actions()][:2] == [False, True]
    older = next(a for text, a in actions.items() if text.endswith("first.sqlite"))
    older.trigger()
    assert window.db_label.text().endswith("first.sqlite")
    assert window.services.db.file == first.resolve()


def test_closed_port_is_one_line_naming_the_host_and_the_window_stays(
    qtbot: QtBot, tmp_path: Path, no_keyring: None
) -> None:
    """Connecting to a port nobody listens on says host and cause in the dialog, offers Retry, switches nothing."""
    window = _window(qtbot, tmp_path / "desk.sqlite")
    port = _closed_port()
    window.file_actions.connect_to_server(ServerAddress(host="127.0.0.1", port=port, database="desk", user="alice"))
    dialog: ConnectDialog = window.file_actions.connect_dialog
    dialog.start()
    qtbot.waitUntil(lambda: dialog.connect_button.isEnabled())
    assert dialog.status.text() == (
        f"Cannot connect to 127.0.0.1:{port}/desk: no server answers there (is PostgreSQL running, and is the port right?)."
    )
    assert dialog.connect_button.text() == "Retry"
    assert dialog.isVisible()
    assert window.services.db.file == (tmp_path / "desk.sqlite").resolve()
    assert window.db_label.text().startswith("Local file")
    dialog.reject()


def test_missing_driver_is_named(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_keyring: None
) -> None:
    """Without psycopg installed the dialog says the driver is missing and how to install it, not "no server"."""
    window = _window(qtbot, tmp_path / "desk.sqlite")
    for name in [m for m in sys.modules if m == "psycopg" or m.startswith("psycopg.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # `import psycopg` now raises ImportError
    window.file_actions.connect_to_server(ServerAddress(host="db.example", port=5432, database="desk", user="a"))
    dialog: ConnectDialog = window.file_actions.connect_dialog
    dialog.start()
    qtbot.waitUntil(lambda: dialog.connect_button.isEnabled())
    assert "Cannot connect to db.example:5432/desk: the PostgreSQL driver is not installed" in dialog.status.text()
    assert "microfactory-desk[server]" in dialog.status.text()
    dialog.reject()


def test_without_a_keyring_remember_is_off_and_pgpass_is_explained(qtbot: QtBot, no_keyring: None) -> None:
    """On a machine with no keyring backend the Remember box is disabled and the note names ~/.pgpass."""
    dialog = ConnectDialog(lambda url: None, ServerAddress(host="db.example", user="alice"))
    qtbot.addWidget(dialog)
    assert not dialog.remember.isEnabled()
    assert "No system keyring" in dialog.keyring_note.text()
    assert "~/.pgpass" in dialog.keyring_note.text()
    assert "No system keyring works on this machine" in dialog.keyring_note.toolTip()


def test_a_remembered_password_comes_from_the_keyring(qtbot: QtBot, memory_keyring: MemoryKeyring) -> None:
    """A server whose password is in the keyring opens the dialog with it filled and Remember ticked."""
    address = ServerAddress(host="db.example", port=5432, database="desk", user="alice")
    assert connections.store_password(address, "pw-from-keyring") == ""
    dialog = ConnectDialog(lambda url: None, address)
    qtbot.addWidget(dialog)
    assert dialog.password.text() == "pw-from-keyring"
    assert dialog.remember.isChecked() and dialog.remember.isEnabled()
    assert memory_keyring.passwords == {("Microfactory Desk", "alice@db.example:5432/desk"): "pw-from-keyring"}


def test_empty_host_is_refused_in_the_dialog(qtbot: QtBot, no_keyring: None) -> None:
    """Connect with no host asks for it and tries nothing."""
    tried: list[str] = []
    dialog = ConnectDialog(tried.append, ServerAddress(host="", database="desk"))
    qtbot.addWidget(dialog)
    dialog.start()
    assert dialog.status.text() == "Fill in the host."
    assert tried == []


def test_the_name_chosen_for_edits_is_shown_and_recorded(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File › Your name for edits… changes the status bar and the name a new partner is created by, and is kept."""
    from microfactory_desk.schemas.partner import validate_partner
    from microfactory_desk.ui.dialogs import messages
    from microfactory_desk.ui.window_menus import ask_display_name

    window = _window(qtbot, tmp_path / "desk.sqlite")
    monkeypatch.setattr(messages, "ask_text", lambda *_args: "  Alice   Martin ")
    try:
        ask_display_name(window)
        assert window.user_label.text() == "Edits recorded as Alice Martin"
        assert settings.get("identity/display_name") == "Alice Martin"
        created = window.services.roster.create_partner(data=validate_partner({"code": "A1", "name": "A"}))
        assert created.created_by == "Alice Martin"
        monkeypatch.setattr(messages, "ask_text", lambda *_args: "")
        ask_display_name(window)
        assert window.user_label.text() == f"Edits recorded as {identity.os_login()}"
    finally:
        identity.set_display_name("")
        settings.put("identity/display_name", "")
