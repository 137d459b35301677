"""The main window's menus and the status bar's permanent part (where the data lives, who edits).

The titles and the status bar's labels come with the window; the actions, the database's name and the recent
list are filled just after the first paint (`MainWindow.finish_menus`), so this module imports what they need
only then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QMenu

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from microfactory_desk.ui.main_window import MainWindow


def action(window: MainWindow, text: str, handler: Callable[[], Any], shortcut: Any = None) -> QAction:
    """A menu action owned by the window, with an optional shortcut."""
    from PySide6.QtGui import QAction, QKeySequence

    act = QAction(text, window)
    if shortcut is not None:
        act.setShortcut(QKeySequence(shortcut))
    act.triggered.connect(handler)
    return act


def menu_titles(window: MainWindow) -> tuple[QMenu, QMenu]:
    """The menu bar's File and Help menus, empty: their titles take their place before the first paint."""
    return window.menuBar().addMenu("&File"), window.menuBar().addMenu("&Help")


def fill_menus(window: MainWindow, file_menu: QMenu, help_menu: QMenu) -> dict[str, Any]:
    """File (records, databases and servers, files, quit) and Help; returns the actions and menu tests and
    shortcuts reach, by name ("new_partner", "find", "connect", "recent")."""
    from PySide6.QtGui import QKeySequence

    files = window.file_actions
    new_partner = action(window, "New &partner…", window.new_partner, QKeySequence.StandardKey.New)
    find = action(window, "&Find partner", window.focus_search, QKeySequence.StandardKey.Find)
    file_menu.addAction(new_partner)
    file_menu.addAction(find)
    file_menu.addAction(action(window, "New &order…", window.new_order, "Ctrl+Shift+O"))
    file_menu.addSeparator()
    connect = action(window, "&Connect to server…", files.connect_to_server, "Ctrl+Shift+K")
    file_menu.addAction(connect)
    file_menu.addAction(action(window, "&Open local database…", files.open_database, "Ctrl+O"))
    recent = file_menu.addMenu("Open &recent")
    recent.aboutToShow.connect(lambda: fill_recent(window, recent))
    fill_recent(window, recent)
    file_menu.addAction(action(window, "New &database…", files.new_database))
    file_menu.addAction(action(window, "&Back up database…", files.backup_database, "Ctrl+B"))
    file_menu.addAction(action(window, "&Restore from backup…", files.restore_database))
    file_menu.addSeparator()
    file_menu.addAction(action(window, "&Import roster…", files.import_roster, "Ctrl+I"))
    file_menu.addAction(action(window, "&Export roster…", files.export_roster, "Ctrl+E"))
    file_menu.addAction(action(window, "Export order &lines…", files.export_order_lines))
    file_menu.addAction(action(window, "Load &demo data", files.load_demo))
    file_menu.addSeparator()
    file_menu.addAction(action(window, "Your &name for edits…", lambda: ask_display_name(window)))
    file_menu.addSeparator()
    file_menu.addAction(action(window, "&Quit", window.close, QKeySequence.StandardKey.Quit))
    help_menu.addAction(action(window, "&About Microfactory Desk", lambda: about(window)))
    return {"new_partner": new_partner, "find": find, "connect": connect, "recent": recent}


def fill_recent(window: MainWindow, menu: QMenu) -> None:
    """The recent databases, most recent first (the open one greyed), each opening its file or server."""
    from microfactory_desk.ui import connections

    menu.clear()
    current = connections.entry_for(window.services.db.label)
    entries = connections.recent()
    for number, entry in enumerate(entries, start=1):
        text = connections.describe(entry).replace("&", "&&")
        act = menu.addAction(f"&{number} {text}")
        act.setEnabled(entry != current)
        act.triggered.connect(lambda _checked=False, entry=entry: window.file_actions.open_recent(entry))
    if not entries:
        menu.addAction("No recent databases").setEnabled(False)


def about(window: MainWindow) -> None:
    """Help › About: the version, where the data lives and who edits."""
    from microfactory_desk import __version__, identity
    from microfactory_desk.ui.dialogs import messages

    messages.show_info(
        window,
        "About Microfactory Desk",
        f"Microfactory Desk {__version__}\n\nPartner roster, SLAs, quality and scorecards for "
        f"microfactory networks.\n\nDatabase: {window.services.db.label}\nEdits recorded as {identity.current_user()}",
    )


def ask_display_name(window: MainWindow) -> None:
    """File › Your name for edits…: the name saved records and the change log show (empty: the OS login)."""
    from microfactory_desk import identity
    from microfactory_desk.ui import settings
    from microfactory_desk.ui.dialogs import messages

    name = messages.ask_text(
        window,
        "Your name for edits",
        f"Name recorded with your edits (leave empty for your login, {identity.os_login()}):",
        str(settings.get("identity/display_name") or ""),
    )
    if name is None:
        return
    identity.set_display_name(name)
    settings.put("identity/display_name", identity.current_user() if name.strip() else "")
    show_database(window)


def status_labels(window: MainWindow) -> tuple[QLabel, QLabel]:
    """The status bar's permanent labels: where the data lives, and the name edits are recorded under.

    The name chosen in File › Your name for edits… is applied here, before anything is saved.
    """
    from microfactory_desk import identity
    from microfactory_desk.ui import settings

    identity.set_display_name(str(settings.get("identity/display_name") or ""))
    where, user = QLabel(), QLabel()
    where.setObjectName("status_where")
    user.setObjectName("status_user")
    for label in (where, user):
        label.setContentsMargins(8, 0, 8, 0)  # the two permanent labels read as two facts, not one run of text
    window.statusBar().addPermanentWidget(where)
    window.statusBar().addPermanentWidget(user)
    return where, user


def show_database(window: MainWindow) -> None:
    """Name the open database in the status bar (and put it first in the recent list)."""
    from microfactory_desk import identity
    from microfactory_desk.ui import connections

    label = window.services.db.label  # a file path, or the server's URL without its password
    entry = connections.entry_for(label)
    window.db_label.setText(connections.describe(entry))
    window.db_label.setToolTip(f"The data lives in {label}")
    who = identity.current_user()
    window.user_label.setText(f"Edits recorded as {who}")
    window.user_label.setToolTip("Saved records and the change log name this user.")
    connections.remember(entry)
