"""Field errors on forms: split between a form and the row lists beside it, and a failed save reported."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from microfactory_desk.errors import DeskError, FieldError, ValidationFailed
from microfactory_desk.ui.dialogs import messages


def split_errors(errors: list[FieldError], lists: dict[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Form errors by field, and readable messages per list ("Tier 2, min_qty: …").

    `lists` maps a list field (e.g. "price_tiers") to the noun its rows are called by ("Tier").
    """
    form: dict[str, str] = {}
    listed: dict[str, list[str]] = {name: [] for name in lists}
    for error in errors:
        head, _, rest = error.field.partition(".")
        if head in lists:
            number, _, field = rest.partition(".")
            listed[head].append(f"{lists[head]} {number}, {(field or 'row').replace('_', ' ')}: {error.message}")
        else:
            form.setdefault(head, error.message)
    return form, listed


def report_save_failure(
    parent: QWidget, exc: BaseException, title: str, show_field_errors: Callable[[ValidationFailed], None]
) -> None:
    """Field errors go next to their fields, other refusals into a box; anything unexpected reaches the error hook."""
    if isinstance(exc, ValidationFailed):
        show_field_errors(exc)
    elif isinstance(exc, DeskError):
        messages.show_error(parent, title, exc.message)
    else:
        raise exc
