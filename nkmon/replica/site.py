"""What every replica site is: a router from request path to response, plus state.

``ReplicaServer`` serves any :class:`Site`. A site's ``route`` is called with the
site's ``lock`` held, so tests can mutate the site between (or during) crawls.
"""

from __future__ import annotations

import collections
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["BaseSite", "Response"]


@dataclass
class Response:
    status: int
    content_type: str = "text/html; charset=UTF-8"
    body: bytes = b""
    last_modified: datetime | None = None
    conditional: bool = False  # send ETag/Last-Modified and honour conditional requests
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering: a slow server


class BaseSite:
    """Lock, request counter and reset hook shared by all replica sites."""

    name: str = "replica"

    def __init__(self) -> None:
        self.lock = threading.RLock()  # re-entrant: route() may call the site's own getters
        self.requests: collections.Counter[str] = collections.Counter()

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

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
