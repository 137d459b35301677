"""The command line's one failure path: every error becomes one line for people; the log keeps the traceback.

`explain` turns what a command raised (our DeskErrors, OS errors such as a full disk or a missing file,
SQLite's locked / full / damaged / missing-column errors) into one line naming the file or field and what to
do. Anything else is unexpected: its traceback goes to the log file and the line says where.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType
from typing import Any

LOGGER_NAME = "microfactory_desk.cli"


def _logger() -> logging.Logger:
    """The command line's logger, writing to the app's log file (set up on first use)."""
    log = logging.getLogger(LOGGER_NAME)
    if not log.handlers:
        log.addHandler(_log_file_handler())
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


def _log_file_handler() -> logging.Handler:
    """A handler appending to the app's log file (a null one when the file cannot be opened)."""
    from microfactory_desk.paths import log_file

    try:
        handler: logging.Handler = logging.FileHandler(log_file(), encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()  # a full or read-only disk must not turn into a second error
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def _log_path() -> str:
    files = [h for h in _logger().handlers if isinstance(h, logging.FileHandler)]
    return files[0].baseFilename if files else "the log"


def quiet_driver_logs() -> None:
    """The database driver's own warnings go to the log, not onto the terminal.

    When a server goes away mid-command, psycopg logs "error ignored terminating <psycopg.Pipeline [BAD]>" while
    it cleans up; the command's one `error:` line already says what happened.
    """
    driver = logging.getLogger("psycopg")
    if driver.propagate:  # once per process
        driver.addHandler(_log_file_handler())
        driver.propagate = False


def quiet_unraisable(args: Any) -> None:
    """sys.unraisablehook for the command line: errors raised while a library cleans up after a failed write
    (openpyxl's zip file closing on a full disk) go to the log, not as tracebacks onto the terminal."""
    text = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
    _logger().info("Ignored while cleaning up (%s):\n%s", args.object, text)


def _database_message(text: str, label: str) -> str | None:
    """One line for a database error text (SQLite's or PostgreSQL's wording), or None when not recognised."""
    low = text.lower()
    if "database is locked" in low or "database is busy" in low:
        return (
            f"The database {label} is busy: another program is writing to it. Nothing was saved; try again in a moment."
        )
    if "disk is full" in low or "no space left" in low:
        return f"The disk holding {label} is full; nothing was saved. Free some space and try again."
    for marker in ("no such column:", "no such table:", "has no column named", "does not exist"):
        if marker in low:
            start = low.index(marker)
            what = text[start:].splitlines()[0].strip()
            return (
                f"The database {label} does not match this version of the app ({what}). "
                "Run `microfactory-desk check` to see every difference; the upgrade repairs known ones."
            )
    if "malformed" in low or "not a database" in low:
        return (
            f"The database {label} is damaged ({text.splitlines()[0].strip()}). "
            "Restore a backup: `microfactory-desk restore BACKUP`."
        )
    if "readonly database" in low or "read-only" in low:
        return f"The database {label} is read-only here; nothing was saved. Check the file's permissions."
    if "unable to open database file" in low:
        return f"Cannot open the database {label}: check that its folder exists and you may write there."
    if "disk i/o error" in low:
        return f"The disk holding {label} reported an error; nothing was saved. Check the disk and try again."
    return None


def _database_error_text(exc: BaseException) -> str | None:
    """The driver's message when `exc` is a database error (SQLAlchemy's or sqlite3's), else None."""
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        return str(exc)
    # SQLAlchemy wraps the driver's error as `.orig` (the command line never imports SQLAlchemy itself).
    orig = getattr(exc, "orig", None)
    return str(orig) if isinstance(orig, Exception) else None


# What to do about an import problem, as the command line offers it (the window names its controls instead).
CLI_REMEDIES = {
    "map": "name its column with --map {field}=HEADER",
    "map-line": "name the line number or SKU column with --map line=HEADER or --map sku=HEADER",
    "date-order": "choose the date order with --date-order DMY, MDY or YMD",
    "decimal": "or give the decimal mark with --decimal , (or --decimal .)",
}


def explain(exc: BaseException, location: str) -> str:
    """One line for `exc` raised by a command on the database at `location` (path or URL).

    Expected errors name the file or field and what to do; an unexpected one has its traceback logged and the
    line says where the log is.
    """
    from microfactory_desk.db import resolve_url, sqlite_file
    from microfactory_desk.errors import DeskError
    from microfactory_desk.exports.atomic import advice_for, os_error_in

    try:
        url = resolve_url(location)
    except DeskError:  # an URL the app refuses: that refusal is `exc` itself, worded already
        url = location
    label = str(sqlite_file(url) or url.split("@")[-1])
    from microfactory_desk.errors import ImportFailed

    if isinstance(exc, ImportFailed):
        return exc.worded(CLI_REMEDIES)
    if isinstance(exc, DeskError):
        return exc.message
    db_text = _database_error_text(exc)
    if db_text is not None:
        found = _database_message(db_text, label)
        if found is not None:
            return found
    os_error = os_error_in(exc)
    if os_error is not None and db_text is None:
        where = f"{os_error.filename}: " if os_error.filename else ""
        return f"{where}{os_error.strerror or os_error} ({advice_for(os_error)})."
    if isinstance(exc, MemoryError):
        return "Not enough memory for this command; close other programs or work on a smaller file."
    _logger().error("Unexpected error in %s", " ".join(sys.argv), exc_info=(type(exc), exc, exc.__traceback__))
    first = str(exc).splitlines()[0] if str(exc) else ""
    return f"unexpected {type(exc).__name__}: {first} (the details are in {_log_path()})"


def log_traceback(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Keep a traceback in the log (for errors explained to the person, whose cause may still matter)."""
    _logger().info("Explained error", exc_info=(exc_type, exc, tb))
