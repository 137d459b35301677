"""Command-line commands, one module per area; each module's `register` adds its parsers to `cli.build_parser`.

Modules here import only argparse and the standard library at import time, so `--help` stays fast;
their handlers get their services from `context.services_for` (the command line's one composition root)
when they run.
"""

from __future__ import annotations

from types import ModuleType

from microfactory_desk.commands import (
    copy,
    dashboard,
    database,
    demo,
    orders,
    pilots,
    quality,
    roster,
    scorecards,
    sla,
    telemetry,
    window,
)

# Registration order is the order `--help` lists the commands and the import/export kinds in.
AREAS: tuple[ModuleType, ...] = (
    demo,
    roster,
    sla,
    database,
    copy,
    window,
    quality,
    orders,
    telemetry,
    scorecards,
    dashboard,
    pilots,
)
