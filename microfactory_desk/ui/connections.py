"""Stored connections: the recent databases (files and servers, never a password) and server passwords.

A server's password lives only in the system keyring (the `keyring` library) or libpq's own ~/.pgpass;
settings and the recent list keep "postgresql://user@host:port/database" without it. The URL that does
carry a typed password is built in memory for the connection and never written anywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from microfactory_desk.ui import settings

RECENT_LIMIT = 8
DEFAULT_PORT = 5432
KEYRING_SERVICE = "Microfactory Desk"
# How long a connection attempt waits for a host that does not answer (libpq's connect_timeout, seconds).
CONNECT_TIMEOUT_S = 10
_SERVER_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


@dataclass(frozen=True)
class ServerAddress:
    """Where a team server is: host, port (1-65535), database and user; no password."""

    host: str
    port: int = DEFAULT_PORT
    database: str = "desk"
    user: str = ""

    @property
    def label(self) -> str:
        """ "alice@db.example:5432/desk", as the status bar and the recent list show it."""
        who = f"{self.user}@" if self.user else ""
        return f"{who}{self.host}:{self.port}/{self.database}"

    def url(self, password: str = "") -> str:
        """The URL to connect with; it holds `password` when one is given, so it is never stored.

        Without a password libpq reads ~/.pgpass (or PGPASSWORD) by itself.
        """
        user = quote(self.user, safe="")
        secret = f":{quote(password, safe='')}" if password else ""
        who = f"{user}{secret}@" if user or secret else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return (
            f"postgresql://{who}{host}:{self.port}/{quote(self.database, safe='')}?connect_timeout={CONNECT_TIMEOUT_S}"
        )

    @property
    def entry(self) -> str:
        """The recent-list entry: the URL without password or options."""
        user = f"{quote(self.user, safe='')}@" if self.user else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql://{user}{host}:{self.port}/{quote(self.database, safe='')}"

    @classmethod
    def from_url(cls, url: str) -> ServerAddress | None:
        """The address in a PostgreSQL URL (its password, if any, is ignored); None for anything else."""
        parts = urlsplit(url)
        if parts.scheme not in _SERVER_SCHEMES:
            return None
        try:
            port = parts.port or DEFAULT_PORT
        except ValueError:
            return None
        return cls(
            host=parts.hostname or "localhost",
            port=port,
            database=unquote(parts.path.lstrip("/")),
            user=unquote(parts.username or ""),
        )


# --- where the data lives ------------------------------------------------------------------
def _short_path(path: Path) -> str:
    """A path with the home folder written as "~"."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def describe(entry: str) -> str:
    """How a database is named in menus and the status bar: "Server alice@host:5432/desk" or "Local file ~/…"."""
    address = ServerAddress.from_url(entry)
    if address is not None:
        return f"Server {address.label}"
    return f"Local file {_short_path(Path(entry))}"


def entry_for(label: str) -> str:
    """The recent-list entry of an open database from its label: the file path, or the server URL (no password)."""
    address = ServerAddress.from_url(label) if "://" in label else None
    return address.entry if address is not None else label


# --- the recent list ---------------------------------------------------------------------------
def recent() -> list[str]:
    """The databases opened last, most recent first (file paths and password-free server URLs), at most 8."""
    try:
        entries = json.loads(str(settings.get("connections/recent") or "[]"))
    except ValueError:  # a hand-edited settings file: start the list again
        return []
    return [str(e) for e in entries if isinstance(e, str) and e][:RECENT_LIMIT]


def remember(entry: str) -> None:
    """Put `entry` first in the recent list (once), dropping the oldest beyond 8.

    A URL is stored without its password, whatever it held.
    """
    address = ServerAddress.from_url(entry)
    if address is not None:
        entry = address.entry
    known = recent()
    entries = [entry] + [e for e in known if e != entry]
    if entries[:RECENT_LIMIT] != known:  # reopening the last database changes nothing: no settings file write
        settings.put("connections/recent", json.dumps(entries[:RECENT_LIMIT]))


# --- passwords ---------------------------------------------------------------------------------
def keyring_problem() -> str:
    """Why passwords cannot be remembered here ("" when a system keyring works)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return "The keyring library is not installed."
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return "No system keyring works on this machine (no Secret Service, KWallet or macOS/Windows keychain)."
    return ""


def stored_password(address: ServerAddress) -> str:
    """The password remembered for `address` in the system keyring, or "" (none, or no keyring)."""
    if keyring_problem():
        return ""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, address.label) or ""
    except KeyringError:
        return ""


def store_password(address: ServerAddress, password: str) -> str:
    """Remember `password` for `address` in the system keyring; "" when done, else why not (one sentence)."""
    problem = keyring_problem()
    if problem:
        return problem
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, address.label, password)
    except KeyringError as exc:
        return f"The system keyring refused the password: {exc}"
    return ""


def forget_password(address: ServerAddress) -> None:
    """Remove a remembered password (nothing happens when there is none or no keyring)."""
    if keyring_problem():
        return
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(KEYRING_SERVICE, address.label)
    except (PasswordDeleteError, KeyringError):
        pass  # nothing was stored
