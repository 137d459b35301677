"""The one read-only table-model base: rows converted once when first shown, data() a lookup, SortRole, resets."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from pytestqt.qtbot import QtBot

from microfactory_desk.schemas.roster_rows import RosterPage, RosterQuery
from microfactory_desk.ui import table_models
from microfactory_desk.ui.table_models import (
    attention_model,
    follow_ups_model,
    orders_model,
    pilots_model,
    portfolio_model,
    quality_models,
    roster_table_model,
    skus_model,
)
from microfactory_desk.ui.table_models.cached_rows_model import RIGHT, CachedRowsModel, SortRole
from microfactory_desk.ui.table_models.dict_rows_model import DECORATED_ROLES, DictRowsModel
from tests.ui import table_rows

# Models whose cells are typed into: they keep their own editable base.
EDITABLE = {"EditableRowsModel", "OrderLinesModel"}
ROLES = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
    SortRole,
]


def paint(model: QAbstractItemModel, times: int = 3) -> None:
    """Ask for every cell in every role, as repaints do."""
    for _ in range(times):
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                for role in ROLES:
                    model.data(model.index(row, column), role)


class Counter:
    """Wraps a row converter and counts its calls."""

    def __init__(self, convert: Callable[..., Any]) -> None:
        self.convert = convert
        self.calls = 0

    def __call__(self, *args: Any) -> Any:
        self.calls += 1
        return self.convert(*args)


def _roster(rows: list[Any]) -> roster_table_model.RosterTableModel:
    def page(query: RosterQuery) -> RosterPage:
        return RosterPage(rows=rows if query.offset == 0 else [], matching=len(rows), total=len(rows))

    model = roster_table_model.RosterTableModel(page)
    model.reload()
    return model


# (module, converter name, model factory taking the rows, rows)
MODELS: list[tuple[Any, str, Callable[[list[Any]], QAbstractItemModel], Callable[[], list[Any]]]] = [
    (follow_ups_model, "_display", lambda rows: _set(follow_ups_model.FollowUpsTableModel(), rows), table_rows.follow_ups),
    (orders_model, "_display", lambda rows: _set(orders_model.OrdersTableModel(), rows), table_rows.orders),
    (skus_model, "_display", lambda rows: _set(skus_model.SkusTableModel(), rows), table_rows.skus),
    (pilots_model, "display", lambda rows: _set(pilots_model.PilotsTableModel(), rows), table_rows.pilots),
    (portfolio_model, "_display", lambda rows: _set(portfolio_model.PortfolioTableModel(), rows), table_rows.portfolio),
    (roster_table_model, "_display", _roster, table_rows.partners),
    (attention_model, "_text", lambda rows: _set(attention_model.AttentionListModel(), rows), table_rows.attention),
]  # fmt: skip


def _set(model: Any, rows: list[Any]) -> Any:
    model.set_rows(rows)
    return model


@pytest.mark.parametrize(("module", "converter", "make", "rows"), MODELS, ids=lambda v: getattr(v, "__name__", ""))
def test_each_row_is_converted_once_however_often_it_is_painted_or_sorted(
    monkeypatch: pytest.MonkeyPatch, module: Any, converter: str, make: Any, rows: Any
) -> None:
    """data() does no formatting: the converter runs once per row, however often it is painted or sorted."""
    counter = Counter(getattr(module, converter))
    monkeypatch.setattr(module, converter, counter)
    data = rows()
    model = make(data)
    paint(model)
    if module is not roster_table_model:  # the roster sorts in SQL: a sort loads a new first page
        for column in range(model.columnCount()):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                model.sort(column, order)
    paint(model)
    assert counter.calls == len(data)


@pytest.mark.parametrize("model_class", ["InspectionsTableModel", "ActionsTableModel", "TemplatesTableModel"])
def test_quality_rows_are_converted_once(monkeypatch: pytest.MonkeyPatch, model_class: str) -> None:
    """The quality tables format texts and colours once per row, not on every paint."""
    cls = getattr(quality_models, model_class)
    texts, colours = Counter(cls.display), Counter(cls.colours)
    monkeypatch.setattr(cls, "display", lambda self, row: texts(self, row))
    monkeypatch.setattr(cls, "colours", lambda self, row: colours(self, row))
    data = {"InspectionsTableModel": table_rows.inspections, "ActionsTableModel": table_rows.actions}.get(
        model_class, table_rows.templates
    )()
    model = cls()
    model.set_rows(data)
    paint(model, times=5)
    assert (texts.calls, colours.calls) == (len(data), len(data))


def test_every_read_only_model_derives_from_the_cached_rows_base() -> None:
    """Each Qt model in ui/table_models is a CachedRowsModel, except the two whose cells are edited."""
    found = []
    for info in pkgutil.iter_modules(table_models.__path__):
        module = importlib.import_module(f"{table_models.__name__}.{info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, QAbstractItemModel):
                found.append(name)
                assert name in EDITABLE or issubclass(cls, CachedRowsModel), name
    assert len(found) >= 12


def test_set_rows_resets_the_model_and_sort_moves_the_cache_with_the_rows(qtbot: QtBot) -> None:
    """set_rows() wraps a model reset; a header sort re-orders rows and their cached cells together."""
    model: CachedRowsModel[tuple[str, int]] = CachedRowsModel(
        ("Name", "Count"), lambda r: (r[0], f"{r[1]:,}"), right_aligned=(1,), sort_keys=(None, lambda r: r[1])
    )
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset]):
        model.set_rows([("beta", 1200), ("Alpha", 30), ("gamma", 30)])
    assert model.data(model.index(0, 1)) == "1,200"
    assert model.data(model.index(0, 0), SortRole) == "beta"  # display text, case-folded
    assert model.data(model.index(0, 1), SortRole) == 1200
    assert model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.data(QModelIndex()) is None
    with qtbot.waitSignal(model.layoutChanged):
        model.sort(1, Qt.SortOrder.AscendingOrder)
    # A stable sort: equal counts keep their order.
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["Alpha", "gamma", "beta"]
    assert [model.row(r)[1] for r in range(3)] == [30, 30, 1200]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [model.data(model.index(r, 0)) for r in range(3)] == ["gamma", "beta", "Alpha"]
    assert model.index_of(lambda r: r[0] == "beta") == 1
    assert model.index_of(lambda r: r[0] == "delta") == -1


def test_append_rows_inserts_and_converts_only_the_new_rows(qtbot: QtBot) -> None:
    """The next page of a long list is inserted at the end; rows already shown are not converted again."""
    counter = Counter(lambda r: (str(r),))
    model: CachedRowsModel[int] = CachedRowsModel(("N",), counter)
    model.set_rows([1, 2])
    paint(model)
    assert counter.calls == 2
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.append_rows([3, 4, 5])
    assert inserted.args[1:] == [2, 4]
    assert counter.calls == 2  # nothing is converted before it is shown
    assert model.rowCount() == 5 and model.data(model.index(4, 0)) == "5"
    paint(model, times=3)
    assert counter.calls == 5
    model.append_rows([])
    assert model.rowCount() == 5


def test_dictionary_rows_ask_their_decorator_once_per_cell_and_role() -> None:
    """DictRowsModel caches texts, computed columns and the decorator's colours when the rows are set."""
    asked = Counter(lambda role, row, key: "red" if role == Qt.ItemDataRole.ForegroundRole and row["late"] else None)
    model = DictRowsModel(
        [("name", "Name"), ("days", "Days"), ("label", "Label")],
        computed={"label": lambda r: f"{r['name']} ({r['days']})"},
        decorate=asked,
    )
    rows = [{"id": 1, "name": "Alpha", "days": 3, "late": True}, {"id": 2, "name": "Beta", "days": None, "late": False}]
    model.set_rows(rows)
    rows[0]["name"] = "changed by the caller"
    paint(model, times=4)
    assert asked.calls == len(rows) * 3 * len(DECORATED_ROLES)
    assert [model.data(model.index(0, c)) for c in range(3)] == ["Alpha", "3", "Alpha (3)"]
    assert model.data(model.index(1, 1)) == ""
    assert model.data(model.index(0, 1), Qt.ItemDataRole.EditRole) == "3"
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ForegroundRole) == "red"
    assert model.data(model.index(1, 2), Qt.ItemDataRole.ForegroundRole) is None
    assert [r["id"] for r in model.rows()] == [1, 2]
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_a_painted_cell_is_asked_once_with_the_values_data_gives(qtbot: QtBot) -> None:
    """Qt 6's delegates ask seven roles per cell at once (multiData): one Python call per painted cell instead of
    seven data() calls, with exactly what data() answers for each role."""
    from PySide6.QtCore import QModelRoleData
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QTableView

    class Coloured(CachedRowsModel[tuple[str, int]]):
        def decorate(self, row: tuple[str, int], texts: tuple[str, ...]) -> dict[int, tuple[Any, ...]]:
            return {Qt.ItemDataRole.ForegroundRole: (QColor("#b42318") if row[1] > 100 else None, None)}

    model = Coloured(("Name", "Count"), lambda r: (r[0], f"{r[1]:,}"), right_aligned=(1,))
    model.set_rows([("Łódź Atelier (PL-LOD-001)", 1200), ("東京工房 (JP-TYO-002)", 30)])
    asked: list[int] = []
    original = CachedRowsModel.data

    def counted_data(self: CachedRowsModel[Any], index: Any, role: int = 0) -> Any:
        asked.append(role)
        return original(self, index, role)

    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(500, 200)
    view.show()
    qtbot.waitExposed(view)
    CachedRowsModel.data = counted_data  # type: ignore[method-assign]
    try:
        view.viewport().repaint()
    finally:
        CachedRowsModel.data = original  # type: ignore[method-assign]
    assert asked == []  # every painted cell was answered by multiData, in one call
    # A delegate hands the same span in for every cell: a role the next cell lacks is cleared, not left over.
    reused = QModelRoleData(Qt.ItemDataRole.TextAlignmentRole)
    model.multiData(model.index(0, 1), reused)
    assert reused.data() == RIGHT
    model.multiData(model.index(0, 0), reused)
    assert reused.data() is None
    for row in range(2):
        for column in range(2):
            index = model.index(row, column)
            for role in [*ROLES, Qt.ItemDataRole.CheckStateRole]:
                one = QModelRoleData(role)
                model.multiData(index, one)
                expected = model.data(index, role)
                assert one.data() == expected, (row, column, role)
