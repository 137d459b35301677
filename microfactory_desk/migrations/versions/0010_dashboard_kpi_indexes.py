"""indexes for the dashboard cards and the KPI batch at 100,000 partners

Each card lists its first items in the order an index already holds and stops at LIMIT, instead of finding
every match by status and sorting them all (the open orders alone are a third of a big table). The cards'
queries and their plans are checked in tests/services/test_dashboard_plans.py.

The expression indexes (names ending in `_open`) are not in the models (SQLAlchemy cannot reflect them):
- late orders: open or not, then requested date. A plain `status IN (...)` makes SQLite pick the status
  index and sort every open order; the equality on the CASE serves both the filter and the order.
- critical actions: open or not, severity, then due date.
- pilot and approved partners without an SLA: active or not, then code.

Revision ID: 0010_dashboard_kpi_indexes
Revises: 0009_invariants
Create Date: 2026-12-07 06:40:00
"""

from alembic import op

revision = "0010_dashboard_kpi_indexes"
down_revision = "0009_invariants"
branch_labels = None
depends_on = None

# Also in the models (plain columns).
INDEXES = (
    ("ix_purchase_order_status_sent_on", "purchase_order", ["status", "sent_on", "number"]),
    ("ix_sla_version_status_valid_until", "sla_version", ["status", "valid_until"]),
    ("ix_inspection_status_inspected_on", "inspection", ["status", "inspected_on"]),
)
# The expressions must read exactly as the cards' WHERE clauses (services/dashboard/cards.py) for SQLite to use them.
_OPEN_ORDER = "'draft', 'sent', 'confirmed', 'in_production', 'shipped', 'partially_received'"
EXPRESSION_INDEXES = (
    (
        "ix_purchase_order_late_open",
        "purchase_order",
        f"(CASE WHEN status IN ({_OPEN_ORDER}) THEN 1 ELSE 0 END), requested_on, number",
    ),
    (
        "ix_corrective_action_critical_open",
        "corrective_action",
        "(CASE WHEN status IN ('open', 'in_progress') THEN 1 ELSE 0 END), severity, due_on, number",
    ),
    ("ix_partner_active_open", "partner", "(CASE WHEN stage IN ('pilot', 'approved') THEN 1 ELSE 0 END), code"),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    for name, table, expression in EXPRESSION_INDEXES:
        op.execute(f"CREATE INDEX {name} ON {table} ({expression})")


def downgrade() -> None:
    for name, _table, _expression in reversed(EXPRESSION_INDEXES):
        op.execute(f"DROP INDEX IF EXISTS {name}")
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
