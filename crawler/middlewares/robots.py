"""robots.txt as RFC 9309 reads it, where Scrapy's own middleware is laxer.

Scrapy allows everything when robots.txt cannot be fetched at all or answers
5xx (it parses the error page as rules, finding none). RFC 9309 says:

- 2xx: the rules apply; lines that are not rules (garbage, an HTML page, binary
  bytes) are ignored, so garbage allows everything;
- 4xx ("unavailable", 401 and 403 included): no rules, everything allowed;
- 5xx, or no answer at all (timeout, reset, DNS; after the usual retries):
  "unreachable", so nothing on that host may be fetched. nkmon refuses every
  request to the host for the rest of the run, and each refusal says why.

RFC 9309 asks for at least the first 500 KiB to be parsed; nkmon parses the whole
file, up to DOWNLOAD_MAXSIZE (a 2 MiB robots.txt has every rule applied, down to
its last line: tests/faults/test_discovery_faults.py).

A refused request fails with :class:`RobotsForbidden`, which the spider counts
as skipped (a rule) or as an error (robots.txt unreachable).
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

__all__ = ["RFC9309RobotsMiddleware", "RobotsForbidden", "RobotsUnreachable"]


class RobotsForbidden(IgnoreRequest):
    """The request is disallowed by the host's robots.txt."""


class RobotsUnreachable(RobotsForbidden):
    """The host's robots.txt answered 5xx or not at all: the host is off limits."""


class _Unreachable:
    """A parser that allows nothing, and remembers why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def allowed(self, url: Any, user_agent: Any) -> bool:
        return False


class RFC9309RobotsMiddleware(RobotsTxtMiddleware):
    def process_request_2(self, rp: Any, request: Request) -> None:
        if isinstance(rp, _Unreachable):
            self._stats.inc_value("robotstxt/forbidden")
            raise RobotsUnreachable(f"robots.txt unreachable ({rp.reason}): host not crawled")
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest as exc:
            raise RobotsForbidden(str(exc)) from None

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._stats.inc_value("robotstxt/response_count")
            self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            self._settle(netloc, _Unreachable(f"HTTP {response.status}"))
            return
        if 400 <= response.status < 500:
            response = response.replace(body=b"")  # unavailable: no rules at all
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):  # the robots request itself was refused
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        self._settle(netloc, _Unreachable(f"{type(exc).__name__}: {message}".rstrip(": ")))

    def _settle(self, netloc: str, parser: _Unreachable) -> None:
        waiting = self._parsers[netloc]
        self._parsers[netloc] = parser  # type: ignore[assignment]
        if hasattr(waiting, "callback"):
            waiting.callback(parser)  # type: ignore[union-attr]
