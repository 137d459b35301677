"""The pilots list sorts by "Sold out in" in SQL again, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from microfactory_desk.db import Database
from microfactory_desk.schemas.fields import validate
from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.schemas.pilot import PilotIn
from microfactory_desk.services.pilots import listing
from microfactory_desk.services.pilots.service import PilotService
from tests.services import attention_data as make

TODAY = dt.date(2026, 6, 15)


def _plan(**values: Any) -> PilotIn:
    base = {"sku_code": "mf-lamp", "partner_code": "mf-1", "market_name": "Pop-up", "units_made": 50}
    return validate(PilotIn, base | {"ends_on": "2026-06-30", "units_shipped": 40, "units_sold": 40} | values)


def test_sold_out_in_sorts_by_days_with_no_data_last(db: Database) -> None:
    """Ascending: 3, 10, 31 days (across a month end), then the pilot that has not sold out; descending reverses
    the days with no data first, as the other figure columns do, and a 1-row page cuts in that order."""
    make.partner(db, "MF-1", "Lab")
    make.sku(db, "MF-LAMP")
    service = PilotService(db)
    days = {}
    for start, sold_out in (("2026-05-20", "2026-06-20"), ("2026-06-01", "2026-06-04"), ("2026-06-02", None),
                            ("2026-06-05", "2026-06-15")):  # fmt: skip
        extra = {"sold_out_on": sold_out} if sold_out else {"units_sold": 10}
        pilot = service.create_pilot(_plan(starts_on=start, **extra), today=TODAY)
        days[pilot.number] = pilot.days_to_sell_out
    query = ListQuery(sort="sold_out", filters={"today": TODAY})
    rows = listing.pilot_page(db, query).rows
    assert [r.days_to_sell_out for r in rows] == [3, 10, 31, None]
    rows = listing.pilot_page(db, ListQuery(sort="sold_out", descending=True, filters={"today": TODAY})).rows
    assert [r.days_to_sell_out for r in rows] == [None, 31, 10, 3]
    page = listing.pilot_page(db, ListQuery(sort="sold_out", offset=1, limit=1, filters={"today": TODAY}))
    assert [r.days_to_sell_out for r in page.rows] == [10] and page.matching == 4
    assert sorted(d for d in days.values() if d is not None) == [3, 10, 31]
