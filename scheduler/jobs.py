"""Jobs: the units of work a schedule runs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from archive import ConfigError, open_archive
from crawler import CrawlReport, PageEvent, load_registry
from crawler import crawl as run_crawl

__all__ = ["crawl_sources"]


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
    archived ones whose next check is due.

    The archive is opened (and migrated) here first, so a bad database fails
    before any page is fetched.
    """
    registry = load_registry(sources_path)
    sources = [registry.get(i) for i in source_ids] if source_ids else list(registry)
    archive = open_archive(database_url, data_dir=data_dir)
    try:
        if archive.dialect == "sqlite" and archive.url.database in (None, "", ":memory:"):
            raise ConfigError("an in-memory database cannot be crawled into: give a file or server")
        url = archive.url.render_as_string(hide_password=False)
    finally:
        archive.close()
    return run_crawl(
        sources, url, mode=mode, settings=settings, on_event=on_event, time_limit=time_limit
    )
