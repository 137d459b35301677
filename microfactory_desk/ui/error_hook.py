"""The one failure path: the log keeps the traceback, the person sees what went wrong and what to do."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QWidget

from microfactory_desk.errors import DeskError, ImportFailed, ValidationFailed
from microfactory_desk.schemas.field_labels import error_text
from microfactory_desk.ui.dialogs import messages

LOGGER_NAME = "microfactory_desk"


_SHOWN_PROBLEMS = 8  # problems of a refused import in the main text; the details list them all


def logger() -> logging.Logger:
    """The app's logger, writing to the log file of the current data folder (set up on first use)."""
    from microfactory_desk.paths import log_file

    log = logging.getLogger(LOGGER_NAME)
    path = str(log_file())
    files = [h for h in log.handlers if isinstance(h, logging.FileHandler)]
    # The data folder can change (tests give each one its own); the log follows it.
    for handler in files:
        if handler.baseFilename != path:
            log.removeHandler(handler)
            handler.close()
    if not any(h.baseFilename == path for h in log.handlers if isinstance(h, logging.FileHandler)):
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return log


def log_path() -> str:
    """Where the log file is, for messages that send the person there."""
    handlers = [h for h in logger().handlers if isinstance(h, logging.FileHandler)]
    return handlers[0].baseFilename if handlers else "the log"


# What to do about an import problem, as the window offers it (the command line names its flags instead).
WINDOW_REMEDIES = {
    "map": "choose its column in the drop-down for {field} in the import preview",
    "map-line": "choose the column of the line number or of the SKU in the import preview",
    "date-order": "choose the date order (day, month or year first) under Dates in the import preview",
    "decimal": "or choose the decimal mark under Numbers in the import preview",
}


def show_failure(
    exc: BaseException,
    parent: QWidget | None = None,
    *,
    title: str = "Microfactory Desk",
    what_to_do: str = "",
    inline: Callable[[str], object] | None = None,
) -> None:
    """Log a failure and tell the person: a DeskError by its message, anything else as unexpected.

    `what_to_do` follows a refusal's message ("Fix the file and import it again.").
    `inline` shows a refusal beside the form instead of in a box (the traceback of a crash still goes to a box).
    """
    if isinstance(exc, DeskError):
        logger().info("%s: %s", title, exc.message)
        if inline is None and getattr(exc, "desk_shown", False):
            return  # seen in the server-fault Retry question, where the person chose Cancel
        head, details = exc.message, ""
        if isinstance(exc, ValidationFailed):
            # Fields named as the forms label them, never as schema paths ("max_reorder_qty").
            head = "\n".join(error_text(e) for e in exc.errors)
        if isinstance(exc, ImportFailed):
            # The problems are the news: the first ones in the main text, every one of them in the details.
            head, _, details = exc.message.partition("\n")
            problems = [e.worded(WINDOW_REMEDIES) for e in exc.errors]
            details = exc.worded(WINDOW_REMEDIES).partition("\n")[2]
            more = len(problems) - _SHOWN_PROBLEMS
            head += ":\n" + "\n".join(problems[:_SHOWN_PROBLEMS]) + (f"\n… and {more} more" if more > 0 else "")
        text = f"{head}\n{what_to_do}" if what_to_do else head
        if inline is not None:
            inline(text)
        else:
            messages.show_error(parent, title, text, details)
        return
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    logger().error("Unexpected error (%s)\n%s", title, details)
    messages.show_error(
        parent,
        "Unexpected error",
        "Something unexpected went wrong and the last action did not finish. Your saved data is safe.\n\n"
        f"The details are in the log: {log_path()}",
        details,
    )


def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook: an exception nobody caught goes to the failure path."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    show_failure(exc)


def install() -> None:
    """Route uncaught exceptions (GUI thread and tasks) to report()."""
    sys.excepthook = report
