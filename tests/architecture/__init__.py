"""Reads the package's source (never imports it) and reports every break of the house rules in docs/architecture.md.

One module per concern: `imports` (rules 1, 2, 3, the dialect imports of 6, unreadable imports), `services`
(rule 4: who builds services and the container), `reach` (what ui/ and commands/ read off the container),
`sql` (rule 6), `dtos` (types handed out live in schemas/); `source` holds what they share.
"""

from __future__ import annotations

from pathlib import Path

from tests.architecture.dtos import dto_classes
from tests.architecture.imports import ImportRecord, import_findings, imports_of
from tests.architecture.reach import container_attributes, container_db_findings, reach_through_findings
from tests.architecture.services import construction_findings, service_classes, wiring_classes
from tests.architecture.source import Finding
from tests.architecture.sql import sql_findings

__all__ = [
    "Finding",
    "ImportRecord",
    "all_findings",
    "container_attributes",
    "dto_classes",
    "imports_of",
    "service_classes",
    "wiring_classes",
]


def all_findings(root: Path) -> list[Finding]:
    """Every break of rules 1-6 in the package at `root`."""
    return sorted(
        {
            *import_findings(root),
            *construction_findings(root),
            *reach_through_findings(root),
            *container_db_findings(root),
            *sql_findings(root),
        }
    )
