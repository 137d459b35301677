"""numbers: the partner's comment on a whole order, and each line's promised arrival

Revision ID: 0006_numbers
Revises: 0005_team_server
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_numbers"
down_revision = "0005_team_server"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("purchase_order", schema=None) as batch_op:
        batch_op.add_column(sa.Column("partner_comment", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("order_line", schema=None) as batch_op:
        batch_op.add_column(sa.Column("promised_on", sa.Date(), nullable=True))
    # Lines confirmed before this revision: their promised arrival is worked out on the next confirmation;
    # the deliveries already recorded keep the promised date they were judged against.


def downgrade() -> None:
    with op.batch_alter_table("order_line", schema=None) as batch_op:
        batch_op.drop_column("promised_on")
    with op.batch_alter_table("purchase_order", schema=None) as batch_op:
        batch_op.drop_column("partner_comment")
