"""Every modal question and message goes through here so tests can answer them.

Qt's dialog classes are reached through the QtWidgets module when a question is asked: PySide6 builds a class
(and its enums) the first time it is named, and no page needs a message box to show its first rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from microfactory_desk.schemas.roster_rows import PartnerChoice


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """A warning box with optional details (e.g. the list of import problems)."""
    box = QtWidgets.QMessageBox(
        QtWidgets.QMessageBox.Icon.Warning, title, text, QtWidgets.QMessageBox.StandardButton.Ok, parent
    )
    if details:
        box.setDetailedText(details)
    box.exec()


def ask_retry(parent: QWidget | None, title: str, text: str) -> bool:
    """A failure that may pass (the server is out of reach): True for Retry (the default), False for Cancel."""
    answer = QtWidgets.QMessageBox.warning(
        parent,
        title,
        text,
        QtWidgets.QMessageBox.StandardButton.Retry | QtWidgets.QMessageBox.StandardButton.Cancel,
        QtWidgets.QMessageBox.StandardButton.Retry,
    )
    return answer == QtWidgets.QMessageBox.StandardButton.Retry


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    """An information box."""
    QtWidgets.QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask yes or no; No is the default."""
    answer = QtWidgets.QMessageBox.question(
        parent,
        title,
        text,
        QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
        QtWidgets.QMessageBox.StandardButton.No,
    )
    return answer == QtWidgets.QMessageBox.StandardButton.Yes


def open_path(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    """A file to open, or "" when cancelled."""
    return QtWidgets.QFileDialog.getOpenFileName(parent, title, start, filters)[0]


def save_path(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    """A file to write, or "" when cancelled."""
    return QtWidgets.QFileDialog.getSaveFileName(parent, title, start, filters)[0]


def save_file(parent: QWidget | None, title: str, start: str, filters: str, suffixes: Sequence[str]) -> str:
    """A file to write ending in one of `suffixes` ("" when cancelled); a name typed without one gets the first.

    The file dialog asks before replacing the name as typed ("roster"), not the one the suffix makes of it
    ("roster.xlsx"): that file, when it exists, is asked about here, so a bare name never silently replaces it.
    """
    path = save_path(parent, title, start, filters)
    if not path or Path(path).suffix.lower() in suffixes:
        return path
    path += suffixes[0]
    target = Path(path)
    if target.exists() and not confirm(parent, title, f"{target.name} already exists in {target.parent}. Replace it?"):
        return ""
    return path


def ask_text(parent: QWidget | None, title: str, label: str, default: str = "") -> str | None:
    """A line of text, or None when cancelled."""
    text, ok = QtWidgets.QInputDialog.getText(parent, title, label, text=default)
    return text if ok else None


def choose_folder(parent: QWidget | None, title: str, start: str) -> str:
    """A folder to write into, or "" when cancelled."""
    return QtWidgets.QFileDialog.getExistingDirectory(parent, title, start)


def ask_discard(parent: QWidget | None, title: str) -> bool:
    """Ask before typed changes are thrown away: True for "Discard changes", False for "Keep editing" (default)."""
    box = QtWidgets.QMessageBox(
        QtWidgets.QMessageBox.Icon.Question,
        title or "Discard changes?",
        "Discard changes?\n\nWhat you typed here has not been saved.",
        QtWidgets.QMessageBox.StandardButton.NoButton,
        parent,
    )
    discard = box.addButton("Discard changes", QtWidgets.QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep editing", QtWidgets.QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


def choose_partner(
    parent: QWidget | None, title: str, question: str, partners: Sequence[PartnerChoice], code: str = ""
) -> str | None:
    """A partner's code picked with the partner picker (starting at `code`), or None when cancelled."""
    from microfactory_desk.ui.dialogs.partner_pick_dialog import PartnerPickDialog

    dialog = PartnerPickDialog(title, question, partners, code=code, parent=parent)
    try:
        return dialog.chosen_code() if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ask_date(parent: QWidget | None, title: str, question: str, default: dt.date | None = None) -> dt.date | None:
    """A date typed (ISO or the user's format) or picked from a calendar, or None when cancelled."""
    from microfactory_desk.ui.dialogs.date_dialog import DateDialog

    dialog = DateDialog(title, question, default, parent=parent)
    try:
        return dialog.field.date() if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
