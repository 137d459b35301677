"""Command-line commands, one module per area; each module's `register` adds its parsers to `cli.build_parser`.

Modules here import only argparse and the standard library at import time, so `--help` stays fast;
their handlers get their services from `context.services_for` (the command line's one composition root)
when they run.
"""

from __future__ import annotations

from types import ModuleType

from microfactory_desk.commands import attention, database, demo, orders, quality, roster, sla, telemetry, window

AREAS: tuple[ModuleType, ...] = (demo, roster, sla, database, window, quality, orders, telemetry, attention)
