"""Validated order and SKU input, and the order DTOs the services hand to the GUI, CLI and exports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from microfactory_desk.schemas.fields import Block, Line, choice, optional_int, validate
from microfactory_desk.schemas.list_rows import OrderList as OrderList
from microfactory_desk.schemas.list_rows import OrderRow as OrderRow
from microfactory_desk.schemas.list_rows import SkuRow as SkuRow
from microfactory_desk.schemas.money import round_money
from microfactory_desk.schemas.order_vocab import DestinationType, OrderStatus, PriceSource, ShippingMode
from microfactory_desk.schemas.sla import CURRENCY_PATTERN, Currency, Price

Quantity = Annotated[int, BeforeValidator(optional_int), Field(ge=1, le=10_000_000)]
OptionalPrice = Annotated[Price | None, BeforeValidator(lambda v: None if v in ("", None) else v)]


def _attributes(value: Any) -> Any:
    """Variant attributes from "region=PL-South; size=M" text, or a mapping as it is."""
    if not isinstance(value, str):
        return value
    pairs = {}
    for part in value.replace("\n", ";").split(";"):
        if not part.strip():
            continue
        key, sep, item = part.partition("=")
        if not sep or not key.strip() or not item.strip():
            raise ValueError(f"write each as name=value, separated by ';' ({part.strip()!r} is not)")
        pairs[" ".join(key.split()).lower()] = " ".join(item.split())
    return pairs


class SkuIn(BaseModel):
    """A catalogue item as entered."""

    code: Annotated[Line, Field(min_length=1, max_length=64)]
    name: Annotated[Line, Field(min_length=1, max_length=200)]
    category: Annotated[Line, Field(max_length=100)] = ""
    unit: Annotated[Line, Field(min_length=1, max_length=20)] = "pcs"
    attributes: Annotated[dict[str, str], BeforeValidator(_attributes)] = Field(default_factory=dict)
    experimental: bool = False
    notes: Block = Field(default="", max_length=20_000)


class OrderLineIn(BaseModel):
    """One line as entered: a SKU, a quantity and, when the tier price is not to be used, an override."""

    sku_code: Annotated[Line, Field(min_length=1, max_length=64)]
    quantity: Quantity
    override_price: OptionalPrice = None
    override_reason: Block = Field(default="", max_length=2000)
    notes: Block = Field(default="", max_length=5000)

    @model_validator(mode="after")
    def _reasoned(self) -> OrderLineIn:
        if self.override_price is not None and not self.override_reason:
            raise ValueError("override_reason: say why the price differs from the SLA tier")
        return self


class OrderIn(BaseModel):
    """An order as entered in the editor or a script; lines priced by the service."""

    partner_code: Annotated[Line, Field(min_length=1, max_length=32)]
    order_date: dt.date
    requested_on: dt.date | None = None
    destination_name: Annotated[Line, Field(max_length=200)] = ""
    destination_type: Annotated[DestinationType, choice(DestinationType)] = DestinationType.POP_UP
    destination_address: Block = Field(default="", max_length=2000)
    shipping_mode: Annotated[ShippingMode, choice(ShippingMode)] = ShippingMode.COURIER
    currency: Currency = "EUR"
    notes: Block = Field(default="", max_length=20_000)
    lines: list[OrderLineIn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> OrderIn:
        if not CURRENCY_PATTERN.match(self.currency):
            raise ValueError("currency: use a 3-letter currency code such as EUR")
        if self.requested_on is not None and self.requested_on < self.order_date:
            raise ValueError("requested_on: the requested delivery date is before the order date")
        return self


class LineQuote(BaseModel):
    """A priced line: the price, the tier (or override) that produced it, and warnings to show inline."""

    sku_code: str
    sku_name: str = ""
    quantity: int
    unit_price: Decimal | None
    price_source: PriceSource
    tier_min_qty: int | None = None
    tier_label: str = ""
    currency: str = "EUR"
    warnings: list[str] = Field(default_factory=list)

    @property
    def line_total(self) -> Decimal | None:
        """Quantity times unit price, None when the line has no price."""
        return None if self.unit_price is None else self.unit_price * self.quantity


class OrderLineOut(LineQuote):
    """A stored line with its confirmation."""

    id: int
    position: int
    sku_unit: str = "pcs"
    sku_experimental: bool = False
    override_reason: str = ""
    notes: str = ""
    confirmed_qty: int | None = None
    confirmed_ship_on: dt.date | None = None
    partner_comment: str = ""
    promised_on: dt.date | None = None  # promised arrival: ship date + transit, or sent + SLA lead time

    @property
    def confirmed_total(self) -> Decimal | None:
        """Confirmed quantity × unit price (the ordered quantity while unconfirmed); None without a price."""
        if self.unit_price is None:
            return None
        qty = self.quantity if self.confirmed_qty is None else self.confirmed_qty
        return (self.unit_price * qty).quantize(Decimal("0.01"))

    def confirmation_flags(self, requested_on: dt.date | None) -> list[str]:
        """What the partner's answer changes: declined, short, or arriving after the requested date."""
        flags = []
        if self.confirmed_qty == 0:
            flags.append(f"declined (0 of {self.quantity})")
        elif self.confirmed_qty is not None and self.confirmed_qty < self.quantity:
            flags.append(f"short ({self.confirmed_qty} of {self.quantity})")
        arrival = self.promised_on if self.confirmed_ship_on is not None else None
        if arrival is not None and requested_on is not None and arrival > requested_on:
            flags.append(f"arrives {arrival}, after the requested {requested_on}")
        return flags


