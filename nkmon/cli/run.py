"""nkmon run: the background service (scheduler.service)."""

from __future__ import annotations

from datetime import timedelta

import click

from ._options import archive_options, sources_option
from .crawl import _parse_setting

__all__ = ["run_command"]


@click.command(name="run")
@click.option(
    "--set",
    "-s",
    "overrides",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a Scrapy or NKMON_ setting for every crawl (repeat).",
)
@sources_option
@archive_options
@click.option(
    "--node",
    metavar="NAME",
    help="This process's name in run records and job state, for several processes "
    "sharing one database [env: NKMON_NODE; default: the host name].",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 32),
    default=2,
    show_default=True,
    help="Crawls at once (each in its own process).",
)
@click.option(
    "--revisit-every",
    type=click.IntRange(1),
    default=15,
    show_default=True,
    metavar="MIN",
    help="Minutes between revisit sweeps.",
)
@click.option(
    "--maintenance-every",
    type=click.IntRange(1),
    default=24,
    show_default=True,
    metavar="H",
    help="Hours between maintenance runs (index optimization, ANALYZE, pruning).",
)
@click.option(
    "--checkpoint-every",
    type=click.IntRange(1),
    default=300,
    show_default=True,
    metavar="S",
    help="Seconds between WAL checkpoints of a SQLite archive (they keep its -wal file "
    "small while readers come and go).",
)
@click.option(
    "--keep-runs",
    type=click.IntRange(1),
    default=90,
    show_default=True,
    metavar="DAYS",
    help="Run records older than this are pruned by maintenance.",
)
@click.option(
    "--time-limit",
    type=click.IntRange(10),
    default=3600,
    show_default=True,
    metavar="S",
    help="Hard limit on one crawl, seconds (a discovery also stops at its source's interval).",
)
@click.option(
    "--spread",
    type=click.IntRange(0),
    default=300,
    show_default=True,
    metavar="S",
    help="New and overdue jobs start at random within this many seconds of start-up.",
)
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"]),
    envvar="NKMON_LOG_LEVEL",
    default="info",
    show_default=True,
    help="Least important events logged [env: NKMON_LOG_LEVEL].",
)
@click.option(
    "--log-format",
    type=click.Choice(["logfmt", "json"]),
    envvar="NKMON_LOG_FORMAT",
    default="logfmt",
    show_default=True,
    help="One event per line on stderr: key=value pairs, or JSON [env: NKMON_LOG_FORMAT].",
)
def run_command(  # type: ignore[no-untyped-def]
    overrides,
    sources_path,
    db,
    data_dir,
    node,
    concurrency,
    revisit_every,
    maintenance_every,
    checkpoint_every,
    keep_runs,
    time_limit,
    spread,
    log_level,
    log_format,
) -> None:
    """Run the service: every source's discovery at its interval, the revisit
    sweep and maintenance, until SIGTERM or Ctrl-C (then exit 0 within 30 s).

    Job state and run records live in the archive, so a restart resumes the
    schedule; several processes on one PostgreSQL database share the sources.

    Example:

        nkmon run --db postgresql+psycopg://nkmon@db/nkmon --log-format json
    """
    from scheduler.logs import configure
    from scheduler.service import Service, ServiceConfig, default_node

    configure(log_level, log_format)
    config = ServiceConfig(
        database_url=db,
        data_dir=data_dir,
        sources_path=sources_path,
        node=node or default_node(),
        concurrency=concurrency,
        revisit_every=timedelta(minutes=revisit_every),
        maintenance_every=timedelta(hours=maintenance_every),
        checkpoint_every=timedelta(seconds=checkpoint_every),
        keep_runs=timedelta(days=keep_runs),
        crawl_time_limit=timedelta(seconds=time_limit),
        startup_spread=timedelta(seconds=spread),
        settings=dict(_parse_setting(o) for o in overrides),
    )
    raise SystemExit(Service(config).run_forever())
