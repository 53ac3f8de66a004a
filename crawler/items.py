"""The item that flows through the pipelines: one fetched article page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from archive.known import PageState
from archive.records import CaptureResult, Fetch

from .extract import Article

__all__ = ["PAGE_SEPARATOR", "PageItem", "split_pages"]

# Between the pages of a multi-page article in its stored raw body.
PAGE_SEPARATOR = b"\n<!-- nkmon: next page of this article: %s -->\n"
_SEPARATOR = re.compile(rb"\n<!-- nkmon: next page of this article: (\S+) -->\n")


def split_pages(body: bytes, url: str | None) -> list[tuple[bytes, str | None]]:
    """The pages of a stored body, with their URLs (one page unless it was joined)."""
    parts = _SEPARATOR.split(body)
    pages = [(parts[0], url)]
    for i in range(1, len(parts), 2):
        pages.append((parts[i + 1], parts[i].decode("ascii", "replace")))
    return pages


@dataclass
class PageItem:
    source_id: str
    fetch: Fetch
    text: str | None = None  # the decoded HTML, when the response was text
    continuations: list[tuple[str, str]] = field(default_factory=list)  # (url, html) of pages 2..n
    feed_entry: dict[str, Any] = field(default_factory=dict)
    # Set by the unchanged pipeline: the body is byte for byte the one the latest
    # version was read from, so ``text`` is dropped and nothing is extracted.
    same_body: bool = False
    # What the archive knew of the page when its request was made (the spider looks
    # pages up in bulk); None when it was not looked up.
    page_state: PageState | None = None
    article: Article | None = None  # set by the extract pipeline
    error: str | None = None  # why there is no article
    result: CaptureResult | None = None  # set by the store pipeline
