"""Paging in SQL for every list: one page of rows, the matching count and the unfiltered count.

The first page of a list costs the same at a thousand and at a million rows when its ORDER BY is served
by an index: the page query reads `limit` rows from `offset`, and the counts are single COUNT(*) queries
(skipped when the first page already shows every match). Every sort ends with a unique column, so the
pages of one query never repeat or skip a row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.services.common.sql import Conditions, Reader


def order_by(query: ListQuery, sorts: Mapping[str, Sequence[str]], default: str, tie: str) -> str:
    """ " ORDER BY <the sort key's terms, each with the direction>, <tie> <direction>" for a query.

    `sorts` maps sort keys to their SQL terms; `tie` (a unique column) ends every order unless the key's
    last term is already it; an empty `query.sort` means `default`; an unknown key is a ValueError.
    """
    key = query.sort or default
    if key not in sorts:
        raise ValueError(f"cannot sort this list by {key!r}")
    direction = " DESC" if query.descending else " ASC"
    terms = list(sorts[key])
    if terms[-1] != tie:
        terms.append(tie)
    return " ORDER BY " + ", ".join(term + direction for term in terms)


def window(query: ListQuery) -> tuple[str, dict[str, Any]]:
    """The LIMIT/OFFSET of a page and its parameters ("" when every row is wanted)."""
    if query.limit is None:
        return "", {}
    return " LIMIT :page_limit OFFSET :page_offset", {"page_limit": query.limit, "page_offset": query.offset}


def read_page(
    reader: Reader,
    query: ListQuery,
    *,
    rows_sql: str,
    count_sql: str,
    filters: Conditions,
    total_sql: str | None = None,
) -> tuple[list[tuple[Any, ...]], int, int, bool]:
    """The raw rows of one page, the matching count, the unfiltered count and whether the matching count
    stopped at a cap (a broad search, see `Conditions.count`).

    `rows_sql` holds "{where}" and "{window}" where the WHERE and the LIMIT/OFFSET go (its ORDER BY is the
    caller's); `count_sql` ("SELECT COUNT(*) FROM ...") holds "{where}"; `total_sql` (with "{where}" too,
    left empty) counts the unfiltered list (None: `count_sql`).
    """
    where = filters.where()
    limit_sql, limit_params = window(query)
    rows = reader.read(rows_sql.format(where=where, window=limit_sql), {**filters.params, **limit_params})
    capped = False
    if query.limit is None or (query.offset == 0 and len(rows) < query.limit):
        matching = len(rows)
    else:
        matching, capped = filters.count(reader, count_sql, query.offset)
    if not where:
        return rows, matching, matching, capped
    total = int(reader.read((total_sql or count_sql).format(where=""))[0][0])
    return rows, matching, total, capped
