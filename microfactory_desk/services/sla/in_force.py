"""The SLA in force on a day, defined once.

A partner's SLA version is in force on a day when it was once agreed (agreed, or since superseded or expired:
history keeps judging the days it covered) and its validity covers the day, both ends included; a missing
start or end leaves that side open. Agreed versions cannot overlap, but where stored data has them overlap,
the highest version number wins.

One rule, three renderings for the three ways the code reads versions: a SQLAlchemy expression for ORM
queries (overlaps resolved by taking the highest number), portable SQL text for the light read path, and
plain functions for versions already in memory (schemas/in_force.py, so the GUI's
`SlaVersionOut.in_force_on` follows it too).
tests/services/test_sla_in_force.py holds the three to each other at every edge.

The SQL text is written out rather than compiled from the expressions: the dashboard's cards use it at
start-up, before the first paint, and compiling would load SQLAlchemy there (benchmarks/startup_probe.py
lists the heavy modules loaded at start-up; tests/test_wiring.py keeps that list empty).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from microfactory_desk.schemas.in_force import IN_FORCE_STATUSES, covers_day, pick_in_force

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Select

    from microfactory_desk.models import SlaVersion

__all__ = [
    "IN_FORCE_STATUSES",
    "covers",
    "covers_day",
    "in_force_during_sql",
    "in_force_query",
    "in_force_sql",
    "in_force_throughout_sql",
    "pick_in_force",
]

_STATUSES_SQL = ", ".join(f"'{status}'" for status in IN_FORCE_STATUSES)


def covers(version: Any, day: Any) -> ColumnElement[bool]:
    """SQL: the once-agreed `version` (SlaVersion or columns of an alias of its table) covers `day` (value or column)."""
    from sqlalchemy import and_, or_

    return and_(
        version.status.in_(IN_FORCE_STATUSES),
        or_(version.valid_from.is_(None), version.valid_from <= day),
        or_(version.valid_until.is_(None), version.valid_until >= day),
    )


def in_force_query(partner_id: int, day: dt.date) -> Select[SlaVersion]:
    """The partner's version in force on `day` (at most one row)."""
    from sqlalchemy import select

    from microfactory_desk.models import SlaVersion

    return (
        select(SlaVersion)
        .where(SlaVersion.partner_id == partner_id, covers(SlaVersion, day))
        .order_by(SlaVersion.number.desc())
        .limit(1)
    )


def _dates_sql(alias: str, starts_by: str, ends_after: str, *, status: bool = True) -> str:
    """The once-agreed version's dates as SQL text: it started by `starts_by` and ends on or after `ends_after`
    (open ends count as covering); with `status`, only the statuses of a version once in force."""
    dates = (
        f"({alias}.valid_from IS NULL OR {alias}.valid_from <= {starts_by})"
        f" AND ({alias}.valid_until IS NULL OR {alias}.valid_until >= {ends_after})"
    )
    return f"{alias}.status IN ({_STATUSES_SQL}) AND {dates}" if status else dates


def _covers_sql(alias: str, day: str) -> str:
    return _dates_sql(alias, day, day)


def in_force_sql(alias: str, day: str, *, overlaps: bool = True) -> str:
    """The rule as portable SQL text for the light path, e.g. in_force_sql("v", ":day") or ("v", "d.received_on").

    `alias` names the sla_version row being judged, `day` a bound parameter or a column. `overlaps=False`
    leaves out the guard against overlapping versions, for aggregates over many rows that can rely on agreed
    versions never overlapping (agreeing one refuses an overlap).
    """
    rule = _covers_sql(alias, day)
    if not overlaps:
        return rule
    return (
        f"{rule} AND NOT EXISTS (SELECT 1 FROM sla_version AS newer_version"
        f" WHERE newer_version.partner_id = {alias}.partner_id AND newer_version.number > {alias}.number"
        f" AND {_covers_sql('newer_version', day)})"
    )


def in_force_during_sql(alias: str, start: str, end: str) -> str:
    """The rule as SQL text for a span: the version is in force on at least one day of `start`..`end` (both
    included, bound parameters or columns), e.g. in_force_during_sql("v", ":start", ":end").

    Like `overlaps=False`, it keeps every covering version (agreeing one refuses an overlap).
    """
    return _dates_sql(alias, end, start)


def in_force_throughout_sql(alias: str, start: str, end: str) -> str:
    """The version's dates cover every day of `start`..`end` (its status is the caller's to check), e.g.
    in_force_throughout_sql("v", ":start", ":end") for a version that judges a whole period."""
    return _dates_sql(alias, start, end, status=False)
