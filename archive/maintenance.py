"""Housekeeping the service runs now and then: index merges, planner statistics
and (SQLite) WAL checkpoints."""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy import text

from .db import BUSY_TIMEOUT_MS, Archive

__all__ = ["Checkpoint", "checkpoint", "optimize"]


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


@dataclass(frozen=True)
class Checkpoint:
    """What one ``wal_checkpoint(TRUNCATE)`` did."""

    complete: bool  # every frame copied and the WAL file truncated
    frames: int  # frames the WAL held
    copied: int  # of them copied into the database file
    wal_bytes: int  # the WAL file's size afterwards


def checkpoint(archive: Archive, *, wait: float = 1.0) -> Checkpoint | None:
    """Copy a SQLite archive's WAL into the database and truncate it; None on
    other databases (nothing to do).

    A reader holding an older snapshot keeps the frames it may need, and SQLite's
    own checkpoints then never empty the WAL, which grows as long as the reader
    stays. This one waits at most ``wait`` seconds for readers and the writer
    (it blocks writers while it waits), then copies what it can: ``complete`` is
    False until the reader lets go, and a later call finishes the job.
    """
    database = archive.url.database
    if archive.dialect != "sqlite" or not database or database == ":memory:":
        return None
    raw = archive.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")
        try:
            busy, frames, copied = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.close()
    finally:
        raw.close()
    try:
        wal_bytes = os.path.getsize(f"{database}-wal")
    except FileNotFoundError:
        wal_bytes = 0
    return Checkpoint(not busy, max(frames, 0), max(copied, 0), wal_bytes)
