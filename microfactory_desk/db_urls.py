"""Database locations: a file path or URL turned into the SQLAlchemy URL the app opens, refused in one line when
the app cannot open it (another database's scheme, a malformed port). No SQLAlchemy import: the window's first
paint and `--help` stay fast.
"""

from __future__ import annotations

from pathlib import Path

from microfactory_desk.errors import DatabaseError

# The PostgreSQL driver the `server` extra installs; plain postgresql:// URLs would pick psycopg2 in SQLAlchemy.
POSTGRES_DRIVER = "postgresql+psycopg"


# URL schemes the app opens: SQLite files and PostgreSQL servers (through psycopg 3, see normalise_url).
SUPPORTED_SCHEMES = ("sqlite", "postgresql", "postgres", POSTGRES_DRIVER)


def resolve_url(path_or_url: str) -> str:
    """A SQLAlchemy URL for a file path, or for an URL (a PostgreSQL one gets the psycopg 3 driver).

    Raises DatabaseError, in one line without the password, for a scheme other than SQLite's or PostgreSQL's
    (mysql://...) and for a malformed URL (a port that is not a number from 1 to 65535).
    """
    if "://" in path_or_url:
        check_url(path_or_url)
        return normalise_url(path_or_url)
    path = Path(path_or_url).expanduser().resolve()
    return f"sqlite:///{path}"


def check_url(url: str) -> None:
    """Refuse (DatabaseError, one line, no password) an URL the app cannot open: unsupported scheme, bad port."""
    from urllib.parse import urlsplit

    scheme = url.partition("://")[0].lower()
    if scheme not in SUPPORTED_SCHEMES:
        raise DatabaseError(
            f"Only SQLite files and PostgreSQL servers (postgresql://…) are supported, not {scheme}:// URLs."
        )
    if scheme == "sqlite":
        return
    try:
        urlsplit(url).port  # noqa: B018 - reading the port is what validates it
    except ValueError as exc:
        where = url.partition("://")[2].rpartition("@")[2].split("/", 1)[0]  # host:port, never the password
        port = where.rpartition(":")[2]
        raise DatabaseError(
            f"The database URL is malformed: the port {port!r} in {where!r} is not a number from 1 to 65535 "
            f"(write {scheme}://USER@HOST:5432/DATABASE)."
        ) from exc


def normalise_url(url: str) -> str:
    """`postgresql://` and `postgres://` URLs (any case) name the psycopg 3 driver; others keep their text and
    get a lower-case scheme (SQLAlchemy looks dialects up by exact name)."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in ("postgresql", "postgres"):
        return f"{POSTGRES_DRIVER}://{rest}"
    return f"{scheme.lower()}://{rest}" if sep else url


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases (or in-memory SQLite)."""
    if not url.startswith("sqlite"):
        return None
    rest = url.split(":///", 1)[1] if ":///" in url else ""
    if not rest or rest == ":memory:":
        return None
    return Path(rest.split("?", 1)[0])
