"""Which discovered addresses a crawl may fetch.

A link to a link-local or cloud-metadata address is never followed; a link to
another private address (or localhost) only for a source that lives on one.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

__all__ = ["private_host", "refused_host"]


def refused_host(url: str, *, private_ok: bool) -> str | None:
    """Why a discovered URL must not be fetched: a link-local or cloud-metadata
    address always, another private address unless ``private_ok`` (the source
    is on one)."""
    if _link_local(url):
        return "a link-local or cloud-metadata address"
    if not private_ok and private_host(url):
        return "a private address, and the source is public"
    return None


def private_host(url: str) -> bool:
    """An IP literal outside the public internet, or localhost."""
    if (urlsplit(url).hostname or "").lower() in ("localhost", "localhost."):
        return True
    ip = _ip(url)
    return ip is not None and not ip.is_global


def _ip(url: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address((urlsplit(url).hostname or "").strip("[]"))
    except ValueError:
        return None


def _link_local(url: str) -> bool:
    ip = _ip(url)
    return ip is not None and ip.is_link_local
