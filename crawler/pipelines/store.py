"""Records every fetched page in the archive, many pages per transaction."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet.defer import Deferred

from archive import ArchiveError, StorageError, open_archive, upsert_source
from archive.db import Archive, first_line
from archive.listings import mark_unlisted
from archive.models import SourceStatus
from archive.records import Fetch
from archive.revisit import DEFAULT_POLICY
from archive.sources import set_source_status
from archive.store import record_captures
from archive.urls import url_key

from ..items import PageItem
from ..tls import tls_status

__all__ = ["StorePipeline"]

log = logging.getLogger(__name__)


class StorePipeline:
    """Writes the capture (and new version, if any) through ``archive.record_captures``.

    Pages are written in batches: one transaction for up to NKMON_STORE_BATCH
    pages, or for what has arrived after NKMON_STORE_FLUSH seconds, and for the
    rest when the spider closes. Each page's writes are atomic (a savepoint),
    and a page is reported (``item_scraped``) only once its batch is committed.
    A database error on one page is logged and counted; the crawl goes on.
    A database that cannot write at all (``StorageError``: disk full, I/O
    error, read-only) stops the crawl of the source, with that as its error:
    every further page would be fetched in vain.
    """

    def __init__(self, database_url: str, crawler: Crawler) -> None:
        self.database_url = database_url
        self.crawler = crawler
        self.stats: Any = crawler.stats
        self.archive: Archive | None = None
        self.policy = DEFAULT_POLICY
        self.fetched = 0
        self.failed = 0  # no HTTP answer, or a 5xx: signs of a source that is down
        self.batch_size = max(1, crawler.settings.getint("NKMON_STORE_BATCH", 32))
        self.flush_after = crawler.settings.getfloat("NKMON_STORE_FLUSH", 1.0)
        self.pending: list[tuple[PageItem, Fetch, Deferred[PageItem]]] = []
        self._timer: Any = None
        self._stopping: Deferred[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        url = crawler.settings.get("NKMON_DATABASE_URL")
        if not url:
            raise NotConfigured("NKMON_DATABASE_URL is not set")
        return cls(url, crawler)

    def open_spider(self) -> None:
        self.archive = open_archive(self.database_url)
        source = self.crawler.spider.source  # type: ignore[union-attr]
        self.policy = replace(DEFAULT_POLICY, sweep=source.sweep)
        with self.archive.write() as session:
            upsert_source(
                session,
                source.id,
                name=source.name,
                homepage=source.homepage,
                languages=source.languages,
            )

    def close_spider(self) -> None:
        if self.archive is None:
            return
        self.flush()
        spider: Any = self.crawler.spider
        try:
            with self.archive.write() as session:
                now = datetime.now(UTC)
                status, detail = self._health(spider)
                if status is not None:
                    set_source_status(session, spider.source.id, status, detail, now)
                if (
                    spider.sitemap_listed
                    and not spider.sitemap_failed
                    and status is not SourceStatus.down
                ):
                    keys = {url_key(url) for url in spider.sitemap_listed}
                    unlisted = mark_unlisted(session, spider.source.id, "sitemap", keys, now)
                    self.stats.set_value("nkmon/unlisted", unlisted)
        except ArchiveError as exc:
            log.error("could not record the state of %s: %s", spider.source.id, exc)
        finally:
            self.archive.close()

    def _stop(self, exc: StorageError) -> None:
        if self._stopping is not None:
            return
        spider: Any = self.crawler.spider
        spider.discovery_errors.append(f"archive cannot be written: {exc}")
        log.error("stopping %s: the archive cannot be written: %s", spider.source.id, exc)
        assert self.crawler.engine is not None
        self._stopping = deferred_from_coro(
            self.crawler.engine.close_spider_async(reason="archive_unwritable")
        )
        self._stopping.addErrback(lambda failure: log.error("%s", failure.getErrorMessage()))

    def _health(self, spider: Any) -> tuple[SourceStatus | None, str | None]:
        """Down when the homepage probe failed, when no discovery document could be
        fetched at all, or when most article fetches failed; else ok."""
        if spider.source_down:
            return SourceStatus.down, spider.source_down
        if spider.discovery_errors and spider.discovered == 0 and spider.mode == "discover":
            return SourceStatus.down, spider.discovery_errors[0]
        if self.fetched >= 3 and self.failed / self.fetched >= 0.8:
            return SourceStatus.down, f"{self.failed} of {self.fetched} article fetches failed"
        if self.fetched or spider.discovered:
            return SourceStatus.ok, None
        return None, None

    async def process_item(self, item: PageItem) -> PageItem:
        fetch = item.fetch
        if item.error and not fetch.error:
            fetch = replace(fetch, error=item.error)
        if fetch.tls is None:
            fetch = replace(fetch, tls=tls_status(self.stats, fetch.final_url or fetch.url))
        self.fetched += 1
        if fetch.status is None or fetch.status >= 500:
            self.failed += 1
        done: Deferred[PageItem] = Deferred()
        self.pending.append((item, fetch, done))
        if len(self.pending) >= self.batch_size:
            self.flush()
        elif self._timer is None:
            from twisted.internet import reactor

            self._timer = reactor.callLater(self.flush_after, self.flush)  # type: ignore[attr-defined]
        return await maybe_deferred_to_future(done)

    def flush(self) -> None:
        """Write the pending pages in one transaction and hand each on."""
        if self._timer is not None:
            if self._timer.active():
                self._timer.cancel()
            self._timer = None
        batch, self.pending = self.pending, []
        if not batch:
            return
        assert self.archive is not None
        try:
            with self.archive.write() as session:
                results = record_captures(
                    session,
                    [
                        (item.source_id, fetch, item.article, item.same_body)
                        for item, fetch, _ in batch
                    ],
                    policy=self.policy,
                )
        except ArchiveError as exc:
            results = [exc] * len(batch)
            if isinstance(exc, StorageError):
                self._stop(exc)
        for (item, fetch, done), result in zip(batch, results, strict=True):
            if isinstance(result, ArchiveError | SQLAlchemyError):
                item.error = f"not stored: {first_line(result)}"
                self.stats.inc_value("nkmon/store_errors")
                log.error("could not store %s: %s", fetch.url, item.error)
                done.callback(item)
            elif isinstance(result, Exception):
                self.stats.inc_value("nkmon/store_errors")
                done.errback(result)  # item_error: reported as not stored
            else:
                item.result = result
                self.stats.inc_value(f"nkmon/outcome/{result.outcome.value}")
                done.callback(item)
