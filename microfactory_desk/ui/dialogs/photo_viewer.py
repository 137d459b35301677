"""A photo at full size (what a click on a thumbnail opens), fitted to the screen and scrollable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from microfactory_desk.ui import screen_fit
from microfactory_desk.ui.tasks import run_task

if TYPE_CHECKING:
    from microfactory_desk.services.quality.photos import PhotoService


class PhotoViewer(QDialog):
    """Shows one image (JPEG or PNG bytes) scaled to fit 85 % of the screen, never enlarged past its size."""

    def __init__(self, data: bytes, title: str = "Photo", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        # The free area of the screen the runner is on (not the primary one), less the window frame.
        room = screen_fit.available_area(parent)
        box = QSize(room.width() - screen_fit.FRAME_ALLOWANCE[0], room.height() - screen_fit.FRAME_ALLOWANCE[1]) * 0.85
        if pixmap.width() > box.width() or pixmap.height() > box.height():
            pixmap = pixmap.scaled(box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        self.image = QLabel()
        self.image.setPixmap(pixmap)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        area = QScrollArea()
        area.setWidget(self.image)
        area.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        screen_fit.fit_to_screen(self, pixmap.width() + 40, pixmap.height() + 80, parent)


def show_photo(parent: QWidget, photos: PhotoService, photo_id: int, title: str = "Photo") -> None:
    """Load the photo's full bytes off the GUI thread, then show them in a PhotoViewer over `parent`."""

    def shown(data: bytes) -> None:
        viewer = PhotoViewer(data, title, parent)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        parent.photo_viewer = viewer  # type: ignore[attr-defined]  # reachable for tests; one at a time
        viewer.open()

    run_task(lambda: photos.image_bytes(photo_id), shown)
