"""A certificate refused under the source's ``tls = "verify"``: one clear error.

Scrapy reports a failed certificate check as ``DownloadFailedError`` wrapping
OpenSSL's "certificate verify failed", which says neither which certificate nor
what is wrong with it, and which the retry middleware would retry. This
middleware, nearest the downloader, turns it into :class:`TLSCertificateError`
naming the server and the status :mod:`crawler.tls` found (self-signed, expired,
...), so the page's error capture (or the discovery error) says so.
"""

from __future__ import annotations

from typing import Any

from OpenSSL import SSL
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.httpobj import urlparse_cached

from ..tls import TLSCertificateError, tls_status

__all__ = ["TLSErrorMiddleware"]

_DESCRIBED = {
    "self-signed": "is self-signed",
    "expired": "has expired",
    "not-yet-valid": "is not valid yet",
    "hostname-mismatch": "is for another host name",
    "untrusted": "is not signed by a trusted authority",
}


class TLSErrorMiddleware:
    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TLSErrorMiddleware:
        return cls(crawler.stats)

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not _verify_failed(exception):
            return
        parts = urlparse_cached(request)
        status = tls_status(self.stats, request.url)
        self.stats.inc_value("nkmon/tls/refused")
        what = _DESCRIBED.get(status or "", "failed verification")
        raise TLSCertificateError(
            f"certificate of {parts.hostname}:{parts.port or 443} {what}; "
            "not fetched under the source's tls policy (verify)"
        )


def _verify_failed(exception: BaseException | None) -> bool:
    """OpenSSL's "certificate verify failed", bare or inside Twisted's and Scrapy's
    wrappers (``reasons``, and ``DownloadFailedError`` raised from them)."""
    seen = 0
    while exception is not None and seen < 8:
        if isinstance(exception, SSL.Error) and "certificate verify failed" in str(exception):
            return True
        if any(_verify_failed(r.value) for r in getattr(exception, "reasons", None) or ()):
            return True
        exception, seen = exception.__cause__, seen + 1
    return False
