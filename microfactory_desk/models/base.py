"""Declarative base with a constraint naming convention and the id/uuid/timestamps every row has."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from microfactory_desk import clock

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uuid() -> str:
    """A fresh stable identifier for sharing records between databases."""
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    """Base of all tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class RecordMixin:
    """Integer key for joins, a UUID that survives copying between laptops, and timestamps."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.utc_now, onupdate=clock.utc_now)
