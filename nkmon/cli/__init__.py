"""The ``nkmon`` command: a thin layer over the library.

Each command parses its options, calls one library function and prints through
the shared output options. Errors the library raises on purpose become one line
on stderr and exit code 1; anything else is reported as an internal error, with
the traceback only when NKMON_DEBUG is set.
"""

from __future__ import annotations

import os
import sys

import click

from archive import ArchiveError
from crawler.exceptions import CrawlerError

from .. import __version__
from .changes import changes_command, show_command
from .crawl import crawl, revisit
from .datasette import datasette_metadata_command
from .db import db
from .demo import demo
from .diff import diff_command
from .export import export_command
from .extract import extract_command
from .history import history_command
from .import_warc import import_warc_command
from .reextract import reextract_command
from .run import run_command
from .search import search_command
from .similar import similar_command
from .sources import sources
from .stats import stats_command
from .status import status_command

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nkmon")
def cli() -> None:
    """nkmon: a scheduled scraper and versioned archive of North Korea coverage.

    Example:

        nkmon crawl && nkmon search Pyongyang
    """


for command in (
    run_command,
    status_command,
    crawl,
    revisit,
    search_command,
    history_command,
    show_command,
    diff_command,
    changes_command,
    stats_command,
    similar_command,
    export_command,
    import_warc_command,
    extract_command,
    reextract_command,
    sources,
    db,
    datasette_metadata_command,
    demo,
):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="nkmon", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (ArchiveError, CrawlerError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("NKMON_DEBUG"):
            raise
        click.echo(
            f"Error: internal error: {type(exc).__name__}: {exc} (set NKMON_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(1)
