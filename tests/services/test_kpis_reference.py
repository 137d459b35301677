"""The KPI batch against a per-row reference on varied generated data: SLA versions changing mid-period, gaps,
drafts, versions without terms, deliveries without promise or lead time, zero quantities, period edges."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from microfactory_desk.db import Database
from microfactory_desk.models import Delivery, SlaVersion
from microfactory_desk.schemas.in_force import pick_in_force
from microfactory_desk.schemas.scorecard import Kpis
from microfactory_desk.services.telemetry.kpis import compute_kpis
from tests.services.telemetry_fixtures import D, add_line, add_partner

START, END = D(2026, 7, 1), D(2026, 9, 30)
# Per partner: (number, status, valid_from, valid_until, on-time %, bound days, percentile, ceiling %, ceiling ppm)
Terms = tuple[int, str, dt.date | None, dt.date | None, str | None, int | None, int | None, str | None, int | None]
SLAS: list[list[Terms]] = [
    [(1, "agreed", D(2025, 1, 1), None, "90", 14, 90, "2", None)],  # one version, the whole period
    [
        (1, "superseded", D(2025, 1, 1), D(2026, 8, 15), "80", 14, 90, "2", None),
        (2, "agreed", D(2026, 8, 16), None, "95.5", 8, 95, "0.5", None),
    ],  # changes mid-quarter
    [],  # no SLA at all
    [(1, "draft", D(2025, 1, 1), None, "90", 10, 90, "1", None)],  # a draft is never in force
    [(1, "agreed", D(2026, 8, 1), None, "85", 12, 80, None, 3000)],  # starts inside the period: a gap before
    [(1, "expired", None, D(2026, 7, 20), "70", 20, 50, "3", 25000)],  # no start, ends inside the period
    [
        (1, "superseded", D(2026, 1, 1), D(2026, 7, 10), "90", 9, 90, "1", None),
        (2, "superseded", D(2026, 7, 11), D(2026, 7, 31), None, None, None, None, None),  # no terms at all
        (3, "agreed", D(2026, 8, 5), D(2026, 9, 29), "99", 11, 75, "0.25", 1000),
    ],  # two changes and gaps
    [
        (1, "agreed", D(2024, 1, 1), D(2026, 6, 30), "90", 10, 90, "2", None),  # ends the day before
        (2, "agreed", D(2026, 10, 1), None, "90", 10, 90, "2", None),
    ],  # starts the day after: nothing judged
    [(1, "agreed", START, END, "92.25", 13, None, None, None)],  # exactly the period; a bound, no percentile
    [
        (1, "superseded", D(2025, 1, 1), D(2026, 9, 1), "90", 15, 90, "2", None),
        (2, "agreed", D(2026, 9, 2), None, "90", 5, 99, "1", None),
    ],  # a version starting late in the period
]


def _build(db: Database, seed: int) -> list[int]:
    """The partners of SLAS, each with 0-60 deliveries around the period; returns their ids."""
    rng = random.Random(seed)
    days = [START - dt.timedelta(days=3) + dt.timedelta(days=n) for n in range((END - START).days + 7)]
    edges = [START - dt.timedelta(days=1), START, D(2026, 8, 15), D(2026, 8, 16), D(2026, 9, 1), END]
    ids = []
    for n, versions in enumerate(SLAS):
        pid = add_partner(db, f"MF-{n}", f"Partner {n}")
        ids.append(pid)
        line = add_line(db, pid, sent_on=D(2026, 6, 1), number=f"PO-2026-{n + 1:04d}")
        with db.session() as s:
            for number, status, start, until, on_time, bound, pct, ceil, ppm in versions:
                s.add(SlaVersion(partner_id=pid, number=number, status=status, valid_from=start, valid_until=until,
                                 on_time_target_pct=None if on_time is None else Decimal(on_time),
                                 lead_time_bound_days=bound, lead_time_percentile=pct,
                                 defect_ceiling_pct=None if ceil is None else Decimal(ceil),
                                 defect_ceiling_ppm=ppm))  # fmt: skip
            for i in range(0 if n == 2 and seed % 2 else rng.randrange(61)):
                received = rng.choice(edges) if i % 7 == 0 else rng.choice(days)
                lead = None if rng.random() < 0.15 else rng.randrange(0, 25)
                promised = None if rng.random() < 0.2 else received + dt.timedelta(days=rng.randrange(-3, 4))
                qty = rng.choice((0, 0, 1, 50, 100, 250))
                s.add(Delivery(order_line_id=line, partner_id=pid, reference=f"R{i}", received_on=received,
                               promised_on=promised, lead_days=lead, qty_received=qty, qty_accepted=qty,
                               qty_defective=min(qty, rng.randrange(0, 6))))  # fmt: skip
    return ids


def _reference(db: Database, pid: int) -> Kpis:
    """One partner's delivery KPIs the slow, obvious way: each delivery judged by the version in force that day."""
    k = Kpis(pid)
    with db.session() as s:
        versions = s.query(SlaVersion).filter_by(partner_id=pid).all()
        rows = s.query(Delivery).filter_by(partner_id=pid).all()
        newest_judging = None
        for d in rows:
            if d.received_on is None or not START <= d.received_on <= END:
                continue
            k.deliveries += 1
            k.promised += d.promised_on is not None
            k.on_time += d.promised_on is not None and d.received_on <= d.promised_on
            k.qty_received += d.qty_received
            k.qty_defective += d.qty_defective
            if d.lead_days is not None:
                k.lead_counts[d.lead_days] = k.lead_counts.get(d.lead_days, 0) + 1
            v = pick_in_force(versions, d.received_on)
            if v is None:
                continue
            if v.on_time_target_pct is not None and d.promised_on is not None:
                k.on_time_target_sum += float(v.on_time_target_pct)
                k.on_time_target_n += 1
            if v.lead_time_bound_days is not None and v.lead_time_percentile is not None and d.lead_days is not None:
                k.lead_judged += 1
                k.lead_within += d.lead_days <= v.lead_time_bound_days
                k.lead_required_sum += v.lead_time_percentile
            ceilings = [float(v.defect_ceiling_pct)] if v.defect_ceiling_pct is not None else []
            ceilings += [v.defect_ceiling_ppm / 10_000] if v.defect_ceiling_ppm is not None else []
            if ceilings:
                k.defect_judged_qty += d.qty_received
                k.defect_judged_defective += d.qty_defective
                k.defect_allowed += d.qty_received * min(ceilings) / 100
            if v.lead_time_bound_days is not None and (newest_judging is None or v.id > newest_judging.id):
                newest_judging = v
        if newest_judging is not None:
            k.lead_bound_days = newest_judging.lead_time_bound_days
            k.lead_percentile = newest_judging.lead_time_percentile
    return k


