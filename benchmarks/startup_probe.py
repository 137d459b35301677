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


def app(location: str) -> None:
    """The app: what run_gui does before entering the event loop, until the first page is painted."""
    from microfactory_desk.ui.app import application, start_gui

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
    else:
        app(sys.argv[1])
