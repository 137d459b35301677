"""What only a PostgreSQL server needs: messages for a server out of reach, pg_dump, schema agreement, locks.

A shared server is never upgraded by whoever opens it: a client whose schema differs from the server's
refuses with one sentence, and `microfactory-desk upgrade` (a pg_dump backup first) is the explicit step.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from microfactory_desk import clock
from microfactory_desk.errors import DatabaseError, ServerUnreachable
from microfactory_desk.migrations import HEAD_REVISION, MIGRATIONS_DIR

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from microfactory_desk.db import Database

# Causes a driver reports, in the words a person needs; the first fragment found in the error wins.
_CONNECTION_CAUSES = (
    ("password authentication failed", "wrong user name or password"),
    ("no password supplied", "the server asks for a password and none was given (keyring or ~/.pgpass)"),
    ("does not exist", "no such database or user on the server"),
    ("connection refused", "no server answers there (is PostgreSQL running, and is the port right?)"),
    ("could not translate host name", "unknown host name"),
    ("name or service not known", "unknown host name"),
    ("timeout", "the server did not answer in time"),
    ("timed out", "the server did not answer in time"),
    ("no pg_hba.conf entry", "the server does not accept this user from this machine (pg_hba.conf)"),
    ("server closed the connection", "the connection was lost"),
    ("terminating connection", "the server ended the connection"),
    ("connection is lost", "the connection was lost"),
    ("the connection is closed", "the connection was lost"),
    ("consuming input failed", "the connection was lost"),
    ("ssl", "the secure connection failed"),
)


def connection_problem(exc: BaseException, db: Database) -> str:
    """One sentence for a database that cannot be reached: where, and why (driver, server, password...)."""
    if isinstance(exc, DatabaseError):  # already said in these words (a read that found the server gone)
        return exc.message
    if isinstance(exc, ModuleNotFoundError | ImportError):
        return (
            f"Cannot connect to {db.host}: the PostgreSQL driver is not installed "
            "(install it with: pip install 'microfactory-desk[server]')."
        )
    cause = _known_cause(exc)
    return f"Cannot connect to {db.host}: {cause}." if cause else f"Cannot connect to {db.host}: {_first_line(exc)}"


def connection_cause(exc: BaseException) -> str:
    """Why a connection failed or was lost, in people's words ("the server ended the connection"); the driver's
    first line when the cause is not one of the known ones."""
    return _known_cause(exc) or _first_line(exc)


def _known_cause(exc: BaseException) -> str | None:
    lowered = str(getattr(exc, "orig", None) or exc).lower()
    return next((cause for fragment, cause in _CONNECTION_CAUSES if fragment in lowered), None)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# SQLSTATEs of a connection that failed or was ended by the server (class 08, admin/crash shutdown, cannot connect).
_LOST_STATES = ("08", "57P01", "57P02", "57P03")


def is_connection_fault(exc: BaseException) -> bool:
    """True when a SQLAlchemy/driver error says the server could not be reached or dropped the connection.

    A deadlock, a lock timeout or a constraint is not one (they are OperationalErrors too, with their own
    SQLSTATE): only losing the server is, since only then is "try again" the whole advice.
    """
    from sqlalchemy import exc as sa_exc

    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    orig = getattr(exc, "orig", None) or exc
    state = str(getattr(orig, "sqlstate", "") or "")
    if state:
        return state.startswith(_LOST_STATES)
    # Errors raised before the server answered carry no SQLSTATE (connection refused, unknown host).
    return isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError)


# A reply lost during COMMIT: the server may have stored the save or not; a retry is safe either way because
# creates carry the uuid their client chose (a retry finds the stored row) and edits carry a version counter.
LOST_DURING_COMMIT = "The save may have reached the server before the connection went: Retry does not save it twice."


def unreachable(exc: BaseException, db: Database, *, writing: bool, committing: bool = False) -> ServerUnreachable:
    """The one-line error for a lost server: host and cause, and for a write whether anything may be saved.

    `committing`: the connection went while the server was committing, so whether it stored the write is
    unknown (LOST_DURING_COMMIT is said instead of "Nothing was saved.").
    """
    text = connection_problem(exc, db)
    if not writing:
        return ServerUnreachable(text)
    return ServerUnreachable(f"{text} {LOST_DURING_COMMIT if committing else 'Nothing was saved.'}")


def known_revisions() -> set[str]:
    """Every revision this app's migrations know (older schemas it can upgrade)."""
    return {path.stem for path in (MIGRATIONS_DIR / "versions").glob("0*.py")}


