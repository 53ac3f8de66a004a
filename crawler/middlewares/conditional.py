"""Conditional GET on revisits: If-None-Match / If-Modified-Since from the archive."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archive import ArchiveError, open_archive
from archive.db import Archive
from archive.queries import validators

__all__ = ["ConditionalGetMiddleware"]


class ConditionalGetMiddleware:
    """Adds the validators of an article's last good fetch to its request.

    A 304 then reaches the spider and becomes a "not modified" capture, with no
    download of the body and no extraction. Only article requests (meta
    ``nkmon_article``) are touched; feeds and listings are always fetched whole.
    """

    def __init__(self, database_url: str, stats: Any, crawler: Crawler | None = None) -> None:
        self.database_url = database_url
        self.stats = stats
        self.crawler = crawler
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        if not crawler.settings.getbool("NKMON_CONDITIONAL_GET", True):
            raise NotConfigured("NKMON_CONDITIONAL_GET is off")
        url = crawler.settings.get("NKMON_DATABASE_URL")
        if not url:
            raise NotConfigured("NKMON_DATABASE_URL is not set")
        middleware = cls(url, crawler.stats, crawler)
        from scrapy import signals

        crawler.signals.connect(middleware.close, signal=signals.spider_closed)
        return middleware

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()
            self.archive = None

    def process_request(self, request: Request) -> None:
        if not request.meta.get("nkmon_article") or request.meta.get("redirect_times"):
            return
        spider = getattr(self.crawler, "spider", None)
        state = spider.page_state(request.meta) if hasattr(spider, "page_state") else None
        if state is not None:  # the spider looked the page up with the others
            found = state.validators
        else:
            if self.archive is None:
                self.archive = open_archive(self.database_url, migrate=False)
            try:
                with self.archive.read() as session:
                    found = validators(session, request.url)
            except ArchiveError:
                return  # no validators: a full fetch is always correct
        if found is None:
            return
        etag, last_modified = found
        if etag:
            request.headers.setdefault(b"If-None-Match", etag.encode("latin-1"))
        if last_modified:
            request.headers.setdefault(b"If-Modified-Since", last_modified.encode("latin-1"))
        self.stats.inc_value("nkmon/conditional_requests")
