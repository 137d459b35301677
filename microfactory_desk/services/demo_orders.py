"""Demo data of the orders area."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session


def add_demo_orders(session: Session, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Add this area's demo rows; {label: rows added}."""
    del session, rng, today
    return {}
