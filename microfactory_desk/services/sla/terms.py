"""Pure rules on SLA terms: which price tier applies to a quantity, and two versions compared term by term."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.sla import ComparisonRow, PriceTierIn, SlaComparison, SlaVersionOut
from microfactory_desk.schemas.vocab import label

_SCOPE_ORDER = {"all": 0, "category": 1, "sku": 2}


def select_tier(
    tiers: Iterable[PriceTierIn], qty: int, sku: str | None = None, category: str | None = None
) -> PriceTierIn:
    """The tier with the largest break not above qty, from the most specific scope priced (SKU, category, all)."""
    if qty < 1:
        raise ValidationFailed.single("quantity", "must be at least 1")
    tiers = list(tiers)
    scopes = [("sku", sku.strip().casefold())] if sku and sku.strip() else []
    scopes += [("category", category.strip().casefold())] if category and category.strip() else []
    scopes.append(("all", ""))
    for scope in scopes:
        # The most specific scope that has tiers is the price list; less specific ones do not fill its gaps.
        scoped = [t for t in tiers if t.scope == scope]
        if scoped:
            break
    else:
        what = ", ".join(filter(None, (sku and f"SKU {sku}", category and f"category {category}"))) or "all SKUs"
        raise ValidationFailed.single("price_tiers", f"the SLA has no price for {what}")
    fitting = [t for t in scoped if t.min_qty <= qty]
    if not fitting:
        smallest = min(t.min_qty for t in scoped)
        raise ValidationFailed.single(
            "quantity", f"{qty} is below the smallest quantity priced for {scoped[0].scope_label}: {smallest}"
        )
    return max(fitting, key=lambda t: t.min_qty)


def number(value: Decimal | int | None, unit: str = "") -> str:
    """A number without trailing zeros ("95 %", "0.25 %"), or an empty string when not set."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f") if isinstance(value, Decimal) else str(value)
    return f"{text}{unit}"


def money(value: Decimal, currency: str) -> str:
    """A price with at least two decimals ("12.50 EUR", "0.1250 EUR")."""
    text = format(value.normalize(), "f")
    whole, _, cents = text.partition(".")
    return f"{whole}.{cents.ljust(2, '0')} {currency}"


def _yes_no(flag: bool, until: object = None) -> str:
    return ("yes" + (f", until {until}" if until else "")) if flag else "no"


def _variability(v: SlaVersionOut) -> str:
    if v.lead_time_bound_days is None:
        return ""
    return f"{v.lead_time_percentile} % within {v.lead_time_bound_days} days"


def _fallback(v: SlaVersionOut) -> str:
    return f"{v.fallback_code} {v.fallback_name or ''}".strip() if v.fallback_code else ""


_TERMS: tuple[tuple[str, Callable[[SlaVersionOut], str]], ...] = (
    ("Status", lambda v: label(v.status.value)),
    ("Valid from", lambda v: str(v.valid_from or "")),
    ("Valid until", lambda v: str(v.valid_until or "")),
    ("Lead time target", lambda v: number(v.lead_time_target_days, " days")),
    ("Lead-time variability", _variability),
    ("On-time target", lambda v: number(v.on_time_target_pct, " %")),
    ("Defect ceiling (%)", lambda v: number(v.defect_ceiling_pct, " %")),
    ("Defect ceiling (ppm)", lambda v: number(v.defect_ceiling_ppm, " ppm")),
    ("Quote response", lambda v: number(v.quote_response_days, " days")),
    ("Reorder window", lambda v: number(v.reorder_window_days, " days")),
    ("Max reorder quantity", lambda v: number(v.max_reorder_qty)),
    ("Price held", lambda v: _yes_no(v.price_held, v.price_held_until)),
    ("Minimum-order waiver", lambda v: _yes_no(v.moq_waiver)),
    ("Fallback supplier", _fallback),
    ("Fallback trigger", lambda v: v.fallback_trigger),
    ("Clauses", lambda v: v.clauses),
    ("Notes", lambda v: v.notes),
)


def _prices(version: SlaVersionOut) -> dict[tuple[int, str, int], tuple[str, str]]:
    """(scope order, scope key, break) -> (term label, price text)."""
    return {
        (_SCOPE_ORDER[t.scope[0]], t.scope[1], t.min_qty): (
            f"Price, {t.scope_label}, from {t.min_qty}",
            money(t.unit_price, t.currency),
        )
        for t in version.price_tiers
    }


def compare_versions(a: SlaVersionOut, b: SlaVersionOut) -> SlaComparison:
    """Every term of a and b side by side, then one row per price break in either; `changed` marks differences."""
    rows = [ComparisonRow(term=term, a=get(a), b=get(b), changed=get(a) != get(b)) for term, get in _TERMS]
    prices_a, prices_b = _prices(a), _prices(b)
    for key in sorted(prices_a.keys() | prices_b.keys()):
        term = (prices_a.get(key) or prices_b[key])[0]
        value_a, value_b = prices_a.get(key, ("", ""))[1], prices_b.get(key, ("", ""))[1]
        rows.append(ComparisonRow(term=term, a=value_a, b=value_b, changed=value_a != value_b))
    return SlaComparison(version_a=a.number, version_b=b.number, rows=rows)