def refuse_other_schema(db: Database) -> None:
    """Raise DatabaseError when the server's schema is not this app's: another program's tables, no tables yet
    (creating them is the explicit `upgrade` step, as README's server set-up says), an older or a newer layout."""
    revision = db.schema_revision()
    if revision == HEAD_REVISION:
        return
    if revision is None:
        refuse_foreign_tables(db)
        raise DatabaseError(
            f"The database on {db.host} is empty: run `microfactory-desk --db {db.label} upgrade` once to create "
            "the tables (clients never set up a shared database by themselves)."
        )
    if revision in known_revisions():
        raise DatabaseError(
            f"The database on {db.host} has an older layout ({revision}) than this app needs ({HEAD_REVISION}): "
            "ask whoever runs the server to run `microfactory-desk upgrade` once for the team."
        )
    raise DatabaseError(
        f"The database on {db.host} was set up by a newer Microfactory Desk ({revision}): "
        "update this app to the team's version before using it."
    )


def refuse_foreign_tables(db: Database) -> None:
    """Raise DatabaseError when a server database without our schema version holds tables: another program's
    database, which must never get our tables added to it (the server's counterpart of `ensure_desk_file`)."""
    if db.table_names():
        raise DatabaseError(foreign_tables(db))


def foreign_tables(db: Database) -> str:
    """The sentence for a server database holding another program's tables."""
    return (
        f"The database on {db.host} holds another program's tables, not a Microfactory Desk database: "
        "name an empty database or one set up by this app."
    )


def libpq_url(db: Database) -> str:
    """The database URL as pg_dump reads it (no SQLAlchemy driver name; the password stays in ~/.pgpass)."""
    from sqlalchemy.engine import make_url

    url = make_url(db.url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def pg_dump(db: Database, out: Path, *, now: dt.datetime | None = None) -> Path:
    """A custom-format pg_dump of the whole database into `out` (a file, or a folder for a dated name).

    Written to a temporary file and moved into place. Raises DatabaseError when pg_dump is not on the PATH
    or fails (its first line of error output, naming the host, is in the message).
    """
    program = shutil.which("pg_dump")
    if program is None:
        raise DatabaseError(f"Cannot back up {db.host}: pg_dump is not installed (PostgreSQL client tools).")
    out = Path(out).expanduser().resolve()
    if out.is_dir():
        out = out / f"{db.host.rsplit('/', 1)[-1]}-{(now or clock.now()):%Y%m%d-%H%M%S}.dump"
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".backup-", suffix=".dump", dir=out.parent)
    os.close(fd)
    try:
        done = subprocess.run(
            [program, "--format=custom", "--no-owner", f"--file={tmp_name}", f"--dbname={libpq_url(db)}"],
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if done.returncode != 0:
            first = (done.stderr.strip().splitlines() or ["pg_dump failed"])[0]
            raise DatabaseError(f"Backup of {db.host} failed: {first}")
        os.replace(tmp_name, out)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return out


def backup_before_upgrade(db: Database) -> Path | None:
    """A pg_dump into the user's backups folder before an upgrade of a server; None when pg_dump is missing."""
    if shutil.which("pg_dump") is None:
        return None
    from microfactory_desk.paths import data_dir

    return pg_dump(db, data_dir() / "backups" / f"server-{clock.now():%Y%m%d-%H%M%S}-before-upgrade.dump")


def hold_number_lock(session: Session, series: str) -> None:
    """Until this transaction ends, be the only one numbering `series` (e.g. "PO-2026"): no two equal numbers.

    PostgreSQL: a transaction-scoped advisory lock, so a second manager waits for the first one's commit and
    then sees the number it took. SQLite needs nothing: a write transaction holds the whole database.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    from sqlalchemy import text

    session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:series))"), {"series": f"mfd-number:{series}"})
