"""KPIs per partner and period, aggregated in SQL; each delivery is judged against the SLA in force that day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from microfactory_desk.db_dialect import joined_ints
from microfactory_desk.schemas.scorecard import Kpis
from microfactory_desk.services.common.sql import Reader
from microfactory_desk.services.sla.in_force import in_force_during_sql, in_force_sql, in_force_throughout_sql
from microfactory_desk.services.telemetry.critical import critical_breaches

# One pass over the covering delivery index and one, rarely needed, over the SLA versions:
# 1. totals per partner with its lead times joined into one text (a lead-time histogram from a second GROUP BY
#    sorted the period's rows a second time: ~45 % of the batch at 10,000 partners), each partner's row repeated
#    per SLA version in force on some day of the period, in version id order. A version in force the whole period
#    judges all of the partner's deliveries, so its figures come from these totals and the histogram, no join.
# 2. only when a version starts or ends inside the period: the deliveries each such version judged.
_WHOLE = in_force_throughout_sql("v", ":start", ":end")
_TOTALS = f"""
SELECT t.partner_id, t.deliveries, t.promised, t.on_time, t.qty, t.bad, t.leads,
       v.id, CASE WHEN {_WHOLE} THEN 1 ELSE 0 END,
       v.on_time_target_pct, v.lead_time_bound_days, v.lead_time_percentile, v.defect_ceiling_pct, v.defect_ceiling_ppm
FROM (
  SELECT partner_id, COUNT(*) AS deliveries, COUNT(promised_on) AS promised,
         COUNT(CASE WHEN received_on <= promised_on THEN 1 END) AS on_time,
         SUM(qty_received) AS qty, SUM(qty_defective) AS bad, {{leads}} AS leads
  FROM delivery
  WHERE received_on >= :start AND received_on <= :end{{partner}}
  GROUP BY partner_id
) AS t
LEFT JOIN sla_version v ON v.partner_id = t.partner_id AND {in_force_during_sql("v", ":start", ":end")}
ORDER BY t.partner_id, v.id
"""

# The versions that start or end inside the period, each with the deliveries it judged. The versions are walked
# in (partner, id) order through the partner index, each reading its partner's deliveries of the period through
# the covering index, so the groups come out in order and nothing is sorted. Read through the status index
# instead (what a plain `status IN` makes SQLite pick), the 320,000 joined rows of a quarter at 100,000 partners
# went through a GROUP BY sorter: 0.7-1.0 s against 0.35 s. CROSS JOIN keeps SQLite from starting at the
# deliveries (PostgreSQL plans it as the inner join it is).
_PARTIAL = f"""
SELECT v.partner_id, v.id,
       SUM(CASE WHEN d.promised_on IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN d.lead_days IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN d.lead_days <= v.lead_time_bound_days THEN 1 ELSE 0 END),
       SUM(d.qty_received), SUM(d.qty_defective)
FROM sla_version v
CROSS JOIN delivery d
WHERE d.partner_id = v.partner_id AND d.received_on >= :start AND d.received_on <= :end
  AND NOT ({_WHOLE}) AND {{in_force}}{{version}}
GROUP BY v.partner_id, v.id
"""
_IN_FORCE = in_force_sql("v", "d.received_on", overlaps=False)
# The same rule with its status test out of any index's reach (`|| ''` keeps the value), for the walk above.
_IN_FORCE_WALKED = _IN_FORCE.replace("v.status IN (", "(v.status || '') IN (", 1)
assert _IN_FORCE_WALKED != _IN_FORCE, "in_force_sql no longer starts with the status test"

_INSPECTIONS = """
SELECT partner_id, COUNT(*), COUNT(score_pct), AVG(score_pct),
       SUM(CASE WHEN outcome = 'failed' THEN 1 ELSE 0 END)
FROM inspection
WHERE status = 'finished' AND inspected_on >= :start AND inspected_on <= :end{partner}
GROUP BY partner_id
"""

# Actions due in the period and already due by `as_of`: closed by their due date, closed late, or still open.
_ACTIONS = """
SELECT partner_id, COUNT(*),
       SUM(CASE WHEN status = 'closed' AND closed_on IS NOT NULL AND closed_on <= due_on THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'closed' AND (closed_on IS NULL OR closed_on > due_on) THEN 1 ELSE 0 END),
       SUM(CASE WHEN status <> 'closed' THEN 1 ELSE 0 END)
FROM corrective_action
WHERE due_on >= :start AND due_on <= :end AND due_on < :as_of{partner}
GROUP BY partner_id
"""


def _histogram(joined: str | None) -> dict[int, int]:
    """Lead days -> deliveries, from the lead days joined into one text ("12,9,12" -> {12: 2, 9: 1})."""
    counts: dict[str, int] = {}
    if joined:
        for days in joined.split(","):  # counted as text, converted once per distinct value
            counts[days] = counts.get(days, 0) + 1
    return {int(days): n for days, n in counts.items()}


def _ceiling_pct(pct: Any, ppm: Any) -> float:
    """The defect ceiling as a percentage (the stricter one when both are set); one of them at least is set."""
    if ppm is None:
        return float(pct)
    if pct is None:
        return float(ppm) / 10_000
    return min(float(pct), float(ppm) / 10_000)


class KpiService:
    """Computes KPIs for one partner or all partners over any span of days."""

    def __init__(self, db: Reader) -> None:
        self._db = db

    def compute(
        self, start: dt.date, end: dt.date, *, partner_id: int | None = None, today: dt.date | None = None
    ) -> dict[int, Kpis]:
        """KPIs of every partner with data between `start` and `end` (both included), keyed by partner id."""
        return compute_kpis(self._db, start, end, partner_id=partner_id, today=today)

    def for_partner(self, partner_id: int, start: dt.date, end: dt.date, today: dt.date | None = None) -> Kpis:
        """One partner's KPIs (empty, i.e. "no data", when nothing happened)."""
        return self.compute(start, end, partner_id=partner_id, today=today).get(partner_id, Kpis(partner_id))


