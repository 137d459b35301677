"""Deliveries: the validated input of one (possibly partial) delivery, and import results."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from microfactory_desk.schemas.fields import Block, Line, NonNegative, optional_int


def _blank_zero(value: object) -> object:
    return 0 if value is None or (isinstance(value, str) and not value.strip()) else optional_int(value)


Count = Annotated[NonNegative, BeforeValidator(_blank_zero)]
OptionalCount = Annotated[NonNegative | None, BeforeValidator(optional_int)]


def _blank_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


OptionalDate = Annotated[dt.date | None, BeforeValidator(_blank_none)]


class DeliveryIn(BaseModel):
    """One delivery of an order line as the partner reports it."""

    model_config = ConfigDict(str_strip_whitespace=True)

    reference: Line = Field(min_length=1, max_length=100)
    shipped_on: OptionalDate = None
    received_on: OptionalDate = None
    qty_received: Count = 0
    qty_accepted: OptionalCount = None  # None: everything received that was not defective
    qty_defective: Count = 0
    notes: Block = ""

    @model_validator(mode="after")
    def _consistent(self) -> DeliveryIn:
        if self.shipped_on and self.received_on and self.received_on < self.shipped_on:
            raise ValueError("received_on: received before it was shipped")
        if self.qty_defective > self.qty_received:
            raise ValueError("qty_defective: more defective than received")
        if self.qty_accepted is not None and self.qty_accepted + self.qty_defective > self.qty_received:
            raise ValueError("qty_accepted: accepted and defective add up to more than received")
        if self.received_on is None and self.qty_received:
            raise ValueError("received_on: a quantity was received but no date is given")
        return self

    @property
    def accepted(self) -> int:
        """Accepted quantity, defaulting to received minus defective."""
        return self.qty_accepted if self.qty_accepted is not None else self.qty_received - self.qty_defective


class DeliverySaved(BaseModel):
    """A written delivery and what the writer should know about it."""

    id: int
    promised_on: dt.date | None
    lead_days: int | None
    warnings: list[str] = []


class DeliveryImportSummary(BaseModel):
    """What an import of deliveries did (or would do, in a dry run)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = []
    mapping: dict[str, str] = {}


TRANSIT_DAYS_MAX = 60


class TransitSettings(BaseModel):
    """Transit allowance in days per shipping mode: a confirmed ship date plus it is the promised arrival.

    The order sheet asks the partner for a ship date (the day the goods leave them); how long the goods then
    travel depends on the shipping mode we chose, so the app adds these days. Defaults suit domestic
    European traffic: courier 2, freight 5, last-mile 1, pickup 0 (we collect on the ship date).
    """

    courier: int = Field(2, ge=0, le=TRANSIT_DAYS_MAX)
    freight: int = Field(5, ge=0, le=TRANSIT_DAYS_MAX)
    last_mile: int = Field(1, ge=0, le=TRANSIT_DAYS_MAX)
    pickup: int = Field(0, ge=0, le=TRANSIT_DAYS_MAX)

    def days(self, mode: str) -> int:
        """The allowance (days) for a shipping mode value such as "courier"; 0 for a mode it does not know."""
        return int(getattr(self, mode, 0) or 0)


DEFAULT_TRANSIT = TransitSettings()


class DeliveryOut(BaseModel):
    """A recorded delivery as the order shows it: requested, promised arrival and actual arrival side by side."""

    id: int
    order_line_id: int
    position: int
    sku_code: str
    reference: str
    requested_on: dt.date | None
    promised_on: dt.date | None  # promised arrival
    shipped_on: dt.date | None
    received_on: dt.date | None
    lead_days: int | None
    qty_received: int
    qty_accepted: int
    qty_defective: int
    notes: str

    @property
    def on_time(self) -> bool | None:
        """Arrived by the promised arrival; None when either date is missing."""
        if self.promised_on is None or self.received_on is None:
            return None
        return self.received_on <= self.promised_on


class JudgedDelivery(BaseModel):
    """One delivery of a scorecard's period as judged: requested, promised arrival (and how), actual arrival."""

    reference: str
    order_number: str
    requested_on: dt.date | None
    promised_on: dt.date | None
    promise_basis: str  # e.g. "ship date 2026-12-08 + 2 days transit (courier)"
    shipped_on: dt.date | None
    received_on: dt.date
    lead_days: int | None
    qty_received: int
    qty_defective: int

    @property
    def on_time(self) -> bool | None:
        """Arrived by the promised arrival; None without a promise."""
        return None if self.promised_on is None else self.received_on <= self.promised_on
