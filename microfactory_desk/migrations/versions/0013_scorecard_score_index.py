"""the period's scores in score order: the Scorecards page's first rows come from an index

The portfolio's default sort (best score first, "no data" after) sorted every listed partner of the period to
show its first 100: a LEFT JOIN of 6,500 partners at 10,000, 10 ms cold on the page's first paint.
`services.scorecards.listing` now reads the scored rows and the rest apart, each stopping at the page's end;
`ix_scorecard_snapshot_period_score` (period, score) gives the scored rows in order (2 ms in all).

The plan is checked in tests/services/test_query_plans.py.

Revision ID: 0013_scorecard_score_index
Revises: 0012_dashboard_covering_indexes
Create Date: 2026-12-07 23:20:00
"""

from alembic import op

revision = "0013_scorecard_score_index"
down_revision = "0012_dashboard_covering_indexes"
branch_labels = None
depends_on = None

# Also in the models.
NAME, TABLE, COLUMNS = "ix_scorecard_snapshot_period_score", "scorecard_snapshot", ["period", "score"]


def upgrade() -> None:
    op.create_index(NAME, TABLE, COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index(NAME, table_name=TABLE)
