"""1,000 PDF scorecards in one batch: peak memory, and time per scorecard vs a bare reportlab script.

The bare script renders an equivalent page from the same figures: title paragraphs, the KPI table, the
score table, a bar chart and a line chart, with the same fonts; it does no database work at all.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import OUT, row

PARTNERS, DELIVERIES = 1_000, 60_000
START, END = dt.date(2025, 4, 1), dt.date(2026, 9, 30)
PERIOD = "2026-Q3"
MEMORY_BAR_MB = 300


def database() -> Path:
    """1,000 partners with 18 months of deliveries (built once)."""
    from bench_kpis import build

    path = OUT / "scorecards-1k.sqlite"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        tmp = path.with_suffix(".building")
        tmp.unlink(missing_ok=True)
        build(tmp, DELIVERIES, START, END)
        tmp.rename(path)
    return path


def rss_mb() -> float:
    """Resident memory of this process now, in MB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 1e6


def ours(db_path: str, folder: str) -> None:
    """Child process: the real batch export; prints seconds, RSS after 100 cards and the peak."""
    from microfactory_desk.db import open_database
    from microfactory_desk.schemas.periods import parse_period
    from microfactory_desk.wiring import Services

    seen: dict[str, float] = {}

    def progress(done: int, total: int) -> None:
        if done == 100:
            seen["rss_100"] = rss_mb()

    files = Services(open_database(db_path, create=False)).scorecard_files
    start = time.perf_counter()
    count = files.export_all(parse_period(PERIOD), Path(folder), progress=progress, today=dt.date(2026, 10, 5))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    print(
        json.dumps(
            {"count": count, "seconds": seconds, "rss_100": seen.get("rss_100"), "rss_end": rss_mb(), "peak": peak}
        )
    )


def bare(db_path: str, folder: str) -> None:
    """Child process: the same figures (computed beforehand, not timed) rendered with plain reportlab."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from microfactory_desk.db import open_database
    from microfactory_desk.paths import resource_path
    from microfactory_desk.schemas.periods import parse_period
    from microfactory_desk.services.scorecards.service import ScorecardService

    cards = list(
        ScorecardService(open_database(db_path, create=False)).scorecards(
            parse_period(PERIOD), today=dt.date(2026, 10, 5)
        )
    )
    pdfmetrics.registerFont(TTFont("Bare", str(resource_path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont("Bare-Bold", str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
    body = ParagraphStyle("b", fontName="Bare", fontSize=9, leading=12)
    head = ParagraphStyle("h", fontName="Bare-Bold", fontSize=18, leading=22)
    start = time.perf_counter()
    for card in cards:
        kpis = [[Paragraph(t, body) for t in ("KPI", "This period", "SLA target", "")]]
        kpis += [[Paragraph(k.name, body), Paragraph(k.value, body), Paragraph(k.target, body), Paragraph(k.status, body)]
                 for k in card.kpi_lines]  # fmt: skip
        scores = [[Paragraph(c.label, body), Paragraph(str(c.weight), body), Paragraph(str(c.result), body),
                   [Paragraph(c.formula, body), Paragraph(str(c.inputs), body)]] for c in card.result.criteria]  # fmt: skip
        lead = Drawing(240, 150)
        bars = VerticalBarChart()
        counts = card.kpis.lead_counts or {0: 0}
        bars.data = [[counts.get(d, 0) for d in range(min(counts), max(counts) + 1)]]
        bars.width, bars.height = 200, 100
        lead.add(bars)
        trend = Drawing(240, 150)
        lines = HorizontalLineChart()
        lines.data = [[h.score for h in card.history], [h.on_time_pct for h in card.history]]
        lines.width, lines.height = 200, 100
        trend.add(lines)
        story = [Paragraph(f"Scorecard {card.period}", head), Paragraph(card.name, body), Paragraph(card.sla_summary, body),
                 Table(kpis), Table([[lead, trend]]), Table(scores, colWidths=[90, 50, 50, 280])]  # fmt: skip
        doc = SimpleDocTemplate(
            str(Path(folder) / f"{card.code}.pdf"), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm
        )
        doc.build(story)
    print(json.dumps({"count": len(cards), "seconds": time.perf_counter() - start}))


def _child(kind: str, db: Path, folder: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, kind, str(db), folder], capture_output=True, text=True, check=True
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    """Each side in its own process, so memory figures are the batch's own."""
    db = database()
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        mine = _child("--ours", db, a)
        ref = _child("--bare", db, b)
    per_ours, per_bare = mine["seconds"] / mine["count"], ref["seconds"] / ref["count"]
    print(
        row(f"scorecard PDF, per card ({int(mine['count'])} in one batch)", per_ours * 1000, per_bare * 1000, 2.0, "ms")
    )
    verdict = "ok" if mine["peak"] <= MEMORY_BAR_MB else "OVER"
    print(
        f"{'scorecard batch memory':<44} peak {mine['peak']:.0f} MB (bar {MEMORY_BAR_MB} MB) {verdict}; "
        f"RSS after 100 cards {mine['rss_100']:.0f} MB, after {int(mine['count'])} {mine['rss_end']:.0f} MB"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--ours":
        ours(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "--bare":
        bare(sys.argv[2], sys.argv[3])
    else:
        main()
