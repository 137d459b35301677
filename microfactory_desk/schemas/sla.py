"""Validated SLA terms and price tiers, the SLA version DTO, prices and the comparison of two versions."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from microfactory_desk.schemas.fields import (
    Block,
    OptionalCount,
    OptionalLine,
    line,
    optional_int,
    validate,
)
from microfactory_desk.schemas.in_force import covers_day
from microfactory_desk.schemas.stored import Stored
from microfactory_desk.schemas.vocab import SlaStatus

CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")


def _decimal(value: Any) -> Any:
    """Blank is None; a decimal comma ("12,50") is read as a point, as people type it in Europe."""
    value = optional_int(value)
    if isinstance(value, str):
        return value.replace(",", ".")
    return value


def _currency(value: Any) -> Any:
    return line(value).upper() if isinstance(value, str) else value


# Bounds go on the inner type: on the optional union they would be applied to None too.
Days = Annotated[Annotated[int, Field(ge=0, le=3650)] | None, BeforeValidator(optional_int)]
Percent = Annotated[Annotated[Decimal, Field(ge=0, le=100, decimal_places=4)] | None, BeforeValidator(_decimal)]
Ppm = Annotated[Annotated[int, Field(ge=0, le=1_000_000)] | None, BeforeValidator(optional_int)]
Price = Annotated[Decimal, BeforeValidator(_decimal), Field(ge=0, max_digits=12, decimal_places=4)]
Currency = Annotated[str, BeforeValidator(_currency)]


class PriceTierIn(BaseModel):
    """A quantity break for one SKU, one SKU category, or (neither given) every SKU."""

    model_config = ConfigDict(from_attributes=True)

    sku: OptionalLine = Field(default=None, max_length=64)
    sku_category: OptionalLine = Field(default=None, max_length=100)
    min_qty: Annotated[int, BeforeValidator(optional_int), Field(ge=1, le=100_000_000)]
    unit_price: Price
    currency: Currency = "EUR"

    @model_validator(mode="after")
    def _valid(self) -> PriceTierIn:
        if not CURRENCY_PATTERN.match(self.currency):
            raise ValueError("currency: use a 3-letter currency code such as EUR")
        if self.sku and self.sku_category:
            raise ValueError("sku_category: a tier applies to one SKU or to one category, not both")
        return self

    @property
    def scope(self) -> tuple[str, str]:
        """("sku", key), ("category", key) or ("all", ""); keys compare without case."""
        if self.sku:
            return ("sku", self.sku.casefold())
        if self.sku_category:
            return ("category", self.sku_category.casefold())
        return ("all", "")

    @property
    def scope_label(self) -> str:
        """Where the tier applies, as people read it."""
        if self.sku:
            return f"SKU {self.sku}"
        return f"category {self.sku_category}" if self.sku_category else "all SKUs"


class SlaTermsFields(BaseModel):
    """Every term of an SLA version, all optional."""

    model_config = ConfigDict(from_attributes=True)

    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    lead_time_target_days: Days = None
    lead_time_bound_days: Days = None
    lead_time_percentile: Annotated[int | None, BeforeValidator(optional_int)] = None
    on_time_target_pct: Percent = None
    defect_ceiling_pct: Percent = None
    defect_ceiling_ppm: Ppm = None
    quote_response_days: Days = None
    reorder_window_days: Days = None
    max_reorder_qty: OptionalCount = None
    price_held: bool = False
    price_held_until: dt.date | None = None
    moq_waiver: bool = False
    fallback_code: OptionalLine = None
    fallback_trigger: Block = Field(default="", max_length=2000)
    clauses: Block = Field(default="", max_length=50_000)
    notes: Block = Field(default="", max_length=20_000)
    price_tiers: list[PriceTierIn] = Field(default_factory=list)


class PriceTierOut(Stored, PriceTierIn):
    """A stored price tier, shown as stored even where today's input rules would refuse it."""

    def _valid(self) -> PriceTierOut:  # type: ignore[override]
        return self  # a stored record is shown as it is (schemas/stored.py)


