"""Reading a scrapy response: its text (or why there is none), its headers, the
``Fetch`` the archive records for it, and a failure as one line."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy.http import Response
from twisted.python.failure import Failure

from archive.records import Fetch

from .encoding import decode_html

__all__ = ["decoded", "describe_failure", "fetch_of", "header"]


def decoded(response: Response) -> tuple[str | None, str | None, str | None]:
    """(text, encoding, error): the HTML as text, or why there is none."""
    if response.status == 304 or response.status >= 400:
        return None, None, None
    ctype = header(response, b"Content-Type") or ""
    if ctype and not any(t in ctype.lower() for t in ("html", "xml", "text/plain")):
        return None, None, f"not an HTML page (Content-Type: {ctype})"
    if "utf-16" not in ctype.lower() and (why := _binary(response.body)):
        return None, None, f"not an HTML page: {why} (Content-Type: {ctype or 'none'})"
    text, encoding = decode_html(response.body, ctype)
    return text, encoding, None


# Bodies still compressed after Content-Encoding was undone: compressed twice,
# or a .gz file served as a page. Their bytes must never reach the extractor.
_COMPRESSED = {b"\x1f\x8b": "gzip", b"\x28\xb5\x2f\xfd": "zstd", b"PK\x03\x04": "zip"}
_CONTROL = bytes(c for c in range(32) if c not in b"\t\n\r\f") + b"\x7f"


def _binary(body: bytes) -> str | None:
    """Why ``body`` is not text at all, or None."""
    for magic, name in _COMPRESSED.items():
        if body.startswith(magic):
            return f"the body is still {name}-compressed"
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: NULs in every ASCII letter
        return None
    head = body[:4096]
    if head and len(head) - len(head.translate(None, _CONTROL)) > len(head) // 20:
        return "binary content"
    return None


def fetch_of(response: Response, request_url: str, encoding: str | None, via: str | None) -> Fetch:
    """The ``Fetch`` of ``response``, filed under ``request_url`` (the URL before
    redirects); ``via``: the discovery method that listed it."""
    return Fetch(
        url=request_url,
        fetched_at=datetime.now(UTC),
        status=response.status,
        final_url=response.url,
        etag=header(response, b"ETag"),
        last_modified=header(response, b"Last-Modified"),
        content_type=header(response, b"Content-Type"),
        encoding=encoding,
        body=response.body,
        listed_via=via,
    )


def header(response: Response, name: bytes) -> str | None:
    """A response header as text, at most 256 characters, or None."""
    value = response.headers.get(name)
    return value.decode("latin-1")[:256] if value else None


def describe_failure(failure: Failure) -> str:
    """One line: 'HTTP 404', 'CannotResolveHostError: DNS lookup failed: ...'."""
    value = failure.value
    response = getattr(value, "response", None)
    if response is not None:
        return f"HTTP {response.status}"
    message = str(value).strip().splitlines()[0] if str(value).strip() else ""
    name = type(value).__name__
    return f"{name}: {message}" if message else name
