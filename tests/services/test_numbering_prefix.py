"""Numbers by prefix: the prefix is matched literally, so "_" or "%" in it is no wildcard."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from microfactory_desk.db import Database
from microfactory_desk.models import PurchaseOrder
from microfactory_desk.services.common.numbering import next_number
from microfactory_desk.services.common.sql import LIKE_ESCAPE, prefix_pattern
from tests.services import attention_data as make


def test_prefix_pattern_escapes_wildcards() -> None:
    """LIKE's wildcards and the escape itself are typed literally; only the trailing % is a wildcard."""
    assert prefix_pattern("P_-2026-") == "P\\_-2026-%"
    assert prefix_pattern("50%\\") == "50\\%\\\\%"


def test_an_underscore_in_the_prefix_matches_only_itself(db: Database) -> None:
    """With PX-2026-0009 stored, 'P_' starts at 1 (an unescaped '_' would have matched PX and given 10)."""
    pid = make.partner(db)
    make.add(db, PurchaseOrder(number="PX-2026-0009", partner_id=pid, status="draft", order_date=dt.date(2026, 1, 2)))
    with db.session() as session:
        assert next_number(session, PurchaseOrder.number, "P_", 2026) == "P_-2026-0001"
        assert next_number(session, PurchaseOrder.number, "PX", 2026) == "PX-2026-0010"
        like = PurchaseOrder.number.like(prefix_pattern("P%"), escape=LIKE_ESCAPE)
        assert session.scalars(select(PurchaseOrder.number).where(like)).all() == []
