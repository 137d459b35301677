"""The SKU catalogue: search and filter like the roster, add and edit items."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.models import Sku
from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.schemas.orders import SkuIn, SkuRow
from microfactory_desk.schemas.text import fold
from microfactory_desk.services.common.records import by_code, existing, find_by_code, save_versioned
from microfactory_desk.services.orders.sku_listing import attributes, categories, sku_page


def sku_row(sku: Sku) -> SkuRow:
    """The DTO of a stored SKU."""
    return SkuRow(
        id=sku.id,
        code=sku.code,
        name=sku.name,
        category=sku.category,
        unit=sku.unit,
        region=sku.region,
        experimental=sku.experimental,
        attributes=attributes(sku.attributes),
        notes=sku.notes,
        row_version=sku.row_version,
        updated_by=sku.updated_by,
    )


class SkuService:
    """Reads and writes catalogue items; every write is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def list_skus(
        self, *, search: str = "", category: str = "", experimental: bool | None = None, active_only: bool = True
    ) -> list[SkuRow]:
        """Every matching SKU by code; `search` matches code, name, category and attributes, accents and case ignored."""
        filters = {"category": category, "experimental": experimental, "active_only": active_only}
        return sku_page(self._db, ListQuery(search=search, filters=filters, limit=None)).rows

    def categories(self) -> list[str]:
        """Every category in use, alphabetically."""
        return categories(self._db)

    def get_by_code(self, code: str) -> SkuRow:
        """The SKU with this code (any case)."""
        with self._db.session() as session:
            return sku_row(by_code(session, Sku, code, "SKU"))

    def get_sku(self, sku_id: int) -> SkuRow:
        """The SKU with this id; NotFound when it was deleted."""
        with self._db.session(write=False) as session:
            return sku_row(existing(session, Sku, sku_id, "SKU"))

    def save_sku(self, data: SkuIn, sku_id: int | None = None, *, expected_version: int | None = None) -> SkuRow:
        """Add a SKU (sku_id None) or change one; codes stay unique regardless of case.

        `expected_version` is the `row_version` the editor loaded: when someone saved the SKU since,
        errors.StaleEdit (who, when) is raised and nothing is written. None overwrites.
        """
        if sku_id is None:
            with self._db.session() as session:
                return self._save_sku(session, Sku(), data)
        return save_versioned(
            self._db,
            load=lambda session: existing(session, Sku, sku_id, "SKU"),
            name=lambda row: f"SKU {row.code}",
            expected=expected_version,
            save=lambda session, sku: self._save_sku(session, sku, data),
        )

    def _save_sku(self, session: Session, sku: Sku, data: SkuIn) -> SkuRow:
        clash = find_by_code(session, Sku, data.code)
        if clash is not None and clash is not sku:
            raise ValidationFailed.single("code", f"{data.code} is already in the catalogue")
        sku.code, sku.name, sku.category, sku.unit = data.code, data.name, data.category, data.unit
        sku.attributes = json.dumps(data.attributes, ensure_ascii=False, sort_keys=True)
        sku.region = data.attributes.get("region", "")
        sku.experimental, sku.notes = data.experimental, data.notes
        sku.search_text = fold(" ".join([data.code, data.name, data.category, *data.attributes.values()]))
        if sku.id is None:
            session.add(sku)
        session.flush()
        return sku_row(sku)
