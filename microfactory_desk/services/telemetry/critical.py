"""Quality that caps a standing: failed critical inspections and overdue critical corrective actions in a period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from microfactory_desk.schemas.quality_vocab import ItemKind, Result
from microfactory_desk.services.common.sql import Reader, as_date
from microfactory_desk.services.quality.scoring import verdict

# The answers to critical items of the period's failed inspections (few rows: only failed inspections qualify);
# each is judged by the same verdict() the inspection was scored with.
_CRITICAL_ANSWERS = """
SELECT i.partner_id, i.number, i.inspected_on, t.id, t.prompt, t.kind, t.nominal, t.tolerance, t.passing_choices,
       a.result, a.measured, a.choice
FROM inspection i
JOIN inspection_answer a ON a.inspection_id = i.id
JOIN template_item t ON t.id = a.item_id
WHERE i.status = 'finished' AND i.outcome = 'failed' AND t.critical = :yes
  AND i.inspected_on >= :start AND i.inspected_on <= :end{partner}
ORDER BY i.inspected_on, i.number, t.id
"""

# Critical actions past their due date and still open on `as_of` (the end of the period, or today).
_CRITICAL_ACTIONS = """
SELECT partner_id, number, due_on, description
FROM corrective_action
WHERE severity = 'critical' AND due_on < :as_of AND (status <> 'closed' OR closed_on >= :as_of){partner}
ORDER BY due_on, number
"""


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def critical_breaches(
    reader: Reader,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    partner_id: int | None = None,
    *,
    any_failed: bool = True,
) -> dict[int, list[str]]:
    """Per partner, one line per failed critical inspection in the period and per critical action overdue on
    `as_of`, e.g. "critical inspection failed: INS-2026-0003 on 2026-11-03 (“Seams hold”)".

    `any_failed` False (no inspection failed in the period) skips reading the answers.
    """
    params: dict[str, object] = {"start": start, "end": end, "as_of": as_of, "yes": True}
    where = ""
    if partner_id is not None:
        params["pid"] = partner_id
        where = " AND i.partner_id = :pid"
    failed: dict[tuple[int, str, dt.date | None], list[str]] = {}
    answers = reader.read(_CRITICAL_ANSWERS.format(partner=where), params) if any_failed else []
    for pid, number, day, item_id, prompt, kind, nominal, tol, passing, result, measured, choice in answers:
        # verdict() reads these attributes only; the namespaces stand in for the ORM rows.
        item = SimpleNamespace(
            id=int(item_id), prompt=prompt, kind=ItemKind(kind), weight=Decimal(1), critical=True,
            nominal=_decimal(nominal), tolerance=_decimal(tol),
            passing_choices=[c.strip() for c in (passing or "").splitlines() if c.strip()],
        )  # fmt: skip
        answer = SimpleNamespace(result=result, measured=_decimal(measured), choice=choice or "")
        if verdict(item, answer) == Result.FAIL:
            failed.setdefault((int(pid), number, as_date(day)), []).append(prompt)
    found: dict[int, list[str]] = {}
    for (pid, number, day), prompts in failed.items():
        names = "; ".join(f"“{p}”" for p in prompts)
        found.setdefault(pid, []).append(f"critical inspection failed: {number} on {day} ({names})")
    where = where.replace("i.", "")
    for pid, number, due, text in reader.read(_CRITICAL_ACTIONS.format(partner=where), params):
        first = (text or "").splitlines()[0] if text else ""
        found.setdefault(int(pid), []).append(f"critical action overdue: {number} due {as_date(due)} ({first[:80]})")
    return found
