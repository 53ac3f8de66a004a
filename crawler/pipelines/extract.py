"""Turns a fetched page into an Article, or records why it could not."""

from __future__ import annotations

import re
from concurrent.futures import Future
from dataclasses import replace
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from ..encoding import encoding_extras
from ..exceptions import ExtractionError, ExtractionTimeout
from ..extract import Article, ExtractOptions, extract_for_archive, without_future_dates
from ..extractpool import ExtractPool, default_workers
from ..items import PageItem, split_pages
from ..softgone import soft_failure_reason, soft_gone_reason

__all__ = ["ExtractPipeline"]


class ExtractPipeline:
    """Runs ``crawler.extract.extract`` on each 2xx HTML page, in a worker process.

    The reactor goes on downloading while workers extract. A page whose
    extraction takes longer than NKMON_EXTRACT_TIMEOUT has its worker killed
    and becomes an error capture, like any page with no article; the store
    pipeline records it. NKMON_EXTRACT_WORKERS=0 extracts inline (debugging:
    no time limit, and the reactor waits).

    The crawlers of one process (one per source) share one pool: it starts with
    the first spider and stops when the last one closes.
    """

    def __init__(
        self,
        options: ExtractOptions,
        stats: Any,
        workers: int,
        timeout: float,
        crawler: Crawler | None = None,
    ) -> None:
        self.options = options
        self.crawler = crawler
        self.stats = stats
        self.workers = workers
        self.timeout = timeout
        self.pool: ExtractPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        settings = crawler.settings
        options = ExtractOptions(
            favor_precision=settings.getbool("NKMON_EXTRACT_FAVOR_PRECISION", True),
            min_words=settings.getint("NKMON_EXTRACT_MIN_WORDS", 25),
        )
        workers = settings.get("NKMON_EXTRACT_WORKERS")
        workers = default_workers() if workers in (None, "") else int(workers)
        timeout = settings.getfloat("NKMON_EXTRACT_TIMEOUT", 30.0)
        if workers < 0 or timeout <= 0:
            raise ValueError(
                "NKMON_EXTRACT_WORKERS must be 0 or more and NKMON_EXTRACT_TIMEOUT positive"
            )
        return cls(options, crawler.stats, workers, timeout, crawler)

    def open_spider(self) -> None:
        # Dates without an offset are read in the source's zone (the registry's timezone).
        source = getattr(getattr(self.crawler, "spider", None), "source", None)
        if source is not None:
            self.options = replace(self.options, timezone=source.timezone)
        if self.workers:
            self.pool = _shared_pool(self.workers, self.timeout)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool = None
            _release_pool()

    async def _extract(self, pages: list[tuple[str, str | None]]) -> Article:
        if self.pool is None:
            return extract_for_archive(pages, self.options)
        future = self.pool.submit(pages, self.options)
        return await maybe_deferred_to_future(_deferred(future))

    async def process_item(self, item: PageItem) -> PageItem:
        status = item.fetch.status
        if item.error or item.text is None or status is None or not 200 <= status < 300:
            return item
        pages = [
            (item.text, item.fetch.final_url or item.fetch.url),
            *((html, url) for url, html in item.continuations),
        ]
        try:
            article = without_future_dates(await self._extract(pages), item.fetch.fetched_at)
            item.article = self._with_encoding(article, item)
        except ExtractionTimeout as exc:
            item.error = str(exc)
            self.stats.inc_value("nkmon/extraction_timeouts")
        except ExtractionError as exc:
            item.error = f"extraction failed: {exc}"
            self.stats.inc_value("nkmon/extraction_errors")
        article = item.article
        title = article.title if article else page_title(item.text)
        reason = soft_gone_reason(item.fetch.body or b"", title, article.text if article else None)
        if reason:
            item.fetch = replace(item.fetch, gone_reason=reason)
            item.article, item.error = None, None
        elif failure := soft_failure_reason(title, article.text if article else None):
            # A challenge or maintenance page: an error capture, never a version.
            item.article, item.error = None, failure
            self.stats.inc_value("nkmon/soft_failures")
        return item

    @staticmethod
    def _with_encoding(article: Article, item: PageItem) -> Article:
        """Flags a version whose page did not declare the charset it was read with."""
        first_page = split_pages(item.fetch.body or b"", None)[0][0]
        extras = encoding_extras(first_page, item.fetch.content_type, item.fetch.encoding)
        return replace(article, extras={**article.extras, **extras}) if extras else article


def _deferred(future: Future[Article]) -> Deferred[Article]:
    """A Deferred fired on the reactor thread when ``future`` (a worker's answer) is done."""
    from twisted.internet import reactor

    deferred: Deferred[Article] = Deferred()

    def fire(done: Future[Article]) -> None:
        error = done.exception()
        if error is not None:
            deferred.errback(error)
        else:
            deferred.callback(done.result())

    future.add_done_callback(lambda done: reactor.callFromThread(fire, done))  # type: ignore[attr-defined]
    return deferred


_pool: ExtractPool | None = None
_pool_users = 0


def _shared_pool(workers: int, timeout: float) -> ExtractPool:
    """The process's pool, started by its first user (with that user's settings)."""
    global _pool, _pool_users
    if _pool is None:
        _pool = ExtractPool(workers, timeout).start()
    _pool_users += 1
    return _pool


def _release_pool() -> None:
    global _pool, _pool_users
    _pool_users -= 1
    if _pool_users <= 0 and _pool is not None:
        pool, _pool, _pool_users = _pool, None, 0
        pool.close()


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)


def page_title(html: str) -> str | None:
    """The page's <title> and first <h1>, tags stripped: enough to spot a "not found" page."""
    # The head of the page is enough, and keeps a page of unclosed <h1>s from
    # costing quadratic time on the reactor.
    matches = [m.groups() for _, m in zip(range(2), _TITLE.finditer(html[:65536]), strict=False)]
    found = [" ".join(re.sub(r"<[^>]+>", " ", a or b).split()) for a, b in matches]
    return " | ".join(f for f in found if f) or None
