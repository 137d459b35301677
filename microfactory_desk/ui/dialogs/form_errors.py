"""Field errors on forms: split between a form and the row lists beside it, and a failed save reported."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from microfactory_desk.errors import FieldError, ValidationFailed
from microfactory_desk.schemas.field_labels import field_label


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


def report_save_failure(
    parent: QWidget,
    exc: BaseException,
    title: str,
    show_field_errors: Callable[[ValidationFailed], object],
    *,
    inline: Callable[[str], object] | None = None,
) -> None:
    """Field errors go next to their fields; anything else takes the one failure path (logged, then shown).

    `inline` shows any other refusal beside the form instead of in a box (as `show_failure` does).
    """
    from microfactory_desk.ui.error_hook import show_failure

    if isinstance(exc, ValidationFailed):
        show_field_errors(exc)
    else:
        show_failure(exc, parent, title=title, inline=inline)
