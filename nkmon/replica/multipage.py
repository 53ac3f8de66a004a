"""A Japanese WordPress outlet whose long articles run over several pages (ASIAPRESS-like).

Real outlets split long reports with ``<!--nextpage-->``: page 1 is at the permalink, the rest at
``<permalink>2/``, ``3/``, linked by a ``page-links`` block and ``rel=prev/next``. A crawler that
stores only page 1 keeps half an article, and an edit on page 2 changes no byte of page 1. The
feed sits at a non-standard path and carries one story that is not about North Korea.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from nkmon.replica import multipage_pages as pages
from nkmon.replica import multipage_texts as texts
from nkmon.replica.catalog import Catalog, Story
from nkmon.replica.multipage_pages import FEED_PATH
from nkmon.replica.pages import e, rfc822
from nkmon.replica.site import RSS, TEXT, Response, redirect

__all__ = [
    "ARTICLE_PATTERN",
    "FEED_PATH",
    "MultipageArticle",
    "MultipageOutlet",
    "PagedRevision",
    "multipage_outlet",
]

#: Which URLs are articles: page-1 permalinks only (``…/slug/2/`` does not match).
ARTICLE_PATTERN = r"/apn/\d{4}/\d{2}/[^/]+/[^/]+/$"
_PAGE_RE = re.compile(r"^/apn/(\d{4})/(\d{2})/([a-z0-9-]+)/([a-z0-9-]+)(/(?:(\d+)/?)?)?$")


@dataclass(frozen=True)
class PagedRevision:
    """One published state: the title and the paragraphs of each page."""

    title: str
    pages: tuple[tuple[str, ...], ...]
    authors: tuple[str, ...]
    modified: datetime | None = None  # tz-aware; None for the first revision


@dataclass(kw_only=True)
class MultipageArticle(Story[PagedRevision]):
    """A post; ``pages`` are the current revision's paragraphs, page by page."""

    section: str  # URL segment: "north-korea", "japan"
    category: str  # its display name
    about_north_korea: bool
    caption: str = ""
    footnote: str = ""  # "※…" note at the end of the last page (extracted with the text)
    tags: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return self.key

    @property
    def path(self) -> str:
        """``/apn/%year%/%monthnum%/%category%/%postname%/`` (page 1)."""
        return f"/apn/{self.published:%Y}/{self.published:%m}/{self.section}/{self.key}/"

    def page_path(self, number: int) -> str:
        """The path of page ``number`` (1-based; page 1 is the permalink itself)."""
        if not 1 <= number <= self.page_count:
            raise ValueError(f"{self.key!r} has no page {number}")
        return self.path if number == 1 else f"{self.path}{number}/"

    @property
    def pages(self) -> tuple[tuple[str, ...], ...]:
        return self.revision.pages

    @property
    def page_count(self) -> int:
        return len(self.revision.pages)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """All pages' paragraphs in order (the footnote not included)."""
        return tuple(p for page in self.pages for p in page)

    @property
    def authors(self) -> tuple[str, ...]:
        return self.revision.authors


