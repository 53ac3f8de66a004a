"""Per-source locks, so that no two crawls of one source ever overlap, whether
they run in one service process or in several sharing a database.

PostgreSQL: a session-level advisory lock, held on its own connection for the
length of the crawl. SQLite: ``flock`` on a file beside the database (one
machine is all SQLite serves). Either way the lock dies with its process, so a
crashed service never leaves a source locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from archive import Archive

__all__ = ["source_lock"]


def _key(name: str) -> int:
    # A stable signed 64-bit key for pg_try_advisory_lock.
    return int.from_bytes(hashlib.sha256(f"nkmon:{name}".encode()).digest()[:8], "big", signed=True)


@contextlib.contextmanager
def source_lock(archive: Archive, name: str) -> Iterator[bool]:
    """Try to take the lock called ``name`` without waiting; yields whether it was taken."""
    if archive.dialect == "postgresql":
        with archive.engine.connect() as conn:
            taken = bool(
                conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": _key(name)}).scalar()
            )
            conn.commit()
            try:
                yield taken
            finally:
                # A connection lost meanwhile (the database restarted) took its lock with it.
                if taken and not conn.invalidated:
                    with contextlib.suppress(SQLAlchemyError):
                        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _key(name)})
                        conn.commit()
        return
    path = _lock_dir(archive) / (hashlib.sha256(name.encode()).hexdigest()[:16] + ".lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _lock_dir(archive: Archive) -> Path:
    database = archive.url.database
    if not database or database == ":memory:":
        raise ValueError("locks need a database file")
    path = Path(f"{database}.locks")
    path.mkdir(exist_ok=True)
    return path