class SlaTermsIn(SlaTermsFields):
    """SLA terms as entered: dates in order, a sound lead-time bound and price tiers without clashes."""

    @model_validator(mode="after")
    def _consistent(self) -> SlaTermsIn:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until: the end date is before the start date")
        if self.lead_time_percentile is not None and not 50 <= self.lead_time_percentile <= 99:
            raise ValueError("lead_time_percentile: must be between 50 and 99 (e.g. 90 % of deliveries)")
        if self.lead_time_percentile is not None and self.lead_time_bound_days is None:
            raise ValueError("lead_time_bound_days: give the days within which that share of deliveries arrives")
        if self.lead_time_bound_days is not None and self.lead_time_percentile is None:
            raise ValueError("lead_time_percentile: say which share of deliveries the bound covers (50-99 %)")
        target, bound = self.lead_time_target_days, self.lead_time_bound_days
        if target is not None and bound is not None and bound < target:
            raise ValueError(f"lead_time_bound_days: the bound ({bound} days) is shorter than the target ({target})")
        if self.price_held_until and not self.price_held:
            raise ValueError("price_held_until: a hold date needs the price to be held")
        seen: dict[tuple[str, str, int], int] = {}
        currencies: dict[tuple[str, str], str] = {}
        for number, tier in enumerate(self.price_tiers, start=1):
            key = (*tier.scope, tier.min_qty)
            if key in seen:
                raise ValueError(
                    f"price_tiers.{number}.min_qty: tier {seen[key]} ({tier.scope_label}) already starts at"
                    f" {tier.min_qty}"
                )
            seen[key] = number
            if currencies.setdefault(tier.scope, tier.currency) != tier.currency:
                raise ValueError(
                    f"price_tiers.{number}.currency: {tier.scope_label} is priced in {currencies[tier.scope]}"
                )
        return self


class SlaVersionOut(Stored, SlaTermsFields):
    """A stored SLA version with its partner, status and tiers (kept as stored: schemas/stored.py)."""

    price_tiers: list[PriceTierOut] = Field(default_factory=list)  # type: ignore[assignment]

    id: int
    uuid: str
    partner_id: int
    partner_code: str
    partner_name: str
    number: int
    status: SlaStatus
    fallback_name: str | None = None
    agreed_at: dt.datetime | None = None
    created_at: dt.datetime
    updated_at: dt.datetime
    row_version: int = 1  # the version counter the editor hands back on save (a stale save is refused)
    updated_by: str = ""

    @property
    def editable(self) -> bool:
        """Drafts and proposals can still change; agreed and older versions are kept as they were."""
        return self.status in (SlaStatus.DRAFT, SlaStatus.PROPOSED)

    def in_force_on(self, day: dt.date) -> bool:
        """True when this once-agreed version covers `day` (the one rule: services/sla/in_force.py)."""
        return covers_day(self, day)

    def is_current(self, day: dt.date) -> bool:
        """True when this is the agreed version in force on `day` (an expired one that once covered it is not)."""
        return self.status == SlaStatus.AGREED and self.in_force_on(day)


class TierPrice(BaseModel):
    """The unit price for a quantity, and the SLA version and tier it comes from."""

    version_id: int
    version_number: int
    scope: str
    min_qty: int
    unit_price: Decimal
    currency: str


class ComparisonRow(BaseModel):
    """One term of two SLA versions side by side."""

    term: str
    a: str
    b: str
    changed: bool


class SlaComparison(BaseModel):
    """Two SLA versions compared term by term (price tiers one row per scope and break)."""

    version_a: int
    version_b: int
    rows: list[ComparisonRow]

    @property
    def changed(self) -> list[ComparisonRow]:
        """Only the terms that differ."""
        return [row for row in self.rows if row.changed]


def validate_terms(data: dict[str, Any]) -> SlaTermsIn:
    """SlaTermsIn from raw values, or ValidationFailed naming each bad field."""
    return validate(SlaTermsIn, data)
