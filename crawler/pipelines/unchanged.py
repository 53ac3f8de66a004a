"""Skips extraction of a page whose bytes are those the latest version was read from."""

from __future__ import annotations

import hashlib
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from archive import ArchiveError, open_archive
from archive.db import Archive
from archive.store import body_unchanged

from ..items import PageItem

__all__ = ["UnchangedBodyPipeline"]


class UnchangedBodyPipeline:
    """Compares each 2xx page's SHA-256 with the body of the article's last reading.

    A revisit of a page that did not change, from a server that ignores
    conditional GET, is then recorded as an *unchanged* capture without
    extracting it again (most of a crawl's CPU). Runs before the extract
    pipeline; on any doubt (a new URL, an archive error, a page whose last
    capture was not its latest version) the page is extracted as usual.
    """

    def __init__(self, database_url: str, stats: Any) -> None:
        self.database_url = database_url
        self.stats = stats
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UnchangedBodyPipeline:
        if not crawler.settings.getbool("NKMON_SKIP_UNCHANGED", True):
            raise NotConfigured("NKMON_SKIP_UNCHANGED is off")
        url = crawler.settings.get("NKMON_DATABASE_URL")
        if not url:
            raise NotConfigured("NKMON_DATABASE_URL is not set")
        return cls(url, crawler.stats)

    def close_spider(self) -> None:
        if self.archive is not None:
            self.archive.close()
            self.archive = None

    def process_item(self, item: PageItem) -> PageItem:
        fetch = item.fetch
        status = fetch.status
        # A multi-page article's body is its pages joined, as it was stored: the
        # same check holds for all its pages at once.
        if item.error or item.text is None or fetch.body is None:
            return item
        if status is None or not 200 <= status < 300:
            return item
        if item.page_state is not None:  # looked up with the request
            expected = item.page_state.body_sha256
            same = expected is not None and expected == hashlib.sha256(fetch.body).hexdigest()
        else:
            if self.archive is None:
                self.archive = open_archive(self.database_url, migrate=False)
            try:
                with self.archive.read() as session:
                    same = body_unchanged(session, fetch.url, fetch.body)
            except ArchiveError:
                return item  # extracting is always correct
        if same:
            item.same_body, item.text, item.continuations = True, None, []
            self.stats.inc_value("nkmon/unchanged_body")
        return item
