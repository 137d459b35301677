"""Commands of the telemetry area: `import deliveries`, a partner's own delivery file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from microfactory_desk.commands.context import services_for


def register(commands: Any, imports: Any, exports: Any) -> None:
    """Add this area's commands and import/export kinds; each parser sets its handler with set_defaults(run=...)."""
    del commands, exports
    imp = imports.add_parser(
        "deliveries",
        help="a partner's delivery export (.csv or .xlsx; all or nothing, re-importing changes nothing)",
        description="Import deliveries from a partner's own file. Columns are found by common names or by --map; "
        "the mapping used is remembered for the partner's next import.",
    )
    imp.add_argument("file", type=Path, help="FILE.csv or FILE.xlsx")
    imp.add_argument("--partner", required=True, metavar="CODE", help="the partner whose deliveries these are")
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help="which column holds a field (order, line, sku, reference, shipped_on, received_on, qty_received, "
        "qty_accepted, qty_defective, notes); repeatable",
    )
    imp.add_argument("--dry-run", action="store_true", help="check the file, import nothing")
    imp.set_defaults(run=_import_deliveries)


def _import_deliveries(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.services.telemetry.importing import parse_mapping

    mapping = parse_mapping(args.map)
    summary = services_for(location).deliveries.import_file(
        args.file, args.partner, mapping=mapping, dry_run=args.dry_run
    )
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    verb = "Would import" if args.dry_run else "Imported"
    print(
        f"{verb} deliveries for {args.partner} from {args.file}: {summary.added} added, {summary.updated} updated, "
        f"{summary.unchanged} unchanged."
    )
    return 0
