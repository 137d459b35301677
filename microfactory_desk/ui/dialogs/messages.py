"""Every modal question and message goes through here so tests can answer them."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """A warning box with optional details (e.g. the list of import problems)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    """An information box."""
    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask yes or no; No is the default."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def open_path(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    """A file to open, or "" when cancelled."""
    return QFileDialog.getOpenFileName(parent, title, start, filters)[0]


def save_path(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    """A file to write, or "" when cancelled."""
    return QFileDialog.getSaveFileName(parent, title, start, filters)[0]


def ask_text(parent: QWidget | None, title: str, label: str, default: str = "") -> str | None:
    """A line of text, or None when cancelled."""
    text, ok = QInputDialog.getText(parent, title, label, text=default)
    return text if ok else None


def choose_folder(parent: QWidget | None, title: str, start: str) -> str:
    """A folder to write into, or "" when cancelled."""
    return QFileDialog.getExistingDirectory(parent, title, start)


def ask_discard(parent: QWidget | None, title: str) -> bool:
    """Ask before typed changes are thrown away: True for "Discard changes", False for "Keep editing" (default)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title or "Discard changes?",
        "Discard changes?\n\nWhat you typed here has not been saved.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    discard = box.addButton("Discard changes", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard
