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
    check = commands.add_parser(
        "check",
        help="integrity check and schema version; exit 0 only when healthy",
        description="Check the database's integrity and that its layout is this version's. Exit code 0 only "
        "when healthy; with --json, failures (a server out of reach, a wrong password) are JSON too.",
    )
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.set_defaults(run=_cmd_check)

    backup = commands.add_parser(
        "backup",
        help="consistent copy of the database, safe while the app runs",
        description="Write a consistent copy of the database, safe while the app runs: a SQLite file is copied "
        "through SQLite's backup API; a PostgreSQL server is dumped with pg_dump (restore it with pg_restore).",
    )
    backup.add_argument("out", type=Path, help="the file to write, or an existing folder (a dated name is chosen)")
    backup.set_defaults(run=_cmd_backup)

    restore = commands.add_parser(
        "restore",
        help="replace the database with a backup (verified first; the current file is copied aside)",
        description="Replace a SQLite database file with a backup made by `backup`. The backup is verified "
        "first and the current file is copied to backups/ beside it. For a PostgreSQL server, restore its "
        "pg_dump backup with pg_restore instead.",
    )
    restore.add_argument("backup", type=Path, help="the backup file to restore")
    restore.set_defaults(run=_cmd_restore)
    upgrade = commands.add_parser(
        "upgrade",
        help="bring the database layout to this version (a shared server: once, by its administrator)",
        description="Create the tables of an empty database, or bring an older layout to this version's "
        "(a backup is made first when the database holds data). A shared server is upgraded once, by its "
        "administrator, after updating the app.",
    )
    upgrade.set_defaults(run=_cmd_upgrade)


def _cmd_check(args: argparse.Namespace, location: str) -> int:
    if not args.json:
        return _check(args, location)
    from microfactory_desk.commands.failures import explain

    try:
        return _check(args, location)
    except Exception as exc:  # a script reading --json gets JSON on every path, the failure's one line in it
        print(json.dumps({"ok": False, "healthy": False, "error": explain(exc, location)}, ensure_ascii=False))
        return 1


def _check(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.db import Database, ensure_desk_file, resolve_url
    from microfactory_desk.db_maintenance import known_revisions, newer_layout
    from microfactory_desk.errors import DeskError
    from microfactory_desk.migrations import HEAD_REVISION

    db = Database(resolve_url(location))
    if db.file is not None:
        if not db.file.exists():
            raise DeskError(f"No database at {db.file}.")
        ensure_desk_file(db.file)
    revision = db.schema_revision()
    problems = db.integrity_problems()
    if revision is None:
        problems.append(f"the database is empty: run `microfactory-desk --db {db.label} upgrade` to create the tables")
    elif revision not in known_revisions():
        problems.append(newer_layout("the database", revision))
    elif revision != HEAD_REVISION:
        problems.append(
            f"the layout is older ({revision}) than this app's ({HEAD_REVISION}): "
            f"run `microfactory-desk --db {db.label} upgrade`"
        )
    else:
        # The revision alone is not proof: early builds of a migration made other schemas under the same id.
        problems += [f"schema differs from this app's: {d}" for d in db.schema_differences()]
    if args.json:
        result = {"ok": True, "database": db.label, "schema": revision, "healthy": not problems, "problems": problems}
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"Database: {db.label}\nSchema:   {revision or '(none)'} (expected {HEAD_REVISION})")
        print("Healthy" if not problems else "Problems:\n" + "\n".join(f"  {p}" for p in problems))
    return 0 if not problems else 1


def _cmd_backup(args: argparse.Namespace, location: str) -> int:
    import sys

    from microfactory_desk.db import Database, resolve_url
    from microfactory_desk.db_maintenance import refuse_newer_layout
    from microfactory_desk.errors import DatabaseError, DeskError

    out = Path(args.out).expanduser()
    if not out.is_dir() and not out.parent.is_dir():  # as exports do: a mistyped folder is refused, never created
        raise DeskError(f"Cannot write to the folder {out.parent}: No such file or directory")
    db = Database(resolve_url(location))
    try:
        written = db.backup(out)
        try:
            refuse_newer_layout(db, db.schema_revision())
        except DatabaseError as exc:  # the copy is still worth keeping: said after it, not instead of it
            print(f"warning: {exc.message}", file=sys.stderr)
    finally:
        db.close()
    print(f"Backup written to {written}.")
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
