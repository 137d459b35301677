"""The SLA in force on a day, defined once.

A partner's SLA version is in force on a day when it was once agreed (agreed, or since superseded or expired:
history keeps judging the days it covered) and its validity covers the day, both ends included; a missing
start or end leaves that side open. Agreed versions cannot overlap, but where stored data has them overlap,
the highest version number wins.

One rule, three renderings for the three ways the code reads versions: a SQLAlchemy expression for ORM
queries, the same expression compiled to portable SQL text for the light read path, and a plain function
for versions already in memory (the demo, and `SlaVersionOut.in_force_on` in schemas/sla.py). tests/services/test_sla_in_force.py holds them to each other.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, and_, column, exists, literal_column, or_, select, table

# The in-memory form lives with the DTO (schemas/sla.py) so the GUI's SlaVersionOut.in_force_on follows it too.
from microfactory_desk.schemas.sla import IN_FORCE_STATUSES, covers_day, pick_in_force

if TYPE_CHECKING:
    from microfactory_desk.models import SlaVersion

# The columns the rule reads, as a Core table: the SQL text renders without loading the ORM models, so the
# light read path (the dashboard's cards) stays light. The ORM query below loads the model when called.
_VERSIONS = table(
    "sla_version", column("partner_id"), column("number"), column("status"), column("valid_from"), column("valid_until")
)

__all__ = ["IN_FORCE_STATUSES", "covers", "covers_day", "in_force", "in_force_query", "in_force_sql", "pick_in_force"]


def covers(version: Any, day: Any) -> ColumnElement[bool]:
    """SQL: the once-agreed `version` (SlaVersion or columns of an alias of its table) covers `day` (value or column)."""
    return and_(
        version.status.in_(IN_FORCE_STATUSES),
        or_(version.valid_from.is_(None), version.valid_from <= day),
        or_(version.valid_until.is_(None), version.valid_until >= day),
    )


def in_force(version: Any, day: Any) -> ColumnElement[bool]:
    """SQL: `version` is the one in force on `day`: it covers the day and no higher number of its partner does."""
    later = _VERSIONS.alias("newer_version")
    newer = later.c
    overlapping = (
        exists()
        .where(newer.partner_id == version.partner_id, newer.number > version.number, covers(newer, day))
        .correlate_except(later)
    )
    return and_(covers(version, day), ~overlapping)


def in_force_query(partner_id: int, day: dt.date) -> Select[SlaVersion]:
    """The partner's version in force on `day` (at most one row)."""
    from microfactory_desk.models import SlaVersion

    return (
        select(SlaVersion)
        .where(SlaVersion.partner_id == partner_id, covers(SlaVersion, day))
        .order_by(SlaVersion.number.desc())
        .limit(1)
    )


@lru_cache(maxsize=32)
def in_force_sql(alias: str, day: str, *, overlaps: bool = True) -> str:
    """The rule as portable SQL text for the light path, e.g. in_force_sql("v", ":day") or ("v", "d.received_on").

    `overlaps=False` leaves out the guard against overlapping versions, for aggregates over many rows that
    can rely on agreed versions never overlapping (agreeing one refuses an overlap).
    """
    versions = _VERSIONS.alias(alias)
    rule = (in_force if overlaps else covers)(versions.c, literal_column(day))
    # Compiled inside a query over the alias, so the guard's subquery correlates to it; the WHERE clause is the rule.
    query: Select[Any] = select(literal_column("1")).select_from(versions).where(rule)
    compiled = str(query.compile(compile_kwargs={"literal_binds": True}))
    return " ".join(compiled.split("\nWHERE ", 1)[1].split())
