"""Never lose typed work: every editor asks "Discard changes?" before Esc, Cancel, Close or ✕ throw edits away.

`EditorDialog` is the base of every editor. Its `EditGuard` watches the dialog's input widgets: the first
key, click or wheel turn on a widget records the value it had before, and the dialog holds changes when any
touched widget differs from that value or an editable table differs from what it held when shown. Values a
dialog sets itself (loading, a panel clearing its form after saving) are never counted as typing.
QDialog routes Esc, a Cancel/Close button wired to reject() and the window's close box through `reject()`,
so that one method is where the question is asked.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.button_style import unify_buttons
from microfactory_desk.ui.drafts import DraftKeeper
from microfactory_desk.ui.screen_fit import clamp_to_screen

_INPUT_TYPES = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton)
# Events that come before a person changes a value: the value they carry away is the one to compare with.
_USER_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel,
    QEvent.Type.InputMethod,
    QEvent.Type.Drop,
}


def widget_value(widget: QWidget) -> Any:
    """What a person edits in an input widget (text, choice, tick), comparable with ==."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked() if widget.isCheckable() else None
    return None


def model_snapshot(model: QAbstractItemModel) -> tuple[tuple[Any, ...], ...]:
    """Every cell of a small editable table as shown (rows of display values)."""
    role = Qt.ItemDataRole.DisplayRole
    columns = model.columnCount()
    return tuple(
        tuple(model.data(model.index(row, column), role) for column in range(columns))
        for row in range(model.rowCount())
    )


def _editable(model: QAbstractItemModel) -> bool:
    if model.rowCount() == 0:
        return bool(getattr(model, "add_row", None))  # an empty grid the person can add rows to
    return any(
        model.flags(model.index(0, column)) & Qt.ItemFlag.ItemIsEditable for column in range(model.columnCount())
    )


class EditGuard(QObject):
    """Knows whether a dialog holds typed changes; see the module docstring for how."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._owner: dict[QObject, QWidget] = {}  # watched object (a viewport too) -> its input widget
        self._before: dict[QWidget, Any] = {}  # touched widget -> its value before the first touch
        self._models: dict[QAbstractItemModel, tuple[tuple[Any, ...], ...]] = {}

    def watch(self) -> None:
        """Start watching the dialog's input widgets and tables (again after widgets were added)."""
        for widget in self._dialog.findChildren(QWidget):
            if isinstance(widget, _INPUT_TYPES) and widget not in self._owner:
                self._watch(widget, widget)
                if isinstance(widget, QPlainTextEdit | QTextEdit):
                    self._watch(widget.viewport(), widget)  # mouse events (paste, drop) go to the viewport
            elif (
                isinstance(widget, QAbstractItemView) and widget.model() is not None and widget.window() is self._dialog
            ):
                # (a combo box's list lives in its own popup window: its items are choices, not typing)
                model = widget.model()
                if model not in self._models:
                    self._models[model] = model_snapshot(model)

    def _watch(self, watched: QWidget, owner: QWidget) -> None:
        self._owner[watched] = owner
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Record a widget's value before the first event that may change it; never consumes the event."""
        if event.type() in _USER_EVENTS:
            owner = self._owner.get(watched)
            if owner is not None and owner not in self._before:
                self._before[owner] = widget_value(owner)
        return False

    def touch(self, widget: QWidget, before: Any) -> None:
        """Count `widget` as changed from `before` (a restored draft differs from what is stored)."""
        self._before[widget] = before

    def changed_widgets(self) -> list[QWidget]:
        """Touched widgets whose value now differs from before they were touched."""
        return [
            w
            for w, before in self._before.items()
            if shiboken6.isValid(w) and w.isEnabled() and widget_value(w) != before
        ]

    def dirty(self) -> bool:
        """True when something typed would be lost by closing now."""
        if self.changed_widgets():
            return True
        return any(
            shiboken6.isValid(model) and _editable(model) and model_snapshot(model) != shot
            for model, shot in self._models.items()
        )

    def mark_clean(self, scope: QWidget | None = None) -> None:
        """What is shown now is saved: forget the touched values (only those inside `scope` when given)."""
        if scope is not None:
            for widget in [w for w in self._before if w is scope or scope.isAncestorOf(w)]:
                del self._before[widget]
            return
        self._before.clear()
        for model in list(self._models):
            if shiboken6.isValid(model):
                self._models[model] = model_snapshot(model)
            else:
                del self._models[model]


