"""State of the replica WordPress outlet: articles, their revisions and what has been requested.

Kept free of HTTP so tests can mutate the outlet (revise, delete, restore) while a server thread
renders it; every mutation and every render holds :attr:`Outlet.lock`. Which path serves what is
in :mod:`nkmon.replica.wordpress`.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from nkmon.replica import texts
from nkmon.replica.site import BaseSite, Response

#: What ``/feed/`` serves: the feed, a valid feed without items, or an HTML error page (200).
FEED_MODES = ("ok", "empty", "broken")

SITE_NAME = "Korea Border Monitor"


@dataclass(frozen=True)
class Revision:
    """One published state of an article; later revisions carry a ``modified`` time."""

    title: str
    paragraphs: tuple[str, ...]
    authors: tuple[str, ...]
    modified: datetime | None = None  # tz-aware UTC; None for the first revision


@dataclass(frozen=True)
class Comment:
    """A reader comment; comments belong to the page, not to a revision."""

    author: str
    posted: datetime
    text: str


@dataclass
class ReplicaArticle:
    """A post on the outlet. ``broken`` pages render without their text (JS-loaded body)."""

    slug: str
    category: str
    published: datetime
    revisions: tuple[Revision, ...]
    current: int = 0
    deleted: bool = False
    broken: bool = False
    # Page furniture (extensions beyond the core API; all optional).
    caption: str = ""
    tags: tuple[str, ...] = ()
    comments: tuple[Comment, ...] = ()

    def __post_init__(self) -> None:
        if not self.revisions:
            raise ValueError(f"article {self.slug!r} needs at least one revision")
        if self.published.tzinfo is None:
            raise ValueError(f"article {self.slug!r}: published must be tz-aware")

    @property
    def path(self) -> str:
        """WordPress "/%year%/%monthnum%/%postname%/" permalink."""
        return f"/{self.published:%Y}/{self.published:%m}/{self.slug}/"

    @property
    def revision(self) -> Revision:
        return self.revisions[self.current]

    @property
    def post_id(self) -> int:
        """Stable numeric id for ``?p=`` guids/shortlinks, derived from the slug."""
        return 100 + zlib.crc32(self.slug.encode()) % 9000

    @property
    def last_modified(self) -> datetime:
        """When the current revision went live (``Last-Modified`` header)."""
        return self.revision.modified or self.published


def category_slug(category: str) -> str:
    """WordPress-style slug of a category name ("Human Rights" -> "human-rights")."""
    return re.sub(r"[^a-z0-9]+", "-", category.lower()).strip("-")


class Outlet(BaseSite):
    """The outlet's content plus mutable state; thread-safe through :attr:`lock`."""

    def __init__(self, name: str, articles: Iterable[ReplicaArticle]) -> None:
        super().__init__()
        self.name = name
        self.articles: list[ReplicaArticle] = list(articles)
        self._feed_mode = "ok"
        self._initial = [(a, a.current, a.deleted, a.broken) for a in self.articles]

    @property
    def feed_mode(self) -> str:
        """``"ok"``, ``"empty"`` or ``"broken"``: lets tests make discovery fall back."""
        return self._feed_mode

    @feed_mode.setter
    def feed_mode(self, mode: str) -> None:
        if mode not in FEED_MODES:
            raise ValueError(f"feed_mode must be one of {FEED_MODES}, not {mode!r}")
        with self.lock:
            self._feed_mode = mode

    def route(self, path: str, query: str, base: str) -> Response:
        """Answer one request (the server holds :attr:`lock`)."""
        from nkmon.replica import wordpress  # it renders with pages/feeds, which import us

        return wordpress.route(self, path, query, base)

    def path_for(self, key: str) -> str:
        """The permalink of the post with slug ``key``."""
        return self.get(key).path

    def discovery(self, base: str) -> dict[str, Any]:
        """Feed and WordPress core sitemap index, as a registry entry would list them."""
        return {"feeds": [base + "/feed/"], "sitemaps": [base + "/wp-sitemap.xml"]}

    def get(self, slug: str) -> ReplicaArticle:
        with self.lock:
            for article in self.articles:
                if article.slug == slug:
                    return article
        raise KeyError(slug)

    def find_path(self, path: str) -> ReplicaArticle | None:
        """Article whose permalink is ``path`` (with or without trailing slash), if any."""
        wanted = path if path.endswith("/") else path + "/"
        with self.lock:
            for article in self.articles:
                if article.path == wanted:
                    return article
        return None

    def find_id(self, post_id: int) -> ReplicaArticle | None:
        with self.lock:
            for article in self.articles:
                if article.post_id == post_id:
                    return article
        return None

    def revise(self, slug: str) -> Revision:
        """Publish the next revision of ``slug``; ValueError when there is none."""
        with self.lock:
            article = self.get(slug)
            if article.current + 1 >= len(article.revisions):
                raise ValueError(f"article {slug!r} has no further revision")
            article.current += 1
            return article.revision

    def delete(self, slug: str) -> None:
        """Unpublish: the page answers 404, but the (cached) feed still lists it."""
        with self.lock:
            self.get(slug).deleted = True

    def restore(self, slug: str) -> None:
        with self.lock:
            self.get(slug).deleted = False

    def reset(self) -> None:
        """Back to the state at construction and forget all counted requests."""
        with self.lock:
            self.articles[:] = [a for a, *_ in self._initial]
            for article, current, deleted, broken in self._initial:
                article.current, article.deleted, article.broken = current, deleted, broken
            self._feed_mode = "ok"
            super().reset()

    def listed(self) -> list[ReplicaArticle]:
        """All articles newest first, deleted ones included (what a cached feed shows)."""
        with self.lock:
            return sorted(self.articles, key=lambda a: a.published, reverse=True)

    def live(self) -> list[ReplicaArticle]:
        """Published (non-deleted) articles, newest first."""
        return [a for a in self.listed() if not a.deleted]


def _build(spec: dict[str, Any]) -> ReplicaArticle:
    """Turn one entry of :data:`texts.ARTICLES` into an article with its revisions."""
    first = Revision(
        title=spec["title"], paragraphs=tuple(spec["paragraphs"]), authors=tuple(spec["authors"])
    )
    revisions = [first]
    edit = spec.get("edit")
    if edit:
        paragraphs = list(first.paragraphs)
        for index, text in edit.get("replace", {}).items():
            paragraphs[index] = text
        for index in sorted(edit.get("drop", ()), reverse=True):
            del paragraphs[index]
        paragraphs.extend(edit.get("append", ()))
        revisions.append(
            Revision(
                title=edit.get("title", first.title),
                paragraphs=tuple(paragraphs),
                authors=tuple(edit.get("authors", first.authors)),
                modified=datetime.fromisoformat(edit["modified"]),
            )
        )
    return ReplicaArticle(
        slug=spec["slug"],
        category=spec["category"],
        published=datetime.fromisoformat(spec["published"]),
        revisions=tuple(revisions),
        broken=bool(spec.get("broken", False)),
        caption=spec.get("caption", ""),
        tags=tuple(spec.get("tags", ())),
        comments=tuple(
            Comment(author, datetime.fromisoformat(posted), text)
            for author, posted, text in spec.get("comments", ())
        ),
    )


def wordpress_outlet() -> Outlet:
    """A fresh outlet with the default content: 8 normal articles and 1 broken one."""
    return Outlet(SITE_NAME, [_build(spec) for spec in texts.ARTICLES])


__all__ = [
    "FEED_MODES",
    "SITE_NAME",
    "Comment",
    "Outlet",
    "ReplicaArticle",
    "Revision",
    "category_slug",
    "wordpress_outlet",
]
