"""Shared set-up for order tests: a partner with an agreed SLA, the demo catalogue and a draft order."""

from __future__ import annotations

import datetime as dt
from typing import Any

from microfactory_desk.db import Database
from microfactory_desk.demo.skus import add_demo_skus
from microfactory_desk.schemas.orders import OrderOut, validate_order
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.schemas.sla import validate_terms
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.services.sla.versions import SlaService
from microfactory_desk.wiring import Services

START = dt.date(2026, 3, 1)
ORDER_DAY = dt.date(2026, 5, 4)
TIERS = [
    {"min_qty": 1, "unit_price": "12.50"},
    {"min_qty": 50, "unit_price": "10.90"},
    {"min_qty": 200, "unit_price": "9.40"},
    {"sku_category": "Prototypes", "min_qty": 10, "unit_price": "30.00"},
]


def partner_with_sla(db: Database, code: str = "MF1", *, sla: bool = True, **terms: Any) -> int:
    """A partner (min batch 20, capacity 500) with an agreed SLA from START unless sla=False."""
    partner = RosterService(db).create_partner(
        data=validate_partner(
            {
                "code": code,
                "name": f"Müller & Söhne <GmbH> {code}",
                "min_batch": 20,
                "weekly_capacity": 500,
                "city": "Łódź",
            }
        )
    )
    if sla:
        service = SlaService(db)
        version = service.create_draft(
            partner.id,
            validate_terms(
                {
                    "valid_from": START,
                    "price_tiers": TIERS,
                    "reorder_window_days": 30,
                    "max_reorder_qty": 200,
                    "price_held": True,
                    "lead_time_target_days": 10,
                    **terms,
                }
            ),
        )
        service.agree(version.id, on=START)
    with db.session() as session:
        add_demo_skus(session)
    return partner.id


def draft(db: Database, code: str = "MF1", lines: list[dict[str, Any]] | None = None, **fields: Any) -> OrderOut:
    """A draft order of two lines (a tee and an experimental sleeve) unless lines are given."""
    lines = (
        lines
        if lines is not None
        else [
            {"sku_code": "MF-TEE", "quantity": 60},
            {"sku_code": "MF-SLV", "quantity": 12, "notes": '=HYPERLINK("x")'},
        ]
    )
    data = {
        "partner_code": code,
        "order_date": ORDER_DAY,
        "destination_name": "Pop-up Kraków",
        "lines": lines,
        **fields,
    }
    return Services(db).orders.create_draft(validate_order(data))
