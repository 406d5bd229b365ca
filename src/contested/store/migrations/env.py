"""Alembic environment: run migrations on the connection `contested.store` hands over.

The store upgrades its database on open (`contested.store.migrate.upgrade`); this file is
only reached through that call (or `alembic` pointed at this folder with a `connection`).
"""

from __future__ import annotations

from alembic import context

from contested.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - offline mode is not used
    raise RuntimeError("contested migrations run through contested.store.migrate.upgrade")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
