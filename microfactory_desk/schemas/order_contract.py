"""The published order contract: the JSON an order is exported as, and the confirmation a partner sends back.

`microfactory-desk schema order` and `schema order-confirmation` print these models' JSON Schemas.
Money travels as decimal strings so no system rounds a price through binary floating point.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from microfactory_desk.schemas.order_vocab import DestinationType, OrderStatus, PriceSource, ShippingMode

ORDER_SCHEMA_ID: Final = "microfactory-desk/order@1"
CONFIRMATION_SCHEMA_ID: Final = "microfactory-desk/order-confirmation@1"
DecimalText = Annotated[str, Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$", examples=["12.50"])]
Fingerprint = Annotated[str, Field(pattern=r"^[0-9a-f]{16}$", description="identifies the order's line set")]


class _Contract(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ContractParty(_Contract):
    """The partner the order goes to."""

    code: str
    name: str
    city: str = ""
    country: str = ""


class ContractDestination(_Contract):
    """Where the goods go."""

    name: str
    type: DestinationType
    address: str = ""


class ContractLine(_Contract):
    """One ordered SKU with its price, where the price came from, and the partner's confirmation."""

    position: Annotated[int, Field(ge=1)]
    sku_code: str
    sku_name: str
    unit: str
    quantity: Annotated[int, Field(ge=1)]
    unit_price: DecimalText | None = Field(description="null when no SLA tier prices the line")
    price_source: PriceSource
    price_tier: str = Field(default="", description="the SLA tier (or override reason) behind the price")
    line_total: DecimalText | None
    notes: str = ""
    confirmed_qty: Annotated[int, Field(ge=0)] | None = None
    confirmed_ship_on: dt.date | None = None
    partner_comment: str = ""


class ContractChange(_Contract):
    """One logged change of the order or its lines: when (UTC), who, the field as the form names it, before/after."""

    changed_at: dt.datetime
    changed_by: str
    field: str
    old_value: str = ""
    new_value: str = ""


class OrderDocument(_Contract):
    """A purchase order as systems exchange it."""

    schema_id: Literal["microfactory-desk/order@1"] = Field(default=ORDER_SCHEMA_ID, alias="schema")
    uuid: str
    number: Annotated[str, Field(pattern=r"^PO-[0-9]{4}-[0-9]{4,}$")]
    status: OrderStatus
    order_date: dt.date
    requested_on: dt.date | None
    sent_on: dt.date | None
    partner: ContractParty
    destination: ContractDestination
    shipping_mode: ShippingMode
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    sla_version: int | None = Field(description="the partner's SLA version that priced the order")
    notes: str = ""
    lines: list[ContractLine]
    total: DecimalText
    line_set_fingerprint: Fingerprint
    history: list[ContractChange] = Field(
        default_factory=list, description="who changed what on the order, newest first (the change log)"
    )

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ConfirmationLineDocument(_Contract):
    """The partner's answer for one line; position, SKU and quantity repeat the order's line."""

    position: Annotated[int, Field(ge=1)]
    sku_code: str
    quantity: Annotated[int, Field(ge=1, description="the ordered quantity, unchanged")]
    confirmed_qty: Annotated[int, Field(ge=0, description="0 when the partner cannot make the line")]
    confirmed_ship_on: dt.date | None = Field(default=None, description="required when confirmed_qty > 0")
    comment: Annotated[str, Field(max_length=5000)] = ""


class OrderConfirmationDocument(_Contract):
    """A partner's confirmation of a whole order: every line, once."""

    schema_id: Literal["microfactory-desk/order-confirmation@1"] = Field(default=CONFIRMATION_SCHEMA_ID, alias="schema")
    order_uuid: str
    order_number: str
    line_set_fingerprint: Fingerprint | None = None
    confirmed_on: dt.date | None = None
    lines: Annotated[list[ConfirmationLineDocument], Field(min_length=1)]

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of `order` (as exported) or `order-confirmation` (as accepted)."""
    if kind == "order":
        schema = OrderDocument.model_json_schema(by_alias=True, mode="serialization")
        schema["$id"] = ORDER_SCHEMA_ID
    elif kind == "order-confirmation":
        schema = OrderConfirmationDocument.model_json_schema(by_alias=True, mode="validation")
        schema["$id"] = CONFIRMATION_SCHEMA_ID
    else:
        raise ValueError(f"unknown schema {kind!r}: use order or order-confirmation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
