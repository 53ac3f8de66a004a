"""Drops articles that are not about North Korea, for sources that ask for it."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from archive import open_archive
from archive.resolve import find_by_url

from ..items import PageItem
from ..relevance import KeywordRule

__all__ = ["RelevancePipeline"]


class RelevancePipeline:
    """Applies the source's ``relevance`` rule to each extracted article.

    A dropped article is counted (``nkmon/dropped/irrelevant``), not stored.
    An article already in the archive is always kept: an edit that removes
    every mention of North Korea is exactly the kind of change to record.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats: Any = crawler.stats
        self.rule: KeywordRule | None = None
        self.archive = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RelevancePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        config = self.crawler.spider.source.relevance  # type: ignore[union-attr]
        if config is not None:
            self.rule = KeywordRule.build(config.preset, config.keywords, config.min_mentions)
            self.archive = open_archive(self.crawler.settings["NKMON_DATABASE_URL"])

    def close_spider(self) -> None:
        if self.archive is not None:
            self.archive.close()

    def process_item(self, item: PageItem) -> PageItem:
        if self.rule is None or item.article is None:
            return item
        if self.rule.matches(item.article.title, item.article.text):
            return item
        assert self.archive is not None
        with self.archive.read() as session:
            known = find_by_url(session, item.fetch.url) is not None
        if known:
            return item
        self.stats.inc_value("nkmon/dropped/irrelevant")
        raise DropItem(f"not about North Korea: {item.fetch.url}")