def _figures(k: Kpis) -> dict[str, object]:
    """Every delivery figure of `k` and what is shown from it; floats rounded to survive summation order."""
    exact = {name: getattr(k, name) for name in (
        "deliveries", "promised", "on_time", "on_time_target_n", "lead_counts", "lead_judged", "lead_within",
        "lead_percentile", "lead_bound_days", "qty_received", "qty_defective", "defect_judged_qty",
        "defect_judged_defective")}  # fmt: skip
    floats = {name: getattr(k, name) for name in ("on_time_target_sum", "lead_required_sum", "defect_allowed")}
    shown = {
        "on_time_pct": k.on_time_pct, "on_time_target": k.on_time_target, "lead_median": k.lead_median,
        "lead_spread": k.lead_spread, "p90": k.lead_quantile(90), "within_pct": k.lead_within_pct,
        "required_pct": k.lead_required_pct, "defect_ppm": k.defect_ppm, "ceiling_pct": k.defect_ceiling_pct,
    }  # fmt: skip
    return {
        **exact,
        **{n: round(v, 9) for n, v in floats.items()},
        **{n: None if v is None else round(v, 9) for n, v in shown.items()},
        "breaches": k.breaches(),
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batch_matches_a_per_row_reference(db: Database, seed: int) -> None:
    """Every partner's figures from the batch equal the per-row reference, and so do the one-partner reads."""
    ids = _build(db, seed)
    batch = compute_kpis(db, START, END)
    judged = 0
    for pid in ids:
        expected = _reference(db, pid)
        got = batch.get(pid, Kpis(pid))
        assert _figures(got) == _figures(expected), f"partner {pid}"
        alone = compute_kpis(db, START, END, partner_id=pid).get(pid, Kpis(pid))
        assert _figures(alone) == _figures(expected), f"partner {pid} read alone"
        judged += expected.lead_judged
    assert judged > 50  # the data really exercises the judging
    assert {pid for pid in ids if _reference(db, pid).deliveries} == set(batch)
