"""The frame every page shares: margins, and a header row with the title and a muted count or summary."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from microfactory_desk.ui import theme


def page_layout(page: QWidget) -> QVBoxLayout:
    """The page's outer layout with the house margins and spacing."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(20, 16, 20, 12)
    layout.setSpacing(10)
    return layout


def page_header(layout: QVBoxLayout, text: str) -> tuple[QHBoxLayout, QLabel]:
    """Add the header row (title, count label, stretch) to `layout`; callers add their buttons to its right end."""
    header = QHBoxLayout()
    title = QLabel(text)
    theme.title(title)
    count = QLabel()
    theme.muted(count)
    header.addWidget(title)
    header.addSpacing(12)
    header.addWidget(count, 0, Qt.AlignmentFlag.AlignBottom)
    header.addStretch(1)
    layout.addLayout(header)
    return header, count
