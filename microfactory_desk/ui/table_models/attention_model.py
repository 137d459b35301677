"""The items of one dashboard card: two lines each (who, then what and when), urgent ones marked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPixmap

from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.cached_rows_model import CachedRowsModel

if TYPE_CHECKING:
    from microfactory_desk.schemas.dashboard import AttentionItem

_dots: dict[str, QPixmap] = {}


def dot(colour: str) -> QPixmap:
    """A small round mark (made once per colour, after the QApplication exists).

    A pixmap, which the list draws as it would an icon: naming QIcon builds PySide6's QIcon class with its 157
    enum values (2 ms of the dashboard's first paint)."""
    if colour not in _dots:
        pixmap = QPixmap(10, 10)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(theme.colour(colour))
        painter.setBrush(theme.colour(colour))
        painter.drawEllipse(1, 1, 8, 8)
        painter.end()
        _dots[colour] = pixmap
    return _dots[colour]


def _text(item: AttentionItem) -> tuple[str]:
    return (f"{item.title}\n{' '.join(item.detail.split())}",)


class AttentionListModel(CachedRowsModel["AttentionItem"]):
    """Items kept with their text and mark, so data() is a lookup; one column, shown by a list view."""

    def __init__(self) -> None:
        super().__init__(("Item",), _text)

    def set_items(self, items: list[AttentionItem]) -> None:
        """Replace all items."""
        self.set_rows(items)

    def item(self, row: int) -> AttentionItem:
        """The item shown in `row`."""
        return self.row(row)

    def decorate(self, item: AttentionItem, texts: tuple[str, ...]) -> dict[int, tuple[Any, ...]]:
        """A coloured mark (red when urgent) and the detail as tooltip."""
        return {
            Qt.ItemDataRole.DecorationRole: (dot(theme.ERROR if item.urgent else theme.CALM),),
            Qt.ItemDataRole.ToolTipRole: (texts[0] + "\nClick to open.",),
        }
