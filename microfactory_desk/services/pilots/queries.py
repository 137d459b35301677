"""The light SQL behind pilot lists, details and tied orders (one query each, no loop over pilots)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from microfactory_desk.schemas.pilot_rows import FeedbackRow, PilotOrder, PilotRow, SalesPoint, pct, status_of
from microfactory_desk.services.common.sql import as_date

PILOT_COLUMNS = (
    "SELECT pl.id, pl.number, pl.sku_id, s.code, s.name, pl.partner_id, p.code, p.name, pl.market_name,"
    " pl.market_region, pl.market_kind, pl.starts_on, pl.ends_on, pl.units_planned, pl.units_made,"
    " pl.units_shipped, pl.units_sold, pl.units_returned, pl.sold_out_on, pl.price, pl.currency, pl.decision,"
    " pl.decision_reason, pl.decided_on, pl.notes,"
    " COALESCE(f.ratings, 0), COALESCE(f.rating_sum, 0), COALESCE(f.entries, 0), pl.row_version, pl.updated_by"
    " FROM pilot pl JOIN sku s ON s.id = pl.sku_id JOIN partner p ON p.id = pl.partner_id"
    " LEFT JOIN (SELECT pilot_id, COUNT(rating) AS ratings, SUM(rating) AS rating_sum, COUNT(*) AS entries"
    "  FROM pilot_feedback GROUP BY pilot_id) f ON f.pilot_id = pl.id"
)
FEEDBACK = (
    "SELECT id, received_on, channel, rating, text FROM pilot_feedback WHERE pilot_id = :id"
    " ORDER BY received_on DESC, id DESC"
)
SALES = "SELECT id, sold_on, sold, returned FROM pilot_sales WHERE pilot_id = :id ORDER BY sold_on, id"
ORDERS = (
    "SELECT o.id, o.number, o.status, p.code, o.requested_on, o.received_on,"
    " (SELECT COALESCE(SUM(l2.quantity), 0) FROM order_line l2 WHERE l2.order_id = o.id),"
    " COUNT(d.id),"
    " SUM(CASE WHEN d.promised_on IS NOT NULL AND d.received_on IS NOT NULL THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN d.promised_on IS NOT NULL AND d.received_on <= d.promised_on THEN 1 ELSE 0 END),"
    " COALESCE(SUM(d.qty_received), 0), COALESCE(SUM(d.qty_defective), 0)"
    " FROM purchase_order o JOIN partner p ON p.id = o.partner_id"
    " LEFT JOIN order_line l ON l.order_id = o.id LEFT JOIN delivery d ON d.order_line_id = l.id"
    " WHERE o.pilot_id = :id"
    " GROUP BY o.id, o.number, o.status, p.code, o.requested_on, o.received_on, o.order_date"
    " ORDER BY o.order_date, o.number"
)


def pilot_row(row: tuple[Any, ...], today: dt.date) -> PilotRow:
    """A PilotRow from a PILOT_COLUMNS row (its last two columns: the version counter and last writer)."""
    values = list(row[:-2])
    for i in (11, 12, 18, 23):
        values[i] = as_date(values[i])
    values[19] = None if values[19] is None else Decimal(str(values[19])).quantize(Decimal("0.01"))
    for i in (13, 14, 15, 16, 17, 25, 26, 27):
        values[i] = int(values[i] or 0)
    values[22] = values[22] or ""
    values[24] = values[24] or ""
    values.append(status_of(values[11], values[12], values[21], today))
    values += [int(row[-2] or 1), row[-1] or ""]
    return PilotRow(*values)


def feedback_row(row: tuple[Any, ...]) -> FeedbackRow:
    """A FeedbackRow from a FEEDBACK row."""
    entry_id, received_on, channel, rating, text = row
    received = as_date(received_on)
    assert received is not None
    return FeedbackRow(int(entry_id), received, str(channel), None if rating is None else int(rating), text or "")


def sales_curve(rows: list[tuple[Any, ...]], shipped: int) -> list[SalesPoint]:
    """Daily sales with the running sell-through (of `shipped`) after each day."""
    points, total = [], 0
    for entry_id, sold_on, sold, returned in rows:
        total += int(sold)
        day = as_date(sold_on)
        assert day is not None
        points.append(SalesPoint(int(entry_id), day, int(sold), int(returned), total, pct(total, shipped)))
    return points


def pilot_order(row: tuple[Any, ...]) -> PilotOrder:
    """A PilotOrder from an ORDERS row."""
    order_id, number, status, code, requested, received, ordered, deliveries, timed, on_time, qty, defective = row
    return PilotOrder(
        int(order_id),
        str(number),
        str(status),
        str(code),
        as_date(requested),
        as_date(received),
        int(ordered or 0),
        int(deliveries or 0),
        int(timed or 0),
        int(on_time or 0),
        int(qty or 0),
        int(defective or 0),
    )
