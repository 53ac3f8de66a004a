"""Plain HTTP for tests of the replica sites: no redirects followed, raw bytes back."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET without following redirects; returns status, headers and raw body."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.netloc, timeout=10)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", target, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def text_of(url: str) -> str:
    """The body of a 200 answer, as UTF-8 text."""
    status, _, body = fetch(url)
    assert status == 200, url
    return body.decode("utf-8")
