"""DTOs of stored records: what the database holds is shown as it is, never refused as new input.

A rule tightened after data was saved (a stricter web-address check, a shorter maximum length, a new
cross-field rule) must not make reading that data crash: an `*Out` DTO that reuses an `*In` model's fields
mixes in `Stored` first (its fields keep a value the input rules refuse) and switches off the `*In` model's
cross-field validator by defining a method of the same name that returns the record unchanged.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError, ValidatorFunctionWrapHandler, field_validator


class Stored(BaseModel):
    """Mixin for DTOs built from stored rows: each field is converted as usual where it can be, kept as stored
    where today's input rules refuse it."""

    @field_validator("*", mode="wrap")
    @classmethod
    def _keep_stored(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError:
            return value
