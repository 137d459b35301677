"""covering indexes for the dashboard's first read: its probes and counts read indexes, not table rows

A dashboard read on a new connection finds SQLite's page cache empty, so each table row a card touches costs a
page read (25-35 ms of the start-up's first board at 10,000 partners, against 10-15 ms warm). Two cards read
rows they only test:
- "No agreed SLA in force" asks every pilot and approved partner, twice (items and capped count), whether a
  version is in force: through the partner id index each probe read the version rows for their status and
  dates (7.5 of the board's 14 ms warm). `ix_sla_version_in_force` (partner, status, valid from, valid until)
  answers from the index (3.5 ms). The partner id index stays: the KPI batch walks it for its (partner,
  version id) order, which this one does not keep.
- "Certifications to renew" reads the certificates due in the horizon in date order and asks, of each, whether a
  renewed one of the same name exists: `ix_certification_due` (valid until, id, partner, name) lists them from
  the index in the card's order, `ix_certification_renewal` (partner, name, valid until) answers the renewal
  probe (cold 9-10 ms -> 4.5-6 ms). They replace the valid-until and partner id indexes, their prefixes.

The card plans are checked in tests/services/test_dashboard_plans.py.

Revision ID: 0012_dashboard_covering_indexes
Revises: 0011_dashboard_drift
Create Date: 2026-12-07 20:40:00
"""

from alembic import op

revision = "0012_dashboard_covering_indexes"
down_revision = "0011_dashboard_drift"
branch_labels = None
depends_on = None

# Also in the models.
NEW = (
    ("ix_sla_version_in_force", "sla_version", ["partner_id", "status", "valid_from", "valid_until"]),
    ("ix_certification_due", "certification", ["valid_until", "id", "partner_id", "name"]),
    ("ix_certification_renewal", "certification", ["partner_id", "name", "valid_until"]),
)
REPLACED = (
    ("ix_certification_valid_until", "certification", ["valid_until"]),
    ("ix_certification_partner_id", "certification", ["partner_id"]),
)


def upgrade() -> None:
    for name, table, columns in NEW:
        op.create_index(name, table, columns, unique=False)
    for name, table, _columns in REPLACED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, columns in REPLACED:
        op.create_index(name, table, columns, unique=False)
    for name, table, _columns in reversed(NEW):
        op.drop_index(name, table_name=table)
