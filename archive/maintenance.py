"""Housekeeping the service runs now and then: index merges and planner statistics."""

from __future__ import annotations

from sqlalchemy import text

from .db import Archive

__all__ = ["optimize"]


def optimize(archive: Archive) -> list[str]:
    """Merge the full-text index's segments and refresh the planner's
    statistics (SQLite: FTS5 'optimize', PRAGMA optimize; PostgreSQL: VACUUM
    ANALYZE). Returns what was done, for the log."""
    done = []
    if archive.dialect == "sqlite":
        with archive.write() as session:
            session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
            done.append("fts-optimize")
        with archive.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA optimize")
            done.append("pragma-optimize")
    elif archive.dialect == "postgresql":
        # VACUUM cannot run inside a transaction.
        with archive.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE)")
            done.append("vacuum-analyze")
    return done
