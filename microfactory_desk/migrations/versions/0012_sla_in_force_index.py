"""one index answers "has this partner an SLA version in force?" without reading the version rows

The dashboard's "No agreed SLA in force" card asks it of every pilot and approved partner, twice (the listed
items and the capped count), and the KPI batch and the SLA pages ask it per partner. Through the partner id
index alone each probe read the version rows for their status and dates: 7.5 ms of the dashboard's 14 ms at
10,000 partners. With status and both dates in the index the probe reads the index only (3.5 ms). The partner
id index stays: the KPI batch walks it for its (partner, version id) order, which this one does not keep.

Revision ID: 0012_sla_in_force_index
Revises: 0011_dashboard_drift
Create Date: 2026-12-07 20:40:00
"""

from alembic import op

revision = "0012_sla_in_force_index"
down_revision = "0011_dashboard_drift"
branch_labels = None
depends_on = None

COLUMNS = ["partner_id", "status", "valid_from", "valid_until"]


def upgrade() -> None:
    op.create_index("ix_sla_version_in_force", "sla_version", COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index("ix_sla_version_in_force", table_name="sla_version")
