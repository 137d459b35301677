"""Validated partner input and the partner detail DTO."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    field_validator,
    model_validator,
)

from microfactory_desk.schemas.fields import (
    Block,
    Items,
    Line,
    OptionalCount,
    OptionalLine,
    choice,
    line,
    validate,
)
from microfactory_desk.schemas.history import ChangeOut
from microfactory_desk.schemas.stored import Stored
from microfactory_desk.schemas.vocab import Channel, PartnerKind, RiskLevel, Stage

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
PHONE_PATTERN = re.compile(r"^[0-9+()./ x-]*$")


class ContactIn(BaseModel):
    """A contact person as entered."""

    model_config = ConfigDict(from_attributes=True)

    id: int | None = None
    name: Line = Field(min_length=1, max_length=200)
    role: Line = Field(default="", max_length=200)
    email: Annotated[EmailStr | None, BeforeValidator(lambda v: line(v) or None)] = None
    phone: Line = Field(default="", max_length=50)
    preferred_channel: Annotated[Channel, choice(Channel)] = Channel.EMAIL

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        if not PHONE_PATTERN.match(value):
            raise ValueError("use digits, spaces and + ( ) - . only")
        return value


class CertificationIn(BaseModel):
    """A certification as entered."""

    model_config = ConfigDict(from_attributes=True)

    id: int | None = None
    name: Line = Field(min_length=1, max_length=200)
    issuer: Line = Field(default="", max_length=200)
    number: Line = Field(default="", max_length=100)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> CertificationIn:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until: the expiry date is before the start date")
        return self


class PartnerIn(BaseModel):
    """A partner as entered in the editor or read from an import file."""

    model_config = ConfigDict(from_attributes=True)

    code: Line = Field(min_length=1, max_length=32)
    name: Line = Field(min_length=1, max_length=200)
    kind: Annotated[PartnerKind, choice(PartnerKind)] = PartnerKind.MICROFACTORY
    stage: Annotated[Stage, choice(Stage)] = Stage.PROSPECT
    region: Line = Field(default="", max_length=100)
    city: Line = Field(default="", max_length=100)
    country: Line = Field(default="", max_length=100)
    address: Block = Field(default="", max_length=2000)
    website: Line = Field(default="", max_length=300)
    processes: Items = Field(default_factory=list)
    materials: Items = Field(default_factory=list)
    weekly_capacity: OptionalCount = None
    min_batch: OptionalCount = None
    risk_level: Annotated[RiskLevel, choice(RiskLevel)] = RiskLevel.LOW
    risk_notes: Block = Field(default="", max_length=20_000)
    fallback_code: OptionalLine = None
    tags: Items = Field(default_factory=list)
    contacts: list[ContactIn] = Field(default_factory=list)
    certifications: list[CertificationIn] = Field(default_factory=list)

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not CODE_PATTERN.match(value):
            raise ValueError("use letters, digits and . _ / - only, starting with a letter or digit")
        return value

    @field_validator("website")
    @classmethod
    def _website(cls, value: str) -> str:
        if value and (" " in value or "." not in value):
            raise ValueError("not a web address (example: https://factory.example)")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> PartnerIn:
        if self.fallback_code and self.fallback_code.casefold() == self.code.casefold():
            raise ValueError("fallback_code: a partner cannot fall back to itself")
        if self.weekly_capacity is not None and self.min_batch is not None and self.min_batch > self.weekly_capacity:
            raise ValueError("min_batch: the minimum batch is larger than the weekly capacity")
        return self


class StageChangeOut(BaseModel):
    """One entry of a partner's stage history."""

    model_config = ConfigDict(from_attributes=True)

    from_stage: str | None
    to_stage: str
    changed_at: dt.datetime
    reason: str


class ContactOut(Stored, ContactIn):
    """A stored contact, shown as stored even where today's input rules would refuse it."""


class CertificationOut(Stored, CertificationIn):
    """A stored certification, shown as stored even where today's input rules would refuse it."""

    def _dates_in_order(self) -> CertificationOut:  # type: ignore[override]
        return self  # a stored record is shown as it is (schemas/stored.py)


class PartnerDetail(Stored, PartnerIn):
    """A stored partner with everything the editor shows (values kept as stored: schemas/stored.py)."""

    id: int
    uuid: str
    contacts: list[ContactOut] = Field(default_factory=list)  # type: ignore[assignment]
    certifications: list[CertificationOut] = Field(default_factory=list)  # type: ignore[assignment]
    fallback_name: str | None = None
    history: list[StageChangeOut] = Field(default_factory=list)
    created_at: dt.datetime
    updated_at: dt.datetime
    # The version counter the editor hands back on save (a stale save is refused), and who wrote the record.
    row_version: int = 1
    created_by: str = ""
    updated_by: str = ""
    changes: list[ChangeOut] = Field(default_factory=list)  # the change log, newest first

    def _consistent(self) -> PartnerDetail:  # type: ignore[override]
        return self  # a stored record is shown as it is (schemas/stored.py)


def validate_partner(data: dict[str, Any]) -> PartnerIn:
    """A PartnerIn from raw values, or ValidationFailed naming each bad field."""
    return validate(PartnerIn, data)
