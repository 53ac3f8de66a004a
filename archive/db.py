"""Opening an archive: engines, sessions and schema migration.

SQLite gets WAL, a busy timeout and ``BEGIN IMMEDIATE`` for writes: a deferred
transaction that later upgrades to a write fails at once with "database is
locked", whatever the busy timeout, so writers take the lock up front and wait
their turn. Readers use plain ``BEGIN`` and never block the writer (WAL).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from .config import database_url
from .exceptions import ConfigError, DatabaseError, SchemaError, StorageError

__all__ = ["Archive", "database_error", "first_line", "open_archive"]

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 30_000
# The WAL file is cut back to this after a checkpoint empties it (it otherwise
# keeps its largest size); the service's checkpoints truncate it to nothing.
JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024
_IMMEDIATE = "nkmon_sqlite_immediate"


def _sqlite_engine(url: URL) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, emit BEGIN: the driver's implicit
        # transactions are deferred and skip DDL.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        if url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode survives application crashes; see docs/storage.md.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT}")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(_IMMEDIATE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


_REVISION = re.compile(r"^(down_)?revision\b[^=]*=\s*[\"']?([\w]+|None)", re.MULTILINE)


@cache
def _newest_revision() -> str | None:
    """The head of the migration scripts, read from their files without Alembic
    (a fast path; Alembic is the authority whenever this disagrees)."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict((bool(down), value) for down, value in _REVISION.findall(path.read_text()))
        if False in found:
            revisions.add(found[False])
            parents.add(found.get(True))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stamped_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return None


def _alembic_config(engine: Engine) -> Any:
    # Alembic is imported only when needed: it costs most of a command's start-up.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


class Archive:
    """A handle on one archive database.

    Usage::

        archive = open_archive("sqlite:///nk.db")
        with archive.write() as session:
            ...  # one transaction, committed on exit, rolled back on error
        with archive.read() as session:
            ...
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._write_engine = (
            engine.execution_options(**{_IMMEDIATE: True})
            if engine.dialect.name == "sqlite"
            else engine
        )

    @property
    def write_engine(self) -> Engine:
        """The engine writers use (on SQLite its transactions begin IMMEDIATE)."""
        return self._write_engine

    @property
    def url(self) -> URL:
        return self.engine.url

    @property
    def where(self) -> str:
        """The database URL for messages, password hidden."""
        return self.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._session(self._write_engine) as session:
            yield session

    @contextmanager
    def _session(self, engine: Engine) -> Iterator[Session]:
        try:
            with Session(engine, expire_on_commit=False) as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise database_error(self.url, exc) from exc

    # -- schema -------------------------------------------------------------

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str | None:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(_alembic_config(self.engine)).get_current_head()

    def upgrade(self, revision: str = "head") -> None:
        """Migrate the schema forward (creates it in an empty database)."""
        from alembic import command

        try:
            command.upgrade(_alembic_config(self._write_engine), revision)
        except SQLAlchemyError as exc:
            raise SchemaError(f"migrating {self.where}: {first_line(exc)}") from exc

    def check_schema(self, *, allow_older: bool = False) -> None:
        """Raise ``SchemaError`` unless the schema is at this code's head revision.

        With ``allow_older`` an empty or older schema passes: it can be migrated.
        """
        if _stamped_revision(self.engine) == _newest_revision():
            return  # the common case, without loading Alembic
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(_alembic_config(self.engine))
        current, head = self.current_revision(), script.get_current_head()
        if current == head:
            return
        if current is not None and current not in {s.revision for s in script.walk_revisions()}:
            raise SchemaError(
                f"{self.where} is at schema {current}, newer than this nkmon; upgrade nkmon"
            )
        if allow_older:
            return
        if current is None:
            raise SchemaError(f"{self.where} has no nkmon schema; run `nkmon db upgrade`")
        raise SchemaError(
            f"{self.where} is at schema {current}, not {head}; run `nkmon db upgrade`"
        )

    def close(self) -> None:
        self.engine.dispose()


def open_archive(
    url: str | URL | None = None,
    *,
    data_dir: str | Path | None = None,
    migrate: bool = True,
) -> Archive:
    """Open the archive at ``url``: by default creating or migrating it.

    With ``migrate=False`` (what read-only commands use) nothing is created or
    changed: a missing SQLite file or an old schema is an error.
    With no URL: ``NKMON_DATABASE_URL``, else SQLite in the data directory.
    """
    resolved = url if isinstance(url, URL) else database_url(url, data_dir=data_dir)
    if resolved.get_backend_name() == "sqlite":
        engine = _open_sqlite(resolved, create=migrate)
    else:
        try:
            engine = create_engine(resolved, pool_pre_ping=True)
        except (SQLAlchemyError, ImportError, ValueError, TypeError) as exc:
            raise ConfigError(
                f"cannot use {resolved.render_as_string(hide_password=True)}: {exc}"
            ) from None
    archive = Archive(engine)
    try:
        # Stamped at the scripts' head (the common case): nothing to migrate, and
        # Alembic, most of a command's start-up, is not imported.
        if migrate and _stamped_revision(engine) != _newest_revision():
            archive.check_schema(allow_older=True)
            if archive.current_revision() != archive.head_revision():
                archive.upgrade()
        archive.check_schema()
    except SQLAlchemyError as exc:
        archive.close()
        raise database_error(resolved, exc) from exc
    except Exception:
        archive.close()
        raise
    return archive


def _open_sqlite(url: URL, *, create: bool) -> Engine:
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        path = Path(url.database)
        if not create and not path.exists():
            raise ConfigError(f"no archive at {path}: crawl into it first, or give --db")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                f"cannot create data directory {path.parent}: {exc.strerror}"
            ) from None
    try:
        return _sqlite_engine(url)
    except (SQLAlchemyError, ValueError, ImportError, TypeError) as exc:
        where = url.render_as_string(hide_password=True)
        raise ConfigError(f"cannot use {where}: {exc}") from None


# SQLite result codes (the low byte of extended ones) and PostgreSQL SQLSTATEs
# that mean the database cannot write at all.
_SQLITE_CANNOT_WRITE = {8, 10, 13}  # SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL
_PG_CANNOT_WRITE = {"53100", "58030", "25006"}  # disk_full, io_error, read_only_sql_transaction


def database_error(url: URL, exc: SQLAlchemyError) -> DatabaseError:
    """The ``DatabaseError`` for a failed operation on the database at ``url``,
    in one line naming it: a ``StorageError`` when it cannot write at all (full
    disk, I/O error, read-only), saying how much space is left for SQLite."""
    message = f"{url.render_as_string(hide_password=True)}: {first_line(exc)}"
    orig = getattr(exc, "orig", None)
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _SQLITE_CANNOT_WRITE:
        return StorageError(message + _free_space(url))
    if getattr(orig, "sqlstate", None) in _PG_CANNOT_WRITE:
        return StorageError(message)
    return DatabaseError(message)


def _free_space(url: URL) -> str:
    """For a SQLite file: how much room is left beside it, when that is little."""
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        return ""
    folder = Path(url.database).parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    if free >= 64 * 1024 * 1024:
        return ""
    if free < 1024 * 1024:
        return f" (the disk is full: {free:,} bytes free in {folder})"
    return f" ({free / (1024 * 1024):.0f} MiB free in {folder})"


def first_line(exc: BaseException) -> str:
    """A database error as one line: the driver's message, else the exception's name."""
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
