"""The answer controls of the inspection runner for one item: big buttons, a value box, choices, text or photos."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.ui import theme
from microfactory_desk.ui.icons import icon
from microfactory_desk.ui.widgets.photo_tile import PhotoTile

if TYPE_CHECKING:
    from microfactory_desk.schemas.quality import AnswerOut, PhotoOut
    from microfactory_desk.schemas.quality_template import TemplateItemOut

BIG_BUTTON = """
QPushButton {{ font-size: 15pt; font-weight: 600; min-height: 58px; padding: 6px 18px; border-radius: 6px;
              border: 2px solid {border}; background: {surface}; color: {ink}; }}
QPushButton:checked {{ background: {fill}; color: {on_fill}; border-color: {fill}; }}
QPushButton:focus {{ border-color: {ink}; }}
QPushButton:disabled {{ color: {disabled}; }}
"""
PASS, FAIL, NA = ("pass", "✓  Pass   [P]"), ("fail", "✗  Fail   [F]"), ("na", "N/A   [N]")
OPTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "pass_fail": (PASS, FAIL, NA),
    "measurement": (NA,),
    "choice": (NA,),
    "photo": (FAIL, NA),
}


def big_button(text: str, kind: str) -> QPushButton:
    """A large, checkable answer button for field use."""
    button = QPushButton(text)
    button.setCheckable(True)
    button.setAutoDefault(False)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setStyleSheet(
        BIG_BUTTON.format(
            ink=theme.INK,
            fill=theme.ANSWER_COLOURS[kind],
            border=theme.BUTTON_BORDER,
            surface=theme.SURFACE,
            on_fill=theme.ON_COLOUR,
            disabled=theme.DISABLED_TEXT,
        )
    )
    return button


def _plain(value: Any) -> str:
    text = f"{value:f}" if value is not None else ""
    return text.rstrip("0").rstrip(".") if "." in text else text


class AnswerPanel(QWidget):
    """Builds the controls that fit the item's kind and reports answers as plain dicts."""

    answered = Signal(dict)  # {"result": ..., "measured": ..., "choice": ..., "text": ...}
    photo_requested = Signal()
    photo_opened = Signal(int, str)  # a thumbnail was clicked: photo id, file name
    photo_caption_requested = Signal(object)  # PhotoOut whose caption is to be written
    photo_replace_requested = Signal(object)  # PhotoOut to put another file in place of
    photo_delete_requested = Signal(object)  # PhotoOut to remove (the runner asks first)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        self._content: QWidget | None = None
        self.item: TemplateItemOut | None = None
        self.buttons: dict[str, QPushButton] = {}
        self.value_edit: QLineEdit | None = None
        self.text_edit: QPlainTextEdit | None = None
        self.choice_buttons: list[QPushButton] = []
        self.photo_tiles: list[PhotoTile] = []
        self._locked = False
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note for this item (saved with the answer)")
        self.note.setMinimumHeight(34)
        self._layout.addWidget(self.note)

    def show_item(self, item: TemplateItemOut, answer: AnswerOut | None, photos: list[PhotoOut], locked: bool) -> None:
        """Rebuild the controls for `item` with its stored answer."""
        self.item = item
        self._locked = locked
        if self._content is not None:
            # Hidden and detached now: deleteLater alone would leave it painted until the event loop turns.
            self._content.hide()
            self._layout.removeWidget(self._content)
            self._content.setParent(None)
            self._content.deleteLater()
        self._content = QWidget()
        box = QVBoxLayout(self._content)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(10)
        self.buttons, self.choice_buttons, self.value_edit, self.text_edit = {}, [], None, None
        self.photo_tiles = []
        kind = item.kind.value
        if kind == "measurement":
            box.addLayout(self._measurement(item, answer))
        elif kind == "choice":
            box.addLayout(self._choices(item, answer))
        elif kind == "text":
            self.text_edit = QPlainTextEdit(answer.text if answer else "")
            self.text_edit.setPlaceholderText("Write here; Ctrl+Enter saves")
            self.text_edit.setMinimumHeight(120)
            self.text_edit.setTabChangesFocus(True)  # Tab leaves the note; the runner is driven by the keyboard
            save = QPushButton("Save note  [Ctrl+Enter]")
            save.setMinimumHeight(44)
            save.setAutoDefault(False)
            save.clicked.connect(self.save_text)
            box.addWidget(self.text_edit)
            box.addWidget(save, 0, Qt.AlignmentFlag.AlignLeft)
        elif kind == "photo":
            box.addLayout(self._photos(photos))
        if kind != "text":
            row = QHBoxLayout()
            row.setSpacing(10)
            options = OPTIONS[kind]
            for result, text in options:
                button = big_button(text, result)
                button.setChecked(answer is not None and answer.result == result)
                button.clicked.connect(lambda _=False, r=result: self.give_result(r))
                self.buttons[result] = button
                row.addWidget(button, 1)
            if kind != "pass_fail":
                row.addStretch(2)
            box.addLayout(row)
        self.note.setText(answer.text if answer and kind != "text" else "")
        self.note.setVisible(kind != "text")
        self._layout.insertWidget(0, self._content)
        self._content.show()  # now, so the runner can put the cursor in the value box at once
        self._content.setEnabled(not locked or kind == "photo")
        if locked and kind == "photo":
            # A finished inspection's photos still enlarge; every button that would change them stays off.
            thumbs = {tile.thumb for tile in self.photo_tiles}
            for control in self._content.findChildren(QAbstractButton):
                control.setEnabled(control in thumbs)
        self.note.setEnabled(not locked)

    def _measurement(self, item: TemplateItemOut, answer: AnswerOut | None) -> QVBoxLayout:
        column = QVBoxLayout()
        low = item.nominal - item.tolerance if item.nominal is not None and item.tolerance is not None else None
        high = item.nominal + item.tolerance if item.nominal is not None and item.tolerance is not None else None
        allowed = QLabel(
            f"Nominal {_plain(item.nominal)} ± {_plain(item.tolerance)} {item.unit}  ·  "
            f"passes from {_plain(low)} to {_plain(high)} {item.unit}"
        )
        theme.muted(allowed, 11)
        row = QHBoxLayout()
        self.value_edit = QLineEdit(_plain(answer.measured) if answer and answer.measured is not None else "")
        self.value_edit.setObjectName("measured_value")
        self.value_edit.setPlaceholderText("measured value")
        self.value_edit.setStyleSheet("font-size: 18pt; padding: 6px;")
        self.value_edit.setMinimumHeight(54)
        self.value_edit.setMaximumWidth(260)
        self.value_edit.returnPressed.connect(self.save_value)
        unit = QLabel(item.unit)
        unit.setStyleSheet("font-size: 15pt;")
        save = QPushButton("Save  [Enter]")
        save.setMinimumHeight(54)
        save.setAutoDefault(False)
        save.clicked.connect(self.save_value)
        row.addWidget(self.value_edit)
        row.addWidget(unit)
        row.addSpacing(10)
        row.addWidget(save)
        row.addStretch(1)
        column.addWidget(allowed)
        column.addLayout(row)
        self.error = QLabel()
        theme.error(self.error)
        self.error.hide()
        column.addWidget(self.error)
        return column

    def _choices(self, item: TemplateItemOut, answer: AnswerOut | None) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(10)
        for n, option in enumerate(item.choices):
            button = big_button(f"{option}   [{n + 1}]" if n < 9 else option, "choice")
            button.setChecked(answer is not None and answer.choice == option)
            button.clicked.connect(lambda _=False, o=option: self.give_choice(o))
            self.choice_buttons.append(button)
            grid.addWidget(button, n // 2, n % 2)
        return grid

    def _photos(self, photos: list[PhotoOut]) -> QVBoxLayout:
        column = QVBoxLayout()
        row = QHBoxLayout()
        attach = QPushButton("Attach photo…   [A]")
        attach.setIcon(icon("camera"))  # a bundled icon: the emoji camera showed as a box on many systems
        attach.setIconSize(QSize(24, 24))
        attach.setMinimumHeight(58)
        attach.setAutoDefault(False)
        attach.setStyleSheet("font-size: 14pt; font-weight: 600;")
        attach.clicked.connect(self.photo_requested.emit)
        row.addWidget(attach)
        row.addStretch(1)
        column.addLayout(row)
        thumbs = QHBoxLayout()
        thumbs.setSpacing(12)
        for photo in photos[-6:]:
            tile = PhotoTile(photo, self._locked)
            tile.opened.connect(lambda p: self.photo_opened.emit(p.id, p.file_name))
            tile.caption_requested.connect(self.photo_caption_requested.emit)
            tile.replace_requested.connect(self.photo_replace_requested.emit)
            tile.delete_requested.connect(self.photo_delete_requested.emit)
            self.photo_tiles.append(tile)
            thumbs.addWidget(tile)
        if not photos:
            none = QLabel("No photo yet: this item passes once a photo is attached.")
            theme.muted(none, 11)
            thumbs.addWidget(none)
        thumbs.addStretch(1)
        column.addLayout(thumbs)
        return column

    # --- answers -------------------------------------------------------------------------
    def _emit(self, **values: Any) -> None:
        self.answered.emit({"result": None, "measured": None, "choice": "", "text": self.note.text(), **values})

    def give_result(self, result: str) -> None:
        """Pass, fail or n.a. (only where the item offers it)."""
        if result in self.buttons and self.buttons[result].isEnabled() and self.isEnabled():
            for name, button in self.buttons.items():
                button.setChecked(name == result)
            self._emit(result=result)

    def give_choice(self, option: str) -> None:
        """Pick one of the options."""
        for button in self.choice_buttons:
            button.setChecked(button.text().split("   [")[0] == option)
        if "na" in self.buttons:
            self.buttons["na"].setChecked(False)
        self._emit(choice=option)

    def choose_number(self, number: int) -> None:
        """Digit shortcut: the n-th option of a choice item."""
        if self.item is not None and self.item.kind.value == "choice" and 0 < number <= len(self.item.choices):
            self.give_choice(self.item.choices[number - 1])

    def save_value(self) -> None:
        """Send the typed measurement (comma decimals accepted)."""
        if self.value_edit is None:
            return
        text = self.value_edit.text().strip().replace(",", ".").replace(" ", "")
        if not text:
            self._emit()  # cleared
            return
        try:
            finite = math.isfinite(float(text))
        except ValueError:
            finite = False
        if not finite:
            self.show_problem(f"'{self.value_edit.text()}' is not a number")
            return
        self.error.hide()
        self._emit(measured=text)

    def show_problem(self, text: str) -> None:
        """Say under the value box why the answer was not taken."""
        if self.value_edit is not None:
            self.error.setText(text)
            self.error.show()

    def save_text(self) -> None:
        """Send the free text."""
        if self.text_edit is not None:
            self.answered.emit({"result": None, "measured": None, "choice": "", "text": self.text_edit.toPlainText()})
