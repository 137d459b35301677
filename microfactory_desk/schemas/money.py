"""The one rounding rule for money: exact Decimal arithmetic, rounded once to the cent, halves up.

Unit prices keep 4 decimals (NUMERIC(12, 4)); a line total is quantity x unit price exactly, and a sum of
money (an order total, a list total) is rounded once, at the end, with `round_money`. SQL sums go through
`services.common.sql.MONEY_UNITS`, whole ten-thousandths, so SQLite's floating-point arithmetic never
touches a price (50 x 0.0107 is 0.535 -> 0.54 on both backends).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
# Unit prices are stored with 4 decimals: sums in SQL count whole ten-thousandths of the currency.
UNITS_PER_CURRENCY = 10_000


def round_money(value: Decimal) -> Decimal:
    """`value` rounded to the cent, halves away from zero (Decimal("0.535") -> Decimal("0.54"))."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money_from_units(units: object) -> Decimal:
    """A raw SQL sum of ten-thousandths (int, NUMERIC, float or None) as exact money, not yet rounded."""
    if units is None:
        return Decimal(0)
    return Decimal(int(round(Decimal(str(units))))) / UNITS_PER_CURRENCY
