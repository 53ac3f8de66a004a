"""nkmon db ..."""

from __future__ import annotations

import click

from archive import open_archive

from ._options import archive_options


@click.group()
def db() -> None:
    """The archive database itself.

    Example:

        nkmon db upgrade
    """


@db.command()
@archive_options
def upgrade(db: str | None, data_dir: str | None) -> None:
    """Create the archive's schema, or migrate it to this version of nkmon.

    Every command does this by itself; run it on its own before starting
    several processes against a new database.

    Example:

        nkmon db upgrade --db postgresql+psycopg://nkmon@localhost/nkmon
    """
    archive = open_archive(db, data_dir=data_dir)
    try:
        click.echo(f"{archive.where}: schema at revision {archive.current_revision()}")
    finally:
        archive.close()
