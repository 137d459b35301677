"""Run every benchmark and print one line per figure (make bench)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = (
    "bench_startup.py",
    "bench_search.py",
    "bench_roster_files.py",
    "bench_imports.py",
    "bench_order_sheet.py",
    "bench_orders_export.py",
    "bench_quality.py",
    "bench_dashboard.py",
    "bench_kpis.py",
    "bench_scorecards.py",
    "bench_scale.py",
    "bench_pdf_fonts.py",
    "bench_copy.py",
    "bench_latency.py",  # starts its own PostgreSQL (or uses MFD_BENCH_POSTGRES_URL)
)


def main() -> int:
    """Each benchmark runs in its own process so none inherits another's imports."""
    failed = 0
    for name in BENCHMARKS:
        result = subprocess.run([sys.executable, str(HERE / name)], cwd=HERE)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
