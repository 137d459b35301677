"""The change log as the History tabs show it."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel


class ChangeOut(BaseModel):
    """One field one save changed: when (UTC), who, which field, the value before and after (as text)."""

    changed_at: dt.datetime
    changed_by: str
    field: str
    old_value: str
    new_value: str
