"""Commands of the SLA area: `export sla`, the one-page term sheet of a partner's SLA."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from microfactory_desk import clock
from microfactory_desk.commands.context import services_for


def register(commands: Any, imports: Any, exports: Any) -> None:
    """Add this area's commands and import/export kinds; each parser sets its handler with set_defaults(run=...)."""
    del commands, imports
    exp_sla = exports.add_parser(
        "sla",
        help="one-page term sheet of a partner's SLA, to share with the partner",
        description="Write a one-page term sheet of the SLA in force today (or of version N) as PDF or Excel.",
    )
    exp_sla.add_argument("code", metavar="PARTNER_CODE", help="the partner's code (any case)")
    exp_sla.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="FILE.pdf or FILE.xlsx")
    exp_sla.add_argument(
        "--version", type=int, metavar="N", help="SLA version number (default: the version in force today)"
    )
    exp_sla.set_defaults(run=_export_sla)


def _export_sla(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.services.sla.files import check_term_sheet_path

    check_term_sheet_path(args.output)  # a wrong file name is refused before the database is touched
    files = services_for(location).sla_files
    sheet = files.term_sheet(args.code, args.version, clock.today())
    out = files.save_term_sheet(sheet, args.output)
    print(f"Term sheet of SLA version {sheet.version.number} for {sheet.partner_code} written to {out}.")
    return 0
