"""Unexpected errors: the traceback goes to the log file, the person sees a short dialog."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from microfactory_desk.errors import DeskError
from microfactory_desk.ui.dialogs import messages

log = logging.getLogger("microfactory_desk")


def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an uncaught exception and tell the user what happened and where the details are."""
    if isinstance(exc, DeskError):
        messages.show_error(None, "Microfactory Desk", exc.message)
        return
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("Unexpected error\n%s", text)
    where = next((h.baseFilename for h in log.handlers if isinstance(h, logging.FileHandler)), "the log")
    messages.show_error(
        None,
        "Unexpected error",
        f"Something went wrong: {exc}\n\nYour saved data is safe. The details were written to {where}.",
        text,
    )


def install() -> None:
    """Route uncaught exceptions (GUI thread and tasks) to report()."""
    sys.excepthook = report
