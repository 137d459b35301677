"""Render the main window offscreen to a PNG (README images and visual checks)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from microfactory_desk.errors import DeskError
from microfactory_desk.ui.main_window import PAGES

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


def page_names() -> list[str]:
    """Names accepted by --page."""
    return [name for name, _ in PAGES]


def save_screenshot(location: str, out: Path, *, page: str | None, size: tuple[int, int]) -> Path:
    """Build the window on the database, show `page`, and save it as a PNG."""
    if page is not None and page not in page_names():
        raise DeskError(f"Unknown page '{page}'. Valid pages: {', '.join(page_names())}.")
    from microfactory_desk.ui import gc_guard
    from microfactory_desk.ui.app import application, build_window

    app = application()
    from microfactory_desk.ui.fonts import register_fallback_fonts

    register_fallback_fonts(app)  # before the picture, not after the first paint as the app does: it is taken once
    window = build_window(location, create=False)  # a missing database file is an error, not a new database
    try:
        if page is not None:
            window.show_page(page)
        window.resize(*size)
        window.show()
        _settle(app)
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out), "PNG"):
            raise DeskError(f"Could not write {out}.")
    finally:
        window.services.db.close()
        # Nobody keeps this window: left to the cycle collector it would crash whatever runs next (see gc_guard).
        gc_guard.delete_now(window)
    return out


def _settle(app: QApplication, timeout_s: float = 10.0) -> None:
    """Let pages finish their background loads so the picture shows data, not a half-loaded page."""
    import time

    from microfactory_desk.ui.tasks import tasks_running

    deadline = time.monotonic() + timeout_s
    app.processEvents()
    while tasks_running() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(3):
        app.processEvents()
