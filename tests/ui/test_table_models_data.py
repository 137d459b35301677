"""What each read-only table model shows for a few DTO rows: texts, sort values, alignment, colours, tooltips."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QPixmap

from microfactory_desk.schemas.roster_rows import RosterPage, RosterQuery
from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models import follow_ups_model as fu
from microfactory_desk.ui.table_models import orders_model as om
from microfactory_desk.ui.table_models import pilots_model as pm
from microfactory_desk.ui.table_models import portfolio_model as pf
from microfactory_desk.ui.table_models import roster_table_model as rm
from microfactory_desk.ui.table_models.attention_model import AttentionListModel
from microfactory_desk.ui.table_models.cached_rows_model import RIGHT, SortRole
from microfactory_desk.ui.table_models.quality_models import (
    ActionsTableModel,
    InspectionsTableModel,
    TemplatesTableModel,
)
from microfactory_desk.ui.table_models.skus_model import COL_NOTES, SkusTableModel
from tests.ui import table_rows
from tests.ui.table_rows import DAY

FG, TIP, ALIGN = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole


def texts(model: QAbstractItemModel, row: int) -> list[Any]:
    """The display texts of one row."""
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def colour(model: QAbstractItemModel, row: int, column: int) -> str | None:
    """The foreground colour of a cell as #rrggbb, or None."""
    value = model.data(model.index(row, column), FG)
    return None if value is None else value.name()


def column(model: QAbstractItemModel, at: int) -> list[Any]:
    """The display texts of one column, top to bottom."""
    return [model.data(model.index(r, at)) for r in range(model.rowCount())]


def test_follow_ups_show_timing_in_words_coloured_by_urgency_and_sort_by_due_date() -> None:
    """Follow-ups: overdue red, due today amber, the whole next step as tooltip, sorted by date then partner."""
    model = fu.FollowUpsTableModel()
    model.set_rows(table_rows.follow_ups())
    assert texts(model, 0) == ["2026-03-10", "Overdue 3 days", "Bravo Works (MF-0002)", "Send revised quote", "ana"]
    assert column(model, fu.COL_STATUS) == ["Overdue 3 days", "Tomorrow", "Due today"]
    assert [colour(model, r, fu.COL_STATUS) for r in range(3)] == [theme.ERROR, None, theme.AMBER]
    assert model.data(model.index(0, fu.COL_NEXT_STEP), TIP) == "Send  revised\nquote"
    assert model.data(model.index(0, fu.COL_DUE), SortRole) == (DAY, "bravo works")
    model.sort(fu.COL_DUE, Qt.SortOrder.AscendingOrder)
    assert column(model, fu.COL_STATUS) == ["Due today", "Overdue 3 days", "Tomorrow"]
    model.sort(fu.COL_STATUS, Qt.SortOrder.AscendingOrder)  # most overdue first
    assert column(model, fu.COL_STATUS) == ["Overdue 3 days", "Due today", "Tomorrow"]


def test_orders_right_align_figures_flag_unpriced_totals_and_mute_cancelled_orders() -> None:
    """Orders: figures right-aligned, an unpriced total red, a cancelled order grey, no answer before confirmation."""
    model = om.OrdersTableModel()
    model.set_rows(table_rows.orders())
    assert texts(model, 0) == ["PO-0001", "Partner 3 (MF-0001)", "Draft", "2026-03-09", "2026-03-19", "Hub 1", "2",
                               "1,234.50 EUR", "", ""]  # fmt: skip
    assert model.data(model.index(1, om.COL_TOTAL)) == "99.00 EUR  ⚠ 2 unpriced"
    assert [model.data(model.index(0, c), ALIGN) for c in (om.COL_NUMBER, om.COL_LINES, om.COL_TOTAL)] == [
        None, RIGHT, RIGHT,
    ]  # fmt: skip
    assert colour(model, 1, om.COL_TOTAL) == theme.ERROR
    assert {colour(model, 2, c) for c in range(model.columnCount())} == {theme.NO_DATA}
    assert model.data(model.index(0, om.COL_TOTAL), SortRole) == Decimal("1234.5")
    model.sort(om.COL_REQUESTED, Qt.SortOrder.AscendingOrder)  # without a requested date last
    assert column(model, om.COL_NUMBER) == ["PO-0002", "PO-0001", "PO-0003"]
    assert model.find(3) == 2 and model.find(99) == -1


