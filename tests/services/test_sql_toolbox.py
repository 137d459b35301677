"""The light read path's toolbox: raw values become dates once, parameters are bound once."""

from __future__ import annotations

import datetime as dt

import pytest

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.db_dialect import joined_ints
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.services.common.sql import SessionReader, as_date, as_datetime, required_date
from microfactory_desk.services.roster.partners import RosterService

MOMENT = dt.datetime(2026, 11, 30, 9, 15)


def test_as_date_reads_both_drivers_forms() -> None:
    """ISO text (SQLite), dates and datetimes (PostgreSQL) all give the date; None stays None."""
    day = dt.date(2026, 11, 30)
    assert as_date("2026-11-30") == as_date("2026-11-30 10:00:00.000000") == as_date(day) == day
    assert as_date(dt.datetime(2026, 11, 30, 23, 59)) == day
    assert as_date(None) is None


def test_required_date_refuses_null() -> None:
    """A NOT NULL column that comes back NULL is a bug, reported as such."""
    assert required_date("2026-11-30") == dt.date(2026, 11, 30)
    with pytest.raises(ValueError):
        required_date(None)


def test_as_datetime_reads_both_drivers_forms() -> None:
    """SQLAlchemy's SQLite text and datetime objects give the same naive datetime."""
    assert as_datetime("2026-11-30 09:15:00.000000") == as_datetime(MOMENT) == MOMENT
    assert as_datetime("2026-11-30") == dt.datetime(2026, 11, 30)
    assert as_datetime(None) is None


def test_both_readers_bind_dates_and_datetimes_as_the_orm_stores_them(db: Database) -> None:
    """A datetime parameter equals what the ORM wrote, through Database.read and through a session."""
    with clock.frozen(MOMENT):
        RosterService(db).create_partner(data=validate_partner({"code": "P1", "name": "Anna"}))
    stored = clock_utc(MOMENT)
    sql = "SELECT code, created_at FROM partner WHERE created_at = :at AND DATE(created_at) >= :day"
    params = {"at": stored, "day": stored.date()}
    direct = db.read(sql, params)
    with db.session() as session:
        in_session = SessionReader(session).read(sql, params)
    assert [r[0] for r in direct] == [r[0] for r in in_session] == ["P1"]
    assert as_datetime(direct[0][1]) == as_datetime(in_session[0][1]) == stored


def clock_utc(local: dt.datetime) -> dt.datetime:
    """The naive UTC moment the database stores for a local wall-clock moment."""
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def test_joined_ints_gives_every_value_of_each_group_and_null_for_none(db: Database) -> None:
    """db_dialect.joined_ints on this backend: per group, every non-NULL integer once per row, as text; a group
    of NULLs gives NULL (the KPI batch's lead-time histograms are read this way)."""
    values = "SELECT 1 AS g, 12 AS v UNION ALL SELECT 1, 9 UNION ALL SELECT 1, 12 UNION ALL SELECT 1, NULL"
    values += " UNION ALL SELECT 2, NULL UNION ALL SELECT 3, -4"
    rows = db.read(f"SELECT g, {joined_ints(db, 'x.v')} FROM ({values}) AS x GROUP BY g ORDER BY g")
    got = {g: None if text is None else sorted(int(v) for v in text.split(",")) for g, text in rows}
    assert got == {1: [9, 12, 12], 2: None, 3: [-4]}
