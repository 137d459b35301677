"""each scorecard snapshot knows whether it is its partner's newest and the standing of the one before it

The dashboard's "Partners drifting" card compared every partner's two newest snapshots: two index probes
per partner, 130-320 ms at 100,000 partners. Two columns kept by the code that writes snapshots
(`services/scorecards/service.py: link_snapshots`) and filled here for the snapshots already stored:
- `is_latest`: no snapshot of the same partner ends later (or on the same day with a larger id);
- `previous_standing`: the standing of the snapshot just before this one in that order (NULL: none).
The card then reads only the drifting newest snapshots through one expression index (`..._open`, outside the
models like those of 0010), in breach order: newest, and breaching its SLA or a band worse than before. The
partner id in the index lets the card order them by partner code without reading a snapshot row each.

Revision ID: 0011_dashboard_drift
Revises: 0010_dashboard_kpi_indexes
Create Date: 2026-12-07 11:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_dashboard_drift"
down_revision = "0010_dashboard_kpi_indexes"
branch_labels = None
depends_on = None

_RANK = "CASE {col} WHEN 'strategic' THEN 0 WHEN 'approved' THEN 1 WHEN 'watch' THEN 2 WHEN 'exit' THEN 3 END"
# Must read as the card's WHERE clause (services/dashboard/cards.py: DRIFTING) for SQLite to use the index.
DRIFTING = (
    "(CASE WHEN is_latest AND (sla_breaches > 0 OR"
    f" {_RANK.format(col='standing')} > {_RANK.format(col='previous_standing')}) THEN 1 ELSE 0 END)"
)
_LATER = (
    "b.partner_id = scorecard_snapshot.partner_id AND (b.period_end > scorecard_snapshot.period_end"
    " OR (b.period_end = scorecard_snapshot.period_end AND b.id > scorecard_snapshot.id))"
)
_EARLIER = (
    "b.partner_id = scorecard_snapshot.partner_id AND (b.period_end < scorecard_snapshot.period_end"
    " OR (b.period_end = scorecard_snapshot.period_end AND b.id < scorecard_snapshot.id))"
)
BACKFILL = (
    "UPDATE scorecard_snapshot SET"
    f" previous_standing = (SELECT b.standing FROM scorecard_snapshot b WHERE {_EARLIER}"
    " ORDER BY b.period_end DESC, b.id DESC LIMIT 1),"
    f" is_latest = NOT EXISTS (SELECT 1 FROM scorecard_snapshot b WHERE {_LATER})"
)


def upgrade() -> None:
    op.add_column("scorecard_snapshot", sa.Column("previous_standing", sa.String(length=20), nullable=True))
    op.add_column("scorecard_snapshot", sa.Column("is_latest", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(BACKFILL)
    op.execute(
        f"CREATE INDEX ix_scorecard_snapshot_drifting_open ON scorecard_snapshot ({DRIFTING}, sla_breaches, partner_id)"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_scorecard_snapshot_drifting_open")
    with op.batch_alter_table("scorecard_snapshot") as batch:
        batch.drop_column("is_latest")
        batch.drop_column("previous_standing")
