"""Render the main window offscreen to a PNG (README images and visual checks)."""

from __future__ import annotations

from pathlib import Path

from microfactory_desk.errors import DeskError
from microfactory_desk.ui.main_window import PAGES


def page_names() -> list[str]:
    """Names accepted by --page."""
    return [name for name, _ in PAGES]


def save_screenshot(location: str, out: Path, *, page: str | None, size: tuple[int, int]) -> Path:
    """Build the window on the database, show `page`, and save it as a PNG."""
    if page is not None and page not in page_names():
        raise DeskError(f"Unknown page '{page}'. Valid pages: {', '.join(page_names())}.")
    from microfactory_desk.ui.app import application, build_window

    app = application()
    window = build_window(location)
    if page is not None:
        window.show_page(page)
    window.resize(*size)
    window.show()
    for _ in range(3):
        app.processEvents()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out), "PNG"):
        raise DeskError(f"Could not write {out}.")
    window.services.db.close()
    window.hide()
    return out
