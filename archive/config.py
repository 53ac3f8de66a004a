"""Where the archive lives: the one module that reads the archive's environment.

``NKMON_DATABASE_URL`` takes any SQLAlchemy URL. Without it the archive is the
SQLite file ``nkmon.db`` in the data directory: ``NKMON_DATA_DIR``, else
``$XDG_DATA_HOME/nkmon``, else ``~/.local/share/nkmon``.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from .exceptions import ConfigError

__all__ = ["DATABASE_FILENAME", "database_url", "default_data_dir"]

DATABASE_FILENAME = "nkmon.db"


def default_data_dir() -> Path:
    """The data directory from the environment, or the XDG default."""
    if explicit := os.environ.get("NKMON_DATA_DIR"):
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg).expanduser() / "nkmon"


def database_url(url: str | None = None, *, data_dir: str | Path | None = None) -> URL:
    """Resolve the database URL: explicit > ``NKMON_DATABASE_URL`` > SQLite in the data dir.

    Raises ``ConfigError`` for a URL SQLAlchemy cannot parse, naming where it came from.
    """
    origin = "--db"
    if url is None:
        url, origin = os.environ.get("NKMON_DATABASE_URL") or None, "NKMON_DATABASE_URL"
    if url is None:
        directory = Path(data_dir).expanduser() if data_dir else default_data_dir()
        return URL.create("sqlite", database=str(directory / DATABASE_FILENAME))
    try:
        parsed = make_url(url)
        parsed.port  # noqa: B018 - raises ValueError for a malformed host
    except (ArgumentError, ValueError) as exc:
        raise ConfigError(f"{origin}: not a database URL: {url!r} ({exc})") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        parsed = parsed.set(database=os.path.expanduser(parsed.database))
    return parsed
