"""Settings kept in the database, so the GUI and the command line see the same values."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from microfactory_desk.models.base import Base, RecordMixin


class AppSetting(RecordMixin, Base):
    """One named setting; its value is JSON. Defaults live in code, so only changed values are stored."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[str] = mapped_column(Text)
