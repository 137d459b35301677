"""The fonts bundled for PDFs (resources/fonts) made the window's fallbacks, so any script a PDF prints shows on screen.

A laptop without a CJK (or Arabic, Devanagari, Thai ...) system font would otherwise draw such partner names as
boxes. The fonts are registered with Qt after the first paint (registering ~9 MB of fonts costs tens of
milliseconds, start-up must not wait for it) and put after the system's own UI font: the system font still draws
everything it can, a bundled font only the characters it lacks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from microfactory_desk.paths import resource_path

# Tried in this order for a character the UI font lacks: the script fonts, the CJK subset, then symbols and emoji
# (Symbola last: its letters are a poor match for any UI font, it is there for the emoji).
_LAST = ("WenQuanYiMicroHei", "NotoSansSymbols-", "NotoSansSymbols2", "Symbola")

_registered: list[str] = []


def bundled_font_files() -> list[Path]:
    """The fallback font files under resources/fonts, in the order they are tried (DejaVu left out: it is the
    PDFs' main font and every Linux desktop already has it)."""
    files = [p for p in resource_path("fonts").glob("*.ttf") if not p.name.startswith("DejaVu")]

    def rank(path: Path) -> tuple[int, str]:
        found = [n for n, prefix in enumerate(_LAST) if path.name.startswith(prefix)]
        return (found[0] + 1 if found else 0, path.name)

    return sorted(files, key=rank)


def register_fallback_fonts(app: QApplication | None = None) -> list[str]:
    """Register the bundled fonts with Qt and make them fallbacks of the application font; returns their families.

    Idempotent (the second call only returns the families). A file Qt cannot read is skipped, never fatal:
    the window then looks as it did without it. Needs a QApplication.
    """
    if _registered:
        return list(_registered)
    families: list[str] = []
    for path in bundled_font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            continue
        families += [f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families]
    _registered.extend(families)
    use_as_fallbacks(families, app)
    return families


def use_as_fallbacks(families: list[str], app: QApplication | None = None) -> None:
    """Put `families` after the application font's own families, and as substitutes of its primary family.

    The family list is what widgets inheriting the application font use; the substitution covers widgets
    (and style sheets) that name the primary family themselves.
    """
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None or not families:
        return
    font = QFont(QApplication.font())
    own = [f for f in font.families() or [font.family()] if f not in families]
    font.setFamilies([*own, *families])
    QApplication.setFont(font)
    for family in own:
        QFont.insertSubstitutions(family, families)
