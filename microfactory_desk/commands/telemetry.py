"""Commands of the telemetry area: `import deliveries` (a partner's own delivery file) and `mappings`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from microfactory_desk.commands.context import services_for


def register(commands: Any, imports: Any, exports: Any) -> None:
    """Add this area's commands and import/export kinds; each parser sets its handler with set_defaults(run=...)."""
    del exports
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
    add_date_order(imp)
    imp.add_argument(
        "--decimal",
        choices=(".", ","),
        metavar="MARK",
        help="'.' or ',': the decimal mark of the file's numbers, when no number in a column shows it (1.000 = one thousand with ,)",
    )
    imp.set_defaults(run=_import_deliveries)

    maps = commands.add_parser("mappings", help="the delivery-column mapping remembered for a partner")
    actions = maps.add_subparsers(dest="action", metavar="ACTION", required=True)
    for action, text in (
        ("show", "print the remembered mapping"),
        ("forget", "drop it; the next import starts afresh"),
    ):
        sub = actions.add_parser(action, help=text)
        sub.add_argument("--partner", required=True, metavar="CODE", help="the partner's code")
        sub.set_defaults(run=_mappings)


def add_date_order(parser: Any) -> None:
    """The --date-order choice for imports whose dates a file leaves ambiguous."""
    parser.add_argument(
        "--date-order",
        choices=("DMY", "MDY", "YMD"),
        type=str.upper,
        help="how the file writes numeric dates when no date settles it (04/06/2026: DMY = 4 June, MDY = April 6)",
    )


def _mappings(args: argparse.Namespace, location: str) -> int:
    service = services_for(location).deliveries
    if args.action == "forget":
        forgotten = service.forget_mapping(args.partner)
        print(f"Forgot the column mapping of {args.partner}." if forgotten else f"{args.partner} had no mapping.")
        return 0
    mapping = service.mapping_of(args.partner)
    if not mapping:
        print(f"No column mapping remembered for {args.partner}: common header names are used.")
    for field, header in sorted(mapping.items()):
        print(f"{field} = {header}")
    return 0


def _import_deliveries(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.services.telemetry.importing import parse_mapping

    mapping = parse_mapping(args.map)
    summary = services_for(location).deliveries.import_file(
        args.file, args.partner, mapping=mapping, dry_run=args.dry_run, date_order=args.date_order, decimal=args.decimal
    )
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    verb = "Would import" if args.dry_run else "Imported"
    print(
        f"{verb} deliveries for {args.partner} from {args.file}: {summary.added} added, {summary.updated} updated, "
        f"{summary.unchanged} unchanged."
    )
    return 0
