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
from sqlalchemy.engine import Engine


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


def upgrade(engine: Engine) -> None:
    """Run every migration the database lacks, in one transaction."""
    if current(engine) == head():
        return
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
