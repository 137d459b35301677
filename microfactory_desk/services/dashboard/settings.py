"""The dashboard's horizons as database settings: defaults declared once (schemas.dashboard.Horizons)."""

from __future__ import annotations

import json
from dataclasses import asdict, fields

from microfactory_desk.db import Database
from microfactory_desk.errors import FieldError, ValidationFailed
from microfactory_desk.schemas.dashboard import Horizons

PREFIX = "dashboard."
MAX_DAYS = 366


def setting_key(name: str) -> str:
    """The app_setting key of one horizon, e.g. dashboard.sla_days."""
    return PREFIX + name


def read_horizons(db: Database) -> Horizons:
    """The stored horizons over their defaults, read on the light path (unreadable values fall back)."""
    values = asdict(Horizons())
    # The horizons' own keys (the key index finds each), not a LIKE on the prefix: "_" would be a wildcard there.
    keys = {f"key{i}": setting_key(name) for i, name in enumerate(values)}
    sql = f"SELECT key, value FROM app_setting WHERE key IN ({', '.join(':' + k for k in keys)})"
    stored = dict(db.read(sql, keys))
    for name in values:
        try:
            value = json.loads(stored[setting_key(name)])
        except (KeyError, ValueError):
            continue
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_DAYS:
            values[name] = value
    return Horizons(**values)


def check_horizons(horizons: Horizons) -> None:
    """Refuse horizons outside 0..366 days, naming the field."""
    errors = [
        FieldError(f.name, f"must be a whole number of days from 0 to {MAX_DAYS}")
        for f in fields(Horizons)
        if not isinstance(getattr(horizons, f.name), int) or not 0 <= getattr(horizons, f.name) <= MAX_DAYS
    ]
    if errors:
        raise ValidationFailed(errors)


def save_horizons(db: Database, horizons: Horizons) -> Horizons:
    """Store the horizons in one transaction and return what is now in force."""
    from microfactory_desk.services.common.settings import write_setting

    check_horizons(horizons)
    with db.session() as session:
        for name, value in asdict(horizons).items():
            write_setting(session, setting_key(name), value)
    return read_horizons(db)
