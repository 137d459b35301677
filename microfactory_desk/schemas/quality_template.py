"""Checklist templates as validated input (the editor and JSON files) and as stored DTOs."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Annotated, Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from microfactory_desk.errors import FieldError, FileFormatError, ValidationFailed
from microfactory_desk.schemas.fields import Block, Line, choice, friendly_message
from microfactory_desk.schemas.quality_vocab import ItemKind
from microfactory_desk.schemas.stored import Stored

KEY_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
FILE_FORMAT = "microfactory-desk/checklist-template"
Number = Annotated[Decimal, Field(max_digits=14, decimal_places=4)]


def _options(value: Any) -> Any:
    """Choices as a list: a JSON list, or text with one option a line."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.splitlines()
    if isinstance(value, list):
        seen: dict[str, str] = {}
        for option in value:
            text = " ".join(str(option).split())
            if text and text.casefold() not in seen:
                seen[text.casefold()] = text
        return list(seen.values())
    return value


class TemplateRow(NamedTuple):
    """A template version as lists show it."""

    id: int
    key: str
    version: int
    name: str
    is_current: bool
    items: int
    in_use: int


class TemplateItemIn(BaseModel):
    """One check as written in the editor or a template file."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    prompt: Block = Field(min_length=1, max_length=2000)
    kind: Annotated[ItemKind, choice(ItemKind)] = ItemKind.PASS_FAIL
    weight: Decimal = Field(default=Decimal(1), ge=0, le=1000, decimal_places=2)
    critical: bool = False
    guidance: Block = Field(default="", max_length=5000)
    nominal: Number | None = None
    tolerance: Number | None = Field(default=None, ge=0)
    unit: Line = Field(default="", max_length=20)
    choices: list[str] = Field(default_factory=list, max_length=50)
    passing_choices: list[str] = Field(default_factory=list, max_length=50)

    _split = field_validator("choices", "passing_choices", mode="before")(_options)

    @model_validator(mode="after")
    def _fits_kind(self) -> TemplateItemIn:
        if self.kind is ItemKind.MEASUREMENT:
            if self.nominal is None:
                raise ValueError("nominal: a measurement needs a nominal value")
            if self.tolerance is None:
                raise ValueError("tolerance: a measurement needs a tolerance (0 or more)")
        if self.kind is ItemKind.CHOICE:
            if len(self.choices) < 2:
                raise ValueError("choices: a choice item needs at least two options")
            if not self.passing_choices:
                raise ValueError("passing_choices: name the options that pass")
            known = {c.casefold() for c in self.choices}
            unknown = [c for c in self.passing_choices if c.casefold() not in known]
            if unknown:
                raise ValueError(f"passing_choices: '{unknown[0]}' is not one of the choices")
        return self

    @property
    def scored(self) -> bool:
        """True when the item counts towards the score (free text is a note only)."""
        return self.kind is not ItemKind.TEXT


class TemplateSectionIn(BaseModel):
    """A titled group of items."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    title: Line = Field(min_length=1, max_length=200)
    items: list[TemplateItemIn] = Field(min_length=1, max_length=500)


class TemplateIn(BaseModel):
    """A whole template as the editor saves it or a JSON file carries it."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    format: str = FILE_FORMAT
    key: str = Field(pattern=KEY_PATTERN)
    version: int | None = Field(default=None, ge=1)  # informational in files; the database numbers versions
    name: Line = Field(min_length=1, max_length=200)
    description: Block = Field(default="", max_length=5000)
    pass_threshold_pct: Decimal = Field(default=Decimal(80), ge=0, le=100, decimal_places=2)
    sections: list[TemplateSectionIn] = Field(min_length=1, max_length=100)

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value != FILE_FORMAT:
            raise ValueError(f"expected '{FILE_FORMAT}'")
        return value


class TemplateItemOut(Stored, TemplateItemIn):
    """A stored item with its id (kept as stored: schemas/stored.py)."""

    id: int

    def _fits_kind(self) -> TemplateItemOut:  # type: ignore[override]
        return self  # a stored record is shown as it is


class TemplateSectionOut(Stored, TemplateSectionIn):
    """A stored section with its id and items."""

    id: int
    items: list[TemplateItemOut]  # type: ignore[assignment]


class TemplateOut(Stored, TemplateIn):
    """A stored template version."""

    id: int
    version: int
    is_current: bool
    in_use: int = 0  # inspections done with this version
    row_version: int = 1  # the version counter the editor hands back on save (a stale save is refused)
    updated_by: str = ""
    sections: list[TemplateSectionOut]  # type: ignore[assignment]

    def items(self) -> list[TemplateItemOut]:
        """Every item in reading order."""
        return [item for section in self.sections for item in section.items]


def _path(loc: tuple[int | str, ...]) -> str:
    """('sections', 1, 'items', 3, 'tolerance') -> 'sections[1].items[3].tolerance' (JSON indexes, from 0)."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def template_errors(exc: ValidationError) -> list[FieldError]:
    """Pydantic errors named by their place in the template, e.g. sections[1].items[3].tolerance."""
    errors = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        message = friendly_message(err)
        head, sep, rest = message.partition(": ")
        if sep and head.isidentifier() and err["type"] == "value_error":
            loc, message = (*loc, head), rest
        errors.append(FieldError(_path(loc) or "template", message))
    return errors


def validate_template(data: Any) -> TemplateIn:
    """TemplateIn from raw data, or ValidationFailed naming each offending item."""
    try:
        return TemplateIn.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(template_errors(exc)) from None


def parse_template_json(text: str, source: str) -> TemplateIn:
    """A template from JSON text; errors name the file and the offending item."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise FileFormatError(f"{source} is not valid JSON: {exc}") from None
    try:
        return validate_template(data)
    except ValidationFailed as exc:
        raise FileFormatError(f"{source} is not a valid checklist template: {exc.message}") from None


# What a stored template has that its editable, file form has not: ids and counts.
_STORED_ONLY: Any = {
    "id": True,
    "is_current": True,
    "in_use": True,
    "row_version": True,
    "updated_by": True,
    "sections": {"__all__": {"id": True, "items": {"__all__": {"id"}}}},
}


def as_input(template: TemplateIn) -> TemplateIn:
    """The editable, file form of a template (stored ids and counts dropped)."""
    return TemplateIn.model_validate(template.model_dump(exclude=_STORED_ONLY))


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def template_json(template: TemplateIn) -> str:
    """The file form of a template: readable JSON with numbers as numbers and empty extras left out."""
    # Dumped as stored, not validated again: a value an earlier version accepted must not stop the export.
    data = template.model_dump(mode="python", exclude=_STORED_ONLY)
    for section in data["sections"]:
        for item in section["items"]:
            for name in ("nominal", "tolerance", "unit", "choices", "passing_choices", "guidance"):
                if item[name] in (None, "", []):
                    del item[name]
    return json.dumps(data, default=_plain, ensure_ascii=False, indent=2) + "\n"
