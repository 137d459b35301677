"""The later areas' demo generators, run in this order inside the demo load's transaction.

Each takes (session, rng, today) after partners, SLAs and SKUs exist, adds its rows and returns
{label: rows added}. Order matters: orders can name inspections' partners, deliveries need orders,
pilots use SKUs and orders.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from sqlalchemy.orm import Session

from microfactory_desk.demo import orders, pilots, quality, telemetry

DemoArea = Callable[[Session, random.Random, dt.date], dict[str, int]]

DEMO_AREAS: tuple[DemoArea, ...] = (
    quality.add_demo_quality,
    orders.add_demo_orders,
    telemetry.add_demo_telemetry,
    pilots.add_demo_pilots,
)
