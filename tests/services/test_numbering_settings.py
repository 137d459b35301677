"""Yearly record numbers and database-kept settings, on a real SQLite file."""

from __future__ import annotations

import datetime as dt

from microfactory_desk.db import Database
from microfactory_desk.models import Partner, PurchaseOrder
from microfactory_desk.services.common.numbering import format_number, next_number
from microfactory_desk.services.common.settings import read_setting, write_setting


def _order(session: object, partner_id: int, number: str) -> PurchaseOrder:
    return PurchaseOrder(number=number, partner_id=partner_id, status="draft", order_date=dt.date(2026, 1, 5))


def test_numbers_count_per_prefix_and_year_and_pass_9999(db: Database) -> None:
    """The sequence restarts each year, ignores other years and keeps growing past four digits."""
    with db.session() as session:
        partner = Partner(code="P1", name="P", kind="microfactory", stage="prospect")
        session.add(partner)
        session.flush()
        assert next_number(session, PurchaseOrder.number, "PO", 2026) == "PO-2026-0001"
        for number in ("PO-2025-0007", "PO-2026-0041", "PO-2026-0009", "PO-2026-9999"):
            session.add(_order(session, partner.id, number))
        session.flush()
        assert next_number(session, PurchaseOrder.number, "PO", 2026) == "PO-2026-10000"
        session.add(_order(session, partner.id, "PO-2026-10000"))
        session.flush()
        assert next_number(session, PurchaseOrder.number, "PO", 2026) == "PO-2026-10001"
        assert next_number(session, PurchaseOrder.number, "PO", 2025) == "PO-2025-0008"
        assert next_number(session, PurchaseOrder.number, "PO", 2027) == "PO-2027-0001"
    assert format_number("INS", 2026, 7) == "INS-2026-0007"


def test_settings_fall_back_to_their_default_until_written(db: Database) -> None:
    """A never-written key gives the default; a written one survives a new session; rewriting replaces it."""
    with db.session() as session:
        assert read_setting(session, "dashboard.horizons", {"sla_days": 30}) == {"sla_days": 30}
        write_setting(session, "dashboard.horizons", {"sla_days": 45, "name": "Łódź"})
    with db.session() as session:
        assert read_setting(session, "dashboard.horizons", None) == {"sla_days": 45, "name": "Łódź"}
        write_setting(session, "dashboard.horizons", {"sla_days": 14})
    with db.session() as session:
        assert read_setting(session, "dashboard.horizons", None) == {"sla_days": 14}
