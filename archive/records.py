"""What the crawler hands the archive: one fetch, and the content extracted from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from .models import CaptureOutcome

__all__ = ["CaptureResult", "Content", "Fetch", "TextSignature"]


class TextSignature(NamedTuple):
    """A text's dedup signature (``archive.dedup.text_signature``), computed ahead."""

    exact_hash: str
    scheme: int  # the SIGNATURE_VERSION that made it
    minhash: bytes | None


@dataclass(frozen=True, kw_only=True)
class Content:
    """What a version holds: the article as extracted from one page."""

    title: str | None
    text: str
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None
    modified_at: datetime | None = None
    language: str | None = None
    extractor: str | None = None
    canonical_url: str | None = None  # the page's rel=canonical, as declared
    extras: dict[str, Any] = field(default_factory=dict)  # kept, never compared
    # The stored text's signature when the extractor computed it (in a worker
    # process, off the crawl's event loop); used only if it matches the text.
    signature: TextSignature | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, kw_only=True)
class Fetch:
    """One HTTP exchange (or the failure to have one) for an article URL."""

    url: str
    fetched_at: datetime
    status: int | None  # None: no HTTP answer (DNS failure, timeout, reset)
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    encoding: str | None = None
    body: bytes | None = field(default=None, repr=False)
    error: str | None = None  # why there is no content: network or extraction failure
    gone_reason: str | None = None  # a 200 that says the article is gone (soft 404, "NULL")
    listed_via: str | None = None  # the discovery document that named it: feed, sitemap, listing
    tls: str | None = None  # the HTTPS certificate's status (Capture.tls); None for http


@dataclass(frozen=True)
class CaptureResult:
    capture_id: int
    article_id: int
    outcome: CaptureOutcome
    version_id: int | None
    seq: int | None
