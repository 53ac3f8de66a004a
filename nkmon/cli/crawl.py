"""nkmon crawl"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ._options import archive_options, sources_option
from ._output import emit, format_option
from ._progress import PageProgress

if TYPE_CHECKING:
    from crawler import CrawlReport

OUTCOMES = ("new_version", "unchanged", "not_modified", "gone", "error", "dropped", "not_stored")


def _parse_setting(value: str) -> tuple[str, str]:
    name, sep, setting = value.partition("=")
    if not sep or not name.strip():
        raise click.BadParameter(f"{value!r}: expected NAME=VALUE", param_hint="--set")
    return name.strip(), setting


@click.command()
@click.option(
    "--source", "source_ids", multiple=True, metavar="ID", help="Crawl only this source (repeat)."
)
@click.option(
    "--set",
    "-s",
    "overrides",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a Scrapy or NKMON_ setting for this run (repeat).",
)
@click.option(
    "--log-level",
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], case_sensitive=False),
    help="Show Scrapy's own log at this level [default: only nkmon's report].",
)
@click.option("--time-limit", type=float, metavar="SECONDS", help="Abandon the run after this.")
@sources_option
@archive_options
@format_option()
def crawl(
    source_ids: tuple[str, ...],
    overrides: tuple[str, ...],
    log_level: str | None,
    time_limit: float | None,
    sources_path: str | None,
    db: str | None,
    data_dir: str | None,
    fmt: str,
) -> None:
    """Crawl the configured sources once and archive what changed.

    Every article listed in a source's feeds is fetched; a page whose text
    changed becomes a new version, an unchanged one is recorded as a capture.
    A source that cannot be reached is reported (exit code 1); the others go on.

    Example:

        nkmon crawl --source 38north --db sqlite:///nk.db
    """
    from scheduler import crawl_sources

    settings = dict(_parse_setting(o) for o in overrides)
    if log_level:
        settings["LOG_LEVEL"] = log_level.upper()
    with PageProgress("crawling") as progress:
        report = crawl_sources(
            database_url=db,
            data_dir=data_dir,
            sources_path=sources_path,
            source_ids=source_ids,
            settings=settings,
            on_event=progress,
            time_limit=time_limit,
        )
    # Without a live display every page error was already logged as it happened.
    print_report(report, fmt, page_errors=progress.live)
    if not report.ok:
        raise SystemExit(1)


def print_report(report: CrawlReport, fmt: str, *, page_errors: bool = True) -> None:
    rows = []
    for src in report.sources:
        rows.append(
            {
                "source": src.source_id,
                "discovered": src.discovered,
                **{o: src.outcomes.get(o, 0) for o in OUTCOMES},
                "skipped": src.skipped,
                "status": "failed" if src.failed else "ok",
                "errors": list(src.discovery_errors),
            }
        )
        for message in src.discovery_errors:
            click.echo(f"error: source {src.source_id}: {message}", err=True)
        for url, message in src.page_errors if page_errors else ():
            click.echo(f"warning: source {src.source_id}: {url}: {message}", err=True)
    columns = ["source", "discovered", *OUTCOMES[:-1], "status"]
    emit(rows, fmt, columns=columns if fmt in ("table", "csv") else None)
