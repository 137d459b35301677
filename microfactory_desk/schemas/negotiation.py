"""Validated negotiation entries, the entry DTO and the follow-up rows the dashboard lists."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from microfactory_desk.schemas.fields import Block, Line, choice, validate
from microfactory_desk.schemas.list_rows import FollowUpRow as FollowUpRow
from microfactory_desk.schemas.stored import Stored
from microfactory_desk.schemas.vocab import NegotiationChannel

NOTE_FIELDS = ("our_ask", "their_offer", "agreed", "notes", "next_step")


class NegotiationEntryIn(BaseModel):
    """One negotiation step as entered."""

    model_config = ConfigDict(from_attributes=True)

    occurred_on: dt.date
    channel: Annotated[NegotiationChannel, choice(NegotiationChannel)] = NegotiationChannel.CALL
    sla_version_id: int | None = None
    participants: Line = Field(default="", max_length=500)
    our_ask: Block = Field(default="", max_length=20_000)
    their_offer: Block = Field(default="", max_length=20_000)
    agreed: Block = Field(default="", max_length=20_000)
    notes: Block = Field(default="", max_length=50_000)
    next_step: Block = Field(default="", max_length=2000)
    follow_up_on: dt.date | None = None
    follow_up_owner: Line = Field(default="", max_length=200)

    @model_validator(mode="after")
    def _consistent(self) -> NegotiationEntryIn:
        if not any(getattr(self, name) for name in NOTE_FIELDS):
            raise ValueError("notes: write what was asked, offered, agreed, noted or comes next")
        if self.follow_up_on and not self.next_step:
            raise ValueError("next_step: say what should happen by the follow-up date")
        if self.follow_up_on and self.follow_up_on < self.occurred_on:
            raise ValueError("follow_up_on: the follow-up date is before the date of the entry")
        return self


class NegotiationEntryOut(Stored, NegotiationEntryIn):
    """A stored negotiation entry with its partner and the SLA version it concerns (kept as stored)."""

    id: int
    uuid: str
    partner_id: int
    partner_code: str
    partner_name: str
    sla_version_number: int | None = None
    follow_up_done_at: dt.datetime | None = None
    created_at: dt.datetime
    updated_at: dt.datetime
    row_version: int = 1  # the version counter the editor hands back on save (a stale save is refused)
    updated_by: str = ""

    def _consistent(self) -> NegotiationEntryOut:  # type: ignore[override]
        return self  # a stored record is shown as it is (schemas/stored.py)

    @property
    def follow_up_open(self) -> bool:
        """True when a follow-up date is set and not yet done."""
        return self.follow_up_on is not None and self.follow_up_done_at is None


def validate_entry(data: dict[str, Any]) -> NegotiationEntryIn:
    """NegotiationEntryIn from raw values, or ValidationFailed naming each bad field."""
    return validate(NegotiationEntryIn, data)