class MultipageOutlet(Catalog[MultipageArticle]):
    """The outlet: articles keyed by slug; ``path_for(slug)`` is page 1."""

    languages = ("ja",)

    def route(self, path: str, query: str, base: str) -> Response:
        """Answer one request (the server holds :attr:`lock`)."""
        if path in ("/", "/apn"):
            return redirect(base + "/apn/")
        if path == "/apn/":
            shortlink = re.fullmatch(r"p=(\d+)", query)
            target = next(
                (a for a in self.live() if shortlink and a.number == int(shortlink[1])), None
            )
            if target is not None:
                return redirect(base + target.path)
            return Response(200, body=pages.home_page(self, base).encode())
        if path == FEED_PATH:
            last = max((a.last_modified for a in self.listed()), default=None)
            body = feed(self, base).encode()
            return Response(200, RSS, body, last_modified=last, conditional=True)
        if path == "/robots.txt":
            robots = "User-agent: *\nDisallow: /apn/wp-admin/\n"
            return Response(200, TEXT, robots.encode())
        found = self.find_page(path)
        if found is None:
            return Response(404, body=pages.not_found_page(self, base).encode())
        article, number = found
        wanted = article.page_path(number)
        if path != wanted:  # no trailing slash, or ".../1/"
            return redirect(base + wanted + (f"?{query}" if query else ""))
        return Response(
            200,
            body=pages.article_page(self, article, number, base).encode(),
            last_modified=article.last_modified,
            conditional=True,
            headers={"Link": f"<{base}/apn/?p={article.number}>; rel=shortlink"},
        )

    def find_page(self, path: str) -> tuple[MultipageArticle, int] | None:
        """The live article and page number ``path`` names, or None (a 404)."""
        match = _PAGE_RE.match(path)
        if not match:
            return None
        year, month, section, slug, _, number = match.groups()
        with self.lock:
            article = next((a for a in self.articles if a.key == slug), None)
            if (
                article is None
                or article.deleted
                or not article.path.startswith(f"/apn/{year}/{month}/{section}/")
            ):
                return None
            page = int(number) if number else 1
            if not 1 <= page <= article.page_count:
                return None  # WordPress 5.5+ answers 404 past the last page
            return article, page

    def discovery(self, base: str) -> dict[str, Any]:
        """The feed (at its non-standard path) and which URLs are articles."""
        return {"feeds": [base + FEED_PATH], "article_pattern": ARTICLE_PATTERN}


def feed(outlet: MultipageOutlet, base: str) -> str:
    """RSS 2.0 of page-1 URLs with excerpts only (deleted posts too: a stale cached feed)."""
    listed = outlet.listed()
    build = max((a.last_modified for a in listed), default=datetime(2026, 11, 1, tzinfo=UTC))
    items = []
    for a in listed:
        link = base + a.path
        creators = "".join(f"<dc:creator><![CDATA[{n}]]></dc:creator>" for n in a.authors)
        cats = "".join(f"<category><![CDATA[{c}]]></category>" for c in (a.category, *a.tags))
        lead = a.pages[0][0]
        summary = lead[:110] + "…" if len(lead) > 110 else lead
        items.append(
            f"\t<item>\n\t\t<title>{e(a.title)}</title>\n\t\t<link>{link}</link>\n"
            f"\t\t{creators}\n\t\t<pubDate>{rfc822(a.published)}</pubDate>\n\t\t{cats}\n"
            f'\t\t<guid isPermaLink="false">{base}/apn/?p={a.number}</guid>\n'
            f"\t\t<description><![CDATA[{summary}]]></description>\n\t</item>\n"
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:atom="http://www.w3.org/2005/Atom">
<channel>
\t<title>{e(outlet.name)}</title>
\t<atom:link href="{base}{FEED_PATH}" rel="self" type="application/rss+xml" />
\t<link>{base}/apn/</link>
\t<description>{e(texts.TAGLINE)}</description>
\t<lastBuildDate>{rfc822(build)}</lastBuildDate>
\t<language>ja</language>
\t<generator>https://wordpress.org/?v=6.5.5</generator>
{"".join(items)}</channel>
</rss>
"""


def _build(spec: dict[str, Any]) -> MultipageArticle:
    pages = tuple(tuple(page) for page in spec["pages"])
    first = PagedRevision(spec["title"], pages, tuple(spec["authors"]))
    revisions = [first]
    edit = spec.get("edit")
    if edit:
        changed = [list(page) for page in pages]
        for (page, index), text in edit["replace"].items():
            changed[page][index] = text
        revisions.append(
            PagedRevision(
                edit.get("title", first.title),
                tuple(tuple(page) for page in changed),
                first.authors,
                modified=datetime.fromisoformat(edit["modified"]),
            )
        )
    return MultipageArticle(
        key=spec["slug"],
        published=datetime.fromisoformat(spec["published"]),
        revisions=tuple(revisions),
        section=spec["section"],
        category=spec["category"],
        about_north_korea=spec["about_north_korea"],
        caption=spec.get("caption", ""),
        footnote=spec.get("footnote", texts.FOOTNOTE),
        tags=tuple(spec.get("tags", ())),
    )


def multipage_outlet() -> MultipageOutlet:
    """A fresh outlet: 4 North Korea reports (two multi-page) and 1 Japanese local story."""
    return MultipageOutlet(texts.SITE_NAME, [_build(spec) for spec in texts.ARTICLES])
