"""The SKU catalogue list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.ui.table_models.cached_rows_model import per_column
from microfactory_desk.ui.table_models.paged_rows_model import PagedRowsModel

if TYPE_CHECKING:
    from microfactory_desk.schemas.list_rows import SkuRow

COL_CODE, COL_NAME, COL_CATEGORY, COL_UNIT, COL_VARIANT, COL_EXPERIMENTAL, COL_NOTES = range(7)
HEADERS = ("Code", "Name", "Category", "Unit", "Variant", "Experimental", "Notes")
# The listing's sort key of each column (services/orders/sku_listing.py SORTS); None: not sortable.
SORTS = ("code", "name", "category", "unit", None, "experimental", None)


def _display(row: SkuRow) -> tuple[str, ...]:
    return (row.code, row.name, row.category, row.unit, row.variant_text, "yes" if row.experimental else "",
            " ".join(row.notes.split()))  # fmt: skip


class SkusTableModel(PagedRowsModel["SkuRow"]):
    """Catalogue rows by code, a page at a time from SQL."""

    def __init__(self) -> None:
        super().__init__(HEADERS, _display, sorts=SORTS, query=ListQuery(sort="code"))

    def decorate(self, row: SkuRow, texts: tuple[str, ...]) -> dict[int, tuple[Any, ...]]:
        """The full notes as a tooltip."""
        del texts
        return {Qt.ItemDataRole.ToolTipRole: per_column(len(HEADERS), {COL_NOTES: row.notes or None})}
