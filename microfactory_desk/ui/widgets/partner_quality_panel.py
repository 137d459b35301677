"""The read-only Quality tab of a partner: its inspections and its corrective actions still open."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from microfactory_desk import clock
from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.quality_models import ActionsTableModel, InspectionsTableModel
from microfactory_desk.ui.tasks import run_task

if TYPE_CHECKING:
    from microfactory_desk.services.quality.actions import ActionService
    from microfactory_desk.services.quality.inspections import InspectionService


def _view(model: QAbstractItemModel, hidden: tuple[int, ...], stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    for column in hidden:
        view.setColumnHidden(column, True)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class PartnerQualityPanel(QWidget):
    """Lists; the Quality page is where inspections are run and actions followed up."""

    def __init__(
        self,
        *,
        inspections: InspectionService,
        actions: ActionService,
        partner_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._inspection_service, self._action_service = inspections, actions
        self._partner_id = partner_id
        self.inspections = InspectionsTableModel()
        self.open_actions = ActionsTableModel()
        layout = QVBoxLayout(self)
        self.inspections_label = QLabel("Inspections")
        theme.caption(self.inspections_label)
        layout.addWidget(self.inspections_label)
        layout.addWidget(_view(self.inspections, (2,), 3), 1)
        self.actions_label = QLabel("Open corrective actions")
        theme.caption(self.actions_label)
        layout.addWidget(self.actions_label)
        layout.addWidget(_view(self.open_actions, (3,), 4), 1)

    def refresh(self) -> None:
        """Load both lists off the GUI thread."""
        inspection_service, action_service, pid = self._inspection_service, self._action_service, self._partner_id

        def load() -> tuple[Any, Any]:
            inspections = inspection_service.list_inspections(partner_id=pid)
            return inspections, action_service.list_actions(clock.today(), status="open", partner_id=pid)

        run_task(load, self._show)

    def _show(self, loaded: tuple[Any, Any]) -> None:
        inspections, actions = loaded
        self.inspections.set_rows(inspections)
        self.open_actions.set_rows(actions)
        self.inspections_label.setText(f"Inspections ({len(inspections)})")
        overdue = sum(1 for a in actions if a.overdue)
        self.actions_label.setText(f"Open corrective actions ({len(actions)}, {overdue} overdue)")
