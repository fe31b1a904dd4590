"""Alembic environment: runs the migrations on the connection `reserving.storage.db` hands over.

There is no alembic.ini: `reserving.storage.db.upgrade_schema` builds the configuration in
code and passes an open connection (already inside a write transaction) in
``config.attributes["connection"]``, so the upgrade commits or rolls back as one unit.
"""

from __future__ import annotations

from alembic import context

from reserving.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only alter tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
