"""The lines of the order editor: SKU, quantity and override typed in; price, tier and warnings from the quote."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.index import Index

if TYPE_CHECKING:
    from microfactory_desk.schemas.orders import LineQuote

(COL_SKU, COL_NAME, COL_QTY, COL_PRICE, COL_TIER, COL_TOTAL, COL_WARNINGS, COL_OVERRIDE, COL_REASON, COL_NOTES,
 COL_CONFIRMED) = range(11)  # fmt: skip
HEADERS = ("SKU", "Description", "Quantity", "Unit price", "Price from", "Line total", "Warnings", "Override price",
           "Override reason", "Line notes", "Confirmed")  # fmt: skip
EDITABLE = {COL_QTY: "quantity", COL_OVERRIDE: "override_price", COL_REASON: "override_reason", COL_NOTES: "notes"}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
Row = dict[str, Any]


def _money(value: Any, currency: str) -> str:
    return "" if value is None else f"{value:,.2f} {currency}" if value == round(value, 2) else f"{value:,} {currency}"


def line_row(line: Any) -> Row:
    """A stored order line as the editor's row: what was typed plus its last price."""
    return {
        "sku_code": line.sku_code, "sku_name": line.sku_name, "quantity": line.quantity,
        "override_price": format(line.unit_price.normalize(), "f") if line.price_source.value == "override" and line.unit_price is not None else "",
        "override_reason": line.override_reason, "notes": line.notes, "unit_price": line.unit_price,
        "tier_label": line.tier_label, "line_total": line.line_total, "warnings": list(line.warnings),
        "confirmed_qty": line.confirmed_qty, "confirmed_ship_on": line.confirmed_ship_on,
    }  # fmt: skip


class OrderLinesModel(QAbstractTableModel):
    """Rows are dictionaries: typed fields (sku_code, quantity, override_price, ...) plus the latest quote."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Row] = []
        self.read_only = False
        self.currency = "EUR"

    def set_rows(self, rows: list[Row]) -> None:
        """Replace all rows."""
        self.beginResetModel()
        self._rows = [dict(r) for r in rows]
        self.endResetModel()

    def rows(self) -> list[Row]:
        """The rows as typed (for validation and saving)."""
        return [dict(r) for r in self._rows]

    def add_row(self, row: Row) -> None:
        """Append a line."""
        at = len(self._rows)
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.append(dict(row))
        self.endInsertRows()
        self.edited.emit()

    def remove_row(self, at: int) -> None:
        """Delete a line."""
        if 0 <= at < len(self._rows):
            self.beginRemoveRows(QModelIndex(), at, at)
            del self._rows[at]
            self.endRemoveRows()
            self.edited.emit()

    def set_quotes(self, quotes: list[LineQuote]) -> None:
        """Show prices, tiers and warnings of the latest quote (one per row, in order)."""
        if len(quotes) != len(self._rows):
            return  # a line was added or removed since the quote was asked for; a newer one follows
        for row, quote in zip(self._rows, quotes, strict=True):
            row.update(sku_name=quote.sku_name, unit_price=quote.unit_price, tier_label=quote.tier_label,
                       line_total=quote.line_total, warnings=list(quote.warnings))  # fmt: skip
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(HEADERS) - 1))

    def warnings(self) -> int:
        """How many lines carry a warning."""
        return sum(1 for r in self._rows if r.get("warnings"))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of lines."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Fixed columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def _text(self, row: Row, column: int) -> str:
        if column == COL_SKU:
            return str(row.get("sku_code", ""))
        if column == COL_NAME:
            return str(row.get("sku_name", ""))
        if column == COL_QTY:
            return f"{row.get('quantity') or 0:,}"
        if column == COL_PRICE:
            return _money(row.get("unit_price"), self.currency)
        if column == COL_TIER:
            return str(row.get("tier_label", ""))
        if column == COL_TOTAL:
            return _money(row.get("line_total"), self.currency)
        if column in (COL_OVERRIDE, COL_REASON, COL_NOTES):
            return " ".join(str(row.get(EDITABLE[column]) or "").split())
        if column == COL_CONFIRMED:
            qty, ship = row.get("confirmed_qty"), row.get("confirmed_ship_on")
            return "" if qty is None else f"{qty:,}" + (f" by {ship}" if ship else "")
        if column == COL_WARNINGS:
            return "; ".join(row.get("warnings") or [])
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text per column; warnings in red; the editable cells give their raw value to editors."""
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.EditRole and column in EDITABLE:
            value = row.get(EDITABLE[column])
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_WARNINGS, COL_TIER, COL_NOTES, COL_REASON):
            return self._text(row, column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_QTY, COL_PRICE, COL_TOTAL, COL_OVERRIDE):
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_WARNINGS:
            return theme.colour(theme.ERROR)
        if role == Qt.ItemDataRole.BackgroundRole and row.get("warnings") and column == COL_PRICE:
            return theme.colour(theme.WARNING_BG if row.get("unit_price") is not None else theme.DANGER_BG)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Quantity, override and notes are editable in drafts."""
        base = super().flags(index)
        if not self.read_only and index.column() in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Store a typed value as text or number; validation happens on quote and save."""
        if role != Qt.ItemDataRole.EditRole or index.column() not in EDITABLE:
            return False
        key = EDITABLE[index.column()]
        text = str(value).strip()
        if key == "quantity":
            digits = text.replace(",", "").replace(" ", "")
            self._rows[index.row()][key] = int(digits) if digits.isdigit() else text
        else:
            self._rows[index.row()][key] = text
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles; row numbers down the side."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return HEADERS[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)
