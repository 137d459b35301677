"""The fonts bundled for PDFs are the window's fallbacks: CJK and other scripts draw as letters, not boxes."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.ui import fonts

NAMES = {
    "Chinese": "北京微工厂有限公司",
    "Japanese": "東京ファクトリー株式会社",
    "Korean": "서울공방협동조합",
    "Arabic": "مصنع القاهرة الصغير",
    "Hebrew": "מפעל תל אביב",
    "Devanagari": "दिल्ली लघु कारखाना",
    "Thai": "โรงงานกรุงเทพ",
}


@pytest.fixture(autouse=True)
def _app_font_restored(qapp: QApplication) -> Iterator[None]:
    """Other tests measure widgets in the font they always had: the fallbacks go again after each test here."""
    before = QFont(QApplication.font())
    yield
    QApplication.setFont(before)
    for family in before.families() or [before.family()]:
        QFont.removeSubstitutions(family)
    fonts._registered.clear()


def _glyph_runs(text: str) -> list[tuple[str, list[int]]]:
    """(font family, glyph indexes) of each run Qt lays `text` out with in the application font."""
    layout = QTextLayout(text, QApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


def test_bundled_cjk_font_is_registered_and_has_the_glyphs(qtbot: QtBot) -> None:
    """After registration the CJK subset is a known family, and its raw font holds Han, Kana and Hangul glyphs."""
    del qtbot  # a QApplication must exist
    families = fonts.register_fallback_fonts()
    assert "WenQuanYi Micro Hei" in families and "WenQuanYi Micro Hei" in QFontDatabase.families()
    assert families == fonts.register_fallback_fonts()  # a second call registers nothing twice
    font = QFont(QApplication.font())
    font.setFamilies(["WenQuanYi Micro Hei"])
    raw = QRawFont.fromFont(font)
    assert raw.familyName() == "WenQuanYi Micro Hei"
    assert 0 not in raw.glyphIndexesForString("北京東ファ서울")  # Han, Kana, Hangul
    assert QApplication.font().families()[-len(families) :] == families


@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_name_in_each_script_resolves_to_real_glyphs(qtbot: QtBot, script: str) -> None:
    """A partner name in the script lays out with no missing glyph (index 0 is the .notdef box)."""
    del qtbot
    fonts.register_fallback_fonts()
    runs = _glyph_runs(NAMES[script])
    assert runs and all(0 not in glyphs for _, glyphs in runs), runs


def test_the_window_registers_them_only_after_it_has_shown(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """start_gui returns before registering (start-up does not wait); the event loop registers them right after."""
    from microfactory_desk.ui.app import start_gui

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # start_gui installs its own; restore it after
    monkeypatch.setattr(fonts, "_registered", [])
    calls: list[int] = []
    real = fonts.register_fallback_fonts
    monkeypatch.setattr(fonts, "register_fallback_fonts", lambda *a: calls.append(1) or real(*a))
    assert db.file is not None
    window = start_gui(str(db.file))
    assert window is not None
    qtbot.addWidget(window)
    assert calls == []
    qtbot.waitUntil(lambda: calls == [1], timeout=5000)


def test_the_ui_font_and_its_line_height_do_not_change(qtbot: QtBot) -> None:
    """The system UI font still draws Latin and symbols: a wrapped label with ✓ ⚠ → ≥ is as tall as before."""
    from PySide6.QtGui import QFontInfo
    from PySide6.QtWidgets import QLabel

    label = QLabel("Lead time target (days) ≥ 10 ± 2 · on time ✓ · late ⚠ → 3 “Watch”")
    label.setWordWrap(True)
    qtbot.addWidget(label)
    before = (QFontInfo(QApplication.font()).family(), label.heightForWidth(200), label.sizeHint())
    fonts.register_fallback_fonts()
    label.setFont(QApplication.font())
    assert (QFontInfo(QApplication.font()).family(), label.heightForWidth(200), label.sizeHint()) == before
