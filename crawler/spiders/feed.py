"""Discovery through RSS 2.0, Atom and RDF feeds (feedparser reads all three)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser
import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from archive.records import Fetch

from ..items import PageItem
from ..sources import SourceConfig

__all__ = ["FeedSpider"]

# Error statuses that still reach the callback: a 404 is evidence, not noise.
# (handle_httpstatus_all would also switch off redirects.)
_ARTICLE_STATUSES = list(range(400, 600))


class FeedSpider(scrapy.Spider):
    """Reads a source's feeds and fetches every article they list."""

    name = "feed"

    def __init__(self, source: SourceConfig, **kwargs: Any) -> None:
        super().__init__(name=f"feed:{source.id}", **kwargs)
        self.source = source
        self.discovery_errors: list[str] = []
        self.discovered = 0

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.source.feeds:
            self.discovery_errors.append("no feeds configured")
        for url in self.source.feeds:
            yield scrapy.Request(
                url, callback=self.parse_feed, errback=self.feed_failed, dont_filter=True
            )

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        parsed = feedparser.parse(response.body, response_headers=_headers(response))
        entries = parsed.get("entries", [])
        if not entries:
            reason = parsed.get("bozo_exception")
            detail = f": {reason}" if reason else ""
            self.discovery_errors.append(f"feed {response.url}: no entries{detail}")
            return
        for entry in entries:
            link = entry.get("link") or (
                entry.get("id") if str(entry.get("id", "")).startswith("http") else None
            )
            if not link:
                continue
            url = response.urljoin(link)
            if not url.startswith(("http://", "https://")):
                continue
            self.discovered += 1
            yield scrapy.Request(
                url,
                callback=self.parse_article,
                errback=self.article_failed,
                meta={
                    "handle_httpstatus_list": _ARTICLE_STATUSES,
                    "nkmon_entry": {"title": entry.get("title"), "feed": response.url},
                },
            )

    def feed_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        self.discovery_errors.append(f"feed {request.url}: {_describe(failure)}")

    def parse_article(self, response: Response) -> Iterator[PageItem]:
        request_url = (response.request.meta.get("redirect_urls") or [response.url])[0]
        text = None
        error = None
        if isinstance(response, TextResponse) and _is_html(response):
            text = response.text
        elif response.status < 400:
            ctype = response.headers.get(b"Content-Type", b"").decode("latin-1") or "unknown"
            error = f"not an HTML page (Content-Type: {ctype})"
        yield PageItem(
            source_id=self.source.id,
            fetch=Fetch(
                url=request_url,
                fetched_at=datetime.now(UTC),
                status=response.status,
                final_url=response.url,
                etag=_header(response, b"ETag"),
                last_modified=_header(response, b"Last-Modified"),
                content_type=_header(response, b"Content-Type"),
                encoding=getattr(response, "encoding", None),
                body=response.body,
            ),
            text=text,
            feed_entry=response.meta.get("nkmon_entry", {}),
            error=error,
        )

    def article_failed(self, failure: Failure) -> Iterator[PageItem]:
        request = failure.request  # type: ignore[attr-defined]
        yield PageItem(
            source_id=self.source.id,
            fetch=Fetch(
                url=request.url,
                fetched_at=datetime.now(UTC),
                status=None,
                error=_describe(failure),
            ),
            feed_entry=request.meta.get("nkmon_entry", {}),
            error=_describe(failure),
        )


def _is_html(response: TextResponse) -> bool:
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    return not ctype or "html" in ctype or "xml" in ctype or "text/plain" in ctype


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1")[:256] if value else None


def _headers(response: Response) -> dict[str, str]:
    return {
        k.decode("latin-1").lower(): v[0].decode("latin-1")
        for k, v in response.headers.items()
        if v
    }


def _describe(failure: Failure) -> str:
    """One line: 'HTTP 404', 'DNS lookup failed: ...', 'TimeoutError: ...'."""
    value = failure.value
    response = getattr(value, "response", None)
    if response is not None:
        return f"HTTP {response.status}"
    message = str(value).strip().splitlines()[0] if str(value).strip() else ""
    name = type(value).__name__
    return f"{name}: {message}" if message else name
