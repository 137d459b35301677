"""Field types and error naming shared by every validated input (partners, SLAs, negotiations)."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, Field, ValidationError

from microfactory_desk.errors import FieldError, ValidationFailed
from microfactory_desk.schemas.text import split_list, strip_controls, trim
from microfactory_desk.schemas.vocab import parse_choice


def line(value: Any) -> Any:
    """One-line text: controls removed, outer blanks and invisible marks trimmed; None becomes empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return trim(strip_controls(value))
    return value


def block(value: Any) -> Any:
    """Multi-line text: controls other than newlines and tabs removed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return strip_controls(value, multiline=True).strip()
    return value


def items(value: Any) -> Any:
    """A list of short items from a comma/semicolon separated text or a sequence."""
    if value is None:
        return []
    if isinstance(value, str):
        return split_list(strip_controls(value))
    return [line(v) for v in value if line(v)]


def optional_int(value: Any) -> Any:
    """Blank becomes None; digits may carry thousands spaces ("1 200")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        return value.strip().replace(" ", "").replace("\u00a0", "")
    return value


def optional_line(value: Any) -> Any:
    """One-line text where blank means "not given" (None)."""
    return line(value) or None


def choice(enum: Any) -> Any:
    """A validator accepting a vocabulary value or its label in any case."""

    def parse(value: Any) -> Any:
        return parse_choice(enum, value) if isinstance(value, str) else value

    return BeforeValidator(parse)


Line = Annotated[str, BeforeValidator(line)]
Block = Annotated[str, BeforeValidator(block)]
Items = Annotated[list[str], BeforeValidator(items)]
OptionalLine = Annotated[str | None, BeforeValidator(optional_line)]
NonNegative = Annotated[int, Field(ge=0, le=100_000_000)]
OptionalCount = Annotated[NonNegative | None, BeforeValidator(optional_int)]

_FRIENDLY = {
    ("string_too_short", "1"): "is required",
    ("missing", ""): "is required",
    ("greater_than_equal", "0"): "must not be negative",
    ("int_parsing", ""): "must be a whole number",
    ("int_from_float", ""): "must be a whole number",
    ("decimal_parsing", ""): "must be a number",
    ("date_from_datetime_parsing", ""): "is not a date (use YYYY-MM-DD)",
    ("date_parsing", ""): "is not a date (use YYYY-MM-DD)",
}


def _detail(err: Any) -> str:
    ctx = err.get("ctx") or {}
    if err["type"] == "greater_than_equal":
        return "0" if str(ctx.get("ge", "")) in ("0", "0.0") else ""
    return str(ctx.get("min_length", ""))


# Range and count errors: pydantic's error type -> (the sentence, the context key whose limit it names).
_LIMITS = {
    "greater_than_equal": ("must be at least {}", "ge"),
    "less_than_equal": ("must be at most {}", "le"),
    "greater_than": ("must be more than {}", "gt"),
    "less_than": ("must be less than {}", "lt"),
    "decimal_max_places": ("use at most {} decimals", "decimal_places"),
    "decimal_max_digits": ("use at most {} digits", "max_digits"),
    "string_too_short": ("needs at least {:,} characters", "min_length"),
    "too_long": ("at most {:,} entries", "max_length"),
}


def _bounds(err: Any) -> str:
    """Range and length errors in plain words ("must be at most 100", "holds 25,000 characters; at most 20,000")."""
    ctx = err.get("ctx") or {}
    kind = err["type"]
    if kind in _LIMITS:
        sentence, key = _LIMITS[kind]
        return sentence.format(ctx.get(key, 0))
    if kind == "string_too_long":
        given = err.get("input")
        held = f"holds {len(given):,} characters; " if isinstance(given, str) else ""
        return f"{held}at most {ctx.get('max_length', 0):,} characters"
    if kind == "finite_number":
        return "must be a finite number"
    return ""


def friendly_message(err: Any) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) in the words the forms use, never pydantic's
    own ("String should have at most 20000 characters")."""
    message = _FRIENDLY.get((err["type"], _detail(err)), "")
    if not message and err.get("input", "") is None and str(err["type"]).endswith("_type"):
        message = "is required"  # a form's empty date or number arrives as None
    return message or _bounds(err) or str(err["msg"]).removeprefix("Value error, ")


def field_errors(exc: ValidationError) -> list[FieldError]:
    """Pydantic errors as field errors named the way the editor and importers name fields."""
    errors = []
    for err in exc.errors():
        parts = [str(p + 1) if isinstance(p, int) else str(p) for p in err["loc"]]
        message = friendly_message(err)
        if ": " in message and not parts:
            field, message = message.split(": ", 1)
            parts = [field]
        elif ": " in message and message.split(": ", 1)[0].isidentifier():
            field, message = message.split(": ", 1)
            parts = [*parts, field]
        errors.append(FieldError(".".join(parts) or "record", message))
    return errors


Model = TypeVar("Model", bound=BaseModel)


def validate(model: type[Model], data: dict[str, Any]) -> Model:
    """Validate raw values into `model`, raising ValidationFailed with errors named by field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(field_errors(exc)) from None