def test_skus_list_variants_and_show_the_notes_as_tooltip() -> None:
    """SKUs: notes on one line, the full notes as tooltip, the variant text from the attributes."""
    model = SkusTableModel()
    model.set_rows(table_rows.skus())
    assert texts(model, 0) == ["SKU-1", "Tote", "bags", "pcs", "colour olive · size M", "yes", "Line one line two"]
    assert model.data(model.index(0, COL_NOTES), TIP) == "Line one\nline two"
    assert model.data(model.index(1, COL_NOTES), TIP) is None
    assert model.data(model.index(1, 0), FG) is None


def test_pilots_show_no_data_muted_and_sort_it_last() -> None:
    """Pilots: figures right-aligned, "no data" muted, sorted as numbers with "no data" after every figure."""
    model = pm.PilotsTableModel()
    model.set_rows(table_rows.pilots())
    assert texts(model, 0) == ["PL-1", "sku-1", "Partner 1 (MF-1)", "Market 2", "Decided", "75.0 %", "3.3 %", "4.0",
                               "12 d", "Scale up"]  # fmt: skip
    assert column(model, pm.COL_SELL) == ["75.0 %", pm.NO_DATA]
    assert model.data(model.index(0, pm.COL_SELL), ALIGN) == RIGHT
    assert model.data(model.index(0, pm.COL_MARKET), ALIGN) is None
    assert [colour(model, 1, c) for c in (pm.COL_SELL, pm.COL_MARKET)] == [theme.MUTED, None]
    assert model.data(model.index(1, pm.COL_SELL), SortRole) == (True, 0)
    model.sort(pm.COL_MARKET, Qt.SortOrder.AscendingOrder)
    assert column(model, pm.COL_NUMBER) == ["PL-2", "PL-1"]
    model.sort(pm.COL_SELL, Qt.SortOrder.AscendingOrder)
    assert column(model, pm.COL_NUMBER) == ["PL-1", "PL-2"]
    assert model.row_of(2) == 1


def test_portfolio_colours_standing_trend_and_breaches_and_keeps_no_data_at_the_bottom() -> None:
    """Portfolio: standing and trend coloured, breaches red, "no data" grey and last whichever way a column sorts."""
    model = pf.PortfolioTableModel()
    model.set_rows(table_rows.portfolio())
    assert texts(model, 0)[: pf.COL_DELIVERIES] == ["MF-1", "Partner 1", "north", "Pilot run", "91.5", "Strategic",
                                                    "▲ +3.5"]  # fmt: skip
    assert [colour(model, 0, c) for c in (pf.COL_STANDING, pf.COL_TREND, pf.COL_BREACHES)] == [
        theme.GOOD,
        theme.GOOD,
        None,
    ]
    assert [colour(model, 1, c) for c in (pf.COL_STANDING, pf.COL_TREND, pf.COL_BREACHES)] == [
        theme.CAUTION, theme.ERROR, theme.ERROR,
    ]  # fmt: skip
    assert [colour(model, 2, c) for c in (pf.COL_SCORE, pf.COL_STANDING, pf.COL_CODE)] == [theme.NO_DATA] * 2 + [None]
    assert model.data(model.index(0, pf.COL_TREND), TIP) == "Previous period: 88.0"
    assert model.data(model.index(2, pf.COL_LEAD), TIP).startswith("Median lead time")
    assert model.data(model.index(0, pf.COL_SCORE), ALIGN) == RIGHT
    assert model.data(model.index(0, pf.COL_NAME), ALIGN) is None
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(pf.COL_SCORE, order)
        assert column(model, pf.COL_CODE)[-1] == "MF-3"
    assert column(model, pf.COL_CODE) == ["MF-1", "MF-2", "MF-3"]


