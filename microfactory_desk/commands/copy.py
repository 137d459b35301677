"""The `copy` command: move a whole database between a laptop file and a team server (or file to file)."""

from __future__ import annotations

import argparse
from typing import Any

from microfactory_desk.wording import counted


def register(commands: Any, imports: Any, exports: Any) -> None:
    """Add this area's commands and import/export kinds; each parser sets its handler with set_defaults(run=...)."""
    del imports, exports
    copy = commands.add_parser(
        "copy",
        help="copy a whole database (photos included) to an empty file or server, counts and checksums verified",
        description="Copy a whole database, photos included, from a SQLite file or PostgreSQL server to a new "
        "file (its folder must exist) or an empty database, in one transaction: every table's row count and "
        "checksum are compared before it commits, and on any failure the target is left empty.",
    )
    copy.add_argument("--from", dest="source", required=True, metavar="URL_OR_PATH", help="the database to copy")
    copy.add_argument(
        "--to", dest="target", required=True, metavar="URL_OR_PATH", help="a new file, or an empty database"
    )
    copy.set_defaults(run=_cmd_copy)


def _cmd_copy(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.db_copy import TableCopy, copy_database, location_label

    del location  # --from and --to name both ends; --db plays no part

    def show(done: TableCopy) -> None:
        print(f"  {done.table:<22} {counted(done.rows, 'row'):>14}", flush=True)

    print(f"Copying {location_label(args.source)} to {location_label(args.target)}...")  # never a password
    copied = copy_database(args.source, args.target, progress=show)
    total = sum(t.rows for t in copied)
    print(
        f"Copied {counted(total, 'row')} in {counted(len(copied), 'table')}; row counts and checksums match on both sides."
    )
    return 0
