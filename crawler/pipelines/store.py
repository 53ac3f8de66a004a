"""Records every fetched page in the archive, one transaction per page."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archive import ArchiveError, open_archive, record_capture, upsert_source
from archive.db import Archive

from ..items import PageItem

__all__ = ["StorePipeline"]

log = logging.getLogger(__name__)


class StorePipeline:
    """Writes the capture (and new version, if any) through ``archive.record_capture``.

    A database error on one page is logged and counted; the crawl goes on.
    """

    def __init__(self, database_url: str, crawler: Crawler) -> None:
        self.database_url = database_url
        self.crawler = crawler
        self.stats: Any = crawler.stats
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        url = crawler.settings.get("NKMON_DATABASE_URL")
        if not url:
            raise NotConfigured("NKMON_DATABASE_URL is not set")
        return cls(url, crawler)

    def open_spider(self) -> None:
        self.archive = open_archive(self.database_url)
        source = self.crawler.spider.source  # type: ignore[union-attr]
        with self.archive.write() as session:
            upsert_source(
                session,
                source.id,
                name=source.name,
                homepage=source.homepage,
                languages=source.languages,
            )

    def close_spider(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def process_item(self, item: PageItem) -> PageItem:
        assert self.archive is not None
        fetch = item.fetch
        if item.error and not fetch.error:
            fetch = replace(fetch, error=item.error)
        try:
            with self.archive.write() as session:
                item.result = record_capture(session, item.source_id, fetch, item.article)
        except ArchiveError as exc:
            item.error = f"not stored: {exc}"
            self.stats.inc_value("nkmon/store_errors")
            log.error("could not store %s: %s", fetch.url, exc)
            return item
        self.stats.inc_value(f"nkmon/outcome/{item.result.outcome.value}")
        return item
