"""The change log as the History tabs and record exports show it."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel


class ChangeOut(BaseModel):
    """One change of a record: when (UTC), who, which field, the value before and after (as text).

    `field` is as stored: a column name for the record's own fields ("min_batch", older entries) or the words
    of a child-row entry ("Line 2 SKU-123, Quantity", "Contact added", "Created"); `label` is how the form
    names it ("Minimum batch (units)").
    """

    changed_at: dt.datetime
    changed_by: str
    field: str
    old_value: str
    new_value: str
    label: str = ""
