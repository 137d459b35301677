"""Icons from the bundled Lucide set (resources/icons/, ISC licence), drawn in the theme's ink at any scale."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from microfactory_desk.paths import resource_path
from microfactory_desk.ui import theme

# Pixel sizes drawn up front: 16/20 px at scale 1 and their doubles for a HiDPI screen (QT_SCALE_FACTOR=2).
SIZES = (16, 20, 24, 32, 40, 48)


def icon_names() -> list[str]:
    """The names of the bundled icons (file names without .svg)."""
    return sorted(p.stem for p in resource_path("icons").glob("*.svg"))


@cache
def icon(name: str, colour: str = theme.INK) -> QIcon:
    """The bundled icon `name` (e.g. "camera", "calendar") stroked in `colour` (a theme colour string).

    Raises FileNotFoundError when no resources/icons/<name>.svg is shipped.
    """
    svg = resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")
    # Lucide draws with currentColor, which Qt's SVG renderer would paint black whatever the theme.
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", colour).encode("utf-8")))
    result = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result
