"""What every replica site is: a router from request path to response, plus state.

``ReplicaServer`` serves any :class:`Site`. A site's ``route`` is called with the
site's ``lock`` held, so tests can mutate the site between (or during) crawls.
"""

from __future__ import annotations

import collections
import hashlib
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

__all__ = [
    "GZIP",
    "HTML",
    "RSS",
    "TEXT",
    "XML",
    "BaseSite",
    "Response",
    "etag_for",
    "http_date",
    "redirect",
]

HTML = "text/html; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
TEXT = "text/plain; charset=UTF-8"
GZIP = "application/x-gzip"  # a .gz file served as is (no Content-Encoding), like Apache does


@dataclass
class Response:
    """What a site answers; the server adds validators, Content-Length and the wait."""

    status: int
    content_type: str = "text/html; charset=UTF-8"
    body: bytes = b""
    last_modified: datetime | None = None
    conditional: bool = False  # send ETag/Last-Modified and honour conditional requests
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering: a slow server


def etag_for(body: bytes) -> str:
    """Strong validator derived from the exact bytes served."""
    return '"' + hashlib.sha1(body).hexdigest()[:20] + '"'


def http_date(dt: datetime) -> str:
    """An HTTP date (IMF-fixdate, GMT) for headers such as Last-Modified."""
    return format_datetime(dt.astimezone(UTC), usegmt=True)


def redirect(location: str, status: int = 301) -> Response:
    """A redirect (the server sends it without a body)."""
    return Response(status, headers={"Location": location})


class BaseSite:
    """Lock, request counter and reset hook shared by all replica sites."""

    name: str = "replica"
    languages: tuple[str, ...] = ("en",)  # for a registry entry (``SourceConfig.languages``)

    def __init__(self) -> None:
        self.lock = threading.RLock()  # re-entrant: route() may call the site's own getters
        self.requests: collections.Counter[str] = collections.Counter()
        # path -> extra seconds before answering: lets tests make one page slow on any site.
        self.delays: dict[str, float] = {}

    def record(self, path: str) -> None:
        """Count one served request for ``path`` (tests assert on what was fetched)."""
        with self.lock:
            self.requests[path] += 1

    def route(self, path: str, query: str, base: str) -> Response:  # pragma: no cover
        raise NotImplementedError

    def path_for(self, key: str) -> str:  # pragma: no cover
        """The path of the article identified by ``key`` (a slug or an id)."""
        raise NotImplementedError

    def discovery(self, base: str) -> dict[str, Any]:  # pragma: no cover
        """Registry fields (feeds, sitemaps, listings, ...) to crawl this site at ``base``."""
        raise NotImplementedError

    def delay_for(self, path: str) -> float:
        """Seconds the server waits before answering ``path`` (on top of ``Response.delay``)."""
        with self.lock:
            return self.delays.get(path, 0.0)

    def reset(self) -> None:
        """Forget counted requests and slow paths; subclasses also restore their content."""
        with self.lock:
            self.requests.clear()
            self.delays.clear()
