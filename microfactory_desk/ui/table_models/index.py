"""The index type Qt passes to model methods, declared once for every table model."""

from typing import TypeAlias

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

# An explicit alias: some PySide6 stubs make a bare `A | B` assignment an ordinary variable to mypy.
Index: TypeAlias = QModelIndex | QPersistentModelIndex
