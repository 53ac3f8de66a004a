"""nkmon reextract"""

from __future__ import annotations

import sys

import click

from ._options import archive_options


@click.command(name="reextract")
@click.option("--source", metavar="ID", help="Only this source's articles.")
@archive_options
def reextract_command(source, db, data_dir) -> None:  # type: ignore[no-untyped-def]
    """Re-run extraction over the stored captures, after an extractor upgrade.

    Each version is re-read from the raw page that created it. A changed
    reading replaces the version's text and the old one is kept; no version is
    added or removed, so the upgrade shows up as no edit.

    Example:

        nkmon reextract --source kcna
    """
    from datetime import UTC, datetime

    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from archive import open_archive
    from crawler.reextract import reextract

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
            report = reextract(archive, source_id=source, on_version=on_version)
    finally:
        archive.close()
    for citation, why in report.failed:
        click.echo(f"warning: {citation}: {why}", err=True)
    click.echo(
        f"{report.checked} versions checked, {report.updated} updated, {len(report.failed)} failed"
    )
