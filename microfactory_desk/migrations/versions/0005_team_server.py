"""team server: row version counters, who created/updated each editable record, the change log

Revision ID: 0005_team_server
Revises: 0004_repair_released_schema
Create Date: 2026-12-07 03:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_team_server"
down_revision = "0004_repair_released_schema"
branch_labels = None
depends_on = None

# Every record a person edits in an editor: a stale save of any of them is refused, not applied.
EDITABLE = (
    "partner",
    "sla_version",
    "negotiation_entry",
    "purchase_order",
    "inspection",
    "corrective_action",
    "pilot",
    "checklist_template",
    "sku",
)


def upgrade() -> None:
    # ADD COLUMN with a constant default works in place on SQLite and PostgreSQL: no table copy.
    for table in EDITABLE:
        op.add_column(table, sa.Column("row_version", sa.Integer(), server_default="1", nullable=False))
        op.add_column(table, sa.Column("created_by", sa.String(length=100), server_default="", nullable=False))
        op.add_column(table, sa.Column("updated_by", sa.String(length=100), server_default="", nullable=False))
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    op.create_index("ix_change_log_record", "change_log", ["record_type", "record_id", "changed_at"])


def downgrade() -> None:
    op.drop_index("ix_change_log_record", table_name="change_log")
    op.drop_table("change_log")
    for table in EDITABLE:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("updated_by")
            batch.drop_column("created_by")
            batch.drop_column("row_version")