class EditorDialog(QDialog):
    """Base of every editor: reject() (Esc, Cancel, Close, ✕) asks before typed changes are thrown away.

    When first shown it also shrinks a preferred size to the screen (every editor fits a 1280x720 laptop) and
    gives its buttons the one dialog style (unify_buttons).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit_guard = EditGuard(self)
        self._watching = False
        self._drafts: list[tuple[DraftKeeper, bool]] = []

    def keep_draft(self, editor: QLineEdit | QPlainTextEdit, key: str, *, saved_by_dialog: bool = True) -> DraftKeeper:
        """Autosave `editor` under `key` and put an unsaved draft back now (it then counts as a change).

        `saved_by_dialog`: the dialog's Save stores this field, so its draft goes when the dialog is accepted
        (a panel that saves on its own, like the negotiation form, drops its draft itself).
        """
        keeper = DraftKeeper(editor, key)
        before = keeper.stored
        if keeper.restore():
            self.edit_guard.touch(editor, before)
        self._drafts.append((keeper, saved_by_dialog))
        return keeper

    def commit_typing(self) -> None:
        """Hand a table cell still being typed to its model, so Ctrl+S or Ctrl+Enter from inside it saves it too."""
        focus = self.focusWidget()
        view = focus.parentWidget() if focus is not None else None
        while view is not None and view is not self and not isinstance(view, QAbstractItemView):
            view = view.parentWidget()
        if isinstance(view, QAbstractItemView) and focus is not None:
            view.commitData(focus)

    def accept(self) -> None:
        """Saved: the drafts of what the dialog stored are no longer needed."""
        for keeper, saved_by_dialog in self._drafts:
            if saved_by_dialog:
                keeper.saved()
        super().accept()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Start watching once the dialog is built and loaded, so loading never counts as typing."""
        if not self._watching:
            self._watching = True
            self.edit_guard.watch()
            clamp_to_screen(self)  # preferred sizes are for big screens; a 1280x720 laptop must see the buttons
            unify_buttons(self)
            for text_box in self.findChildren(QPlainTextEdit) + self.findChildren(QTextEdit):
                text_box.setTabChangesFocus(True)  # Tab moves on; a typed tab in a note would trap the keyboard
            self._focus_first_field()
        super().showEvent(event)

    def _focus_first_field(self) -> None:
        """Start the keyboard in the first field when Qt would start it on a tab bar or nowhere."""
        current = self.focusWidget()
        if current is not None and not isinstance(current, QTabBar):
            return
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QPlainTextEdit | QComboBox | QAbstractSpinBox) and widget.isVisibleTo(
                self
            ):
                if widget.isEnabled() and not getattr(widget, "isReadOnly", lambda: False)():
                    widget.setFocus(Qt.FocusReason.TabFocusReason)
                    return

    def has_changes(self) -> bool:
        """True when closing would lose something typed."""
        return self._watching and self.edit_guard.dirty()

    def reject(self) -> None:
        """Close without saving, after "Discard changes?" when something was typed; "Keep editing" stays."""
        if self.has_changes() and not messages.ask_discard(self, self.windowTitle()):
            return
        self.discarded()
        super().reject()

    def discarded(self) -> None:
        """The person chose to close without saving: the autosaved drafts go too."""
        for keeper, _ in self._drafts:
            keeper.discard()


def mark_clean(panel: QWidget) -> None:
    """Tell the editor around `panel` that the panel saved what it showed (a negotiation entry added)."""
    guard = getattr(panel.window(), "edit_guard", None)
    if isinstance(guard, EditGuard):
        guard.mark_clean(panel)
