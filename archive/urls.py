"""Which URL is which article: canonical forms and the key articles are filed under."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from w3lib.url import canonicalize_url, url_query_cleaner

__all__ = ["canonical_url", "same_site", "trusted_canonical", "url_key"]

# Query parameters that track the reader and never select content.
_TRACKING_PREFIXES = ("utm_", "mc_", "fbclid", "gclid", "yclid", "_ga", "ref_src", "at_")
_TRACKING_NAMES = frozenset({"ref", "cmpid", "ncid", "spm", "share", "from", "src", "s_cid"})


def _tracking_params(url: str) -> list[str]:
    return [
        name
        for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)
        if name.lower().startswith(_TRACKING_PREFIXES) or name.lower() in _TRACKING_NAMES
    ]


def canonical_url(url: str) -> str:
    """The URL as nkmon shows and cites it: tracking parameters and fragment
    removed, query sorted, percent-encoding and host case normalized (w3lib)."""
    url = url.strip()
    tracking = _tracking_params(url)
    if tracking:
        url = url_query_cleaner(url, tracking, remove=True, keep_fragments=False)
    return canonicalize_url(url, keep_fragments=False)


def url_key(url: str) -> str:
    """The key that makes variants one article: the canonical URL without its
    scheme, default port or trailing slash (http/https and /x vs /x/ collapse)."""
    parts = urlsplit(canonical_url(url))
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def same_site(a: str, b: str) -> bool:
    """Same host, ignoring a leading www. and the scheme."""
    host_a = (urlsplit(a).hostname or "").removeprefix("www.")
    host_b = (urlsplit(b).hostname or "").removeprefix("www.")
    return bool(host_a) and host_a == host_b


def trusted_canonical(page_url: str, declared: str | None) -> str | None:
    """The page's ``rel=canonical`` if it can be believed, else None.

    Believed only on the same site and when it names a page, not the site's
    root: some sites point every page's canonical at the homepage, which would
    merge all their articles into one.
    """
    if not declared or not declared.startswith(("http://", "https://")):
        return None
    if not same_site(page_url, declared):
        return None
    if urlsplit(declared).path.strip("/") == "":
        return None
    return canonical_url(declared)
