"""nkmon datasette-metadata: the metadata that makes ``datasette ARCHIVE.db`` useful."""

from __future__ import annotations

import click

from ._options import archive_options

__all__ = ["datasette_metadata_command"]


@click.command(name="datasette-metadata")
@click.option(
    "--name",
    metavar="NAME",
    help="The database's name in Datasette: its file name without .db. "
    "[default: from --db, or nkmon for the default archive]",
)
@archive_options
def datasette_metadata_command(name: str | None, db: str | None, data_dir: str | None) -> None:
    """Print Datasette metadata (JSON) for browsing a SQLite archive: table
    descriptions, the search box wired to the full-text index, newest rows
    first, canned queries. See docs/datasette.md.

    Example:

        datasette ~/.local/share/nkmon/nkmon.db --metadata <(nkmon datasette-metadata)
    """
    import json
    from pathlib import Path

    from archive.config import database_url

    from ..datasette_metadata import datasette_metadata

    if name is None:
        url = database_url(db, data_dir=data_dir)
        if url.get_backend_name() != "sqlite" or not url.database:
            where = url.render_as_string(hide_password=True)
            raise click.ClickException(
                f"Datasette reads SQLite files; {where} is not one (give --name to print anyway)"
            )
        name = Path(url.database).stem
    click.echo(json.dumps(datasette_metadata(name), ensure_ascii=False, indent=2))
