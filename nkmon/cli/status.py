"""nkmon status: each source's health, from the service's run records."""

from __future__ import annotations

import click

from ._options import archive_options, sources_option
from ._output import emit, format_option

__all__ = ["status_command"]

COLUMNS = [
    "source",
    "health",
    "last_success",
    "last_error",
    "articles_24h",
    "articles_7d",
    "why",
]


@click.command(name="status")
@sources_option
@archive_options
@click.option(
    "--stale-after",
    type=click.IntRange(1),
    default=3,
    show_default=True,
    metavar="N",
    help="A source with nothing new for N of its intervals is stale.",
)
@format_option()
def status_command(sources_path, db, data_dir, stale_after, fmt) -> None:  # type: ignore[no-untyped-def]
    """Per source: health (ok, stale, blocked, down, failing, never run), last
    success and last error, and articles first seen in the last 24 hours and 7
    days. Exit code 0 whatever the health: read it from the output.

    Example:

        nkmon status --format json | jq '.[] | select(.health != "ok")'
    """
    from archive import open_archive
    from crawler import load_registry
    from scheduler.status import source_health

    registry = load_registry(sources_path)
    archive = open_archive(db, data_dir=data_dir, migrate=False)
    try:
        rows = [h.to_dict() for h in source_health(archive, registry, stale_after=stale_after)]
    finally:
        archive.close()
    emit(rows, fmt, columns=COLUMNS if fmt in ("table", "csv") else None)
