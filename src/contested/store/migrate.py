"""Bring a database's schema up to date with the Alembic scripts shipped in the package.

`Store.open` calls `upgrade` on every open, so a database made by an older contested gains
the new tables and columns without a separate command; an up-to-date one costs one query.
"""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine


def _config() -> Config:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("contested.store").joinpath("migrations"))
    )
    return config


def head() -> str | None:
    """The newest revision shipped with this version of contested."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def current(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


#: PostgreSQL advisory-lock keys: one writer at a time migrates, or rebuilds the clusters.
MIGRATION_LOCK = 0x636F6E74  # "cont"
CLUSTER_LOCK = 0x636C7573  # "clus"


def lock(connection: Connection, key: int) -> None:
    """Serialise concurrent writers on PostgreSQL for the rest of the transaction (SQLite
    serialises writers itself)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def upgrade(engine: Engine) -> None:
    """Run every migration the database lacks, in one transaction (two processes opening a
    new database at once take turns; the second finds it up to date)."""
    if current(engine) == head():
        return
    config = _config()
    with engine.begin() as connection:
        lock(connection, MIGRATION_LOCK)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
