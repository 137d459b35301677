"""The server-fault path: work that failed because the team server is out of reach is offered again.

At start-up, a database that cannot be opened (server down, wrong password, unknown database, missing driver,
a schema older or newer than the client) is not the end: the person is offered Retry, another server, a local
file, or Quit (`open_at_start`).

One Retry/Cancel question at a time: tasks failing while it is open (the list, the dashboard cards) wait for
the same answer, so a dropped network asks once, not once per task. Retry runs every waiting task again from
the start (its transaction was rolled back, so nothing was half-written); Cancel ends them as failed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from PySide6.QtWidgets import QApplication

from microfactory_desk.errors import DeskError, ServerUnreachable
from microfactory_desk.ui.dialogs import messages

TITLE = "Server out of reach"
# (retry, give up) of every task waiting for the answer
_waiting: list[tuple[Callable[[], None], Callable[[], None]]] = []
_asking = False


def offer_retry(exc: ServerUnreachable, retry: Callable[[], None], give_up: Callable[[], None]) -> None:
    """Ask "Retry or Cancel?" with the error's one line (host and cause); call `retry` or `give_up` after.

    Called on the GUI thread. While the question is open, further failures join it instead of asking again.
    """
    global _asking
    from microfactory_desk.ui.error_hook import logger

    logger().warning("%s: %s", TITLE, exc.message)
    _waiting.append((retry, give_up))
    if _asking:
        return
    _asking = True
    try:
        again = messages.ask_retry(QApplication.activeWindow(), TITLE, exc.message)
    finally:
        _asking = False
    pending = list(_waiting)
    _waiting.clear()
    for do_retry, do_give_up in pending:
        (do_retry if again else do_give_up)()


def mark_shown(exc: BaseException) -> BaseException:
    """Note that the person has seen `exc` already (the failure path then only logs it)."""
    exc.desk_shown = True  # type: ignore[attr-defined]
    return exc


# --- a database that cannot be opened at start-up ----------------------------------------------
START_TITLE = "Cannot open the database"
RETRY, CONNECT, LOCAL, QUIT = "retry", "connect", "local", "quit"
LOCAL_FILTER = "SQLite database (*.sqlite *.db);;All (*)"


def ask_start_choice(text: str) -> str:
    """The start-up question under `text` (host and cause): RETRY, CONNECT, LOCAL or QUIT (also Esc).

    A real modal box with no parent (there is no window yet); tests find it as the active modal widget.
    """
    from PySide6.QtWidgets import QMessageBox  # only when a start fails: PySide6 builds the class when named

    box = QMessageBox(QMessageBox.Icon.Warning, START_TITLE, text)
    box.setObjectName("start_fault")
    answers = {
        box.addButton("Retry", QMessageBox.ButtonRole.AcceptRole): RETRY,
        box.addButton("Connect to another server…", QMessageBox.ButtonRole.ActionRole): CONNECT,
        box.addButton("Open a local file…", QMessageBox.ButtonRole.ActionRole): LOCAL,
    }
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(next(iter(answers)))
    box.setEscapeButton(quit_button)
    box.exec()
    clicked = box.clickedButton()
    return next((answer for button, answer in answers.items() if button is clicked), QUIT)


def open_at_start(location: str, opener: Callable[[str], Any]) -> Any | None:
    """`opener(location)`, and while it raises DeskError, ask what to do instead of giving up.

    Retry tries the same place again; "Connect to another server…" shows the connect dialog prefilled with
    the server that failed (or the last one used); "Open a local file…" picks a SQLite file. Returns what
    `opener` returned for the first place that opened, or None when the person quits.
    """
    from microfactory_desk.ui.error_hook import logger

    attempt = True
    while True:
        if attempt:
            try:
                return opener(location)
            except DeskError as exc:
                # The log file is set up only when there is something to write: opening it (and the data folder)
                # cost start-up 5-20 ms; a start that opens sets it up after the first paint (app.start_gui).
                logger().info("%s: %s", START_TITLE, exc.message)
                problem = exc.message
        choice = ask_start_choice(problem)
        # Only Retry or a newly chosen file tries again; a cancelled dialog asks again without a new wait.
        attempt = choice == RETRY
        if choice == CONNECT:
            services = _connect_instead(location, opener)
            if services is not None:
                return services
        elif choice == LOCAL:
            path = messages.open_path(None, "Open local database", str(Path.home()), LOCAL_FILTER)
            if path:
                location, attempt = path, True
        elif choice == QUIT:
            return None


def _connect_instead(location: str, opener: Callable[[str], Any]) -> Any | None:
    """The connect dialog, modal, prefilled from `location` when it is a server; what it opened, or None."""
    from microfactory_desk.ui import connections
    from microfactory_desk.ui.dialogs.connect_dialog import ConnectDialog

    address = connections.ServerAddress.from_url(location)
    if address is None:
        servers = [a for a in map(connections.ServerAddress.from_url, connections.recent()) if a is not None]
        address = servers[0] if servers else None
    dialog = ConnectDialog(opener, address)
    typed = unquote(urlsplit(location).password or "") if address is not None else ""
    if typed:  # a password given in the command-line URL, not in the keyring
        dialog.password.setText(typed)
    opened: list[Any] = []
    dialog.connected.connect(lambda services, _where: opened.append(services))
    global last_connect_dialog
    last_connect_dialog = dialog
    dialog.exec()
    last_connect_dialog = None
    dialog.deleteLater()
    return opened[0] if opened else None


last_connect_dialog: Any = None  # the start-up connect dialog while it is open (tests drive it)
