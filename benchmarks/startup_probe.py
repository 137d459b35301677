"""Start the real app on a database and exit the moment the roster is shown and populated.

Run as a child process by bench_startup.py; `--bare` instead shows an empty QMainWindow with a
QTableView, the reference the issue compares against.
"""

from __future__ import annotations

import os
import sys


def bare() -> None:
    """The reference: PySide6 showing an empty main window with a table view."""
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.show()
    app.processEvents()
    os._exit(0)


def bare_model() -> None:
    """A second reference: the same bare window, but its table shows a trivial Python model.

    Any Python table model makes Qt build the Python enums of the whole Qt namespace when the
    view first calls headerData(); this isolates that fixed cost from the app's own work.
    """
    from PySide6.QtCore import QAbstractTableModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    class Model(QAbstractTableModel):
        def rowCount(self, parent: object = None) -> int:
            return 50

        def columnCount(self, parent: object = None) -> int:
            return 11

        def data(self, index: object, role: int = 0) -> object:
            return "x" if role == 0 else None

        def headerData(self, section: int, orientation: object, role: int = 0) -> object:
            return "h" if role == 0 else None

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    view = QTableView()
    model = Model()
    view.setModel(model)
    window.setCentralWidget(view)
    window.show()
    app.processEvents()
    os._exit(0)


def app(location: str) -> None:
    """The app: what run_gui does before entering the event loop, until the first page is painted."""
    from microfactory_desk.ui.app import application, start_gui
    from microfactory_desk.ui.dialogs import messages

    def fail(_parent: object, title: str, text: str, details: str = "") -> None:
        # A modal box would wait forever offscreen; say what happened and stop.
        sys.stderr.write(f"{title}: {text}\n{details}\n")
        os._exit(1)

    messages.show_error = fail  # type: ignore[assignment]  # any parent: nothing is shown

    window = start_gui(location)
    assert window is not None
    application().processEvents()
    rows = window.roster_page.model.rowCount()
    if rows == 0:
        sys.stderr.write("roster is empty\n")
        os._exit(1)
    if "--imports" in sys.argv:
        heavy = [m for m in ("sqlalchemy", "pydantic", "alembic", "openpyxl", "reportlab") if m in sys.modules]
        sys.stdout.write(f"heavy modules loaded at start-up: {heavy or 'none'}\n")
        sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    if sys.argv[1] == "--bare":
        bare()
    elif sys.argv[1] == "--bare-model":
        bare_model()
    else:
        app(sys.argv[1])
