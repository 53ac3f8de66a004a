"""nkmon import-warc"""

from __future__ import annotations

import math

import click
from click.core import ParameterSource

from ._options import archive_options, sources_option
from ._output import emit, format_option
from ._progress import PageProgress

__all__ = ["import_warc_command"]


class Seconds(click.ParamType):
    """A positive, finite number of seconds; the error names the variable it came from."""

    name = "seconds"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            seconds = math.nan
        if math.isfinite(seconds) and seconds > 0:
            return seconds
        from_env = ctx and param and ctx.get_parameter_source(param.name or "")
        where = f" (from {param.envvar})" if from_env is ParameterSource.ENVIRONMENT else ""
        self.fail(f"not a positive number of seconds{where}: {value!r}", param, ctx)


@click.command(name="import-warc")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--source",
    "source_id",
    metavar="ID",
    help="File every page under this source [default: the registry source of its host].",
)
@click.option(
    "--extract-timeout",
    type=Seconds(),
    envvar="NKMON_EXTRACT_TIMEOUT",
    default=30,
    show_default=True,
    metavar="SECONDS",
    help="Seconds one page's extraction may take; a page that takes longer is an error "
    "capture (extraction_timeout) and the import goes on [env: NKMON_EXTRACT_TIMEOUT].",
)
@sources_option
@archive_options
@format_option()
def import_warc_command(file, source_id, extract_timeout, sources_path, db, data_dir, fmt) -> None:  # type: ignore[no-untyped-def]
    """Backfill the archive from a WARC file (e.g. Internet Archive captures).

    Each HTML response record is extracted, filtered and stored as a crawled
    page is, dated by its WARC-Date: an article captured several times gets one
    version per change, in capture-time order whatever the file's order.
    Records that are not HTML pages or cannot be read are reported; the rest
    goes on.

    Example:

        nkmon import-warc kcna-2019.warc.gz --source kcna
    """
    from crawler.importwarc import import_warc
    from crawler.sources import load_registry

    registry = load_registry(sources_path)
    if source_id:
        registry.get(source_id)  # an unknown id is an error, not a new source
    with PageProgress("importing") as progress:
        report = import_warc(
            file,
            db,
            source_id=source_id,
            sources=list(registry),
            on_event=progress,
            data_dir=data_dir,
            timeout=extract_timeout,
        )
    # Off a terminal each page's error was logged as it happened.
    for where, why in [*report.file_errors, *(report.errors if progress.live else [])]:
        click.echo(f"warning: {where}: {why}", err=True)
    errors = len(report.errors) + len(report.file_errors)
    row = {"records": report.records, **report.outcomes, "errors": errors}
    emit([row], fmt, columns=list(row) if fmt in ("table", "csv") else None)
