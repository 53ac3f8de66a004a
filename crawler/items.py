"""The item that flows through the pipelines: one fetched article page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archive.records import CaptureResult, Fetch

from .extract import Article

__all__ = ["PageItem"]


@dataclass
class PageItem:
    source_id: str
    fetch: Fetch
    text: str | None = None  # the decoded HTML, when the response was text
    continuations: list[tuple[str, str]] = field(default_factory=list)  # (url, html) of pages 2..n
    feed_entry: dict[str, Any] = field(default_factory=dict)
    article: Article | None = None  # set by the extract pipeline
    error: str | None = None  # why there is no article
    result: CaptureResult | None = None  # set by the store pipeline
