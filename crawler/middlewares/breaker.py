"""A circuit breaker per host: stop hammering a server that keeps failing.

Retries with backoff suit one flaky page. A storm of 503s or 429s, or of
timeouts, from one host means the host is in trouble, and every further
request (retries included) adds to it. After NKMON_BREAKER_THRESHOLD failures
in a row from a host (a 5xx or 429 answer, or no answer at all) the breaker
opens: for NKMON_BREAKER_COOLDOWN seconds every request to that host fails at
once with :class:`HostFailing`, which the spider records as an error capture
(or a discovery error) saying so. After the cooldown requests go through
again; the first failure opens the breaker anew, an answer closes it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

__all__ = ["CircuitBreakerMiddleware", "HostFailing"]


class HostFailing(IgnoreRequest):
    """Not sent: the host failed too many times in a row."""


@dataclass
class _Host:
    failures: int = 0
    last: str = ""
    open_until: float = 0.0


class CircuitBreakerMiddleware:
    def __init__(self, threshold: int, cooldown: float, stats: Any) -> None:
        self.threshold = threshold
        self.cooldown = cooldown
        self.stats = stats
        self.hosts: dict[str, _Host] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CircuitBreakerMiddleware:
        threshold = crawler.settings.getint("NKMON_BREAKER_THRESHOLD", 10)
        if threshold <= 0:
            raise NotConfigured("NKMON_BREAKER_THRESHOLD is 0")
        cooldown = crawler.settings.getfloat("NKMON_BREAKER_COOLDOWN", 300.0)
        return cls(threshold, cooldown, crawler.stats)

    def process_request(self, request: Request) -> None:
        host = self.hosts.get(urlparse_cached(request).netloc)
        if host is None or not host.open_until:
            return
        if time.monotonic() < host.open_until:
            self.stats.inc_value("nkmon/breaker/refused")
            raise HostFailing(
                f"host failing: {host.failures} failures in a row (last: {host.last}); "
                f"not fetched for {self.cooldown:g} s"
            )
        # Cooldown over: let requests through; one more failure opens it again.
        host.open_until = 0.0
        host.failures = self.threshold - 1

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status >= 500 or response.status == 429:
            self._failed(request, f"HTTP {response.status}")
        else:
            self.hosts.pop(urlparse_cached(request).netloc, None)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        # robots.txt, size caps, our own refusals: not signs of a failing host
        if not isinstance(exception, IgnoreRequest | DownloadCancelledError):
            self._failed(request, type(exception).__name__)

    def _failed(self, request: Request, what: str) -> None:
        host = self.hosts.setdefault(urlparse_cached(request).netloc, _Host())
        host.failures += 1
        host.last = what
        if host.failures >= self.threshold and not host.open_until:
            host.open_until = time.monotonic() + self.cooldown
            self.stats.inc_value("nkmon/breaker/opened")
