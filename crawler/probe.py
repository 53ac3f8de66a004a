"""Probing a source's discovery URLs: are they there, blocked, or empty?

Used by ``nkmon sources check --online``. Plain HTTP GETs in a few threads,
with the crawl's User-Agent, a timeout and a size cap; no archive is touched.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .discovery import DiscoveryError, feed_entries, listing_links, sitemap_entries
from .encoding import decode_html
from .settings import user_agent
from .sources import SourceConfig

__all__ = ["ProbeResult", "probe_sources"]

MAX_BYTES = 8 * 1024 * 1024
BLOCKED_STATUSES = {401, 403, 429, 451}
_CHALLENGE_MARKERS = ("cf-challenge", "challenge-platform", "captcha", "attention required")


@dataclass(frozen=True)
class ProbeResult:
    source_id: str
    kind: str  # feed, sitemap, listing
    url: str
    state: str  # reachable, empty, blocked, error
    detail: str


def _get(url: str, timeout: float, contact: str | None) -> tuple[int, str | None, bytes]:
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(contact)})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type"), response.read(MAX_BYTES)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read(MAX_BYTES)


def _probe_one(
    source: SourceConfig, kind: str, url: str, timeout: float, contact: str | None
) -> ProbeResult:
    def result(state: str, detail: str) -> ProbeResult:
        return ProbeResult(source.id, kind, url, state, detail)

    try:
        status, ctype, body = _get(url, timeout, contact)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return result("error", f"{type(reason).__name__}: {reason}")
    if status in BLOCKED_STATUSES:
        return result("blocked", f"HTTP {status}")
    if status >= 400:
        return result("error", f"HTTP {status}")
    head = body[:20000].decode("utf-8", "replace").lower()
    if any(marker in head for marker in _CHALLENGE_MARKERS):
        return result("blocked", f"HTTP {status}, a bot-challenge page")
    try:
        if kind == "feed":
            found = len(feed_entries(body, url, ctype))
        elif kind == "sitemap":
            _, entries = sitemap_entries(body, max_size=MAX_BYTES)
            found = len(entries)
        else:
            listing = next(item for item in source.listings if item.url == url)
            found = len(listing_links(decode_html(body, ctype)[0], url, listing)[0])
    except DiscoveryError as exc:
        return result("empty", str(exc))
    if not found:
        return result("empty", f"HTTP {status}, no article links")
    return result("reachable", f"HTTP {status}, {found} links")


def probe_sources(
    sources: list[SourceConfig], *, timeout: float = 15.0, contact: str | None = None
) -> list[ProbeResult]:
    """Probe every discovery URL of ``sources``; never raises for network trouble."""
    jobs = [
        (source, kind, url)
        for source in sources
        for kind, urls in (
            ("feed", source.feeds),
            ("sitemap", source.sitemaps),
            ("listing", [item.url for item in source.listings]),
        )
        for url in urls
    ]
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda job: _probe_one(*job, timeout, contact), jobs))
