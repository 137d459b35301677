"""Unexpected errors: the traceback goes to the log file, the person sees a short dialog."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING

from microfactory_desk.errors import DeskError
from microfactory_desk.ui.dialogs import messages

if TYPE_CHECKING:
    import logging


def _logger() -> logging.Logger:
    """The app's logger, writing to the log file in the data folder (set up on first use)."""
    import logging

    from microfactory_desk.paths import log_file

    logger = logging.getLogger("microfactory_desk")
    if not any(isinstance(h, logging.FileHandler) for h in logger.handlers):
        handler = logging.FileHandler(log_file(), encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return logger


def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an uncaught exception and tell the user what happened and where the details are."""
    if isinstance(exc, DeskError):
        messages.show_error(None, "Microfactory Desk", exc.message)
        return
    import logging
    import traceback

    text = "".join(traceback.format_exception(exc_type, exc, tb))
    logger = _logger()
    logger.error("Unexpected error\n%s", text)
    where = next((h.baseFilename for h in logger.handlers if isinstance(h, logging.FileHandler)), "the log")
    messages.show_error(
        None,
        "Unexpected error",
        f"Something went wrong: {exc}\n\nYour saved data is safe. The details were written to {where}.",
        text,
    )


def install() -> None:
    """Route uncaught exceptions (GUI thread and tasks) to report()."""
    sys.excepthook = report
