"""nkmon export"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import click

from ._options import archive_options
from ._time import TimeParam

__all__ = ["export_command"]

FORMATS = ("jsonl", "csv", "parquet", "warc")
LOG_EVERY = 1000  # rows between plain progress lines when stderr is not a terminal


class _Progress:
    """Rows written so far: a live counter on a terminal, a log line every
    ``LOG_EVERY`` rows otherwise (cron, pipes, CI logs)."""

    def __init__(self, label: str, unit: str) -> None:
        self.label, self.unit = label, unit
        self.live = sys.stderr.isatty()
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self.live:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description}"),
                TextColumn("{task.completed} " + self.unit),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=None)
        return self

    def __call__(self, count: int) -> None:
        if self._progress is not None:
            if count % 100 == 0:
                self._progress.update(self._task, completed=count)
        elif count % LOG_EVERY == 0:
            stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            click.echo(f"{stamp} {self.label} {self.unit}={count}", err=True)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()


@click.command(name="export")
@click.option("--query", metavar="QUERY", help="Only articles whose latest version matches.")
@click.option("--source", metavar="ID", help="Only articles from this source.")
@click.option(
    "--all-versions", is_flag=True, help="Every version of each article, not only the latest."
)
@click.option("--since", type=TimeParam(), help="Captured on or after (a date, or 30d).")
@click.option(
    "--until", type=TimeParam(end_of_day=True), help="Captured on or before (a date: to its end)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="jsonl",
    show_default=True,
    help="jsonl, csv, parquet: versions; warc: the raw captures.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="File to write; - or none: stdout (jsonl and csv only).",
)
@archive_options
def export_command(  # type: ignore[no-untyped-def]
    query, source, all_versions, since, until, fmt, output, db, data_dir
) -> None:
    """Export archived versions, or the raw captures, in files researchers can cite.

    jsonl, csv and parquet hold one row per version: its citation
    (source/article/vN), URL, status, dates, title, authors, language, text,
    content hash and change summary; the latest version of each article, or
    with --all-versions every one. warc holds one response record per fetch,
    with the bytes the outlet sent, for web-archive tools. --query takes the
    search language (it matches the latest version); --since and --until bound
    the capture time.

    Example:

    \b
        nkmon export --query '"Jang Song Thaek"' --all-versions --format csv -o jang.csv
        nkmon export --source kcna --since 2026-11-01 --format warc -o kcna.warc.gz
    """
    to_stdout = output in (None, "-")
    if to_stdout and fmt in ("parquet", "warc"):
        raise click.ClickException(f"--format {fmt} needs --output FILE (it cannot go to stdout)")
    if all_versions and fmt == "warc":
        raise click.ClickException("--all-versions is for versions; a WARC holds every capture")

    from archive import open_archive
    from archive.export import export_versions, export_warc

    target = sys.stdout.buffer if to_stdout else output
    where = "stdout" if to_stdout else output
    unit = "records" if fmt == "warc" else "rows"
    selection = {"source": source, "query": query, "since": since, "until": until}
    archive = open_archive(db, data_dir=data_dir, migrate=False)
    try:
        with archive.read() as session, _Progress(f"export {fmt}", unit) as progress:
            if fmt == "warc":
                count = export_warc(session, target, on_row=progress, **selection)
            else:
                count = export_versions(
                    session,
                    target,
                    fmt=fmt,
                    all_versions=all_versions,
                    on_row=progress,
                    **selection,
                )
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except OSError as exc:
        raise click.ClickException(f"cannot write {where}: {exc.strerror or exc}") from None
    finally:
        archive.close()
    click.echo(f"{count} {unit if count != 1 else unit[:-1]} written to {where}", err=True)
