"""A few DTO rows of every list the read-only table models show, with the awkward cases each model handles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from microfactory_desk.schemas.dashboard import AttentionItem
from microfactory_desk.schemas.negotiation import FollowUpRow
from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.schemas.orders import OrderRow, SkuRow
from microfactory_desk.schemas.pilot_rows import PilotRow
from microfactory_desk.schemas.quality import ActionRow, InspectionRow
from microfactory_desk.schemas.roster_rows import PartnerRow
from microfactory_desk.schemas.scorecard import PortfolioRow, Standing, Trend
from microfactory_desk.services.quality.templates import TemplateRow

DAY = dt.date(2026, 3, 10)


def follow_ups() -> list[FollowUpRow]:
    """Overdue, due today and ahead."""
    return [
        FollowUpRow(1, 11, "MF-0002", "Bravo Works", DAY, "ana", "Send  revised\nquote", 3),
        FollowUpRow(2, 12, "MF-0001", "alpha Print", DAY + dt.timedelta(days=1), "Bo", "Call back", -1),
        FollowUpRow(3, 13, "MF-0003", "Charlie Labs", DAY - dt.timedelta(days=2), "cy", "Visit", 0),
    ]


def orders() -> list[OrderRow]:
    """A priced draft, an unpriced sent order, a cancelled one without a requested date."""

    def order(n: int, status: OrderStatus, total: str, unpriced: int, requested: dt.date | None) -> OrderRow:
        return OrderRow(id=n, number=f"PO-{n:04d}", partner_code=f"MF-{n:04d}", partner_name=f"Partner {4 - n}",
                        status=status, order_date=DAY - dt.timedelta(days=n), requested_on=requested,
                        destination_name=f"Hub {n}", lines=n * 2, total=Decimal(total), currency="EUR",
                        unpriced=unpriced)  # fmt: skip

    return [
        order(1, OrderStatus.DRAFT, "1234.5", 0, DAY + dt.timedelta(days=9)),
        order(2, OrderStatus.SENT, "99", 2, DAY + dt.timedelta(days=3)),
        order(3, OrderStatus.CANCELLED, "0", 0, None),
    ]


def skus() -> list[SkuRow]:
    """One with notes and attributes, one plain."""
    return [
        SkuRow(
            id=1,
            code="SKU-1",
            name="Tote",
            category="bags",
            unit="pcs",
            region="EU",
            experimental=True,
            attributes={"size": "M", "colour": "olive"},
            notes="Line one\nline two",
        ),  # fmt: skip
        SkuRow(
            id=2,
            code="SKU-2",
            name="Cap",
            category="hats",
            unit="pcs",
            region="EU",
            experimental=False,
            attributes={},
            notes="",
        ),  # fmt: skip
    ]


def pilots() -> list[PilotRow]:
    """A pilot with every figure and one with none ("no data")."""

    def pilot(
        n: int, shipped: int, sold: int, ratings: int, sold_out: dt.date | None, decision: str | None
    ) -> PilotRow:
        return PilotRow(id=n, number=f"PL-{n}", sku_id=n, sku_code=f"sku-{n}", sku_name="Tote", partner_id=n,
                        partner_code=f"MF-{n}", partner_name=f"Partner {n}", market_name=f"Market {3 - n}",
                        market_region="EU", market_kind="shop", starts_on=DAY, ends_on=None, units_planned=10,
                        units_made=10, units_shipped=shipped, units_sold=sold, units_returned=1 if sold else 0,
                        sold_out_on=sold_out, price=None, currency="EUR", decision=decision, decision_reason="",
                        decided_on=None, notes="", ratings=ratings, rating_sum=ratings * 4, feedback_count=ratings,
                        status="running" if decision is None else "decided")  # fmt: skip

    return [
        pilot(1, 40, 30, 2, DAY + dt.timedelta(days=12), "scale_up"),
        pilot(2, 0, 0, 0, None, None),
    ]


def portfolio() -> list[PortfolioRow]:
    """Ranked partners: strategic and rising, on watch and falling with breaches, one without data."""

    def partner(n: int, score: float | None, standing: Standing | None, previous: float | None,
                trend: Trend | None, breaches: int) -> PortfolioRow:  # fmt: skip
        data = score is not None
        return PortfolioRow(partner_id=n, code=f"MF-{n}", name=f"Partner {n}", region="north", stage="pilot_run",
                            score=score, standing=standing, previous_score=previous, trend=trend,
                            deliveries=5 * n if data else 0, on_time_pct=90.0 + n if data else None,
                            lead_median=12.0 if data else None, defect_pct=0.5 if data else None,
                            inspection_avg=88.0 if data else None, actions_overdue=n, sla_breaches=breaches)  # fmt: skip

    return [
        partner(1, 91.5, Standing.STRATEGIC, 88.0, Trend.UP, 0),
        partner(2, 61.0, Standing.WATCH, 70.0, Trend.DOWN, 2),
        partner(3, None, None, None, None, 0),
    ]


def partners() -> list[PartnerRow]:
    """Roster rows: high and medium risk, with and without a capacity."""
    return [
        PartnerRow(
            1, "MF-0001", "Alpha Print", "workshop", "active", "north", "Łódź", "PL", "print, cut", 1200, "high", "eco"
        ),  # fmt: skip
        PartnerRow(
            2, "MF-0002", "Bravo Works", "factory", "pilot_run", "south", "Porto", "PT", "sew", None, "medium", ""
        ),  # fmt: skip
        PartnerRow(3, "MF-0003", "Charlie Labs", "lab", "prospect", "west", "Lyon", "FR", "", 40, "low", "new"),
    ]


def inspections() -> list[InspectionRow]:
    """A failed finished inspection, a passed one and one in progress."""
    return [
        InspectionRow(
            1, "IN-1", 1, "MF-1", "Alpha", "Sewing", 2, DAY, "Ana", "finished", Decimal("62.50"), "failed", 9
        ),
        InspectionRow(2, "IN-2", 2, "MF-2", "Bravo", "Print", 1, DAY, "Bo", "finished", Decimal("100"), "passed", 5),
        InspectionRow(3, "IN-3", 3, "MF-3", "Charlie", "Print", 1, DAY, "Cy", "in_progress", None, None, 1),
    ]


def actions() -> list[ActionRow]:
    """Overdue and critical, due today, closed."""
    return [
        ActionRow(
            1, "CA-1", 1, "MF-1", "Alpha", "Fix  the\nseams", "Ana", DAY, DAY, "critical", "open", None, "IN-1", 2
        ),
        ActionRow(2, "CA-2", 2, "MF-2", "Bravo", "Relabel", "Bo", DAY, DAY, "low", "in_progress", None, "IN-2", 0),
        ActionRow(3, "CA-3", 3, "MF-3", "Charlie", "Clean", "Cy", DAY, None, "high", "closed", DAY, "IN-3", None),
    ]


def templates() -> list[TemplateRow]:
    """A current checklist version and an old one."""
    return [TemplateRow(1, "sewing", 2, "Sewing", True, 12, 3), TemplateRow(2, "sewing", 1, "Sewing", False, 10, 8)]


def attention() -> list[AttentionItem]:
    """An urgent item and a calm one."""
    return [
        AttentionItem("PARTNER", 1, 1, "Alpha Print (MF-0001)", "Send\nrevised quote", DAY, 2, urgent=True),
        AttentionItem("ORDER", 2, 2, "PO-0002", "Late  by 3 days", DAY, -1),
    ]


ALL: dict[str, Any] = {
    "follow_ups": follow_ups,
    "orders": orders,
    "skus": skus,
    "pilots": pilots,
    "portfolio": portfolio,
    "partners": partners,
    "inspections": inspections,
    "actions": actions,
    "templates": templates,
    "attention": attention,
}
