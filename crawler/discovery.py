"""Finding article URLs: pure functions over feed, sitemap and listing bodies.

The spider fetches; these read. Each returns absolute http(s) URLs only.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import SplitResult, urljoin, urlsplit

import defusedxml.ElementTree
import feedparser
import lxml.html
from defusedxml import DefusedXmlException
from lxml import etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from .sources import Listing

__all__ = [
    "DiscoveryError",
    "FeedEntry",
    "SitemapEntry",
    "article_sitemap",
    "continuation_pages",
    "feed_entries",
    "listing_links",
    "sitemap_entries",
]


class DiscoveryError(ValueError):
    """A discovery document that cannot be read (not a feed, not a sitemap)."""


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str | None = None


def _absolute(base: str, href: str | None) -> str | None:
    if not href:
        return None
    try:
        url = urljoin(base, href.strip())
        urlsplit(url).port  # noqa: B018 - raises ValueError for a bad port or IPv6 literal
    except ValueError:  # one malformed link must not cost the rest of the page
        return None
    return url.split("#", 1)[0] if url.startswith(("http://", "https://")) else None


def refuse_entities(body: bytes, what: str) -> None:
    """Raise DiscoveryError if ``body`` declares XML entities: a billion-laughs bomb,
    or external entities (XXE) that point at local files. No feed or sitemap
    needs them; feedparser would keep the literal ``&lol9;`` as a title."""
    try:
        defusedxml.ElementTree.fromstring(body)
    except DefusedXmlException as exc:
        raise DiscoveryError(
            f"{what} declares XML entities ({type(exc).__name__}): refused, "
            "as an XML bomb or an external-entity attack"
        ) from None
    except (defusedxml.ElementTree.ParseError, ValueError, TypeError):
        pass  # not well-formed: the lenient parsers decide what is readable


def feed_entries(body: bytes, url: str, content_type: str | None = None) -> list[FeedEntry]:
    """Entries of an RSS 2.0, Atom or RDF feed, in feed order, without duplicates."""
    refuse_entities(body, "the feed")
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(body, response_headers=headers)
    if not parsed.get("version") and not parsed.get("entries"):
        reason = parsed.get("bozo_exception")
        raise DiscoveryError(f"not a feed{f': {reason}' if reason else ''}")
    raw = parsed.get("entries", [])
    entries: dict[str, FeedEntry] = {}
    for entry in raw:
        guid = str(entry.get("id") or "")
        link = entry.get("link") or (guid if guid.startswith("http") else None)
        absolute = _absolute(url, link)
        if absolute and absolute not in entries:
            entries[absolute] = FeedEntry(absolute, entry.get("title"))
    if raw and not entries:
        raise DiscoveryError(f"{len(raw)} entries, none with a usable http(s) link")
    return list(entries.values())


# Child sitemaps of an index that list no articles: WordPress core and Yoast name
# them after taxonomies, authors and static pages.
_NON_ARTICLE_SITEMAP = re.compile(
    r"(taxonom|[-_/]users?[-_.]|author|categor|post_tag|tag-sitemap|page-sitemap|posts-page-)",
    re.IGNORECASE,
)


def article_sitemap(url: str) -> bool:
    """False for a child sitemap that lists categories, tags, authors or static pages."""
    return not _NON_ARTICLE_SITEMAP.search(urlsplit(url).path)


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None = None

    def recent(self, max_age: timedelta | None, now: datetime | None = None) -> bool:
        """Within ``max_age`` of now by its lastmod; an entry without one always is."""
        if max_age is None or self.lastmod is None:
            return True
        return self.lastmod >= (now or datetime.now(UTC)) - max_age


def sitemap_entries(body: bytes, *, max_size: int) -> tuple[str, list[SitemapEntry]]:
    """``("index", child sitemaps)`` or ``("urlset", pages)``, with their lastmod.

    Gzipped sitemaps are inflated up to ``max_size`` bytes.
    """
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=max_size)
        except (OSError, EOFError, ValueError, zlib.error) as exc:  # truncated, corrupt, a bomb
            raise DiscoveryError(f"gzip: {exc}") from None
    refuse_entities(body, "the sitemap")
    try:
        sitemap = Sitemap(body)
    except (etree.XMLSyntaxError, StopIteration, ValueError) as exc:
        raise DiscoveryError(f"not a sitemap: {exc or 'empty'}") from None
    if sitemap.type not in ("sitemapindex", "urlset"):
        raise DiscoveryError(f"not a sitemap: root element <{sitemap.type}>")
    entries: dict[str, SitemapEntry] = {}
    for entry in sitemap:
        loc = entry.get("loc", "").strip()
        if loc.startswith(("http://", "https://")) and loc not in entries:
            entries[loc] = SitemapEntry(loc, _lastmod(entry.get("lastmod")))
    kind = "index" if sitemap.type == "sitemapindex" else "urlset"
    return kind, list(entries.values())


def _lastmod(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _links(html: str, base: str) -> list[str]:
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    links = (_absolute(base, href) for href in tree.xpath("//a/@href"))
    return list(dict.fromkeys(link for link in links if link))


def listing_links(html: str, url: str, listing: Listing) -> tuple[list[str], list[str]]:
    """Article links and further-listing-page links on one listing page."""
    links = _links(html, url)
    articles = [link for link in links if re.search(listing.article_pattern, link)]
    pages: list[str] = []
    if listing.next_pattern:
        pages = [
            link
            for link in links
            if re.search(listing.next_pattern, link) and link not in articles and link != url
        ]
    return articles, pages


_PAGE_SUFFIX = re.compile(r"^/(\d{1,2})/?$")
# Every href attribute's value with a digit in it (/slug/N/ gets its digits from
# the href), anywhere in the page (more than the <a href>s the parser finds:
# comments, scripts, other tags): a page none of whose values is a continuation
# link has none. Searched for in an ASCII-lowercased UTF-8 copy of the page, where
# "href" is a literal prefix the regex engine skips to (a case-insensitive pattern
# has none and is tried at every position: 2.5x slower on a page of 170 links);
# the values are cut from the original bytes at the same offsets.
_HREF = re.compile(rb"""href\s*=\s*(?:"([^"]*\d[^"]*)"|'([^']*\d[^']*)'|([^\s"'>]*\d[^\s"'>]*))""")


def _hrefs(html: str) -> Iterator[str]:
    """The href values with a digit in them, in page order."""
    raw = html.encode("utf-8", "surrogatepass")
    for match in _HREF.finditer(raw.lower()):
        start, end = match.span(match.lastindex or 0)
        yield raw[start:end].decode("utf-8", "surrogatepass")


def _continuation(parts: SplitResult, stem: str, link: str | None, limit: int) -> bool:
    if link is None:
        return False
    other = urlsplit(link)
    if (other.scheme, other.netloc) != (parts.scheme, parts.netloc):
        return False
    if not other.path.startswith(stem + "/"):
        return False
    match = _PAGE_SUFFIX.match(other.path[len(stem) :])
    return bool(match and 2 <= int(match[1]) <= limit)


def continuation_pages(html: str, url: str, *, limit: int = 20) -> list[str]:
    """Further pages of a multi-page article (WordPress ``<!--nextpage-->``: ``/slug/2/``).

    A link counts when it is the article's own URL plus ``/N/`` with N >= 2, so
    links to other articles or to listing pages never do.
    """
    parts = urlsplit(url)
    stem = parts.path.rstrip("/")
    slug = stem.rsplit("/", 1)[-1]
    resolved: set[str] = set()
    for href in _hrefs(html):
        href = unescape(href).strip()
        # An absolute or root-relative link replaces the whole path, so one to a
        # page of this article names its slug: the others (most links of a page)
        # need no resolving; nor does a fragment or a query alone (this page), or
        # a link seen already (share buttons and comment anchors repeat the URL).
        if slug not in href and (href[:1] == "/" or ":" in href.split("/", 1)[0]):
            continue
        if href[:1] in ("#", "?") or href in resolved:
            continue
        resolved.add(href)
        if _continuation(parts, stem, _absolute(url, href), limit):
            break
    else:
        return []  # no page of the article linked: spare the parse
    found: dict[int, str] = {}
    for link in _links(html, url):
        other = urlsplit(link)
        if (other.scheme, other.netloc) != (parts.scheme, parts.netloc):
            continue
        if not other.path.startswith(stem + "/"):
            continue
        match = _PAGE_SUFFIX.match(other.path[len(stem) :])
        if match and 2 <= int(match[1]) <= limit:
            found.setdefault(int(match[1]), link)
    return [found[n] for n in sorted(found)]