def test_roster_caches_pages_colours_risk_and_gives_each_partner_id() -> None:
    """Roster: capacity right-aligned, risk coloured, the id under IdRole, long texts as tooltips."""
    rows = table_rows.partners()

    def page(query: RosterQuery) -> RosterPage:
        return RosterPage(rows=rows[query.offset : query.offset + 2], matching=len(rows), total=5)

    model = rm.RosterTableModel(page, page_size=2)
    model.reload()
    assert (model.rowCount(), model.matching, model.total) == (2, 3, 5)
    assert texts(model, 0) == ["MF-0001", "Alpha Print", "Workshop", "Active", "north", "Łódź", "PL", "print, cut",
                               "1,200", "High", "eco"]  # fmt: skip
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 3 and not model.canFetchMore()
    assert [colour(model, r, rm.COL_RISK) for r in range(3)] == [theme.ERROR, theme.AMBER, None]
    assert model.data(model.index(1, rm.COL_CAPACITY)) == ""
    assert model.data(model.index(0, rm.COL_CAPACITY), ALIGN) == RIGHT
    assert [model.data(model.index(r, rm.COL_CODE), rm.IdRole) for r in range(3)] == [1, 2, 3]
    assert model.data(model.index(0, rm.COL_TAGS), TIP) == "eco"
    assert model.data(model.index(0, rm.COL_CODE), TIP) is None
    assert (model.partner_id(2), model.row_of(2), model.row_of(9)) == (3, 1, -1)


def test_quality_tables_colour_outcomes_timing_and_old_checklists() -> None:
    """Inspections, actions and templates: outcome, overdue and severity colours; old template versions muted."""
    inspections = InspectionsTableModel()
    inspections.set_rows(table_rows.inspections())
    assert texts(inspections, 0) == ["IN-1", "2026-03-10", "Alpha (MF-1)", "Sewing v2", "Ana", "Finished", "62.5 %",
                                     "Failed"]  # fmt: skip
    assert [colour(inspections, r, 7) for r in range(3)] == [theme.ERROR, theme.PASSED, None]
    assert colour(inspections, 2, 5) == theme.AMBER
    assert inspections.data(inspections.index(0, 2), TIP) == "Alpha (MF-1)"
    actions = ActionsTableModel()
    actions.set_rows(table_rows.actions())
    assert [actions.data(actions.index(r, 2)) for r in range(3)] == ["Overdue 2 days", "Due today", "Closed 2026-03-10"]
    assert actions.data(actions.index(0, 4)) == "Fix the seams"
    assert [colour(actions, r, 2) for r in range(3)] == [theme.ERROR, None, theme.PASSED]
    assert [colour(actions, r, 6) for r in range(3)] == [theme.ERROR, None, theme.ERROR]
    templates = TemplatesTableModel()
    templates.set_rows(table_rows.templates())
    assert texts(templates, 1) == ["Sewing", "v1 (old)", "10", "8", "sewing"]
    assert {colour(templates, 1, c) for c in range(5)} == {theme.MUTED}
    assert colour(templates, 0, 0) is None
    assert templates.row(1).version == 1


def test_attention_items_show_two_lines_a_mark_and_a_hint() -> None:
    """Dashboard items: who, then what; a mark (red when urgent); the text and "Click to open." as tooltip."""
    model = AttentionListModel()
    model.set_items(table_rows.attention())
    assert model.rowCount() == 2
    assert model.data(model.index(0, 0)) == "Alpha Print (MF-0001)\nSend revised quote"
    assert model.data(model.index(1, 0), TIP) == "PO-0002\nLate by 3 days\nClick to open."
    marks = [model.data(model.index(r, 0), Qt.ItemDataRole.DecorationRole) for r in range(2)]
    assert all(isinstance(m, QPixmap) for m in marks)
    urgent, calm = (m.toImage().pixelColor(5, 5).name() for m in marks)
    assert (urgent, calm) == (theme.ERROR, theme.CALM)
    assert model.item(1).target == "ORDER"


def test_a_flat_trend_with_no_change_reads_zero_not_plus_zero() -> None:
    """The trend column (table and portfolio PDF share it): an unchanged score reads "► 0.0", a small fall keeps
    its sign, and a partner without a previous score shows nothing."""
    from microfactory_desk.schemas.portfolio_rows import trend_text

    assert trend_text("flat", 0.0) == "► 0.0"
    assert trend_text("flat", -0.04) == "► 0.0"
    assert trend_text("flat", -0.4) == "► -0.4"
    assert trend_text("up", 3.5) == "▲ +3.5"
    assert trend_text(None, None) == ""
