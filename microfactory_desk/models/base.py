"""Declarative base with a constraint naming convention and the id/uuid/timestamps every row has."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from microfactory_desk import clock
from microfactory_desk.identity import current_user

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


class EditableMixin:
    """A record people edit: a version counter, so a stale save is refused, and who created and last saved it.

    SQLAlchemy adds `WHERE row_version = <loaded>` to every UPDATE and raises StaleDataError when another
    session saved in between; services also compare the version their editor loaded (`errors.StaleEdit`).
    """

    row_version: Mapped[int] = mapped_column(Integer, server_default="1")
    created_by: Mapped[str] = mapped_column(String(100), default=current_user, server_default="")
    updated_by: Mapped[str] = mapped_column(String(100), default=current_user, onupdate=current_user, server_default="")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.row_version}  # type: ignore[attr-defined]
