"""Alembic environment: runs on the connection handed over by db.Database.upgrade()."""

from alembic import context

from microfactory_desk.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through microfactory_desk.db.Database.upgrade().")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
