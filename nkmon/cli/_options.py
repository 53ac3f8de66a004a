"""Options shared by commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = ["archive_options", "sources_option"]

F = TypeVar("F", bound=Callable[..., Any])


def archive_options(func: F) -> F:
    """``--db`` and ``--data-dir``; without them NKMON_DATABASE_URL / NKMON_DATA_DIR apply."""
    func = click.option(
        "--data-dir",
        type=click.Path(file_okay=False),
        help="Directory of the default SQLite archive [env: NKMON_DATA_DIR].",
    )(func)
    return click.option(
        "--db",
        "db",
        metavar="URL",
        help="SQLAlchemy database URL of the archive [env: NKMON_DATABASE_URL].",
    )(func)


def sources_option(func: F) -> F:
    return click.option(
        "--sources",
        "sources_path",
        type=click.Path(dir_okay=False),
        help="Source registry (TOML) [env: NKMON_SOURCES; default: the bundled one].",
    )(func)
