"""Field errors on forms and the one save tail of every editor: validate, store off the GUI thread, report.

A failed save ends in one of three places: field errors next to their fields, a stale save in the conflict
dialog (reload, overwrite on purpose, cancel), anything else on the one failure path (logged, then shown).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from pydantic import BaseModel
from PySide6.QtWidgets import QLabel, QWidget

from microfactory_desk.errors import FieldError, StaleEdit, ValidationFailed
from microfactory_desk.schemas.field_labels import field_label

if TYPE_CHECKING:
    from microfactory_desk.ui.widgets.field_form import FieldForm

Data = TypeVar("Data", bound=BaseModel)
Stored = TypeVar("Stored")


def split_errors(errors: list[FieldError], lists: dict[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Form errors by field, and readable messages per list ("Tier 2, From quantity: …").

    `lists` maps a list field (e.g. "price_tiers") to the noun its rows are called by ("Tier").
    """
    form: dict[str, str] = {}
    listed: dict[str, list[str]] = {name: [] for name in lists}
    for error in errors:
        head, _, rest = error.field.partition(".")
        if head in lists:
            number, _, field = rest.partition(".")
            where = f"{lists[head]} {number}" + (f", {field_label(field)}" if field else "")
            listed[head].append(f"{where}: {error.message}")
        else:
            form.setdefault(head, error.message)
    return form, listed


def show_form_errors(form: FieldForm, error: QLabel, exc: ValidationFailed) -> None:
    """Each message under its field of `form`; messages about fields the form does not show go in `error`."""
    rest = form.show_errors({e.field: e.message for e in exc.errors})
    error.setText("\n".join(rest))
    error.setVisible(bool(rest))


def reloaded_text(updated_by: str) -> str:
    """What an editor says after Reload in the conflict dialog replaced the typed values with the saved ones."""
    return f"Showing the version saved by {updated_by or 'someone else'}; your edits were dropped."


class OnStale(NamedTuple):
    """What an editor does when its save is refused as stale (errors.StaleEdit).

    `load_theirs()` fetches the saved record (run off the GUI thread); `reload(theirs)` shows it and drops the
    typed edits; `overwrite(theirs)` saves the typed values again against the saved record's version counter.
    """

    load_theirs: Callable[[], Any]
    reload: Callable[[Any], None]
    overwrite: Callable[[Any], None]
    shown: Callable[[Any], Any] | None = None  # what of the saved record is compared (default: all of it)


def report_save_failure(
    parent: QWidget,
    exc: BaseException,
    title: str,
    show_field_errors: Callable[[ValidationFailed], object],
    *,
    inline: Callable[[str], object] | None = None,
    stale: tuple[BaseModel, OnStale] | None = None,
) -> None:
    """Field errors go next to their fields; a stale save opens the conflict dialog when `stale` gives the typed
    values and what to do (else it is shown like any refusal); anything else takes the one failure path.

    `inline` shows any other refusal beside the form instead of in a box (as `show_failure` does).
    """
    from microfactory_desk.ui.error_hook import show_failure

    if isinstance(exc, ValidationFailed):
        show_field_errors(exc)
    elif isinstance(exc, StaleEdit) and stale is not None:
        from microfactory_desk.ui.dialogs.conflict_dialog import resolve_stale_save

        mine, on_stale = stale
        resolve_stale_save(
            parent, exc, mine, on_stale.load_theirs, on_stale.reload, on_stale.overwrite, shown=on_stale.shown
        )
    else:
        show_failure(exc, parent, title=title, inline=inline)


def save_form(
    parent: QWidget,
    *,
    parse: Callable[[], Data],
    store: Callable[[Data], Stored],
    saved: Callable[[Stored], object],
    button: QWidget,
    title: str,
    show_errors: Callable[[ValidationFailed], object],
    on_stale: OnStale | None = None,
    busy: Callable[[bool], object] | None = None,
    inline: Callable[[str], object] | None = None,
) -> None:
    """The save tail of an editor: validate, store off the GUI thread, then `saved(result)` or report why not.

    `parse()` validates the typed values (ValidationFailed goes to `show_errors`, nothing is stored);
    `store(data)` runs on a worker and returns the stored record for `saved`. `button` (the Save button) is
    disabled while storing; `busy(True/False)` is told too, e.g. to show "Saving…". A failure is reported by
    `report_save_failure` under `title` (other refusals beside the form with `inline`), with the conflict
    dialog when `on_stale` says what to do.
    """
    from microfactory_desk.ui.tasks import run_task

    try:
        data = parse()
    except ValidationFailed as exc:
        show_errors(exc)
        return
    button.setEnabled(False)
    if busy is not None:
        busy(True)

    def failed(exc: BaseException) -> None:
        button.setEnabled(True)
        if busy is not None:
            busy(False)
        stale = (data, on_stale) if on_stale is not None else None
        report_save_failure(parent, exc, title, show_errors, inline=inline, stale=stale)

    run_task(lambda: store(data), saved, failed)
