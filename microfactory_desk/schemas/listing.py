"""What every paged list asks for and gets back: light types (no pydantic), so a list can show before the ORM loads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, NamedTuple, TypeVar

Row = TypeVar("Row")
PAGE_SIZE = 100  # a screen of rows at 4K; the view asks for the next page as it scrolls


@dataclass(frozen=True)
class ListQuery:
    """A list's search, filters (name -> value; "" or None means not set), sort key and page window.

    `sort` names one of the list's sort keys (each listing service says which it knows); `limit` None
    reads every matching row (the CLI and exports), a number reads one page from `offset`.
    """

    search: str = ""
    filters: Mapping[str, Any] = field(default_factory=dict)
    sort: str = ""
    descending: bool = False
    offset: int = 0
    limit: int | None = PAGE_SIZE

    def get(self, name: str, default: Any = None) -> Any:
        """The value of one filter, `default` when it is not set."""
        value = self.filters.get(name)
        return default if value is None or value == "" else value

    def filtered(self, **values: Any) -> ListQuery:
        """The same query with some filters changed, from its first page."""
        return replace(self, filters={**self.filters, **values}, offset=0)


class ListPage(NamedTuple, Generic[Row]):
    """One page of a list: its rows, how many rows match the query, and how many the list holds unfiltered."""

    rows: list[Row]
    matching: int
    total: int
    # True when a broad search stopped counting: at least `matching` rows match ("1,000+").
    capped: bool = False
