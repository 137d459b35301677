"""Validated pilot inputs (plan, counts, feedback, daily sales, decision)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, model_validator

from microfactory_desk.schemas.fields import Block, Line, NonNegative, choice, optional_int
from microfactory_desk.schemas.pilot_vocab import Decision, FeedbackChannel, MarketKind

Count = Annotated[NonNegative, BeforeValidator(lambda v: optional_int(v) or 0)]


def _optional(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


OptionalDate = Annotated[dt.date | None, BeforeValidator(_optional)]
Price = Annotated[Decimal, Field(ge=0, le=10_000_000, decimal_places=2)]
OptionalPrice = Annotated[Price | None, BeforeValidator(_optional)]


class PilotIn(BaseModel):
    """A pilot's plan and running counts as entered."""

    sku_code: Line = Field(min_length=1, max_length=64)
    partner_code: Line = Field(min_length=1, max_length=32)
    market_name: Line = Field(min_length=1, max_length=200)
    market_region: Line = Field(default="", max_length=100)
    market_kind: Annotated[MarketKind, choice(MarketKind)] = MarketKind.POP_UP
    starts_on: OptionalDate = None
    ends_on: OptionalDate = None
    units_planned: Count = 0
    units_made: Count = 0
    units_shipped: Count = 0
    units_sold: Count = 0
    units_returned: Count = 0
    sold_out_on: OptionalDate = None
    price: OptionalPrice = None
    currency: Line = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    notes: Block = Field(default="", max_length=50_000)

    @model_validator(mode="after")
    def _consistent(self) -> PilotIn:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on: the pilot ends before it starts")
        if self.units_shipped > self.units_made:
            raise ValueError("units_shipped: more units shipped than made")
        if self.units_sold > self.units_shipped:
            raise ValueError("units_sold: more units sold than shipped to the market")
        if self.units_returned > self.units_sold:
            raise ValueError("units_returned: more units returned than sold")
        if self.sold_out_on and self.starts_on and self.sold_out_on < self.starts_on:
            raise ValueError("sold_out_on: sold out before the pilot started")
        return self


class FeedbackIn(BaseModel):
    """One customer's feedback as entered."""

    received_on: dt.date
    channel: Annotated[FeedbackChannel, choice(FeedbackChannel)] = FeedbackChannel.IN_STORE
    rating: Annotated[int | None, BeforeValidator(optional_int), Field(ge=1, le=5)] = None
    text: Block = Field(default="", max_length=5000)

    @model_validator(mode="after")
    def _something_said(self) -> FeedbackIn:
        if self.rating is None and not self.text:
            raise ValueError("text: give a rating or write what the customer said")
        return self


class SalesIn(BaseModel):
    """Units sold and returned on one day."""

    sold_on: dt.date
    sold: Count = 0
    returned: Count = 0

    @model_validator(mode="after")
    def _something_moved(self) -> SalesIn:
        if not self.sold and not self.returned:
            raise ValueError("sold: enter the units sold or returned that day")
        return self


class DecisionIn(BaseModel):
    """The decision taken on a pilot, with its reason and date."""

    decision: Annotated[Decision, choice(Decision)]
    reason: Block = Field(min_length=1, max_length=5000)
    decided_on: dt.date
