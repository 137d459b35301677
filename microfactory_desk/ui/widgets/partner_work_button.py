"""The partner window's "New for this partner" button: inspection, order, pilot, or its scorecard."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from microfactory_desk.ui.widgets.menu_items import add_item

# (what, menu text): the work a partner's window starts for that partner.
WORK = (
    ("inspection", "New inspection…"),
    ("order", "New order…"),
    ("pilot", "New pilot…"),
    ("scorecard", "Open scorecard"),
)


class PartnerWorkButton(QPushButton):
    """A button with a menu; `chosen` carries what was picked ("inspection", "order", "pilot", "scorecard")."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("New for this partner", parent)
        self.setToolTip("Start an inspection, order or pilot for this partner, or open its scorecard")
        menu = QMenu(self)
        self.work_actions = {kind: add_item(menu, text, partial(self.chosen.emit, kind)) for kind, text in WORK}
        self.setMenu(menu)
