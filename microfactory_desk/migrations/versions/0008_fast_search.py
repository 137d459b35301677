"""fast search: trigram indexes over the folded search text of every searchable list

SQLite: one FTS5 table per list with the `trigram` tokenizer (SQLite >= 3.34), rowid = the listed row's id,
holding the text the list's search looks in (the folded `search_text`, and for orders, inspections and
actions their lower-cased number and the partner's folded text). Triggers keep each table in step with its
rows and with the partner's text. The lists use it only to narrow the candidates: the LIKE conditions of
`services/common/sql.py` still decide, so the results are the same as without it.

PostgreSQL: `pg_trgm` GIN indexes over the same columns, which serve `LIKE '%…%'` as is. The extension
needs the right to create it; without it the indexes are skipped and search stays a plain scan (correct,
only slower).

Revision ID: 0008_fast_search
Revises: 0007_list_indexes
Create Date: 2026-12-07 05:40:00
"""

from alembic import op

revision = "0008_fast_search"
down_revision = "0007_list_indexes"
branch_labels = None
depends_on = None

_PARTNER_TEXT = "(SELECT p.search_text FROM partner p WHERE p.id = {row}.partner_id)"
_ORDER_TEXT = "lower({row}.number) || ' | ' || " + _PARTNER_TEXT
_ACTION_TEXT = (
    "lower({row}.number) || ' | ' || " + _PARTNER_TEXT + " || ' | '"
    " || COALESCE((SELECT lower(n.number) FROM inspection n WHERE n.id = {row}.inspection_id), '')"
)
# search table -> (listed table, the text of one row as SQL over the row alias {row}, columns the text reads)
SEARCHES = {
    "partner_search": ("partner", "{row}.search_text", "search_text"),
    "sku_search": ("sku", "{row}.search_text", "search_text"),
    "note_search": ("negotiation_entry", "{row}.search_text", "search_text"),
    "order_search": ("purchase_order", _ORDER_TEXT, "number, partner_id"),
    "inspection_search": ("inspection", _ORDER_TEXT, "number, partner_id"),
    "action_search": ("corrective_action", _ACTION_TEXT, "number, partner_id, inspection_id"),
}
# Texts that copy another table's text: when that row's text changes, the copies are written again.
COPIES = (
    ("partner", "search_text", "order_search", "partner_id"),
    ("partner", "search_text", "inspection_search", "partner_id"),
    ("partner", "search_text", "action_search", "partner_id"),
    ("inspection", "number", "action_search", "inspection_id"),
)
# Orders a broad search reads its first page in, stopping at the page's end instead of sorting every match:
# the note search's newest first, and the actions list's default (open first, then by due date).
ORDER_INDEXES = (
    ("ix_negotiation_entry_occurred_search", "negotiation_entry", "occurred_on, id"),
    (
        "ix_corrective_action_due_search",
        "corrective_action",
        "(CASE WHEN status = 'closed' THEN 1 ELSE 0 END), (CASE WHEN due_on IS NULL THEN 1 ELSE 0 END), due_on, number",
    ),
)
TRIGRAM_INDEXES = (
    ("ix_partner_search_trgm", "partner", "search_text"),
    ("ix_sku_search_trgm", "sku", "search_text"),
    ("ix_negotiation_entry_search_trgm", "negotiation_entry", "search_text"),
    ("ix_purchase_order_number_trgm", "purchase_order", "lower(number)"),
    ("ix_inspection_number_trgm", "inspection", "lower(number)"),
    ("ix_corrective_action_number_trgm", "corrective_action", "lower(number)"),
)


def _sqlite_upgrade() -> None:
    for search, (table, text, columns) in SEARCHES.items():
        op.execute(f"CREATE VIRTUAL TABLE {search} USING fts5(text, tokenize = 'trigram')")
        op.execute(f"INSERT INTO {search} (rowid, text) SELECT t.id, {text.format(row='t')} FROM {table} t")
        new = text.format(row="new")
        op.execute(
            f"CREATE TRIGGER {search}_insert AFTER INSERT ON {table} BEGIN"
            f" INSERT INTO {search} (rowid, text) VALUES (new.id, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {search}_update AFTER UPDATE OF id, {columns} ON {table} BEGIN"
            f" DELETE FROM {search} WHERE rowid = old.id;"
            f" INSERT INTO {search} (rowid, text) VALUES (new.id, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {search}_delete AFTER DELETE ON {table} BEGIN"
            f" DELETE FROM {search} WHERE rowid = old.id; END"
        )
    for source, column, search, key in COPIES:
        table, text, _ = SEARCHES[search]
        op.execute(
            f"CREATE TRIGGER {search}_{source}_update AFTER UPDATE OF {column} ON {source} BEGIN"
            f" UPDATE {search} SET text = (SELECT {text.format(row='t')} FROM {table} t WHERE t.id = {search}.rowid)"
            f" WHERE rowid IN (SELECT id FROM {table} WHERE {key} = new.id); END"
        )


def _postgres_upgrade() -> None:
    bind = op.get_bind()
    # A savepoint, so a refused CREATE EXTENSION leaves the migration's transaction usable.
    with bind.begin_nested() as savepoint:
        try:
            op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # noqa: BLE001 - no right to create it, or not installed: search stays a scan
            savepoint.rollback()
            return
    for name, table, expression in TRIGRAM_INDEXES:
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression} gin_trgm_ops)")


def upgrade() -> None:
    for name, table, columns in ORDER_INDEXES:
        op.execute(f"CREATE INDEX {name} ON {table} ({columns})")
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_upgrade()
    else:
        _postgres_upgrade()


def downgrade() -> None:
    for name, _, _ in ORDER_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    if op.get_bind().dialect.name == "sqlite":
        triggers = [f"{s}_{k}" for s in SEARCHES for k in ("insert", "update", "delete")]
        triggers += [f"{search}_{source}_update" for source, _, search, _ in COPIES]
        for trigger in triggers:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for search in SEARCHES:
            op.execute(f"DROP TABLE IF EXISTS {search}")
    else:
        for name, _, _ in TRIGRAM_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
