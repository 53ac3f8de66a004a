"""The crawler's exceptions::

CrawlerError
├── RegistryError     a sources file that cannot be read or fails validation
├── ExtractionError   a page with no article text in it
│   └── ExtractionTimeout  extraction took longer than its limit (the worker was killed)
└── CrawlError        a crawl that could not run or died
"""

from __future__ import annotations

__all__ = [
    "CrawlError",
    "CrawlerError",
    "ExtractionError",
    "ExtractionTimeout",
    "RegistryError",
]


class CrawlerError(Exception):
    """Base class of every error the crawler raises on purpose."""


class RegistryError(CrawlerError):
    """A sources file that cannot be read or fails validation."""


class ExtractionError(CrawlerError):
    """No article could be extracted from a page."""


class ExtractionTimeout(ExtractionError):
    """Extraction of a page took longer than NKMON_EXTRACT_TIMEOUT; its worker was killed."""


class CrawlError(CrawlerError):
    """A crawl that could not run, or whose process died."""
