"""The items of one dashboard card: two lines each (who, then what and when), urgent ones marked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.index import Index

if TYPE_CHECKING:
    from microfactory_desk.schemas.dashboard import AttentionItem

URGENT = theme.ERROR
CALM = "#b8c4cf"
_dots: dict[str, QIcon] = {}


def dot(colour: str) -> QIcon:
    """A small round mark (made once per colour, after the QApplication exists)."""
    if colour not in _dots:
        pixmap = QPixmap(10, 10)
        pixmap.fill(QColor(0, 0, 0, 0))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(colour))
        painter.setBrush(QColor(colour))
        painter.drawEllipse(1, 1, 8, 8)
        painter.end()
        _dots[colour] = QIcon(pixmap)
    return _dots[colour]


class AttentionListModel(QAbstractListModel):
    """Rows are kept with their display text, so data() is a lookup."""

    def __init__(self) -> None:
        super().__init__()
        self._items: list[AttentionItem] = []
        self._text: list[str] = []

    def set_items(self, items: list[AttentionItem]) -> None:
        """Replace all items."""
        self.beginResetModel()
        self._items = list(items)
        self._text = [f"{i.title}\n{' '.join(i.detail.split())}" for i in self._items]
        self.endResetModel()

    def item(self, row: int) -> AttentionItem:
        """The item shown in `row`."""
        return self._items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Items listed (none under a parent: this is a flat list)."""
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Two-line text, a coloured mark (red when urgent) and the detail as tooltip."""
        if not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text[row]
        if role == Qt.ItemDataRole.DecorationRole:
            return dot(URGENT if self._items[row].urgent else CALM)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._text[row] + "\nClick to open."
        return None
