"""Jobs: the units of work a schedule runs."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from archive import Archive, ConfigError, open_archive
from archive.runs import RunCounts, finish_run, start_run
from archive.types import utcnow
from crawler import CrawlError, CrawlReport, PageEvent, load_registry
from crawler import crawl as run_crawl

from .records import run_outcome

__all__ = ["crawl_sources", "open_crawl_archive"]


def crawl_sources(
    *,
    database_url: str | None = None,
    data_dir: str | Path | None = None,
    sources_path: str | Path | None = None,
    source_ids: Sequence[str] = (),
    settings: dict[str, Any] | None = None,
    on_event: Callable[[PageEvent], None] | None = None,
    time_limit: float | None = None,
    mode: str = "discover",
) -> CrawlReport:
    """One crawl over the registry's sources (or the ones named), into the archive.

    ``mode="discover"`` finds new articles; ``mode="revisit"`` re-fetches the
    archived ones whose next check is due. Each source's run is recorded (as
    the service's are, node ``cli/<pid>``), so ``nkmon status`` sees it.

    The archive is opened (and migrated) here first, so a bad database fails
    before any page is fetched.
    """
    registry = load_registry(sources_path)
    sources = [registry.get(i) for i in source_ids] if source_ids else list(registry)
    archive = open_crawl_archive(database_url, data_dir)
    try:
        url = archive.url.render_as_string(hide_password=False)
        started = utcnow()
        with archive.write() as session:
            node = f"cli/{os.getpid()}"
            run_ids = {s.id: start_run(session, mode, node, s.id, started).id for s in sources}
        report: CrawlReport | None = None
        fatal: str | None = "interrupted"
        try:
            report = run_crawl(
                sources, url, mode=mode, settings=settings, on_event=on_event, time_limit=time_limit
            )
            fatal = None
        except CrawlError as exc:
            report, fatal = getattr(exc, "report", None), str(exc)
            raise
        finally:
            by_id = {s.source_id: s for s in (report.sources if report else [])}
            with archive.write() as session:
                for source in sources:
                    if fatal == "interrupted":
                        status, counts = "stopped", RunCounts(detail="interrupted")
                    else:
                        status, counts = run_outcome(
                            session, source.id, started, by_id.get(source.id), fatal
                        )
                    finish_run(session, run_ids[source.id], status, counts)
        return report
    finally:
        archive.close()


def open_crawl_archive(database_url: str | None, data_dir: str | Path | None) -> Archive:
    """Open (and migrate) the archive crawls write into. A crawl runs in a child
    process, which cannot share an in-memory SQLite database: that is a
    ``ConfigError``."""
    archive = open_archive(database_url, data_dir=data_dir)
    if archive.dialect == "sqlite" and archive.url.database in (None, "", ":memory:"):
        archive.close()
        raise ConfigError("an in-memory database cannot be crawled into: give a file or server")
    return archive
