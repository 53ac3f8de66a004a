"""nkmon db ..."""

from __future__ import annotations

import click

from archive import open_archive

from ._options import archive_options
from ._output import emit, format_option


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


@db.command(name="check")
@archive_options
@click.option(
    "--quick",
    is_flag=True,
    help="Skip SQLite's full page check and the FTS5 index check (which holds the write lock).",
)
@click.option(
    "--sample",
    type=click.IntRange(0),
    metavar="N",
    help="Decode N stored bodies chosen at random [default: every one].",
)
@format_option()
def check_command(
    db: str | None, data_dir: str | None, quick: bool, sample: int | None, fmt: str
) -> None:
    """Check that the archive is whole: one line per problem, exit code 1 if any.

    SQLite's integrity and foreign-key checks and FTS5's index check; then, on
    every database: each version made by exactly one capture, no capture naming
    a missing version or body, versions numbered 1..n, each article's latest
    version pointer, every version in the full-text index, every stored body
    decompressing to its SHA-256, duplicate signatures on latest versions.
    Changes nothing. On SQLite the FTS5 check holds the write lock while it
    runs (seconds on a large archive): beside a busy service, use --quick.

    Example:

        nkmon db check --db sqlite:///nk.db --format json
    """
    from archive.integrity import check

    archive = open_archive(db, data_dir=data_dir, migrate=False)
    try:
        report = check(archive, quick=quick, blob_sample=sample)
    finally:
        archive.close()
    if fmt == "table":
        for problem in report:
            click.echo(str(problem))
        counted = ", ".join(f"{n:,} {what}" for what, n in report.counts.items())
        verdict = "ok" if report.ok else f"{len(report)} problem{'s' * (len(report) != 1)}"
        click.echo(f"{archive.where}: {verdict} ({counted})")
    else:
        emit([p.to_dict() for p in report], fmt, columns=["check", "message"])
    if not report.ok:
        raise SystemExit(1)
