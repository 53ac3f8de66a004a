"""nkmon reextract"""

from __future__ import annotations

import sys

import click

from ._options import archive_options, sources_option


@click.command(name="reextract")
@click.option("--source", metavar="ID", help="Only this source's articles.")
@sources_option
@archive_options
def reextract_command(source, sources_path, db, data_dir) -> None:  # type: ignore[no-untyped-def]
    """Re-run extraction over the stored captures, after an extractor upgrade.

    Each version is re-read from the raw page that created it, as a crawl reads
    it (dates without an offset in the source's registry timezone). A changed
    reading replaces the version's text and the old one is kept; no version is
    added or removed, so the upgrade shows up as no edit. Dates are not changed:
    a version whose page now reads with other dates is named in a warning.

    Example:

        nkmon reextract --source kcna
    """
    from datetime import UTC, datetime

    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from archive import open_archive
    from crawler.reextract import reextract
    from crawler.sources import load_registry

    registry = load_registry(sources_path)
    archive = open_archive(db, data_dir=data_dir)
    live = sys.stderr.isatty()
    counts = {"updated": 0, "same": 0, "failed": 0}
    progress = Progress(
        SpinnerColumn(),
        TextColumn("reextracting {task.fields[counts]}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=not live,
    )
    task = progress.add_task("reextract", counts="")

    def on_version(citation: str, outcome: str) -> None:
        counts[outcome] += 1
        if live:
            progress.update(task, counts=" · ".join(f"{k} {v}" for k, v in counts.items()))
        else:
            stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            click.echo(f"{stamp} version={citation} outcome={outcome}", err=True)

    try:
        with progress:
            report = reextract(archive, source_id=source, sources=registry, on_version=on_version)
    finally:
        archive.close()
    for citation, why in report.failed:
        click.echo(f"warning: {citation}: {why}", err=True)
    for citation, stored, read in report.dates_differ:
        click.echo(
            f"warning: {citation}: the page now reads {read}; kept as stored: {stored}", err=True
        )
    differ = f", {len(report.dates_differ)} with other dates" if report.dates_differ else ""
    click.echo(
        f"{report.checked} versions checked, {report.updated} updated, "
        f"{len(report.failed)} failed{differ}"
    )
