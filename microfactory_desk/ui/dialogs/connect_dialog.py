"""File › Connect to server…: host, port, database, user and password, checked off the GUI thread.

The dialog stays open while the server is tried; a refusal (server down, wrong password, missing driver,
database not at this app's layout) shows as one line naming host and cause, and the button becomes Retry.
Only a database that opened is handed to the window, so a failed attempt changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.errors import DeskError
from microfactory_desk.identity import os_login
from microfactory_desk.ui import screen_fit, theme
from microfactory_desk.ui.connections import (
    DEFAULT_PORT,
    ServerAddress,
    forget_password,
    keyring_problem,
    store_password,
    stored_password,
)
from microfactory_desk.ui.tasks import run_task

NO_KEYRING_NOTE = "No system keyring here: type the password each time, or leave it empty to use ~/.pgpass."
# The details, in the note's tooltip: what is missing, and the line ~/.pgpass wants.
NO_KEYRING_DETAILS = (
    "{problem}\n~/.pgpass holds one line per server, host:port:database:user:password, readable only by you."
)


class ConnectDialog(QDialog):
    """Asks where the team server is and opens it with `opener(url)` on a worker thread.

    `connected(services, address)` is emitted with whatever `opener` returned once the server answered and
    its database is at this app's layout; `opener` raises DeskError (one line naming host and cause) otherwise.
    """

    connected = Signal(object, object)

    def __init__(
        self,
        opener: Callable[[str], Any],
        address: ServerAddress | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Connect to server")
        self.setMinimumWidth(480)
        self._opener = opener
        self._busy = False
        self._keyring_problem = keyring_problem()
        self._build()
        self.fill(address or ServerAddress(host="", user=os_login()))

    def _build(self) -> None:
        layout = self._layout = QVBoxLayout(self)
        form = QFormLayout()
        self.host = QLineEdit()
        self.host.setPlaceholderText("the team's PostgreSQL server, e.g. db.example.com")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit()
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("empty: read from ~/.pgpass")
        self.remember = QCheckBox("Remember password in the system keyring")
        for caption, field in (
            ("&Host", self.host),
            ("P&ort", self.port),
            ("&Database", self.database),
            ("&User", self.user),
            ("Pass&word", self.password),
        ):
            field.setObjectName(f"field_{caption.replace('&', '').lower()}")
            form.addRow(caption, field)
        form.addRow("", self.remember)
        layout.addLayout(form)
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        theme.muted(self.keyring_note)
        if self._keyring_problem:
            self.remember.setEnabled(False)
            self.remember.setToolTip(self._keyring_problem)
            self.keyring_note.setText(NO_KEYRING_NOTE)
            self.keyring_note.setToolTip(NO_KEYRING_DETAILS.format(problem=self._keyring_problem))
        else:
            self.keyring_note.hide()
        layout.addWidget(self.keyring_note)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton("Connect", QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setDefault(True)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # Sized to its contents, not to Qt's default of two thirds of the screen (a 1366x768 laptop at 200 %
        # has 384 logical pixels of height: the fields were squeezed below their text).
        screen_fit.fit_to_screen(self, max(self.minimumWidth(), self.sizeHint().width()), self.sizeHint().height())

    def fill(self, address: ServerAddress) -> None:
        """Show `address` (a recent server) and its password from the keyring, when one is remembered."""
        self.host.setText(address.host)
        self.port.setValue(address.port)
        self.database.setText(address.database)
        self.user.setText(address.user)
        password = stored_password(address) if address.host else ""
        self.password.setText(password)
        self.remember.setChecked(bool(password))

    def address(self) -> ServerAddress:
        """The server the fields name."""
        return ServerAddress(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
        )

    # --- connecting ----------------------------------------------------------------------
    def start(self) -> None:
        """Try the server named by the fields, off the GUI thread (Connect and Retry do this)."""
        if self._busy:
            return
        address = self.address()
        missing = [name for name, value in (("host", address.host), ("database", address.database)) if not value]
        if missing:
            self._show_problem(f"Fill in the {' and '.join(missing)}.")
            return
        password, remember = self.password.text(), self.remember.isChecked()
        self._busy = True
        self.connect_button.setEnabled(False)
        self._show_status(f"Connecting to {address.host}:{address.port}…", problem=False)
        url = address.url(password)
        run_task(
            lambda: self._opener(url),
            lambda services: self._opened(services, address, password, remember),
            self._failed,
        )

    def _opened(self, services: Any, address: ServerAddress, password: str, remember: bool) -> None:
        self._busy = False
        if self.result() == QDialog.DialogCode.Rejected and not self.isVisible():
            services.db.close()  # Cancel was pressed while the server was being tried
            return
        note = ""
        if remember and password:
            note = store_password(address, password)
        elif not remember:
            forget_password(address)
        self.connected.emit(services, address)
        self.saved_note = note  # why a ticked password could not be remembered ("" when it was)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.connect_button.setEnabled(True)
        if not isinstance(exc, DeskError):
            from microfactory_desk.ui.error_hook import show_failure

            show_failure(exc, self, title="Connect to server")
            return
        self.connect_button.setText("Retry")
        self._show_problem(exc.message)

    def _show_problem(self, text: str) -> None:
        self._show_status(text, problem=True)

    def _show_status(self, text: str, *, problem: bool) -> None:
        if problem:
            theme.error(self.status)
        else:
            theme.muted(self.status)
        self.status.setText(text)
        self.status.show()
        # Room for the new line without squeezing the fields (a layout alone grows a window only to its minimum).
        self._layout.activate()
        screen_fit.fit_to_screen(self, self.width(), max(self.height(), self.sizeHint().height()))
