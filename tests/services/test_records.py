"""A record deleted since it was listed is reported the same way by every area."""

from __future__ import annotations

import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import NotFound
from microfactory_desk.wiring import Services


@pytest.mark.parametrize(
    ("load", "message"),
    [
        (lambda s: s.roster.get_partner(4242), "Partner #4242 no longer exists."),
        (lambda s: s.negotiations.get_entry(4242), "Negotiation entry #4242 no longer exists."),
        (lambda s: s.orders.get_order(4242), "Order #4242 no longer exists."),
        (lambda s: s.inspections.get(4242), "Inspection #4242 no longer exists."),
    ],
)
def test_a_missing_record_names_what_and_which(db: Database, load, message: str) -> None:  # type: ignore[no-untyped-def]
    """Loading a record that is gone raises NotFound naming the kind of record and its number."""
    with pytest.raises(NotFound) as caught:
        load(Services(db))
    assert caught.value.message == message
