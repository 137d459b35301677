"""The rows of the paged lists: light named tuples (no pydantic), so a page can show before the ORM loads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from microfactory_desk.schemas.order_vocab import OrderStatus


class OrderRow(NamedTuple):
    """One order in the list; `total` in the order's currency (2 decimals), `unpriced` lines without a price."""

    id: int
    number: str
    partner_code: str
    partner_name: str
    status: OrderStatus
    order_date: dt.date
    requested_on: dt.date | None
    destination_name: str
    lines: int
    total: Decimal
    currency: str
    unpriced: int
    confirmed_total: Decimal | None = None  # at the confirmed quantities; None until confirmed
    confirmation_flags: int = 0  # lines confirmed short, at 0 or arriving after the requested date
    partner_commented: bool = False  # the partner wrote a comment on the order or a line


class OrderList(NamedTuple):
    """Every listed order and the totals per currency of those not cancelled (the CLI's whole list)."""

    rows: list[OrderRow]
    totals: dict[str, Decimal]


class SkuRow(NamedTuple):
    """One catalogue item as listed and picked."""

    id: int
    code: str
    name: str
    category: str
    unit: str
    region: str
    experimental: bool
    attributes: dict[str, str]
    notes: str = ""
    row_version: int = 1  # the version counter the editor hands back on save (a stale save is refused)
    updated_by: str = ""

    @property
    def attributes_text(self) -> str:
        """The attributes as typed in the editor ("colour=olive; size=M")."""
        return "; ".join(f"{k}={v}" for k, v in sorted(self.attributes.items()))

    @property
    def variant_text(self) -> str:
        """The variant attributes in one line ("colour olive · size M")."""
        return " · ".join(f"{k} {v}" for k, v in sorted(self.attributes.items()))


class InspectionRow(NamedTuple):
    """An inspection as lists show it."""

    id: int
    number: str
    partner_id: int
    partner_code: str
    partner_name: str
    template_name: str
    template_version: int
    inspected_on: dt.date
    inspector: str
    status: str
    score_pct: Decimal | None
    outcome: str | None
    answered: int


class ActionRow(NamedTuple):
    """A corrective action as lists, the partner and the dashboard show it."""

    id: int
    number: str
    partner_id: int
    partner_code: str
    partner_name: str
    description: str
    owner: str
    raised_on: dt.date
    due_on: dt.date | None
    severity: str
    status: str
    closed_on: dt.date | None
    inspection_number: str
    days_overdue: int | None  # None when closed or without a due date
    item_id: int | None = None  # the checklist item it was raised from (the runner's finish summary reads it)

    @property
    def overdue(self) -> bool:
        """True when open past its due date."""
        return self.days_overdue is not None and self.days_overdue > 0


class FollowUpRow(NamedTuple):
    """An open follow-up as the dashboard and the follow-ups page list it."""

    entry_id: int
    partner_id: int
    partner_code: str
    partner_name: str
    follow_up_on: dt.date
    owner: str
    next_step: str
    days_overdue: int  # 0 when due today, negative when still ahead

    @property
    def overdue(self) -> bool:
        """True when the follow-up date has passed."""
        return self.days_overdue > 0


class NoteHitRow(NamedTuple):
    """A negotiation entry found by the note search, as the follow-ups page lists it."""

    entry_id: int
    partner_id: int
    partner_code: str
    partner_name: str
    occurred_on: dt.date
    channel: str
    our_ask: str
    their_offer: str
    agreed: str
    notes: str

    @property
    def summary(self) -> str:
        """What was asked, offered, agreed and noted, on one line."""
        parts = [("Asked", self.our_ask), ("Offered", self.their_offer), ("Agreed", self.agreed), ("Note", self.notes)]
        return " · ".join(f"{name}: {' '.join(text.split())}" for name, text in parts if text)
