"""Command-line commands of the later areas; each module's `register` adds its parsers to `cli.build_parser`.

Modules here import only argparse and the standard library at import time, so `--help` stays fast;
their handlers import services when they run.
"""

from __future__ import annotations

from types import ModuleType

from microfactory_desk.commands import attention, orders, quality, telemetry

AREAS: tuple[ModuleType, ...] = (quality, orders, telemetry, attention)