def _judge(k: Kpis, terms: tuple[Any, ...], promised: int, with_lead: int, within: int, qty: int, bad: int) -> None:
    """Add what one SLA version judged to `k`: its terms (on-time target %, lead bound days, lead percentile,
    ceiling %, ceiling ppm), deliveries with a promise, with a lead time, within the bound, quantity, defective.
    Versions come in id order, so the last with a bound is the newest (its terms are shown)."""
    target, bound, percentile, ceil_pct, ceil_ppm = terms
    if target is not None and promised:
        k.on_time_target_sum += float(target) * promised
        k.on_time_target_n += promised
    if bound is not None:
        if percentile is not None and with_lead:
            k.lead_judged += with_lead
            k.lead_within += within
            k.lead_required_sum += float(percentile) * with_lead
        k.lead_bound_days = int(bound)
        k.lead_percentile = int(percentile) if percentile is not None else None
    if ceil_pct is not None or ceil_ppm is not None:
        k.defect_judged_qty += qty
        k.defect_judged_defective += bad
        k.defect_allowed += qty * _ceiling_pct(ceil_pct, ceil_ppm) / 100


def _judge_whole_period(k: Kpis, terms: tuple[Any, ...]) -> None:
    """Judge all of `k`'s deliveries by a version in force the whole period, from its totals and histogram."""
    bound, counts = terms[1], k.lead_counts
    within = 0
    if bound is not None and terms[2] is not None and counts:  # only then is `within` read
        limit = int(bound)
        within = sum([n for days, n in counts.items() if days <= limit])
    _judge(k, terms, k.promised, sum(counts.values()), within, k.qty_received, k.qty_defective)


def _delivery_kpis(reader: Reader, params: dict[str, object], where: str, version_where: str) -> dict[int, Kpis]:
    """Delivery KPIs of every partner with deliveries in the period, each delivery judged by the SLA in force."""
    totals = reader.read(_TOTALS.format(partner=where, leads=joined_ints(reader, "lead_days")), params)
    partial: dict[int, tuple[int, ...]] = {}  # version id -> what it judged, for versions changing mid-period
    if any(row[7] is not None and not row[8] for row in totals):  # (version id, whole period?) of each row
        sql = _PARTIAL.format(in_force=_IN_FORCE_WALKED, version=version_where)
        for _pid, vid, *counts in reader.read(sql, params):
            partial[vid] = tuple(int(n or 0) for n in counts)
    found: dict[int, Kpis] = {}
    k: Kpis | None = None
    for pid, count, promised, on_time, qty, bad, leads, vid, whole, *terms in totals:  # by partner, then version
        if k is None or pid != k.partner_id:
            k = found[pid] = Kpis(
                pid, deliveries=count, promised=promised or 0, on_time=on_time or 0, lead_counts=_histogram(leads),
                qty_received=qty or 0, qty_defective=bad or 0,
            )  # fmt: skip
        if vid is None:
            continue
        if whole:
            _judge_whole_period(k, tuple(terms))
        elif vid in partial:  # a version that judged no delivery is left out
            _judge(k, tuple(terms), *partial[vid])
    return found


def compute_kpis(
    reader: Reader, start: dt.date, end: dt.date, *, partner_id: int | None = None, today: dt.date | None = None
) -> dict[int, Kpis]:
    """KPIs of every partner with data between `start` and `end` (both included), read through any Reader.

    A function rather than a service method so a caller already inside a transaction (scorecards, demo data)
    reads through its own session without building a service.
    """
    as_of = min(end + dt.timedelta(days=1), today or end + dt.timedelta(days=1))
    params: dict[str, object] = {"start": start, "end": end, "as_of": as_of}
    where = version_where = ""
    if partner_id is not None:
        params["partner_id"] = partner_id
        where, version_where = " AND partner_id = :partner_id", " AND v.partner_id = :partner_id"
    found = _delivery_kpis(reader, params, where, version_where)
    for pid, count, scored, avg, failed in reader.read(_INSPECTIONS.format(partner=where), params):
        k = found.get(pid) or found.setdefault(pid, Kpis(pid))  # setdefault alone builds a Kpis every row
        k.inspections, k.inspection_scored, k.inspections_failed = count, scored, int(failed or 0)
        k.inspection_avg = float(avg) if avg is not None else None
    for pid, due, on_time, late, still_open in reader.read(_ACTIONS.format(partner=where), params):
        k = found.get(pid) or found.setdefault(pid, Kpis(pid))
        k.actions_due, k.actions_on_time = due, int(on_time or 0)
        k.actions_late, k.actions_overdue = int(late or 0), int(still_open or 0)
    any_failed = any(k.inspections_failed for k in found.values())
    for pid, reasons in critical_breaches(reader, start, end, as_of, partner_id, any_failed=any_failed).items():
        found.setdefault(pid, Kpis(pid)).critical_breaches = reasons
    return found
