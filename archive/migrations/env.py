"""Alembic environment: migrates the engine nkmon hands over, or alembic.ini's URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

# Modules whose tables are part of the schema.
import archive.dedup
import archive.runs  # noqa: F401
from archive.config import database_url
from archive.models import Base

# Tables that are not models: the SQLite full-text index (a virtual table and its
# shadows), and APScheduler's job table (its own Table, created by migration 0008).
UNMANAGED_PREFIXES = ("search_fts", "search_pg", "scheduler_jobs")


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    return not (type_ == "table" and name is not None and name.startswith(UNMANAGED_PREFIXES))


def run_migrations() -> None:
    engine: Engine | None = context.config.attributes.get("engine")
    if engine is None:
        # Called by the alembic CLI: use NKMON_DATABASE_URL or the default SQLite archive.
        from archive.db import open_archive

        engine = open_archive(database_url(), migrate=False).engine
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            include_name=include_name,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
