"""indexes for the hot lists: orders and inspections newest first, open follow-ups, latest snapshots

Each serves a query checked with EXPLAIN QUERY PLAN in tests/services/test_query_plans.py: the first page of
a list reads its rows in index order and stops at the page's end instead of sorting the whole table.

Revision ID: 0007_list_indexes
Revises: 0006_numbers
Create Date: 2026-12-07 03:10:00
"""

from alembic import op

revision = "0007_list_indexes"
down_revision = "0006_numbers"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_purchase_order_order_date_number", "purchase_order", ["order_date", "number"]),
    ("ix_purchase_order_status_order_date", "purchase_order", ["status", "order_date", "number"]),
    ("ix_inspection_inspected_on_number", "inspection", ["inspected_on", "number"]),
    ("ix_negotiation_entry_open_follow_up", "negotiation_entry", ["follow_up_done_at", "follow_up_on"]),
    ("ix_scorecard_snapshot_partner_period_end", "scorecard_snapshot", ["partner_id", "period_end"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
