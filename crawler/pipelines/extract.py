"""Turns a fetched page into an Article, or records why it could not."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from scrapy.crawler import Crawler

from ..exceptions import ExtractionError
from ..extract import ExtractOptions, extract_pages
from ..items import PageItem
from ..softgone import soft_gone_reason

__all__ = ["ExtractPipeline"]


class ExtractPipeline:
    """Runs ``crawler.extract.extract`` on each 2xx HTML page.

    Inline for now: it blocks the reactor while it runs. A failed page keeps
    going to the store pipeline, where it becomes an error capture.
    """

    def __init__(self, options: ExtractOptions, stats: Any) -> None:
        self.options = options
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        settings = crawler.settings
        options = ExtractOptions(
            favor_precision=settings.getbool("NKMON_EXTRACT_FAVOR_PRECISION", True),
            min_words=settings.getint("NKMON_EXTRACT_MIN_WORDS", 25),
        )
        return cls(options, crawler.stats)

    def process_item(self, item: PageItem) -> PageItem:
        status = item.fetch.status
        if item.error or item.text is None or status is None or not 200 <= status < 300:
            return item
        try:
            pages = [
                (item.text, item.fetch.final_url or item.fetch.url),
                *((html, url) for url, html in item.continuations),
            ]
            item.article = extract_pages(pages, self.options)
        except ExtractionError as exc:
            item.error = f"extraction failed: {exc}"
            self.stats.inc_value("nkmon/extraction_errors")
        article = item.article
        reason = soft_gone_reason(
            item.fetch.body or b"",
            article.title if article else page_title(item.text),
            article.text if article else None,
        )
        if reason:
            item.fetch = replace(item.fetch, gone_reason=reason)
            item.article, item.error = None, None
        return item


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)


def page_title(html: str) -> str | None:
    """The page's <title> and first <h1>, tags stripped: enough to spot a "not found" page."""
    found = [" ".join(re.sub(r"<[^>]+>", " ", a or b).split()) for a, b in _TITLE.findall(html)[:2]]
    return " | ".join(f for f in found if f) or None
