"""The fonts bundled for PDFs (resources/fonts) made the window's fallbacks, so any script a PDF prints shows on screen.

A laptop without a CJK (or Arabic, Devanagari, Thai ...) system font would otherwise draw such partner names as
boxes. The fonts are registered with Qt after the first paint (registering ~9 MB of fonts costs tens of
milliseconds, start-up must not wait for it) and put after the system's own UI font: the system font still draws
everything it can, a bundled font only the characters it lacks.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qFormatLogMessage, qInstallMessageHandler
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

from microfactory_desk.paths import resource_path

# The symbol and emoji fonts are left out: the window's symbols are bundled icons, and the system draws the rest at
# the UI font's line height (the bundled symbol fonts would make a line holding ✓ or → taller, and dialogs grow).
_SKIPPED = ("DejaVu", "NotoSansSymbols", "Symbola")
# The CJK subset is tried after the script fonts: a name mixing scripts gets each part from its own font.
_LAST = "WenQuanYiMicroHei"

_registered: list[str] = []

# Qt 6 tries a complex script (Devanagari, Bengali, Tamil ...) in every family of the font's family list in turn,
# and warns for each family whose OpenType (GSUB/GPOS) tables lack that script before it reaches the one that has
# it: "Noto Sans", "Noto Sans Arabic" ... then "Noto Sans Devanagari" shapes the text. The text draws right (seen in
# a render: conjuncts and viramas joined), so the warning says nothing wrong; only it is dropped, nothing else.
_HARMLESS_CATEGORY, _HARMLESS_START = "qt.text.font.db", "OpenType support missing for"
_MessageHandler = Callable[[QtMsgType, QMessageLogContext, str], None]
_previous_handler: list[_MessageHandler | None] = []


def bundled_font_files() -> list[Path]:
    """The fallback font files under resources/fonts, in the order they are tried: the script fonts, then CJK.

    DejaVu (the PDFs' main font, on every Linux desktop) and the symbol fonts are not among them (see _SKIPPED).
    """
    files = [p for p in resource_path("fonts").glob("*.ttf") if not p.name.startswith(_SKIPPED)]
    return sorted(files, key=lambda p: (p.name.startswith(_LAST), p.name))


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


def quiet_fallback_warnings() -> None:
    """Drop Qt's "OpenType support missing for <family>, script N" warnings; pass every other message on.

    Safe to call again (a test framework may have put its own handler in between): other messages go to the
    handler that was installed before (or, with none, to stderr as Qt itself prints them).
    """
    previous = qInstallMessageHandler(_filter_message)
    if previous is not _filter_message:  # never chain to itself
        _previous_handler[:] = [previous]


def _filter_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if context.category == _HARMLESS_CATEGORY and message.lstrip().startswith(_HARMLESS_START):
        return
    previous = _previous_handler[0] if _previous_handler else None
    if previous is not None:
        previous(mode, context, message)
    else:
        print(qFormatLogMessage(mode, context, message), file=sys.stderr)


def use_as_fallbacks(families: list[str], app: QApplication | None = None) -> None:
    """Put `families` after the application font's own families, and as substitutes of its primary family.

    The family list is what widgets inheriting the application font use; the substitution covers widgets
    (and style sheets) that name the primary family themselves.
    """
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None or not families:
        return
    quiet_fallback_warnings()
    font = QFont(QApplication.font())
    # The family the system actually draws with ("Noto Sans"), not the alias asked for ("Sans Serif"): Qt does
    # not resolve an alias inside a family list, so the first bundled font would become the UI font.
    resolved = QFontInfo(font).family()
    own = [f for f in [resolved, *(font.families() or [font.family()])] if f not in families]
    own = list(dict.fromkeys(own))
    font.setFamilies([*own, *families])
    QApplication.setFont(font)
    for family in own:
        QFont.insertSubstitutions(family, families)
