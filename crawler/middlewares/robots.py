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
file when it is within DOWNLOAD_MAXSIZE (a 2 MiB robots.txt has every rule
applied, down to its last line: tests/faults/test_discovery_faults.py). A larger
one is not an error that closes the host: its first 500 KiB are downloaded and
obeyed, the rest is never read (only an uncompressed one: a compressed body is
still bounded by DOWNLOAD_MAXSIZE, on the wire and inflated).

A refused request fails with :class:`RobotsForbidden`, which the spider counts
as skipped (a rule) or as an error (robots.txt unreachable).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.httpobj import urlparse_cached

__all__ = ["RFC9309RobotsMiddleware", "RobotsForbidden", "RobotsUnreachable"]

logger = logging.getLogger(__name__)

# What RFC 9309 (2.5) asks a crawler to parse at least.
PARSE_LIMIT = 500 * 1024


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
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._maxsize = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        crawler.signals.connect(self._headers_received, signal=signals.headers_received)
        crawler.signals.connect(self._bytes_received, signal=signals.bytes_received)

    def _headers_received(self, headers: Any, body_length: int, request: Request, **_: Any) -> None:
        """An uncompressed robots.txt is exempt from DOWNLOAD_MAXSIZE, which would fail
        it as a whole; ``_bytes_received`` stops it instead. (Runs before the download
        handler reads the request's size limits.)"""
        if not _is_robots(request) or not self._maxsize:
            return
        if headers.get(b"Content-Encoding", b"identity").strip().lower() != b"identity":
            return
        # Known to be too large: only the part RFC 9309 asks for is read at all.
        too_large = isinstance(body_length, int) and body_length > self._maxsize  # or unknown
        request.meta["nkmon_robots_limit"] = PARSE_LIMIT if too_large else self._maxsize
        request.meta["nkmon_robots_read"] = 0
        request.meta["download_maxsize"] = request.meta["download_warnsize"] = 0

    def _bytes_received(self, data: bytes, request: Request, **_: Any) -> None:
        limit = request.meta.get("nkmon_robots_limit")
        if limit is None:
            return
        request.meta["nkmon_robots_read"] += len(data)
        if request.meta["nkmon_robots_read"] > limit:
            raise StopDownload(fail=False)  # the response keeps what was read so far

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
        elif "download_stopped" in response.flags:
            response = self._truncated(response)
        await super()._parse_robots(response, netloc, request)

    def _truncated(self, response: Response) -> Response:
        """The first 500 KiB of an oversize robots.txt, ending at a line's end (a
        rule cut in half could forbid less, or more, than the file says)."""
        body = response.body[:PARSE_LIMIT]
        body = body[: body.rfind(b"\n") + 1]
        self._stats.inc_value("robotstxt/truncated")
        logger.warning(
            "robots.txt %s is larger than DOWNLOAD_MAXSIZE (%d bytes): only its first %d "
            "bytes are obeyed (RFC 9309)",
            response.url,
            self._maxsize,
            len(body),
        )
        return response.replace(body=body)

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


def _is_robots(request: Request) -> bool:
    """The request the robots middleware itself makes for a host's robots.txt."""
    return (
        request.callback is NO_CALLBACK
        and bool(request.meta.get("dont_obey_robotstxt"))
        and urlparse_cached(request).path == "/robots.txt"
    )
