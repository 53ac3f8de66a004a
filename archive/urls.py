"""Which URL is which article: canonical forms and the key articles are filed under."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

from w3lib.url import canonicalize_url, url_query_cleaner

__all__ = ["canonical_url", "redirected_away", "same_site", "trusted_canonical", "url_key"]

# Query parameters that track the reader and never select content.
_TRACKING_PREFIXES = ("utm_", "mc_", "fbclid", "gclid", "yclid", "_ga", "ref_src", "at_")
_TRACKING_NAMES = frozenset({"ref", "cmpid", "ncid", "spm", "share", "from", "src", "s_cid"})


def _tracking_params(url: str) -> list[str]:
    return [
        name
        for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)
        if name.lower().startswith(_TRACKING_PREFIXES) or name.lower() in _TRACKING_NAMES
    ]


# Both are pure and called several times for each URL a crawl touches (its
# lookup, its capture, its canonical): remembered for the latest few thousand.
@lru_cache(maxsize=8192)
def canonical_url(url: str) -> str:
    """The URL as nkmon shows and cites it: tracking parameters and fragment
    removed, query sorted, percent-encoding and host case normalized (w3lib)."""
    url = url.strip()
    tracking = _tracking_params(url)
    if tracking:
        url = url_query_cleaner(url, tracking, remove=True, keep_fragments=False)
    return canonicalize_url(url, keep_fragments=False)


@lru_cache(maxsize=8192)
def url_key(url: str) -> str:
    """The key that makes variants one article: the canonical URL without its
    scheme, default port or trailing slash (http/https and /x vs /x/ collapse)."""
    parts = urlsplit(canonical_url(url))
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    for prefix in ("www.", "m.", "mobile."):
        host = host.removeprefix(prefix)
    return host


def same_site(a: str, b: str) -> bool:
    """Same host, ignoring the scheme and a www., m. or mobile. prefix."""
    return bool(_site(a)) and _site(a) == _site(b)


# Path endings that mark another rendering of the same article: /amp, /print, /2.
_RENDERING = re.compile(r"/(amp|print|full|\d{1,2})$", re.IGNORECASE)


def trusted_canonical(page_url: str, declared: str | None) -> str | None:
    """The page's ``rel=canonical`` if it can be believed, else None.

    Believed only on the same site, for the same path (another query string,
    scheme or host alias) or a rendering of it (``/amp``, ``/print``, page
    ``/2``). Anything else (the homepage, a section, another story) is
    ignored: sites that point every page's canonical at one URL would
    otherwise merge all their articles into one.
    """
    if not declared or not declared.startswith(("http://", "https://")):
        return None
    try:
        if not same_site(page_url, declared):
            return None
        page_path = urlsplit(canonical_url(page_url)).path.rstrip("/")
        canon_path = urlsplit(canonical_url(declared)).path.rstrip("/")
    except ValueError:
        return None
    if not canon_path:
        return None
    rendering = _RENDERING.sub("", page_path)
    if canon_path not in (page_path, rendering):
        return None
    return canonical_url(declared)


_LISTING = re.compile(
    r"/(category|categories|tag|tags|section|sections|topics?|search|archives?)(/|$)"
    r"|/index(\.\w+)?$"
)


def redirected_away(requested: str, final: str | None) -> bool:
    """Did a redirect take the article's URL to the homepage, a section or
    listing, or another site? That is how many outlets answer for a deleted
    article. A move to a new slug at the same depth, or to an http/https or
    slash variant, is not.
    """
    if not final:
        return False
    try:
        if url_key(final) == url_key(requested):
            return False
        if not same_site(requested, final):
            return True
        final_path = urlsplit(final).path.rstrip("/")
        requested_path = urlsplit(requested).path.rstrip("/")
    except ValueError:
        return True
    if final_path == "" or requested_path.startswith(final_path + "/"):
        return True
    if _LISTING.search(final_path.lower()) and not _LISTING.search(requested_path.lower()):
        return True
    final_parts, requested_parts = final_path.split("/"), requested_path.split("/")
    return len(final_parts) < len(requested_parts) and final_parts[-1] != requested_parts[-1]