class StatusChangeOut(BaseModel):
    """One step of an order's history."""

    model_config = ConfigDict(from_attributes=True)

    from_status: str | None
    to_status: str
    changed_at: dt.datetime
    reason: str


class OrderOut(BaseModel):
    """An order with its partner, lines, SLA and history."""

    id: int
    uuid: str
    number: str
    partner_id: int
    partner_code: str
    partner_name: str
    partner_city: str = ""
    partner_country: str = ""
    status: OrderStatus
    order_date: dt.date
    requested_on: dt.date | None
    destination_name: str
    destination_type: DestinationType
    destination_address: str
    shipping_mode: ShippingMode
    currency: str
    notes: str
    sla_version_id: int | None
    sla_version_number: int | None = None
    sla_terms: list[tuple[str, str]] = Field(default_factory=list)
    sent_on: dt.date | None
    confirmed_on: dt.date | None
    received_on: dt.date | None
    cancel_reason: str
    lines: list[OrderLineOut]
    history: list[StatusChangeOut] = Field(default_factory=list)
    partner_comment: str = ""  # the partner's comment on the whole order
    row_version: int = 1  # the version counter the editor hands back on save (a stale save is refused)
    updated_by: str = ""

    @property
    def confirmed_total(self) -> Decimal:
        """Sum of the priced lines at their confirmed quantities (a line confirmed at 0 counts nothing)."""
        return sum((line.confirmed_total or Decimal(0) for line in self.lines), Decimal(0))

    @property
    def confirmation_flags(self) -> list[str]:
        """Each line the partner confirmed short, at 0 or arriving late, as "line 2: short (80 of 120)"."""
        return [f"line {ln.position}: {flag}" for ln in self.lines for flag in ln.confirmation_flags(self.requested_on)]

    @property
    def total(self) -> Decimal:
        """Sum of the priced lines, rounded once to the cent (schemas.money's rule)."""
        return round_money(sum((line.line_total or Decimal(0) for line in self.lines), Decimal(0)))

    @property
    def unpriced(self) -> int:
        """How many lines have no price."""
        return sum(1 for line in self.lines if line.unit_price is None)

    @property
    def editable(self) -> bool:
        """Only drafts change freely; sent orders take confirmation fields only."""
        return self.status == OrderStatus.DRAFT

    def as_input(self) -> OrderIn:
        """The order's fields as editor input (for editing a draft)."""
        return OrderIn(
            partner_code=self.partner_code,
            order_date=self.order_date,
            requested_on=self.requested_on,
            destination_name=self.destination_name,
            destination_type=self.destination_type,
            destination_address=self.destination_address,
            shipping_mode=self.shipping_mode,
            currency=self.currency,
            notes=self.notes,
            lines=[
                OrderLineIn(
                    sku_code=line.sku_code,
                    quantity=line.quantity,
                    override_price=line.unit_price if line.price_source == PriceSource.OVERRIDE else None,
                    override_reason=line.override_reason,
                    notes=line.notes,
                )
                for line in self.lines
            ],
        )


class ConfirmationLine(BaseModel):
    """The partner's answer for one line."""

    position: int
    confirmed_qty: Annotated[int, Field(ge=0, le=10_000_000)]
    confirmed_ship_on: dt.date | None = None
    comment: Block = Field(default="", max_length=5000)


class Confirmation(BaseModel):
    """A partner's confirmation of a whole order, from a sheet, a JSON file or the editor."""

    order_uuid: str
    lines: list[ConfirmationLine]
    confirmed_on: dt.date | None = None
    comment: Block = Field(default="", max_length=5000)  # on the whole order


class ExportedFile(BaseModel):
    """Where an export went and how much it holds."""

    path: str
    count: int


def validate_order(data: dict[str, Any]) -> OrderIn:
    """OrderIn from raw values, or ValidationFailed naming each bad field."""
    return validate(OrderIn, data)


def validate_sku(data: dict[str, Any]) -> SkuIn:
    """SkuIn from raw values, or ValidationFailed naming each bad field."""
    return validate(SkuIn, data)


class OrderSheet(BaseModel):
    """What the Excel order sheet shows: the order, who buys, and what identifies its line set."""

    order: OrderOut
    buyer: str
    fingerprint: str
    generated_on: dt.date
