"""The key an article is filed under: its canonical URL."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

__all__ = ["canonical_url"]

# Query parameters that track the reader and never select content.
_TRACKING_PREFIXES = ("utm_", "mc_", "fbclid", "gclid", "yclid", "_ga", "ref_src")


def canonical_url(url: str) -> str:
    """Normalize ``url`` so that the same article reached by different links gets one key.

    Lower-cases scheme and host, drops the fragment, default ports and tracking
    parameters, sorts the query and normalizes percent-encoding (w3lib). The
    page's own ``rel=canonical`` is not trusted for the key: some sites point it
    at the homepage for every page, which would merge all their articles.
    """
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    netloc = parts.netloc.lower()
    if (parts.scheme == "http" and netloc.endswith(":80")) or (
        parts.scheme == "https" and netloc.endswith(":443")
    ):
        netloc = netloc.rsplit(":", 1)[0]
    rebuilt = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))
    return canonicalize_url(rebuilt)
