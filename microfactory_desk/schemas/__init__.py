"""Validated inputs and plain DTOs; vocab and list rows stay free of pydantic for a fast start."""
