"""who gave each inspection answer, so a stale answer is refused naming who answered and when

Two inspectors may run one inspection in two windows: each answer is saved the moment it is given, and an
answer given from a runner that had not seen the other person's answer to the same item is refused
(errors.StaleEdit names `answered_by` and `answered_at`).

Revision ID: 0009_invariants
Revises: 0008_fast_search
Create Date: 2026-12-07 05:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_invariants"
down_revision = "0008_fast_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "inspection_answer", sa.Column("answered_by", sa.String(length=100), server_default="", nullable=False)
    )


def downgrade() -> None:
    with op.batch_alter_table("inspection_answer") as batch:
        batch.drop_column("answered_by")
