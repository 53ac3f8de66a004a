"""nkmon's crawler: finding, fetching and extracting articles.

Imports ``archive`` (where pages go), never ``scheduler``.
"""

from __future__ import annotations

from .exceptions import CrawlerError, CrawlError, ExtractionError, RegistryError
from .extract import Article, ExtractOptions, extract
from .runner import CrawlReport, PageEvent, SourceReport, crawl
from .sources import Registry, SourceConfig, load_registry

__all__ = [
    "Article",
    "CrawlError",
    "CrawlReport",
    "CrawlerError",
    "ExtractOptions",
    "ExtractionError",
    "PageEvent",
    "Registry",
    "RegistryError",
    "SourceConfig",
    "SourceReport",
    "crawl",
    "extract",
    "load_registry",
]
