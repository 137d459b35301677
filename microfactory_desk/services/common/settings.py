"""Settings stored in the database as JSON, read with a default declared by the area that owns them."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microfactory_desk.models import AppSetting


def read_setting(session: Session, key: str, default: Any) -> Any:
    """The stored value of `key`, or `default` when it was never changed (or holds unreadable JSON)."""
    text = session.scalar(select(AppSetting.value).where(AppSetting.key == key))
    if text is None:
        return default
    try:
        return json.loads(text)
    except ValueError:
        return default


def write_setting(session: Session, key: str, value: Any) -> None:
    """Store `value` (anything JSON can hold) under `key`, in the caller's transaction."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    row = session.scalar(select(AppSetting).where(AppSetting.key == key))
    if row is None:
        session.add(AppSetting(key=key, value=text))
    else:
        row.value = text
