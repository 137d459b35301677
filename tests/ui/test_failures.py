"""The one failure path: a crash is logged with its traceback and explained; a refusal shows its message."""

from __future__ import annotations

from microfactory_desk.errors import CellError, DeskError, ImportFailed
from microfactory_desk.paths import log_file
from microfactory_desk.ui.error_hook import show_failure
from microfactory_desk.ui.tasks import run_task


def _crash() -> None:
    raise RuntimeError("disk on fire")


def test_a_crash_is_logged_with_its_traceback_and_explained(shown_messages: list[str], expect_crash: None) -> None:
    """An unexpected exception: the log gets the traceback, the person a plain sentence and the log's path."""
    try:
        _crash()
    except RuntimeError as exc:
        show_failure(exc)
    logged = log_file().read_text(encoding="utf-8")
    assert "Traceback" in logged and "in _crash" in logged and "RuntimeError: disk on fire" in logged
    title, _, rest = shown_messages[-1].partition(": ")
    assert title == "Unexpected error"
    assert "Your saved data is safe" in rest and str(log_file()) in rest


def test_a_task_without_on_error_takes_the_failure_path(shown_messages: list[str], expect_crash: None) -> None:
    """run_task's default on_error logs and explains the crash instead of losing it."""
    run_task(_crash)
    assert shown_messages[-1].startswith("Unexpected error: Something unexpected went wrong")
    assert "RuntimeError: disk on fire" in log_file().read_text(encoding="utf-8")


def test_a_refusal_shows_its_own_message_and_what_to_do(shown_messages: list[str]) -> None:
    """A DeskError shows its message (no traceback in the box), followed by what to do; the log notes it."""
    show_failure(DeskError("The file is locked."), title="Backup", what_to_do="Close it in Excel and try again.")
    assert shown_messages == ["Backup: The file is locked.\nClose it in Excel and try again.\n"]
    assert "Backup: The file is locked." in log_file().read_text(encoding="utf-8")


def test_a_refused_import_lists_its_problems_in_the_details(shown_messages: list[str]) -> None:
    """An ImportFailed shows its headline and what to do; each bad cell is in the details."""
    exc = ImportFailed([CellError(3, "D", "not a number")])
    show_failure(exc, title="Import refused", what_to_do="Fix the file and try again.")
    text, _, details = shown_messages[-1].partition("\n  ")
    assert text == "Import refused: Nothing was imported: 1 problem.\nFix the file and try again."
    assert "row 3, column D: not a number" in details


def test_a_refusal_can_show_beside_the_form(shown_messages: list[str]) -> None:
    """With an inline place, a refusal goes there and no box opens."""
    beside: list[str] = []
    show_failure(DeskError("Code already used."), inline=beside.append)
    assert beside == ["Code already used."] and shown_messages == []
