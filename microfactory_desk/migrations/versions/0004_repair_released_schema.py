"""repair databases made by early builds of migration 0003

Revision ID: 0004_repair_released_schema
Revises: 0003_quality_orders_telemetry
Create Date: 2026-12-07 03:10:00

Migration 0003 was edited after it was first released (85fe6b3): databases its early builds made are at
revision 0003 but lack `order_line.tier_label` and `delivery.lead_days` and have the narrower delivery
indexes. This revision looks at what the database really has and adds only what is missing, so it is a
no-op on a database made by the final 0003. Lead times missing are computed from the stored dates, as the
app computes them (received on minus sent on, in days).
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0004_repair_released_schema"
down_revision = "0003_quality_orders_telemetry"
branch_labels = None
depends_on = None

# The delivery indexes as the final 0003 made them (covering the KPI queries).
DELIVERY_INDEXES = {
    "ix_delivery_partner_received": ["partner_id", "received_on", "lead_days", "promised_on", "qty_received",
                                     "qty_defective"],
    "ix_delivery_received": ["received_on", "partner_id", "lead_days", "promised_on", "qty_received",
                             "qty_defective"],
}  # fmt: skip


def _columns(table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def _as_date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _fill_lead_days() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, sent_on, received_on FROM delivery WHERE lead_days IS NULL")).all()
    for delivery_id, sent_on, received_on in rows:
        sent, received = _as_date(sent_on), _as_date(received_on)
        if sent is not None and received is not None:
            bind.execute(
                sa.text("UPDATE delivery SET lead_days = :days WHERE id = :id"),
                {"days": (received - sent).days, "id": delivery_id},
            )


def upgrade() -> None:
    if "tier_label" not in _columns("order_line"):
        with op.batch_alter_table("order_line", schema=None) as batch_op:
            batch_op.add_column(sa.Column("tier_label", sa.String(length=200), nullable=False, server_default=""))
        with op.batch_alter_table("order_line", schema=None) as batch_op:
            batch_op.alter_column("tier_label", server_default=None)
    if "lead_days" not in _columns("delivery"):
        with op.batch_alter_table("delivery", schema=None) as batch_op:
            batch_op.add_column(sa.Column("lead_days", sa.Integer(), nullable=True))
        _fill_lead_days()
    present = {i["name"]: i["column_names"] for i in sa.inspect(op.get_bind()).get_indexes("delivery")}
    for name, columns in DELIVERY_INDEXES.items():
        if present.get(name) != columns:
            with op.batch_alter_table("delivery", schema=None) as batch_op:
                if name in present:
                    batch_op.drop_index(name)
                batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    # Nothing to undo: the repaired schema is the one revision 0003 describes.
    pass
