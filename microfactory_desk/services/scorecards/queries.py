"""The light SQL reads behind scorecards: partners, SLA terms in force, inspections, actions, notes, lead times."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from microfactory_desk.schemas.scorecard import ActionLine, InspectionLine, LeadPoint, NoteLine
from microfactory_desk.schemas.telemetry import JudgedDelivery
from microfactory_desk.services.common.sql import Reader, as_date
from microfactory_desk.services.sla.in_force import in_force_sql

# Partners scored by default: microfactories we work with (others appear once they have data).
SCORED_STAGES = ("pilot", "approved", "paused")


def _only(partner_id: int | None, column: str, params: dict[str, Any]) -> str:
    """The condition that keeps one partner's rows (one partner's scorecard reads nothing of the others)."""
    if partner_id is None:
        return ""
    params["pid"] = partner_id
    return f" AND {column} = :pid"


def partners(
    db: Reader, *, region: str = "", stage: str = "", ids: set[int] | None = None, partner_id: int | None = None
) -> list[tuple[Any, ...]]:
    """(id, code, name, region, stage, city, country) of the scored partners plus `ids`, filtered; or just one."""
    if partner_id is not None:
        return db.read(
            "SELECT id, code, name, region, stage, city, country FROM partner WHERE id = :pid", {"pid": partner_id}
        )
    where, params = [], {}
    if region:
        where.append("region = :region")
        params["region"] = region
    if stage:
        where.append("stage = :stage")
        params["stage"] = stage
    sql = "SELECT id, code, name, region, stage, city, country FROM partner"
    rows = db.read(sql + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY code", params)
    wanted = ids or set()
    return [r for r in rows if r[4] in SCORED_STAGES or r[0] in wanted]


def sla_terms(db: Reader, day: dt.date, partner_id: int | None = None) -> dict[int, str]:
    """Each partner's (or one partner's) SLA in force on `day`, in one line."""
    params: dict[str, Any] = {"day": day}
    sql = (
        "SELECT v.partner_id, v.number, v.lead_time_target_days, v.lead_time_bound_days, v.lead_time_percentile, "
        "v.on_time_target_pct, v.defect_ceiling_pct, v.defect_ceiling_ppm FROM sla_version v WHERE "
        + in_force_sql("v", ":day")
        + _only(partner_id, "v.partner_id", params)
        + " ORDER BY v.number"
    )
    found = {}
    for pid, number, target, bound, percentile, on_time, ceil_pct, ceil_ppm in db.read(sql, params):
        parts = [f"SLA version {number}"]
        if target is not None:
            parts.append(f"lead time {target} days")
        if bound is not None:
            parts.append(f"{percentile} % within {bound} days")
        if on_time is not None:
            parts.append(f"on time ≥ {float(on_time):g} %")
        ceilings = [f"{float(ceil_pct):g} %"] if ceil_pct is not None else []
        ceilings += [f"{int(ceil_ppm)} ppm"] if ceil_ppm is not None else []
        if ceilings:
            parts.append(
                "defects ≤ " + " and ≤ ".join(ceilings) + (" (the stricter applies)" if len(ceilings) > 1 else "")
            )
        found[int(pid)] = "; ".join(parts)
    return found


def inspections(
    db: Reader, start: dt.date, end: dt.date, partner_id: int | None = None
) -> dict[int, list[InspectionLine]]:
    """Finished inspections in the period, per partner (or of one), newest first."""
    params: dict[str, Any] = {"start": start, "end": end}
    sql = (
        "SELECT i.partner_id, i.number, i.inspected_on, t.name, i.score_pct, i.outcome FROM inspection i "
        "JOIN checklist_template t ON t.id = i.template_id "
        "WHERE i.status = 'finished' AND i.inspected_on >= :start AND i.inspected_on <= :end"
        + _only(partner_id, "i.partner_id", params)
        + " ORDER BY i.inspected_on DESC, i.number"
    )
    found: dict[int, list[InspectionLine]] = defaultdict(list)
    for pid, number, day, template, score, outcome in db.read(sql, params):
        score_pct = float(score) if score is not None else None
        found[int(pid)].append(InspectionLine(number, as_date(day) or start, template, score_pct, outcome or ""))
    return found


def open_actions(db: Reader, today: dt.date, partner_id: int | None = None) -> dict[int, list[ActionLine]]:
    """Corrective actions not closed yet, per partner (or of one), by due date."""
    params: dict[str, Any] = {}
    sql = (
        "SELECT partner_id, number, description, owner, due_on, status FROM corrective_action "
        "WHERE status <> 'closed'" + _only(partner_id, "partner_id", params) + " ORDER BY due_on, number"
    )
    found: dict[int, list[ActionLine]] = defaultdict(list)
    for pid, number, text, owner, due, status in db.read(sql, params):
        due_on = as_date(due)
        found[int(pid)].append(ActionLine(number, text, owner, due_on, status, due_on is not None and due_on < today))
    return found


def internal_notes(
    db: Reader, start: dt.date, end: dt.date, partner_id: int | None = None
) -> dict[int, list[NoteLine]]:
    """Risk notes, SLA notes and the period's negotiation entries, per partner or of one (internal scorecards)."""
    found: dict[int, list[NoteLine]] = defaultdict(list)
    own: dict[str, Any] = {}
    sql = "SELECT id, risk_notes FROM partner WHERE risk_notes <> ''" + _only(partner_id, "id", own)
    for pid, notes in db.read(sql, own):
        found[int(pid)].append(NoteLine("", "Risk notes", notes))
    params: dict[str, Any] = {"start": start, "end": end}
    sql = (
        "SELECT v.partner_id, v.number, v.notes FROM sla_version v WHERE v.notes <> '' AND "
        + in_force_sql("v", ":end")
        + _only(partner_id, "v.partner_id", params)
    )
    for pid, number, notes in db.read(sql, params):
        found[int(pid)].append(NoteLine("", f"SLA version {number} notes", notes))
    sql = (
        "SELECT partner_id, occurred_on, channel, our_ask, their_offer, agreed, notes FROM negotiation_entry "
        "WHERE occurred_on >= :start AND occurred_on <= :end"
        + _only(partner_id, "partner_id", params)
        + " ORDER BY occurred_on"
    )
    for pid, day, channel, ask, offer, agreed, notes in db.read(sql, params):
        labelled = (("Asked", ask), ("Offered", offer), ("Agreed", agreed), ("Notes", notes))
        text = "\n".join(f"{name}: {value}" for name, value in labelled if value)
        found[int(pid)].append(NoteLine(str(as_date(day)), f"Negotiation ({channel})", text))
    return found


