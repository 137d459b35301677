"""Median and percentiles, defined once: linear interpolation between closest ranks (inclusive).

The p-th percentile of n sorted values x[0..n-1] sits at position h = (n - 1) × p / 100 and is
x[floor h] + (h - floor h) × (x[floor h + 1] - x[floor h]). It is the definition of Excel's PERCENTILE.INC and
MEDIAN, LibreOffice's PERCENTILE, PostgreSQL's percentile_cont and Python's statistics.quantiles(method=
"inclusive"): the median of 9 and 17 days is 13, of 9, 9 and 17 is 9. SQL hands over the lead-time histogram
(days -> deliveries, a GROUP BY that runs the same on SQLite and PostgreSQL); this one function interpolates.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

DEFINITION = (
    "median and percentiles by linear interpolation between closest ranks "
    "(as Excel PERCENTILE.INC / MEDIAN, PostgreSQL percentile_cont)"
)


def percentile(counts: Mapping[int, int], pct: float) -> float | None:
    """The `pct` percentile (0-100) of values given as a histogram {value: how many}; None when it is empty.

    Raises ValueError for a `pct` outside 0-100.
    """
    if not 0 <= pct <= 100:
        raise ValueError(f"a percentile lies between 0 and 100, not {pct}")
    total = sum(n for n in counts.values() if n > 0)
    if not total:
        return None
    position = (total - 1) * pct / 100
    low_rank = math.floor(position)
    fraction = position - low_rank
    low = high = None
    seen = 0
    for value in sorted(v for v, n in counts.items() if n > 0):
        seen += counts[value]
        if low is None and seen > low_rank:
            low = value
        if seen > low_rank + 1 or (seen == total and low is not None):
            high = value
            break
    assert low is not None and high is not None  # total > 0, so the loop reaches both ranks
    return float(low) + fraction * (float(high) - float(low))
