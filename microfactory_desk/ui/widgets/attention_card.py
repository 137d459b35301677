"""One dashboard card: title, count and as many first items as fit, each opened with a single click."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSize, Qt, Signal
from PySide6.QtGui import QCursor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.attention_model import AttentionListModel

if TYPE_CHECKING:
    from microfactory_desk.schemas.dashboard import AttentionCard

MIN_HEIGHT = 150  # a title, three items and the link: below this the page scrolls instead


def _set_shown(widget: QWidget, shown: bool) -> None:
    """Show or hide `widget` unless it already is: setVisible(True) on a shown widget still goes through Qt's
    show path (0.3 ms each, a third of the dashboard's 10 ms to fill its cards)."""
    if widget.isHidden() == shown:
        widget.setVisible(shown)


class AttentionCardWidget(QFrame):
    """Shows one AttentionCard; emits item_clicked with the AttentionItem."""

    item_clicked = Signal(object)
    more_requested = Signal()  # "… and N more" was clicked: show the whole list

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A palette, not a style sheet: nine styled cards would cost the window visible start-up time.
        self.setFrameShape(QFrame.Shape.Box)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, theme.colour(theme.SURFACE))
        palette.setColor(QPalette.ColorRole.Base, theme.colour(theme.SURFACE))
        palette.setColor(QPalette.ColorRole.WindowText, theme.colour(theme.CARD_BORDER))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        # Cards share the page equally whatever their text: long items elide instead of widening a column, and
        # the cards grow with the window (a fixed height left the bottom third of a 1080-pixel page empty).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumHeight(MIN_HEIGHT)
        self._card: AttentionCard | None = None
        self.setMinimumWidth(240)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 10, 8)
        layout.setSpacing(4)
        header = QHBoxLayout()
        self.title = QLabel(title)
        theme.title(self.title, 11)
        self.count = QLabel("…")
        theme.title(self.count, 15)
        header.addWidget(self.title, 1)
        header.addWidget(self.count, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        self.model = AttentionListModel()
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setSpacing(2)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The rows that fit are shown and the link counts the rest: a scrollbar as well was two ways to see more.
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The list, not its viewport: naming the viewport, a QWidget PySide6 never saw, makes it load every
        # QWidget subclass to find its type (15-20 ms before the dashboard's first paint). Without frame or
        # scrollbars the viewport is the list's whole inside, and it takes the list's cursor.
        self.list.installEventFilter(self)
        self.list.setUniformItemSizes(True)
        self.list.setIconSize(QSize(10, 10))
        self.list.setCursor(QCursor(Qt.CursorShape.PointingHandCursor))
        self.list.clicked.connect(self._clicked)
        self.list.activated.connect(self._clicked)
        self.empty = QLabel()
        theme.muted(self.empty)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.more = QLabel()
        theme.muted(self.more)
        # A real link, opened with a click or Tab + Enter, where it used to only look like one.
        self.more.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.more.linkActivated.connect(lambda _link: self.more_requested.emit())
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.more)
        policy = self.more.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the list's height, and so the rows that fit, stays put
        self.more.setSizePolicy(policy)
        self.empty.hide()
        self.more.hide()

    def show_card(self, card: AttentionCard) -> None:
        """Fill in the count and items (or the card's all-clear text)."""
        self.model.set_items(card.items[:1])  # the first item sets the rows' height (_fit_rows lists the rest)
        self.count.setText(f"{card.count:,}+" if card.capped else f"{card.count:,}")
        urgent = any(item.urgent for item in card.items)
        colour = theme.ERROR if urgent else (theme.ACCENT if card.count == 0 else theme.INK)
        palette = self.count.palette()
        palette.setColor(QPalette.ColorRole.WindowText, theme.colour(colour))
        self.count.setPalette(palette)
        _set_shown(self.list, bool(card.items))
        self.empty.setText(f"✓ {card.empty_text}" if card.empty_text else "Nothing here.")
        _set_shown(self.empty, not card.items)
        self._card = card
        self._fit_rows()

    def shown_rows(self) -> int:
        """How many items the card shows (the ones that fit its height)."""
        return self.model.rowCount()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Show as many rows as the list's new height holds."""
        if watched is self.list and event.type() == QEvent.Type.Resize:
            self._fit_rows()
        return False

    def _fit_rows(self) -> None:
        """List the items that fit the card's height and let "… and N more" count the rest.

        The list holds only those items: hiding the rest row by row (25 per card) was half the time the dashboard
        took to fill its cards."""
        card = self._card
        if card is None:
            return
        fit = len(card.items)
        if fit and self.model.rowCount():
            # QListView puts `spacing` above the first row and after each: row n ends at n * (height + spacing).
            step = max(self.list.sizeHintForRow(0) + self.list.spacing(), 1)
            fit = min(fit, max(1, self.list.maximumViewportSize().height() // step))  # the viewport's, already new
        if self.model.rowCount() != fit:
            self.model.set_items(card.items[:fit])
        more = card.count - self.shown_rows()
        plus = "+" if card.capped else ""
        self.more.setText(f'<a href="more">… and {more:,}{plus} more</a>' if more > 0 else "")
        _set_shown(self.more, more > 0)

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.item_clicked.emit(self.model.item(index.row()))
