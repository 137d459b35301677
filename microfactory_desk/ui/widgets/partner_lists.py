"""The contacts and certifications lists of the partner editor: columns, certification status and colours, the tab.

Moved out of `dialogs/partner_dialog.py` as they were (the dialog keeps the form, the other tabs and saving).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk import clock
from microfactory_desk.schemas.roster_rows import certification_state
from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.editable_rows_model import EditableRowsModel, Row
from microfactory_desk.ui.widgets.date_delegate import date_cell_problem
from microfactory_desk.ui.widgets.date_edit import parse_date
from microfactory_desk.wording import counted

CONTACT_COLUMNS = [("name", "Name *"), ("role", "Role"), ("email", "Email"), ("phone", "Phone")]
CONTACT_COLUMNS += [("preferred_channel", "Preferred channel")]
CERT_COLUMNS = [("name", "Certification *"), ("issuer", "Issuer"), ("number", "Number")]
CERT_COLUMNS += [("valid_from", "Valid from"), ("valid_until", "Valid until"), ("status", "Status")]
DATE_KEYS = ("valid_from", "valid_until")
STATE_COLOURS = {"expired": theme.colour(theme.DANGER_BG), "expiring": theme.colour(theme.WARNING_BG)}


def _parse_date(text: Any) -> dt.date | None:
    return parse_date(str(text or ""))


def certification_status(row: Row, today: dt.date | None = None) -> str:
    """The status column of a certification row, e.g. "Expires in 12 days"."""
    until = _parse_date(row.get("valid_until") or "")
    today = today or clock.today()
    state = certification_state(until, today)
    if until is None:
        return "No expiry date" if not row.get("valid_until") else "Check the date"
    if state == "expired":
        return f"Expired {until.isoformat()}"
    if state == "expiring":
        days = (until - today).days
        return "Expires today" if days == 0 else f"Expires in {counted(days, 'day')}"
    return "Valid"


def decorate_certification(role: int, row: Row, key: str) -> Any:
    """Colours and tooltip of a certification cell: a date that names no date, expired or expiring soon."""
    # A date cell that names no date is marked where it was typed, not only on Save (review 27).
    problem = date_cell_problem(row.get(key)) if key in DATE_KEYS else ""
    if problem and role == Qt.ItemDataRole.ToolTipRole:
        return problem
    if problem and role == Qt.ItemDataRole.ForegroundRole:
        return theme.colour(theme.ERROR)
    if role == Qt.ItemDataRole.BackgroundRole:
        if problem:
            return theme.colour(theme.DANGER_BG)
        return STATE_COLOURS.get(certification_state(_parse_date(row.get("valid_until") or ""), clock.today()))
    return None


def rows_table(model: QAbstractItemModel) -> QTableView:
    """A row-selecting table over `model`, columns sharing the width; editable cells edit on double-click or typing."""
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    return view


def error_label() -> QLabel:
    """A red, wrapping message line under a list, hidden until there is something to say."""
    error = QLabel()
    theme.error(error)
    error.setWordWrap(True)
    error.hide()
    return error


def list_tab(view: QTableView, model: EditableRowsModel, error: QLabel, noun: str) -> QWidget:
    """A tab holding an editable list `view` with Add/Remove `noun` buttons, an editing hint and `error` below."""
    tab = QWidget()
    layout = QVBoxLayout(tab)
    row = QHBoxLayout()
    add = QPushButton(f"Add {noun}")
    remove = QPushButton(f"Remove {noun}")

    def add_row() -> None:
        at = model.add_row()
        view.setCurrentIndex(model.index(at, 0))
        view.edit(model.index(at, 0))

    add.clicked.connect(add_row)
    remove.clicked.connect(lambda: model.remove_row(view.currentIndex().row()))
    row.addWidget(add)
    row.addWidget(remove)
    row.addStretch(1)
    hint = QLabel("Double-click or start typing in a cell to edit; F4 in a date cell opens a calendar.")
    theme.muted(hint)
    row.addWidget(hint)
    layout.addLayout(row)
    layout.addWidget(view, 1)
    layout.addWidget(error)
    return tab
