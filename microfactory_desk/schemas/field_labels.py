"""How people read a field path: the one mapping from schema field paths to the labels the forms show.

`lines.1.override_reason` reads "Line 1, Override reason"; `max_reorder_qty` reads "Max quick-reorder quantity".
Every form's error display, the failure box and the command line go through `field_label` / `error_text`.
"""

from __future__ import annotations

from microfactory_desk.errors import FieldError

# Field name -> the caption its editor carries (without the "*" of required fields).
LABELS: dict[str, str] = {
    # partner
    "code": "Code", "name": "Name", "kind": "Kind", "stage": "Stage", "stage_reason": "Reason for stage change",
    "region": "Region", "city": "City", "country": "Country", "address": "Address", "website": "Website",
    "processes": "Processes", "materials": "Materials", "weekly_capacity": "Weekly capacity (units)",
    "min_batch": "Minimum batch (units)", "risk_level": "Risk level", "risk_notes": "Risk notes", "tags": "Tags",
    "fallback_code": "Fallback bulk supplier", "role": "Role", "email": "Email", "phone": "Phone",
    "preferred_channel": "Preferred channel", "issuer": "Issuer", "number": "Number",
    "valid_from": "Valid from", "valid_until": "Valid until",
    # SLA
    "lead_time_target_days": "Lead time target (days)", "lead_time_bound_days": "Lead time bound (days)",
    "lead_time_percentile": "Share of deliveries within the bound (%)",
    "on_time_target_pct": "On-time delivery target (%)", "defect_ceiling_pct": "Defect ceiling (%)",
    "defect_ceiling_ppm": "Defect ceiling (ppm)", "quote_response_days": "Quote response time (days)",
    "reorder_window_days": "Quick reorder window (days)", "max_reorder_qty": "Max quick-reorder quantity",
    "price_held": "Price held for reorders", "price_held_until": "Price held until", "moq_waiver": "MOQ waiver",
    "fallback_trigger": "Fallback trigger", "clauses": "Clauses", "min_qty": "From quantity",
    "unit_price": "Unit price", "currency": "Currency", "sku_category": "SKU category",
    # negotiations
    "occurred_on": "Date", "channel": "Channel", "participants": "Participants", "our_ask": "We asked",
    "their_offer": "They offered", "agreed": "Agreed", "next_step": "Next step", "follow_up_on": "Follow up on",
    "follow_up_owner": "Follow-up owner", "sla_version_id": "About SLA version",
    # orders
    "partner_code": "Partner", "partner_id": "Partner", "order_date": "Order date",
    "requested_on": "Requested delivery", "destination_name": "Destination", "destination_type": "Destination type",
    "destination_address": "Address", "shipping_mode": "Shipping mode", "sku_code": "SKU", "sku": "SKU",
    "quantity": "Quantity", "override_price": "Override price", "override_reason": "Override reason",
    "notes": "Notes", "order_id": "Order", "reference": "Delivery note", "shipped_on": "Shipped on",
    "received_on": "Received on", "qty_received": "Quantity received", "qty_accepted": "Quantity accepted",
    "qty_defective": "Quantity defective", "category": "Category", "attributes": "Variant attributes",
    "experimental": "Experimental",
    # the partner's confirmation of an order
    "confirmed_qty": "Confirmed quantity", "confirmed_ship_on": "Ship date", "confirmed_on": "Confirmed on",
    "comment": "Partner comment",
    # quality
    "template_id": "Checklist", "inspected_on": "Date", "inspector": "Inspector", "location": "Location",
    "sample_size": "Sample size", "batch_ref": "Batch / lot", "key": "Key", "title": "Section title",
    "prompt": "What to check", "guidance": "Guidance for the inspector", "weight": "Weight", "critical": "Critical",
    "nominal": "Nominal", "tolerance": "Tolerance ±", "unit": "Unit", "choices": "Options",
    "passing_choices": "Options that pass", "pass_threshold_pct": "Pass threshold %", "measured": "Value",
    "result": "Answer", "description": "What must be put right", "owner": "Owner at the partner",
    "severity": "Severity", "raised_on": "Raised on", "due_on": "Due on", "closed_on": "Closure verified on",
    "closure_note": "Closure evidence", "status": "Status",
    # pilots
    "market_name": "Micro-market", "market_region": "Region", "market_kind": "Kind of market",
    "starts_on": "Starts on", "ends_on": "Ends on", "units_planned": "Units planned", "units_made": "Units made",
    "units_shipped": "Units shipped to the market", "units_sold": "Units sold", "units_returned": "Units returned",
    "sold_out_on": "Sold out on", "price": "Price per unit", "decision": "Decision", "decided_on": "Decided on",
    "reason": "Reason", "sold_on": "Sold on", "sold": "Sold", "returned": "Returned", "rating": "Rating",
    "text": "Feedback",
}  # fmt: skip

# List fields and what one of their rows is called ("lines.2" is "Line 2").
ROW_NOUNS: dict[str, str] = {
    "lines": "Line", "price_tiers": "Tier", "contacts": "Contact", "certifications": "Certification",
    "sections": "Section", "items": "Item",
}  # fmt: skip


def field_label(path: str) -> str:
    """A schema field path as the form names it: "lines.1.override_reason" -> "Line 1, Override reason".

    An unknown name reads as words ("foo_bar" -> "Foo bar"); "record" (the whole record) reads "".
    """
    if path in ("", "record"):
        return ""
    parts, words = path.split("."), []
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else ""
        if part in ROW_NOUNS and following.isdigit():
            words.append(f"{ROW_NOUNS[part]} {following}")
            index += 2
            continue
        words.append(LABELS.get(part) or part.replace("_", " ").capitalize())
        index += 1
    return ", ".join(words)


def error_text(error: FieldError) -> str:
    """One field error for people: "Line 1, Override reason: say why the price differs"."""
    where = field_label(error.field)
    return f"{where}: {error.message}" if where else error.message
