"""Registering the fallback fonts leaves stderr quiet: no "OpenType support missing" warning per family and script."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import qWarning
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from microfactory_desk.ui import fonts

# Scripts Qt shapes only with OpenType tables: each made Qt warn once per family tried before the right one.
COMPLEX = {"Devanagari": "दिल्ली लघु कारखाना", "Bengali": "ঢাকা কারখানা", "Tamil": "சென்னை தொழிற்சாலை"}


@pytest.fixture(autouse=True)
def _app_font_restored(qapp: QApplication) -> Iterator[None]:
    """Other tests measure widgets in the font they always had: the fallbacks go again after this test."""
    before = QFont(QApplication.font())
    yield
    QApplication.setFont(before)
    for family in before.families() or [before.family()]:
        QFont.removeSubstitutions(family)
    fonts._registered.clear()


def test_complex_scripts_lay_out_without_opentype_warnings(qtbot: QtBot, qtlog: object) -> None:
    """Laying out Devanagari, Bengali and Tamil names logs no "OpenType support missing"; other warnings still pass."""
    fonts._registered.clear()
    assert fonts.register_fallback_fonts()
    for text in COMPLEX.values():
        font = QFont(QApplication.font())
        font.setPointSize(font.pointSize() + 1)  # a size not laid out before, so Qt loads the engines again
        layout = QTextLayout(text, font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        assert layout.glyphRuns()
    qWarning("a warning of our own")
    messages = [record.message for record in qtlog.records]  # type: ignore[attr-defined]
    assert not [m for m in messages if "OpenType support missing" in m]
    assert "a warning of our own" in messages
