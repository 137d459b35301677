"""Every item of one dashboard card (what "… and N more" opens), each opened with a click or Enter."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QListView, QVBoxLayout, QWidget

from microfactory_desk.schemas.dashboard import AttentionCard
from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.attention_model import AttentionListModel
from microfactory_desk.wording import counted


class AttentionListDialog(QDialog):
    """A card's full list; emits item_clicked with the AttentionItem, as the card itself does."""

    item_clicked = Signal(object)

    def __init__(self, card: AttentionCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(card.title)
        layout = QVBoxLayout(self)
        heading = QLabel(f"{card.title} · {counted(card.count, 'item')}")
        theme.title(heading, 13)
        layout.addWidget(heading)
        self.model = AttentionListModel()
        self.model.set_items(card.items)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setSpacing(2)
        self.list.setUniformItemSizes(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.clicked.connect(self._clicked)
        self.list.activated.connect(self._clicked)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Fits a 1280x720 screen with room to spare; the list scrolls.
        self.resize(640, 520)

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.item_clicked.emit(self.model.item(index.row()))
