"""Split field errors between a form and the row lists beside it (contacts, price tiers…)."""

from __future__ import annotations

from microfactory_desk.errors import FieldError


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
