"""Every setting the GUI keeps, declared once with its default."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings

DEFAULTS: dict[str, Any] = {
    "window/geometry": None,
    "window/state": None,
    "window/page": "dashboard",
    "files/last_dir": "",
    # The databases opened last, most recent first, as JSON: file paths and server URLs without passwords.
    "connections/recent": "[]",
    # The name edits are recorded under (created/updated by, the change log); empty: the OS login.
    "identity/display_name": "",
}


def settings() -> QSettings:
    """The app's settings store (per user)."""
    return QSettings("MicrofactoryDesk", "MicrofactoryDesk")


def get(key: str) -> Any:
    """A setting's value, or its declared default."""
    return settings().value(key, DEFAULTS[key])


def put(key: str, value: Any) -> None:
    """Store a declared setting."""
    if key not in DEFAULTS:
        raise KeyError(f"undeclared setting {key}")
    settings().setValue(key, value)