def lead_points(db: Reader, partner_id: int, start: dt.date, end: dt.date) -> list[LeadPoint]:
    """Each delivery received in the period with its lead time and the SLA bound in force that day."""
    sql = (
        "SELECT d.received_on, d.reference, d.lead_days, v.lead_time_bound_days FROM delivery d "
        "LEFT JOIN sla_version v ON v.partner_id = d.partner_id AND "
        + in_force_sql("v", "d.received_on")
        + " WHERE d.partner_id = :pid AND d.received_on >= :start AND d.received_on <= :end "
        "AND d.lead_days IS NOT NULL ORDER BY d.received_on, d.reference"
    )
    rows = db.read(sql, {"pid": partner_id, "start": start, "end": end})
    return [LeadPoint(as_date(day) or start, ref, int(lead), bound) for day, ref, lead, bound in rows]


def judged_deliveries(db: Reader, partner_id: int, start: dt.date, end: dt.date) -> list[JudgedDelivery]:
    """Each delivery received in the period with its order's requested date, the promised arrival and how it
    was derived (confirmed ship date + transit, or sent date + SLA lead-time target)."""
    sql = (
        "SELECT d.reference, o.number, o.requested_on, d.promised_on, l.confirmed_ship_on, o.shipping_mode, "
        "d.sent_on, d.shipped_on, d.received_on, d.lead_days, d.qty_received, d.qty_defective FROM delivery d "
        "JOIN order_line l ON l.id = d.order_line_id JOIN purchase_order o ON o.id = l.order_id "
        "WHERE d.partner_id = :pid AND d.received_on >= :start AND d.received_on <= :end "
        "ORDER BY d.received_on, d.reference"
    )
    found = []
    for ref, number, requested, promised, ship, mode, sent, shipped, received, lead, qty, bad in db.read(
        sql, {"pid": partner_id, "start": start, "end": end}
    ):
        promised_on, ship_on, sent_on = as_date(promised), as_date(ship), as_date(sent)
        basis = "no promise: the order was neither confirmed nor under an SLA lead-time target"
        if promised_on is not None and ship_on is not None:
            days = (promised_on - ship_on).days
            basis = f"ship date {ship_on} + {days} day{'' if days == 1 else 's'} transit ({mode.replace('_', '-')})"
        elif promised_on is not None and sent_on is not None:
            days = (promised_on - sent_on).days
            basis = f"sent {sent_on} + {days} days SLA lead-time target (no confirmed ship date)"
        found.append(
            JudgedDelivery(
                reference=ref, order_number=number, requested_on=as_date(requested), promised_on=promised_on,
                promise_basis=basis, shipped_on=as_date(shipped), received_on=as_date(received) or start,
                lead_days=lead, qty_received=int(qty or 0), qty_defective=int(bad or 0),
            )
        )  # fmt: skip
    return found
