"""nkmon's archive: what is kept, and how to read it.

The library under the CLI. It imports neither ``crawler`` nor ``scheduler``.
"""

from __future__ import annotations

from .db import Archive, open_archive
from .exceptions import (
    ArchiveError,
    ConfigError,
    DatabaseError,
    NotFound,
    QueryError,
    SchemaError,
    StorageError,
)
from .fulltext import Hit, search
from .models import Article, ArticleStatus, Capture, CaptureOutcome, Source, Version
from .queries import History, find_article, history
from .records import CaptureResult, Content, Fetch
from .sources import upsert_source
from .store import record_capture
from .urls import canonical_url

__all__ = [
    "Archive",
    "ArchiveError",
    "Article",
    "ArticleStatus",
    "Capture",
    "CaptureOutcome",
    "CaptureResult",
    "ConfigError",
    "Content",
    "DatabaseError",
    "Fetch",
    "History",
    "Hit",
    "NotFound",
    "QueryError",
    "SchemaError",
    "Source",
    "StorageError",
    "Version",
    "canonical_url",
    "find_article",
    "history",
    "open_archive",
    "record_capture",
    "search",
    "upsert_source",
]
