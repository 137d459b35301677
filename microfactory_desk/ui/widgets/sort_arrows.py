"""Header sort arrows that point the way people read them; put in after the window's first paint.

The proxy style is PySide6's QStyle class underneath, and building that class builds its 566 Python enum
values: 7 ms of every list page's start, for an arrow. `list_table.setup_columns` installs it once the window
has painted and keeps the header's arrow hidden until then, so no frame shows Qt's arrow the wrong way round.
"""

from __future__ import annotations

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QProxyStyle, QStyle, QStyleOption, QStyleOptionHeader, QWidget

_FLIP = {
    QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
    QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp,
}


class SortArrowStyle(QProxyStyle):
    """Header arrows point the way people read them: ▲ for ascending (A→Z, oldest first), ▼ for descending.

    QHeaderView maps AscendingOrder to QStyleOptionHeader.SortDown, so Fusion draws ▼ over an A→Z column and ▲
    over a column ranked highest first (review 32: "▲ on Score, Order date and Pilot, all sorted descending").
    """

    def drawPrimitive(  # noqa: N802 - Qt's name
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """Draw the header arrow flipped; everything else as the application style does."""
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(option, QStyleOptionHeader):
            flipped = QStyleOptionHeader(option)
            flipped.sortIndicator = _FLIP.get(option.sortIndicator, option.sortIndicator)
            option = flipped
        super().drawPrimitive(element, option, painter, widget)


def install(header: QHeaderView) -> None:
    """Give `header` the reading-order arrows (the header owns the style: Qt does not take it in setStyle)."""
    style = SortArrowStyle()
    style.setParent(header)
    header.setStyle(style)
