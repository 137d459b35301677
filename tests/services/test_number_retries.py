"""A number taken outside the numbering lock (typed by hand, an older client) is skipped: the next one is used."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from microfactory_desk.db import Database
from microfactory_desk.errors import ConstraintRefused
from microfactory_desk.schemas.orders import validate_order
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.services.common.numbering import NUMBER_RETRIES, following_number
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.wiring import Services

ORDER = {"partner_code": "NUM1", "order_date": "2026-05-04", "lines": []}
REPO = Path(__file__).resolve().parents[2]


def _orders(db: Database, count: int) -> list[str]:
    RosterService(db).create_partner(data=validate_partner({"code": "NUM1", "name": "Numbered"}))
    orders = Services(db).orders
    return [orders.create_draft(validate_order(ORDER)).number for _ in range(count)]


def _hand_typed(db: Database, old: str, new: str) -> None:
    """Rename an order's number as a script or a hand edit would, outside the app's numbering."""
    with db.session() as session:
        session.execute(text("UPDATE purchase_order SET number = :new WHERE number = :old"), {"new": new, "old": old})


def test_following_number_keeps_the_width() -> None:
    """'PO-2026-0009' → 'PO-2026-0010'; past 9999 it grows; a number without a sequence is refused."""
    assert following_number("PO-2026-0009") == "PO-2026-0010"
    assert following_number("PO-2026-9999") == "PO-2026-10000"
    with pytest.raises(ValueError):
        following_number("PO-2026-x")


def test_a_taken_number_is_skipped_for_the_next_free_one(db: Database) -> None:
    """The newest number reads 'PO-2026-0002-old' (the sequence restarts at 1, which is taken): the order gets 0002."""
    _orders(db, 2)
    _hand_typed(db, "PO-2026-0002", "PO-2026-0002-old")
    made = Services(db).orders.create_draft(validate_order(ORDER))
    assert made.number == "PO-2026-0002"
    assert Services(db).orders.get_order(made.id).number == "PO-2026-0002"


def test_after_three_retries_the_refusal_is_readable(db: Database) -> None:
    """Numbers 0001-0004 all taken behind an odd newest number: four attempts, then ConstraintRefused on the number."""
    numbers = _orders(db, NUMBER_RETRIES + 2)
    _hand_typed(db, numbers[-1], f"{numbers[-1]}-old")
    with pytest.raises(ConstraintRefused) as refused:
        Services(db).orders.create_draft(validate_order(ORDER))
    assert refused.value.errors[0].field == "number"
    assert "another manager took the same order number" in refused.value.message
    assert db.read("SELECT count(*) FROM purchase_order")[0][0] == NUMBER_RETRIES + 2  # nothing half-written


CHILD = """
import sys, time
from pathlib import Path
from microfactory_desk.db import Database
from microfactory_desk.schemas.orders import validate_order
from microfactory_desk.services.common import numbering
from microfactory_desk.wiring import Services

url, count, folder, kind = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
if kind == "old":  # an older client: it numbers without the lock and does not retry a collision
    from microfactory_desk.services.orders import service

    numbering.hold_number_lock = lambda session, series: None
    service.add_numbered = lambda session, row: (session.add(row), session.flush())
collisions = []
counted = numbering.unique_columns
numbering.unique_columns = lambda exc: collisions.append(1) or counted(exc)
db = Database(url)
orders = Services(db).orders
order = validate_order({"partner_code": "NUM1", "order_date": "2026-05-04", "lines": []})
(folder / f"ready-{kind}").touch()
while not (folder / "go").exists():
    time.sleep(0.005)
for _ in range(count):
    try:
        print(orders.create_draft(order).number, flush=True)
    except Exception as exc:
        print(f"ERROR {kind} {type(exc).__name__}: {exc}", flush=True)
    if kind == "old":
        time.sleep(0.02)  # a person saving orders, not a loop: see the test's docstring
print(f"COLLISIONS {len(collisions)}", file=sys.stderr)
db.close()
"""


def test_two_processes_one_an_old_client_without_the_lock(db: Database, tmp_path: Path) -> None:
    """This app and an old client (no lock, no retry) save 25 orders each at once: every save of this app
    succeeds, skipping numbers the old client took meanwhile, and no number is stored twice."""
    RosterService(db).create_partner(data=validate_partner({"code": "NUM1", "name": "Numbered"}))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    kinds = ("new", "old")
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, db.url, "25", str(tmp_path), kind],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for kind in kinds
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{kind}").exists() for kind in kinds):
        assert time.monotonic() < deadline and all(c.poll() is None for c in children), [
            c.communicate() for c in children
        ]
        time.sleep(0.01)
    (tmp_path / "go").touch()
    (new_out, new_err), (old_out, _old_err) = (c.communicate(timeout=120) for c in children)
    ours = new_out.splitlines()
    theirs = [line for line in old_out.splitlines() if not line.startswith("ERROR")]
    assert len(ours) == 25 and not [line for line in ours if line.startswith("ERROR")], new_err
    assert len(set(ours + theirs)) == len(ours) + len(theirs)
    assert db.read("SELECT count(*) FROM purchase_order")[0][0] == len(ours) + len(theirs)
    retried = int(new_err.rsplit("COLLISIONS ", 1)[1].split()[0])
    print(f"this app's collisions absorbed: {retried}; old client's refusals: {25 - len(theirs)}")
    # How often the old client's numbers collided depends on timing (SQLite's write lock queues both clients:
    # none); the deterministic collisions are in the tests above.
