"""The roster file layout shared by the exporter and the importer: sheets, columns and headers."""

from __future__ import annotations

from typing import NamedTuple


class Column(NamedTuple):
    """One column of a roster sheet: the field it holds, its header and accepted header aliases."""

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


PARTNER_COLUMNS = (
    Column("code", "Code", ("partner code", "id"), required=True),
    Column("name", "Name", ("partner", "partner name", "company"), required=True),
    Column("kind", "Kind", ("type",)),
    Column("stage", "Stage", ("lifecycle", "lifecycle stage", "status")),
    Column("region", "Region"),
    Column("city", "City", ("town",)),
    Column("country", "Country"),
    Column("address", "Address"),
    Column("website", "Website", ("web", "url")),
    Column("processes", "Processes", ("process", "capabilities")),
    Column("materials", "Materials", ("material",)),
    Column("weekly_capacity", "Weekly capacity", ("capacity", "capacity per week")),
    Column("min_batch", "Minimum batch", ("min batch", "moq", "minimum order")),
    Column("risk_level", "Risk level", ("risk",)),
    Column("risk_notes", "Risk notes"),
    Column("fallback_code", "Fallback", ("fallback code", "fallback supplier", "fallback bulk supplier")),
    Column("tags", "Tags", ("tag",)),
)

CONTACT_COLUMNS = (
    Column("partner_code", "Partner code", ("code", "partner"), required=True),
    Column("name", "Name", ("contact", "contact name"), required=True),
    Column("role", "Role", ("title",)),
    Column("email", "Email", ("e-mail", "mail")),
    Column("phone", "Phone", ("telephone", "mobile")),
    Column("preferred_channel", "Preferred channel", ("channel",)),
)

CERTIFICATION_COLUMNS = (
    Column("partner_code", "Partner code", ("code", "partner"), required=True),
    Column("name", "Certification", ("name", "certificate"), required=True),
    Column("issuer", "Issuer", ("issued by",)),
    Column("number", "Number", ("certificate number", "no")),
    Column("valid_from", "Valid from", ("from", "issued")),
    Column(
        "valid_until",
        "Valid until",
        (
            "until",
            "expiry",
            "expires",
            "expiry date",
            "valid to",
            "valid till",
            "valid through",
            "expires on",
            "expiration",
            "expiration date",
        ),
    ),
)

PARTNERS_SHEET = "Partners"
CONTACTS_SHEET = "Contacts"
CERTIFICATIONS_SHEET = "Certifications"
SHEETS = {
    PARTNERS_SHEET: PARTNER_COLUMNS,
    CONTACTS_SHEET: CONTACT_COLUMNS,
    CERTIFICATIONS_SHEET: CERTIFICATION_COLUMNS,
}


def header_key(text: str) -> str:
    """How headers are compared: case, blanks, dashes and underscores ignored."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def header_lookup(columns: tuple[Column, ...]) -> dict[str, Column]:
    """Every accepted header spelling of a sheet, mapped to its column."""
    lookup: dict[str, Column] = {}
    for column in columns:
        for name in (column.header, column.field, *column.aliases):
            lookup.setdefault(header_key(name), column)
    return lookup
