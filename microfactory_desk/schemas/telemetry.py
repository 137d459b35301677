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
