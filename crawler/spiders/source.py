"""One spider for every outlet: discovery as the registry says, then article pages.

Discovery methods run in stages, feeds, then sitemaps, then listing pages. With
``discovery = "fallback"`` (the default) a later stage runs only when the earlier
ones found no article (an empty or broken feed falls back to the sitemap); with
``"all"`` every stage runs. Multi-page articles (``/slug/2/``) are fetched page
by page and handed on as one item.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy import signals
from scrapy.http import Response
from twisted.python.failure import Failure

from archive.records import Fetch

from ..addresses import private_host, refused_host
from ..discovery import (
    DiscoveryError,
    article_sitemap,
    continuation_pages,
    feed_entries,
    listing_links,
    sitemap_entries,
)
from ..encoding import decode_html
from ..items import PAGE_SEPARATOR, PageItem
from ..middlewares.robots import RobotsForbidden, RobotsUnreachable
from ..responses import decoded, describe_failure, fetch_of, header
from ..sources import Listing, SourceConfig

__all__ = ["SourceSpider"]

# Error statuses that still reach the callback: a 404 is evidence, not noise.
# (handle_httpstatus_all would also switch off redirects.) 304 answers a revisit.
ARTICLE_STATUSES = [304, *range(400, 600)]
MAX_SITEMAP_DEPTH = 3


class SourceSpider(scrapy.Spider):
    """Discovers and fetches the articles of one source."""

    name = "source"

    def __init__(self, source: SourceConfig, mode: str = "discover", **kwargs: Any) -> None:
        super().__init__(name=f"source:{source.id}", **kwargs)
        if mode not in ("discover", "revisit"):
            raise ValueError(f"unknown spider mode {mode!r}")
        self.source = source
        self.mode = mode
        self.source_down: str | None = None  # why the source looks down, if it does
        # Every URL the complete sitemaps list this run (for "unlisted" events).
        self.sitemap_listed: set[str] = set()
        self.sitemap_failed = False
        self.discovery_errors: list[str] = []
        self.discovered = 0  # article URLs requested
        self.skipped = 0  # article URLs robots.txt forbids, or past max_articles
        self._stages = [
            stage
            for stage, present in (
                ("feeds", source.feeds),
                ("sitemaps", source.sitemaps),
                ("listings", source.listings),
            )
            if present
        ]
        # Links to private addresses are followed only for a source that lives on one.
        self._private_ok = private_host(source.homepage)
        self._pending = 0  # discovery requests in flight
        self._requested: set[str] = set()
        self._articles: set[str] = set()
        self._open_archive: Any = None
        # Articles this crawl has written to: what was looked up for them is stale.
        self.written: set[int] = set()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._item_stored, signal=signals.item_scraped)
        return spider

    def _item_stored(self, item: Any, **_: Any) -> None:
        result = getattr(item, "result", None)
        if result is not None:
            self.written.add(result.article_id)

    def page_state(self, meta: dict[str, Any]) -> Any:
        """What was looked up for a request's page (``PageState``), or None: not
        looked up, or its article written since (then the archive must be asked)."""
        state = meta.get("nkmon_page")
        if state is None or state.article_id in self.written:
            return None
        return state

    # -- discovery ---------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.mode == "revisit":
            # Probe the homepage first: if the whole source is failing, revisiting
            # would only turn an outage into a wave of false deletions.
            yield scrapy.Request(
                self.source.homepage,
                callback=self.revisit_due,
                errback=self.homepage_failed,
                dont_filter=True,
                meta={"handle_httpstatus_list": list(range(400, 600))},
                priority=20,
            )
            return
        stages = self._stages if self.source.discovery == "all" else self._stages[:1]
        self._stages = [s for s in self._stages if s not in stages]
        for stage in stages:
            for request in self._stage_requests(stage):
                yield request

    def _stage_requests(self, stage: str) -> Iterator[scrapy.Request]:
        if stage == "feeds":
            for url in self.source.feeds:
                yield from self._discovery_request(url, self.parse_feed, kind="feed")
        elif stage == "sitemaps":
            for url in self.source.sitemaps:
                yield from self._discovery_request(url, self.parse_sitemap, kind="sitemap", depth=0)
        else:
            for listing in self.source.listings:
                yield from self._discovery_request(
                    listing.url, self.parse_listing, kind="listing", listing=listing, page=1
                )

    def _discovery_request(
        self, url: str, callback: Any, *, kind: str, **cb_kwargs: Any
    ) -> Iterator[scrapy.Request]:
        if url in self._requested:  # loops in sitemap indexes and listing pagination
            return
        if why := refused_host(url, private_ok=self._private_ok):
            self.discovery_errors.append(f"{kind} {url}: not fetched: {why}")
            return
        self._requested.add(url)
        self._pending += 1
        # dont_filter: the spider deduplicates itself; Scrapy's filter would also
        # drop a redirect back to a URL already seen (a loop) without a word.
        yield scrapy.Request(
            url,
            callback=callback,
            errback=self.discovery_failed,
            cb_kwargs=cb_kwargs,
            meta={"nkmon_discovery": kind},
            priority=10,
            dont_filter=True,
        )

    def _stage_done(self) -> Iterator[scrapy.Request]:
        """Called once per finished discovery request: start the fallback if due."""
        self._pending -= 1
        while self._pending == 0 and self.discovered == 0 and self._stages:
            stage = self._stages.pop(0)
            self.logger.info("%s: nothing found so far, falling back to %s", self.source.id, stage)
            yield from self._stage_requests(stage)

    def discovery_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        request = failure.request  # type: ignore[attr-defined]
        kind = request.meta.get("nkmon_discovery", "discovery")
        if kind == "sitemap":
            self.sitemap_failed = True
        self.discovery_errors.append(f"{kind} {request.url}: {describe_failure(failure)}")
        yield from self._stage_done()

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        try:
            entries = feed_entries(response.body, response.url, header(response, b"Content-Type"))
        except DiscoveryError as exc:
            self.discovery_errors.append(f"feed {response.url}: {exc}")
            entries = []
        if not entries:
            self.logger.info("feed %s: no entries", response.url)
        requests = [
            request
            for entry in entries
            for request in self._article_request(entry.url, title=entry.title, via="feed")
        ]
        yield from self._looked_up(requests)
        yield from self._stage_done()

    def parse_sitemap(self, response: Response, depth: int) -> Iterator[scrapy.Request]:
        try:
            kind, entries = sitemap_entries(
                response.body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE")
            )
        except DiscoveryError as exc:
            self.discovery_errors.append(f"sitemap {response.url}: {exc}")
            self.sitemap_failed = True
            kind, entries = "urlset", []
        if kind == "index":
            if depth >= MAX_SITEMAP_DEPTH:
                self.discovery_errors.append(f"sitemap {response.url}: nested too deep")
                self.sitemap_failed = True
            else:
                for entry in entries:
                    if article_sitemap(entry.url):
                        yield from self._discovery_request(
                            entry.url, self.parse_sitemap, kind="sitemap", depth=depth + 1
                        )
        else:
            now = datetime.now(UTC)
            requests = []
            for entry in entries:
                self.sitemap_listed.add(entry.url)
                if entry.recent(self.source.sitemap_max_age, now):
                    requests.extend(self._article_request(entry.url, via="sitemap"))
            yield from self._looked_up(requests)
        yield from self._stage_done()

    def parse_listing(
        self, response: Response, listing: Listing, page: int
    ) -> Iterator[scrapy.Request]:
        text, _ = decode_html(response.body, header(response, b"Content-Type"))
        articles, pages = listing_links(text, response.url, listing)
        requests = [
            request
            for url in articles
            for request in self._article_request(
                url, pattern=listing.article_pattern, via="listing"
            )
        ]
        yield from self._looked_up(requests)
        if page < listing.max_pages:
            for url in pages:
                yield from self._discovery_request(
                    url, self.parse_listing, kind="listing", listing=listing, page=page + 1
                )
        yield from self._stage_done()

    # -- revisits ----------------------------------------------------------

    def revisit_due(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status >= 500:
            self.source_down = f"homepage {response.url}: HTTP {response.status}"
            return
        from archive.revisit import due_articles

        with self._archive().read() as session:
            now = datetime.now(UTC)
            if self.settings.getbool("NKMON_REVISIT_ALL"):
                now = datetime.max.replace(tzinfo=UTC)
            due = [
                a.canonical_url
                for a in due_articles(session, self.source.id, now, limit=self.source.max_articles)
            ]
        requests = [request for url in due for request in self._article_request(url)]
        yield from self._looked_up(requests)

    def _archive(self) -> Any:
        """The archive, opened for reading on first use and closed with the spider."""
        if self._open_archive is None:
            from archive import open_archive

            self._open_archive = open_archive(self.settings["NKMON_DATABASE_URL"], migrate=False)
        return self._open_archive

    def closed(self, reason: str) -> None:
        if self._open_archive is not None:
            self._open_archive.close()
            self._open_archive = None

    def _looked_up(self, requests: list[scrapy.Request]) -> list[scrapy.Request]:
        """``requests``, each article request carrying what the archive knows of its
        page (meta ``nkmon_page``: validators for a conditional GET, the SHA-256 of
        the body its latest version was read from), found for all of them at once.
        The conditional-GET middleware and the unchanged pipeline read it instead of
        asking the archive page by page; on an archive error they ask themselves."""
        urls = [r.url for r in requests if r.meta.get("nkmon_article")]
        if not urls:
            return requests
        from archive import ArchiveError
        from archive.known import page_states

        try:
            with self._archive().read() as session:
                states = page_states(session, urls)
        except ArchiveError as exc:
            self.logger.warning("%s: could not look pages up: %s", self.source.id, exc)
            return requests
        for request in requests:
            if request.url in states:
                request.meta["nkmon_page"] = states[request.url]
        return requests

    def homepage_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        self.source_down = f"homepage {request.url}: {describe_failure(failure)}"

    # -- articles ----------------------------------------------------------

    def _article_request(
        self,
        url: str,
        *,
        title: str | None = None,
        pattern: str | None = None,
        via: str | None = None,
    ) -> Iterator[scrapy.Request]:
        pattern = pattern or self.source.article_pattern
        if via is not None and pattern and not re.search(pattern, url):
            return
        if url in self._articles:
            return
        if why := refused_host(url, private_ok=self._private_ok):
            self._articles.add(url)
            self.skipped += 1
            self.logger.warning("%s: not fetched: %s: %s", self.source.id, url, why)
            return
        if self.discovered >= self.source.max_articles:
            self.skipped += 1
            return
        self._articles.add(url)
        self.discovered += 1
        yield scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            meta={
                "handle_httpstatus_list": ARTICLE_STATUSES,
                "nkmon_article": True,
                "nkmon_via": via,
            },
            cb_kwargs={"entry_title": title},
            dont_filter=True,  # see _discovery_request
        )

    def parse_article(
        self, response: Response, entry_title: str | None = None
    ) -> Iterator[PageItem | scrapy.Request]:
        request_url = (response.request.meta.get("redirect_urls") or [response.url])[0]
        text, encoding, error = decoded(response)
        item = PageItem(
            source_id=self.source.id,
            fetch=fetch_of(response, request_url, encoding, response.meta.get("nkmon_via")),
            text=text,
            feed_entry={"title": entry_title} if entry_title else {},
            error=error,
            page_state=self.page_state(response.meta),
        )
        pages = continuation_pages(text, response.url) if text and response.status < 300 else []
        if pages:
            yield self._continuation(item, pages)
        else:
            yield item

    def _continuation(self, item: PageItem, pages: list[str]) -> scrapy.Request:
        return scrapy.Request(
            pages[0],
            callback=self.parse_continuation,
            errback=self.continuation_failed,
            dont_filter=True,
            meta={"handle_httpstatus_list": ARTICLE_STATUSES},
            cb_kwargs={"item": item, "remaining": pages[1:]},
            priority=5,
        )

    def parse_continuation(
        self, response: Response, item: PageItem, remaining: list[str]
    ) -> Iterator[PageItem | scrapy.Request]:
        text, _, error = decoded(response)
        if response.status >= 300 or text is None:
            item.error = (
                f"page {response.url} of this article: {error or f'HTTP {response.status}'}"
            )
            item.text = None
            yield item
            return
        item.continuations.append((response.url, text))
        body = (item.fetch.body or b"") + PAGE_SEPARATOR % response.url.encode() + response.body
        item.fetch = replace(item.fetch, body=body)
        if remaining:
            yield self._continuation(item, remaining)
        else:
            yield item

    def continuation_failed(self, failure: Failure) -> Iterator[PageItem]:
        request = failure.request  # type: ignore[attr-defined]
        item: PageItem = request.cb_kwargs["item"]
        item.error = f"page {request.url} of this article: {describe_failure(failure)}"
        item.text = None
        yield item

    def article_failed(self, failure: Failure) -> Iterator[PageItem]:
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(RobotsForbidden) and not failure.check(RobotsUnreachable):
            self.skipped += 1  # robots.txt forbids it: never fetched, nothing to record
            return
        error = describe_failure(failure)
        # After redirects the failing request is the last hop: record the article's URL.
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        yield PageItem(
            source_id=self.source.id,
            fetch=Fetch(url=url, fetched_at=datetime.now(UTC), status=None, error=error),
            error=error,
        )
