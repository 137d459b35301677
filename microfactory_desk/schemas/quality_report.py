"""The inspection report as plain data: what the PDF writer lays out, built by services/quality/report.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from microfactory_desk.schemas.quality import InspectionOut, PhotoOut


@dataclass(frozen=True)
class ReportLine:
    """One item as the report prints it."""

    prompt: str
    answer: str
    verdict: str  # Pass / Fail / N/A / "" (unanswered or a note)
    failed: bool
    critical: bool
    weight: str
    comment: str
    photos: tuple[PhotoOut, ...]


@dataclass(frozen=True)
class ReportSection:
    """A section with its lines."""

    title: str
    lines: tuple[ReportLine, ...]


@dataclass(frozen=True)
class InspectionReport:
    """Everything the inspection report shows, ready to lay out."""

    inspection: InspectionOut
    outcome_label: str
    score_text: str
    header: tuple[tuple[str, str], ...]
    sections: tuple[ReportSection, ...]
    loose_photos: tuple[PhotoOut, ...]
    actions: tuple[tuple[str, str, str, str, str, str], ...]  # number, description, owner, due, severity, status
    generated_on: dt.date
