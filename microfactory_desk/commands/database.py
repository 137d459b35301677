"""Commands on the database itself: `check` (integrity and schema), `backup`, `restore` and `upgrade`.

None opens the database through the services: they must work on a database that is not upgraded
(check reports an outdated schema instead of migrating it; backup copies what is there).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def register(commands: Any, imports: Any, exports: Any) -> None:
    """Add this area's commands and import/export kinds; each parser sets its handler with set_defaults(run=...)."""
    del imports, exports
    check = commands.add_parser("check", help="integrity check and schema version; exit 0 only when healthy")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.set_defaults(run=_cmd_check)

    backup = commands.add_parser("backup", help="consistent copy of the database, safe while the app runs")
    backup.add_argument("out", type=Path, help="where to write the copy")
    backup.set_defaults(run=_cmd_backup)

    restore = commands.add_parser(
        "restore",
        help="replace the database with a backup (verified first; the current file is copied aside)",
    )
    restore.add_argument("backup", type=Path, help="the backup file to restore")
    restore.set_defaults(run=_cmd_restore)
    upgrade = commands.add_parser(
        "upgrade", help="bring the database layout to this version (a shared server: once, by its administrator)"
    )
    upgrade.set_defaults(run=_cmd_upgrade)


def _cmd_check(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.db import Database, ensure_desk_file, resolve_url
    from microfactory_desk.errors import DeskError
    from microfactory_desk.migrations import HEAD_REVISION

    db = Database(resolve_url(location))
    if db.file is not None:
        if not db.file.exists():
            raise DeskError(f"No database at {db.file}.")
        ensure_desk_file(db.file)
    revision = db.schema_revision()
    problems = db.integrity_problems()
    if revision != HEAD_REVISION:
        problems.append(f"schema is at {revision or 'no version'}, this app expects {HEAD_REVISION}")
    else:
        # The revision alone is not proof: early builds of a migration made other schemas under the same id.
        problems += [f"schema differs from this app's: {d}" for d in db.schema_differences()]
    if args.json:
        print(json.dumps({"database": db.label, "schema": revision, "healthy": not problems, "problems": problems}))
    else:
        print(f"Database: {db.label}\nSchema:   {revision or '(none)'} (expected {HEAD_REVISION})")
        print("Healthy" if not problems else "Problems:\n" + "\n".join(f"  {p}" for p in problems))
    return 0 if not problems else 1


def _cmd_backup(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.db import Database, resolve_url

    out = Database(resolve_url(location)).backup(args.out)
    print(f"Backup written to {out}.")
    return 0


def _cmd_restore(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.db import Database, resolve_url
    from microfactory_desk.db_restore import restore

    db, aside = restore(Database(resolve_url(location)), args.backup)
    db.close()
    kept = f" The database it replaced was copied to {aside}." if aside else ""
    print(f"Restored {db.label} from {args.backup}.{kept}")
    return 0


def _cmd_upgrade(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.db import Database, ensure_desk_file, resolve_url
    from microfactory_desk.errors import DeskError
    from microfactory_desk.migrations import HEAD_REVISION

    del args
    db = Database(resolve_url(location))
    try:
        if db.file is not None:
            if not db.file.exists():
                raise DeskError(f"No database at {db.file}.")
            ensure_desk_file(db.file)
        before = db.schema_revision()
        if before == HEAD_REVISION:
            print(f"{db.label} is up to date ({HEAD_REVISION}).")
            return 0
        backup = db.upgrade()
    finally:
        db.close()
    if backup is not None:
        print(f"Backup written to {backup}.")
    elif db.file is None and before is not None:
        print("pg_dump is not on the PATH: no backup was made before the upgrade.")
    print(f"{db.label} upgraded from {before or 'an empty database'} to {HEAD_REVISION}.")
    return 0
