"""A compact read-only table view for the short lists inside a panel (feedback, sales days, orders)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from microfactory_desk.ui.table_models.dict_rows_model import DictRowsModel


def table(model: DictRowsModel, widths: tuple[int, ...]) -> QTableView:
    """Rows selected whole, never edited, first columns at `widths`, the last one stretched."""
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    return view
