"""An English wire-service site with mixed topics (Yonhap-like): a general outlet.

Most of what a general outlet publishes is not about North Korea, so the crawler must filter:
four stories are about it (spelled "N. Korea", "DPRK", "Pyongyang", "Kim Jong-un"), seven are
not. Every page, whatever its story, carries "North Korea" in the menu and North Korea
headlines in "Most Viewed", so a filter that reads the raw HTML instead of the extracted text
keeps everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from nkmon.replica import general_pages as pages
from nkmon.replica import general_texts as texts
from nkmon.replica.catalog import Catalog, Story
from nkmon.replica.pages import e, rfc822
from nkmon.replica.site import RSS, TEXT, Response, redirect

__all__ = [
    "ALL_FEED_PATH",
    "NK_FEED_PATH",
    "GeneralOutlet",
    "WireArticle",
    "WireRevision",
    "general_outlet",
]

ALL_FEED_PATH = "/RSS/news.xml"
NK_FEED_PATH = "/RSS/northkorea.xml"
_VIEW_RE = re.compile(r"^/view/(AEN\d{8}\d{9})/?$")
_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
           "Nov.", "Dec.")  # fmt: skip


@dataclass(frozen=True)
class WireRevision:
    """One published state of a story; a later one carries ``modified`` (wire "LEAD" updates)."""

    title: str
    paragraphs: tuple[str, ...]  # without the dateline
    modified: datetime | None = None


@dataclass(kw_only=True)
class WireArticle(Story[WireRevision]):
    """A story; ``key`` is its id (``AEN`` + yyyymmdd + 9 digits)."""

    section: str  # "North Korea", "Economy", ...
    author: str
    about_north_korea: bool

    @property
    def article_id(self) -> str:
        return self.key

    @property
    def path(self) -> str:
        return f"/view/{self.key}"

    @property
    def dateline(self) -> str:
        """'SEOUL, Nov. 18 (Hanbit) -- ', in the newsroom's time zone."""
        day = self.published
        return f"SEOUL, {_MONTHS[day.month - 1]} {day.day} ({texts.AGENCY}) -- "

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The body as served: the first paragraph starts with the dateline."""
        first, *rest = self.revision.paragraphs
        return (self.dateline + first, *rest)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


class GeneralOutlet(Catalog[WireArticle]):
    """The wire site: stories keyed by id; ``path_for(id)`` is ``/view/<id>``."""

    def route(self, path: str, query: str, base: str) -> Response:
        """Answer one request (the server holds :attr:`lock`)."""
        if path in ("/", "/index"):
            return Response(200, body=pages.home_page(self, base).encode())
        if path in (ALL_FEED_PATH, NK_FEED_PATH):
            only_nk = path == NK_FEED_PATH
            listed = [a for a in self.listed() if a.about_north_korea or not only_nk]
            last = max((a.last_modified for a in listed), default=None)
            body = feed(self, base, listed, path).encode()
            return Response(200, RSS, body, last_modified=last, conditional=True)
        if path == "/robots.txt":
            return Response(200, TEXT, b"User-agent: *\nDisallow: /search\n")
        section = next((label for label, where in texts.NAV if where == path), None)
        if section is not None:
            return Response(200, body=pages.section_page(self, section, base).encode())
        match = _VIEW_RE.match(path)
        article = self._find(match[1]) if match else None
        if article is None or article.deleted:
            return Response(404, body=pages.not_found_page(self, base).encode())
        if path != article.path:
            return redirect(base + article.path)
        return Response(
            200,
            body=pages.article_page(self, article, base).encode(),
            last_modified=article.last_modified,
            conditional=True,
        )

    def _find(self, key: str) -> WireArticle | None:
        try:
            return self.get(key)
        except KeyError:
            return None

    def discovery(self, base: str) -> dict[str, Any]:
        """The all-news feed, filtered for North Korea as a general outlet must be."""
        return {"feeds": [base + ALL_FEED_PATH], "relevance": {"preset": "north-korea"}}


def feed(outlet: GeneralOutlet, base: str, listed: list[WireArticle], path: str) -> str:
    """RSS 2.0 of the wire: title, link, lead paragraph, section, byline (stale: deleted too)."""
    build = max((a.last_modified for a in listed), default=datetime(2026, 11, 1, tzinfo=UTC))
    items = "".join(
        f"<item><title><![CDATA[{a.title}]]></title><link>{base}{a.path}</link>"
        f"<description><![CDATA[{a.paragraphs[0]}]]></description>"
        f"<pubDate>{rfc822(a.published)}</pubDate>"
        f'<guid isPermaLink="true">{base}{a.path}</guid><category>{e(a.section)}</category>'
        f"<dc:creator>{e(a.author)}</dc:creator></item>\n"
        for a in listed
    )
    which = "North Korea" if path == NK_FEED_PATH else "All News"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" \
xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{e(outlet.name)} - {which}</title>
<link>{base}/</link>
<atom:link href="{base}{path}" rel="self" type="application/rss+xml"/>
<description>Breaking news, politics, economy and culture from Korea</description>
<language>en</language>
<lastBuildDate>{rfc822(build)}</lastBuildDate>
<copyright>Copyright (c) {e(outlet.name)}</copyright>
{items}</channel>
</rss>
"""


def _build(spec: dict[str, Any]) -> WireArticle:
    first = WireRevision(spec["title"], tuple(spec["paragraphs"]))
    revisions = [first]
    edit = spec.get("edit")
    if edit:
        revisions.append(
            WireRevision(
                edit.get("title", first.title),
                (*first.paragraphs, *edit.get("append", ())),
                modified=datetime.fromisoformat(edit["modified"]),
            )
        )
    return WireArticle(
        key=spec["id"],
        published=datetime.fromisoformat(spec["published"]),
        revisions=tuple(revisions),
        section=spec["section"],
        author=spec["author"],
        about_north_korea=spec["about_north_korea"],
    )


def general_outlet() -> GeneralOutlet:
    """A fresh wire site: 11 stories, 4 of them about North Korea."""
    return GeneralOutlet(texts.SITE_NAME, [_build(spec) for spec in texts.ARTICLES])
