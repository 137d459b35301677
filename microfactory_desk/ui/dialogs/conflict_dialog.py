"""The conflict dialog: someone saved the record after this editor loaded it; reload, overwrite or cancel."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from html import escape
from typing import Any, TypeVar

from pydantic import BaseModel
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from microfactory_desk.errors import StaleEdit
from microfactory_desk.schemas.field_labels import field_label

T = TypeVar("T")
RELOAD, OVERWRITE, CANCEL = "reload", "overwrite", "cancel"
_DECIMAL = re.compile(r"-?\d+\.\d+")


def differing_fields(mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(field, my value, their value) for every field whose shown text differs, in `mine`'s order."""
    rows = []
    for field, value in mine.items():
        a, b = _shown(value), _shown(_like(value, theirs.get(field)))
        if a != b:
            rows.append((field, a, b))
    return rows


def stored_fields(record: Any) -> dict[str, Any]:
    """A saved record as field -> value, whatever DTO carries it: a pydantic model, a named tuple or a dataclass.

    A pydantic model inside it (an action's `data`) contributes its fields at the top level, so the typed values
    of an editor (`ActionIn`) line up with the saved record's (`ActionOut`).
    """
    if isinstance(record, BaseModel):
        return record.model_dump(mode="json")
    if isinstance(record, Mapping):
        return dict(record)
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        fields = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    elif hasattr(record, "_asdict"):
        fields = dict(record._asdict())
    else:
        return {}
    for value in list(fields.values()):
        if isinstance(value, BaseModel):
            fields.update(value.model_dump(mode="json"))
    return fields


def _like(mine: Any, theirs: Any) -> Any:
    """`theirs` cut to what `mine` holds: rows of a list (order lines, price tiers) keep only the keys the
    editor's rows have, so a stored line's computed figures (tier, total) are not shown as differences."""
    if not (isinstance(mine, list) and isinstance(theirs, list)):
        return theirs
    keys = list(dict.fromkeys(key for row in mine if isinstance(row, dict) for key in row))
    if not keys:
        return theirs
    return [{key: row.get(key) for key in keys} if isinstance(row, dict) else row for row in theirs]


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(_shown(v) for v in value)  # one contact or certification a line
    if isinstance(value, dict):
        return ", ".join(_shown(v) for v in value.values() if v not in (None, ""))
    text = str(value)
    if _DECIMAL.fullmatch(text):  # a stored 9.9000 and a typed 9.90 are the same price
        number = Decimal(text).normalize()
        return f"{number:.2f}" if number == number.quantize(Decimal("0.01")) else f"{number:f}"
    return text


class ConflictDialog(QDialog):
    """Shows who saved what since this editor loaded the record, and the fields where the two versions differ.

    `choice` is RELOAD (drop my edits, show theirs), OVERWRITE (save mine over theirs on purpose) or CANCEL
    (keep editing). The differing fields are at most a few dozen short labels, not a data list.
    """

    def __init__(
        self,
        stale: StaleEdit,
        mine: Mapping[str, Any],
        theirs: Mapping[str, Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changed by someone else")
        self.setMinimumWidth(560)  # the two versions side by side without wrapping every value
        self.choice = CANCEL
        layout = QVBoxLayout(self)
        who = f" by {stale.changed_by}" if stale.changed_by else ""
        when = f" at {stale.changed_at}" if stale.changed_at else ""
        self.headline = QLabel(
            f"<b>{escape(stale.record)} was saved{escape(who)}{escape(when)} after you opened it.</b>"
        )
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        advice = QLabel(
            "Reload shows the saved version (your edits here are dropped). Overwrite saves your version over it. "
            "Cancel keeps editing without saving."
        )
        advice.setWordWrap(True)
        layout.addWidget(advice)
        self.rows = differing_fields(mine, theirs)
        grid = QGridLayout()
        grid.setContentsMargins(0, 8, 0, 0)
        for column, title in enumerate(("Field", "Your version", "Saved version")):
            header = QLabel(f"<b>{title}</b>")
            grid.addWidget(header, 0, column)
        for row, (field, a, b) in enumerate(self.rows, start=1):
            for column, text in enumerate((field_label(field), a, b)):  # as the form labels it
                label = QLabel(text)
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setWordWrap(True)
                grid.addWidget(label, row, column, Qt.AlignmentFlag.AlignTop)
        if not self.rows:
            grid.addWidget(QLabel("The fields you edit are the same in both versions."), 1, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        layout.addStretch(1)
        buttons = QDialogButtonBox()
        self.reload_button = QPushButton("Reload theirs")
        self.overwrite_button = QPushButton("Overwrite with mine")
        self.cancel_button = QPushButton("Cancel")
        buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.overwrite_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.reload_button.clicked.connect(lambda: self._choose(RELOAD))
        self.overwrite_button.clicked.connect(lambda: self._choose(OVERWRITE))
        self.cancel_button.clicked.connect(lambda: self._choose(CANCEL))
        self.cancel_button.setDefault(True)
        layout.addWidget(buttons)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        if choice == CANCEL:
            self.reject()
        else:
            self.accept()


def ask_conflict(parent: QWidget | None, stale: StaleEdit, mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> str:
    """Show the conflict dialog modally; RELOAD, OVERWRITE or CANCEL (Esc cancels). Tests replace this."""
    dialog = ConflictDialog(stale, mine, theirs, parent)
    dialog.exec()
    return dialog.choice


def resolve_stale_save(
    parent: QWidget,
    stale: StaleEdit,
    mine: BaseModel,
    load_theirs: Callable[[], T],
    on_reload: Callable[[T], None],
    on_overwrite: Callable[[T], None],
    *,
    shown: Callable[[T], Any] | None = None,
    on_cancel: Callable[[T], None] | None = None,
) -> None:
    """An editor's save was refused as stale: fetch the saved version off the GUI thread, show both, act.

    When the saved version already holds every value the editor has (a lost reply's save found on Retry), no
    question is asked: the editor's values are saved again against the saved version, which changes nothing.

    Reload hands the saved version to `on_reload` (the editor shows it); Overwrite hands it to `on_overwrite`
    (the editor saves its own values again against the saved version's counter); Cancel keeps editing, or
    calls `on_cancel` when given. `shown(saved)` picks what is compared with `mine` (default: all of it).
    """
    from microfactory_desk.ui.tasks import run_task

    def decide(theirs: T) -> None:
        fields = mine.model_dump(mode="json")
        saved = stored_fields(shown(theirs) if shown is not None else theirs)
        compared = {key: saved.get(key) for key in fields}
        if not differing_fields(fields, compared):
            # The stored version already holds every value typed here: this save's own first attempt whose
            # reply was lost (Retry found it stored), or someone who saved the same. Saving again against the
            # stored version changes nothing and finishes the save as usual; there is nothing to choose.
            on_overwrite(theirs)
            return
        choice = ask_conflict(parent, stale, fields, compared)
        if choice == RELOAD:
            on_reload(theirs)
        elif choice == OVERWRITE:
            on_overwrite(theirs)
        elif on_cancel is not None:
            on_cancel(theirs)

    run_task(load_theirs, decide)
