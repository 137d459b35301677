"""Autosaved drafts of long text fields: a crash or a flat battery loses at most the last second of typing.

A `DraftKeeper` writes its field's text to the user's settings (QSettings, synced to disk when each
settings object goes) a moment after typing pauses, drops the draft when the text is back to what is stored
(saved, or cleared after saving), and on the next open puts an unsaved draft back into the field.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from microfactory_desk import clock
from microfactory_desk.ui import settings

# Typing pauses this long before the draft is written: short enough that little is lost, long enough to
# write once per burst rather than per keystroke.
DRAFT_DELAY_MS = 800
_GROUP = "drafts/"


def read_draft(key: str) -> tuple[str, str] | None:
    """(text, saved at "YYYY-MM-DD HH:MM") of the draft under `key`, or None."""
    value = settings.settings().value(_GROUP + key)
    if isinstance(value, list) and len(value) == 2:
        return str(value[0]), str(value[1])
    return None


def write_draft(key: str, text: str) -> None:
    """Keep `text` as the draft under `key`, stamped with the local time."""
    settings.settings().setValue(_GROUP + key, [text, f"{clock.now():%Y-%m-%d %H:%M}"])


def drop_draft(key: str) -> None:
    """Forget the draft under `key`."""
    settings.settings().remove(_GROUP + key)


def _text(editor: QLineEdit | QPlainTextEdit) -> str:
    return editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()


def _set_text(editor: QLineEdit | QPlainTextEdit, text: str) -> None:
    if isinstance(editor, QLineEdit):
        editor.setText(text)
    else:
        editor.setPlainText(text)


class DraftKeeper(QObject):
    """Autosaves one text field under a key; `restored(saved_at)` when an unsaved draft was put back."""

    restored = Signal(str)

    def __init__(self, editor: QLineEdit | QPlainTextEdit, key: str, *, delay_ms: int = DRAFT_DELAY_MS) -> None:
        super().__init__(editor)
        self.editor, self.key = editor, key
        self.stored = _text(editor)  # what the record holds: a draft equal to it is no draft
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        editor.textChanged.connect(self._timer.start)

    def restore(self) -> bool:
        """Put an unsaved draft back into the field; True when there was one (emits `restored`)."""
        draft = read_draft(self.key)
        if draft is None or draft[0] == self.stored:
            return False
        _set_text(self.editor, draft[0])
        self.restored.emit(draft[1])
        return True

    def flush(self) -> None:
        """Write the draft now (or drop it when the text equals what is stored)."""
        self._timer.stop()
        text = _text(self.editor)
        if text == self.stored:
            drop_draft(self.key)
        else:
            write_draft(self.key, text)

    def saved(self, stored: str | None = None) -> None:
        """The record now holds `stored` (default: the field's text): the draft is no longer needed."""
        self._timer.stop()
        self.stored = _text(self.editor) if stored is None else stored
        drop_draft(self.key)

    def discard(self) -> None:
        """The person threw the typed text away: forget the draft."""
        self._timer.stop()
        drop_draft(self.key)
