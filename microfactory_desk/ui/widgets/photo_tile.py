"""One attached photo in the inspection runner: its thumbnail (click to enlarge), caption, and Caption/Replace/Delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from microfactory_desk.ui import theme

if TYPE_CHECKING:
    from microfactory_desk.schemas.quality import PhotoOut

THUMB = 120  # px: big enough to tell two photos apart on a 13" screen, six fit in the runner's width


class PhotoTile(QWidget):
    """A photo's thumbnail with its caption underneath and three small commands; signals carry the photo."""

    opened = Signal(object)  # PhotoOut: the thumbnail was clicked
    caption_requested = Signal(object)  # PhotoOut
    replace_requested = Signal(object)  # PhotoOut
    delete_requested = Signal(object)  # PhotoOut

    def __init__(self, photo: PhotoOut, locked: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo = photo
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.thumb = QToolButton()
        pixmap = QPixmap()
        pixmap.loadFromData(photo.thumbnail)
        self.thumb.setIcon(QIcon(pixmap))
        self.thumb.setIconSize(QSize(THUMB, THUMB))
        self.thumb.setAutoRaise(True)
        self.thumb.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # spare height goes below
        self.thumb.setCursor(Qt.CursorShape.PointingHandCursor)
        self.thumb.setToolTip(f"{photo.file_name} · {photo.width}×{photo.height} · click to enlarge")
        self.thumb.clicked.connect(lambda: self.opened.emit(self.photo))
        column.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.caption = QLabel(photo.caption or "No caption")
        self.caption.setObjectName("photo_caption")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.caption.setFixedWidth(THUMB + 16)  # wraps under the thumbnail instead of widening the row
        self.caption.setToolTip(photo.caption)
        theme.muted(self.caption, 10)
        if not photo.caption:
            font = self.caption.font()
            font.setItalic(True)  # a hint, not a caption: set apart from real ones
            self.caption.setFont(font)
        # The row's height comes from size hints, which ignore wrapping: without this a long caption squeezes the thumbnail.
        self.caption.setMinimumHeight(self.caption.heightForWidth(THUMB + 16))
        column.addWidget(self.caption)
        column.addStretch(1)  # the commands line up across tiles whose captions differ in length
        commands = QHBoxLayout()
        commands.setSpacing(2)
        self.commands: dict[str, QToolButton] = {}
        for name, text, tip, signal in (
            (
                "caption",
                "Caption…",
                "Write or change the caption shown under the photo and in the report",
                self.caption_requested,
            ),
            (
                "replace",
                "Replace…",
                "Put another photo in this one's place (the caption stays)",
                self.replace_requested,
            ),
            ("delete", "Delete", "Remove this photo from the inspection (asks first)", self.delete_requested),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setEnabled(not locked)
            button.clicked.connect(lambda _=False, s=signal: s.emit(self.photo))
            self.commands[name] = button
            commands.addWidget(button)
        column.addLayout(commands)
