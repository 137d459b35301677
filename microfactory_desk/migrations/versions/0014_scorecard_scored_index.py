"""the period's scores in score order, for the scored rows only: a partial index other queries cannot pick

Migration 0013's (period, score) index let the Scorecards page read its first scored rows in order (2 ms). But
SQLite then chose it for every query that names a period, and a portfolio filtered by standing at 100,000
partners walked the period's snapshots in score order, fetching each row far from the last: 48 -> 213 ms (its
count 45 -> 180 ms). `ix_scorecard_snapshot_period_scored` holds the same keys for the snapshots with a score, so
only a query that asks `score IS NOT NULL` (the scored walk of services.scorecards.listing) can use it; the others
plan as they did before 0013, which this replaces.

The plans are checked in tests/services/test_scorecard_listing.py.

Revision ID: 0014_scorecard_scored_index
Revises: 0013_scorecard_score_index
Create Date: 2026-12-07 23:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_scorecard_scored_index"
down_revision = "0013_scorecard_score_index"
branch_labels = None
depends_on = None

# Also in the models.
NAME, TABLE, COLUMNS = "ix_scorecard_snapshot_period_scored", "scorecard_snapshot", ["period", "score"]
REPLACED = "ix_scorecard_snapshot_period_score"
SCORED = sa.text("score IS NOT NULL")


def upgrade() -> None:
    op.create_index(NAME, TABLE, COLUMNS, unique=False, sqlite_where=SCORED, postgresql_where=SCORED)
    op.drop_index(REPLACED, table_name=TABLE)


def downgrade() -> None:
    op.create_index(REPLACED, TABLE, COLUMNS, unique=False)
    op.drop_index(NAME, table_name=TABLE)
