"""nkmon crawl, nkmon revisit"""

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


def run_options(func):  # type: ignore[no-untyped-def]
    """The options ``crawl`` and ``revisit`` share."""
    for option in reversed(
        [
            click.option(
                "--source",
                "source_ids",
                multiple=True,
                metavar="ID",
                help="Only this source (repeat).",
            ),
            click.option(
                "--set",
                "-s",
                "overrides",
                multiple=True,
                metavar="NAME=VALUE",
                help="Override a Scrapy or NKMON_ setting for this run (repeat).",
            ),
            click.option(
                "--log-level",
                type=click.Choice(
                    ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], case_sensitive=False
                ),
                help="Show Scrapy's own log at this level [default: only nkmon's report].",
            ),
            click.option(
                "--time-limit", type=float, metavar="SECONDS", help="Abandon the run after this."
            ),
            sources_option,
            archive_options,
            format_option(),
        ]
    ):
        func = option(func)
    return func


def _run(mode: str, label: str, **options) -> None:  # type: ignore[no-untyped-def]
    from scheduler import crawl_sources

    settings = dict(_parse_setting(o) for o in options.pop("overrides"))
    if log_level := options.pop("log_level"):
        settings["LOG_LEVEL"] = log_level.upper()
    fmt = options.pop("fmt")
    with PageProgress(label) as progress:
        report = crawl_sources(
            database_url=options.pop("db"),
            settings=settings,
            on_event=progress,
            mode=mode,
            **options,
        )
    # Without a live display every page error was already logged as it happened.
    print_report(report, fmt, page_errors=progress.live)
    if not report.ok:
        raise SystemExit(1)


@click.command()
@run_options
def crawl(**options) -> None:  # type: ignore[no-untyped-def]
    """Crawl the configured sources once and archive what changed.

    Every article a source's feeds, sitemaps or listing pages name is fetched;
    a page whose content changed becomes a new version, an unchanged one is
    recorded as a capture. A source that cannot be reached is reported (exit
    code 1); the others go on.

    Example:

        nkmon crawl --source 38north --db sqlite:///nk.db
    """
    _run("discover", "crawling", **options)


@click.command()
@click.option(
    "--all", "everything", is_flag=True, help="Every archived article, due or not (a full sweep)."
)
@run_options
def revisit(everything: bool, **options) -> None:  # type: ignore[no-untyped-def]
    """Fetch again the archived articles whose next check is due.

    Each article is re-checked on a schedule that slows as it ages (every 15
    minutes at first, every 30 days at last; a source's `sweep` caps the wait),
    with a conditional GET. An edit becomes a new version; a 404, a soft 404 or
    a redirect away records a deletion. A source whose homepage does not answer
    is marked down and none of its articles is touched.

    Example:

        nkmon revisit --source kcna
    """
    if everything:
        options["overrides"] = (*options["overrides"], "NKMON_REVISIT_ALL=true")
    _run("revisit", "revisiting", **options)


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
        if src.source_down:
            click.echo(f"error: source {src.source_id} is down: {src.source_down}", err=True)
        for url, message in src.page_errors if page_errors else ():
            click.echo(f"warning: source {src.source_id}: {url}: {message}", err=True)
    columns = ["source", "discovered", *OUTCOMES[:-1], "status"]
    emit(rows, fmt, columns=columns if fmt in ("table", "csv") else None)
