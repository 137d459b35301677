"""Commands of the roster area: `import roster` and `export roster`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from microfactory_desk.commands.context import services_for
from microfactory_desk.commands.telemetry import add_date_order
from microfactory_desk.wording import counted


def register(commands: Any, imports: Any, exports: Any) -> None:
    """Add this area's commands and import/export kinds; each parser sets its handler with set_defaults(run=...)."""
    del commands
    imp_roster = imports.add_parser("roster", help="partners from .xlsx or .csv (all or nothing)")
    imp_roster.add_argument("file", type=Path, help="FILE.xlsx or FILE.csv")
    imp_roster.add_argument("--dry-run", action="store_true", help="check the file, import nothing")
    add_date_order(imp_roster)
    imp_roster.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help="which column holds a partner field (code, name, kind, city, weekly_capacity...); repeatable, remembered",
    )
    imp_roster.add_argument(
        "--decimal",
        choices=(".", ","),
        metavar="MARK",
        help="'.' or ',': the decimal mark of counts written with a separator (1.000 with ,)",
    )
    imp_roster.set_defaults(run=_import_roster)

    exp_roster = exports.add_parser("roster", help="every partner with contacts and certifications")
    exp_roster.add_argument("-o", "--output", type=Path, required=True, help="FILE.xlsx or FILE.csv")
    exp_roster.set_defaults(run=_export_roster)


def _import_roster(args: argparse.Namespace, location: str) -> int:
    files = services_for(location, create=True).roster_files
    summary = files.import_file(
        args.file, dry_run=args.dry_run, date_order=args.date_order, decimal=args.decimal, mapping=_mapping(args.map)
    )
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    verb = "Would import" if args.dry_run else "Imported"
    print(
        f"{verb} {counted(summary.partners, 'partner')}, {counted(summary.contacts, 'contact')}, "
        f"{counted(summary.certifications, 'certification')} from {args.file}."
    )
    return 0


def _mapping(pairs: list[str]) -> dict[str, str]:
    """'field=Their header' pairs; an unknown field is refused naming the fields there are."""
    from microfactory_desk.errors import DeskError
    from microfactory_desk.schemas.roster_file import PARTNER_COLUMNS

    fields = [c.field for c in PARTNER_COLUMNS]
    mapping = {}
    for pair in pairs:
        name, sep, header = (part.strip() for part in pair.partition("="))
        if not sep or name not in fields or not header:
            raise DeskError(f"--map {pair}: use FIELD=HEADER with FIELD one of {', '.join(fields)}")
        mapping[name] = header
    return mapping


def _export_roster(args: argparse.Namespace, location: str) -> int:
    count = services_for(location).roster_files.export_file(args.output)
    print(f"Exported {counted(count, 'partner')} to {args.output}.")
    return 0
