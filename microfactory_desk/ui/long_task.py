"""A long job: a progress dialog shown only if the work lasts, a Cancel the work polls, one end.

Its own module, imported by what starts such a job: the window's start builds no progress dialog (PySide6's class
of it cost the start 1-2 ms when tasks.py named it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from microfactory_desk.ui import tasks

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")
# A long task shows its progress dialog only when the work lasts longer than this (Qt's force-show timer).
PROGRESS_DELAY_MS = 300


class LongTask(QObject):
    """One long job: a progress dialog shown only if the work lasts, a Cancel the work polls, one end.

    The work checks `cancelled.is_set()` (services take it as `cancelled=`) and may call `advance(done, total)`
    from its thread. A refusal (DeskError) or crash goes to the failure path; Cancelled to the status bar.
    """

    _advanced = Signal(int, int)

    def __init__(
        self,
        parent: QWidget,
        text: str,
        *,
        cancellable: bool = True,
        step_text: str = "",
        title: str = "Microfactory Desk",
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._step_text = step_text
        self._title = title
        self.cancelled = threading.Event()
        from PySide6.QtWidgets import QProgressDialog

        self.dialog: QProgressDialog | None = QProgressDialog(text, "Cancel", 0, 0, parent)
        if cancellable:
            self.dialog.canceled.connect(self.cancel)
        else:
            self.dialog.setCancelButton(None)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        # Ended by the finished work, not by reaching the maximum (the last file may still be writing).
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        self.dialog.setValue(0)  # starts the force-show timer: the dialog appears only if the work lasts
        # Queued: advance() is called on the worker's thread, the dialog is changed on the GUI thread.
        self._advanced.connect(self._show_progress)

    def cancel(self) -> None:
        """Ask the work to stop at its next check (the Cancel button does this)."""
        self.cancelled.set()
        _status(self._parent, "Cancelling…")

    def advance(self, done: int, total: int) -> None:
        """Report progress from the work's thread."""
        self._advanced.emit(done, total)

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: tasks.Failed | None = None,
        *,
        refused: tuple[str, str] | None = None,
    ) -> None:
        """Run `fn` with run_task; the dialog ends before on_done or the failure is shown.

        Without on_error failures go to show_failure; `refused` = (title, what to do) for a file refused as a
        whole (ImportFailed), e.g. ("Import refused", "Fix the file and import it again.").
        """

        def done(result: T) -> None:
            self.finish()
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            from microfactory_desk.errors import Cancelled, ImportFailed
            from microfactory_desk.ui.error_hook import show_failure

            self.finish()
            if isinstance(exc, Cancelled):
                _status(self._parent, exc.message)
            elif on_error is not None:
                on_error(exc)
            elif refused is not None and isinstance(exc, ImportFailed):
                show_failure(exc, self._parent, title=refused[0], what_to_do=refused[1])
            else:
                show_failure(exc, self._parent, title=self._title)

        tasks.run_task(fn, done, failed)  # through the module: the one way to run work, wherever it is patched

    def finish(self) -> None:
        """Take the dialog away for good.

        reset() stops the force-show timer; close() alone leaves it running, so a task faster than the delay
        would bring up a dialog afterwards whose Cancel does nothing.
        """
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        dialog.blockSignals(True)  # closing emits canceled(); the work is already over
        dialog.reset()
        dialog.close()
        dialog.deleteLater()
        # The work has reported, so nothing calls advance() any more: the helper can go with its dialog.
        self.deleteLater()

    def _show_progress(self, done: int, total: int) -> None:
        dialog = self.dialog  # setValue may run queued events, and the finished work ends the dialog
        if dialog is None:
            return
        if self._step_text:
            dialog.setLabelText(self._step_text.format(done=done, total=total))
        dialog.setMaximum(total)
        dialog.setValue(done)


def _status(widget: QWidget, text: str) -> None:
    """A message in the window's status bar, when the window has one."""
    status = getattr(widget.window(), "statusBar", None)
    if callable(status):
        status().showMessage(text, 8000)
