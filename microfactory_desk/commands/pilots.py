"""Commands of the pilots area: `export pilots`, every micro-market pilot with its figures."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from microfactory_desk import clock
from microfactory_desk.commands.context import services_for
from microfactory_desk.wording import counted


def register(commands: Any, imports: Any, exports: Any) -> None:
    """Add this area's commands and import/export kinds; each parser sets its handler with set_defaults(run=...)."""
    del commands, imports
    pilots = exports.add_parser("pilots", help="every pilot with its figures, one sheet per status")
    pilots.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="FILE.xlsx")
    pilots.set_defaults(run=_export_pilots)


def _export_pilots(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.errors import FileFormatError
    from microfactory_desk.services.pilots.files import export_pilots

    if args.output.suffix.lower() != ".xlsx":  # refused before the database is touched
        raise FileFormatError(f"Cannot write pilots to '{args.output.name}': use an .xlsx file name.")
    count = export_pilots(services_for(location).pilots, args.output, today=clock.today())
    print(f"Exported {counted(count, 'pilot')} to {args.output}.")
    return 0
