"""Articles with revisions, deletion and reset: the state every newer replica site shares.

The WordPress :class:`~nkmon.replica.outlet.Outlet` predates this and keeps its own copy; the
multi-page and wire-service sites build on :class:`Catalog` so that ``revise``, ``delete``,
``restore`` and ``reset`` behave the same on each of them (tests mutate sites mid-crawl).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from nkmon.replica.site import BaseSite

__all__ = ["Catalog", "Story"]


class _Revision(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def modified(self) -> datetime | None: ...


R = TypeVar("R", bound=_Revision)


@dataclass(kw_only=True)
class Story(Generic[R]):
    """One article: its published revisions, which one is live, and whether it is deleted."""

    key: str  # what ``path_for`` and ``get`` take: a slug or an article id
    published: datetime  # tz-aware
    revisions: tuple[R, ...]
    current: int = 0
    deleted: bool = False

    def __post_init__(self) -> None:
        if not self.revisions:
            raise ValueError(f"article {self.key!r} needs at least one revision")
        if self.published.tzinfo is None:
            raise ValueError(f"article {self.key!r}: published must be tz-aware")

    @property
    def revision(self) -> R:
        return self.revisions[self.current]

    @property
    def title(self) -> str:
        return self.revision.title

    @property
    def last_modified(self) -> datetime:
        """When the current revision went live (``Last-Modified`` header)."""
        return self.revision.modified or self.published

    @property
    def path(self) -> str:  # pragma: no cover
        """The path of the article's (first) page; each site has its own URL scheme."""
        raise NotImplementedError

    @property
    def number(self) -> int:
        """A stable numeric id (post ids, shortlinks), derived from the key."""
        return 100 + zlib.crc32(self.key.encode()) % 9000


S = TypeVar("S", bound=Story)


class Catalog(BaseSite, Generic[S]):
    """A site's articles plus mutable state; every change holds :attr:`lock`."""

    def __init__(self, name: str, articles: Iterable[S]) -> None:
        super().__init__()
        self.name = name
        self.articles: list[S] = list(articles)
        keys = [a.key for a in self.articles]
        if len(set(keys)) != len(keys):
            raise ValueError("article keys must be unique")
        self._initial = [(a, a.current, a.deleted) for a in self.articles]

    def get(self, key: str) -> S:
        with self.lock:
            for article in self.articles:
                if article.key == key:
                    return article
        raise KeyError(key)

    def revise(self, key: str) -> Any:
        """Publish the next revision of ``key`` and return it; ValueError when there is none."""
        with self.lock:
            article = self.get(key)
            if article.current + 1 >= len(article.revisions):
                raise ValueError(f"article {key!r} has no further revision")
            article.current += 1
            return article.revision

    def delete(self, key: str) -> None:
        """Unpublish: the pages answer 404, but the (cached) feed still lists the article."""
        with self.lock:
            self.get(key).deleted = True

    def restore(self, key: str) -> None:
        with self.lock:
            self.get(key).deleted = False

    def reset(self) -> None:
        """Back to the state at construction; forget counted requests and slow paths."""
        with self.lock:
            self.articles[:] = [a for a, *_ in self._initial]
            for article, current, deleted in self._initial:
                article.current, article.deleted = current, deleted
            super().reset()

    def listed(self) -> list[S]:
        """All articles newest first, deleted ones included (what a cached feed shows)."""
        with self.lock:
            return sorted(self.articles, key=lambda a: a.published, reverse=True)

    def live(self) -> list[S]:
        """Published (non-deleted) articles, newest first."""
        return [a for a in self.listed() if not a.deleted]

    def path_for(self, key: str) -> str:
        """The path of the article ``key`` (its first page)."""
        return self.get(key).path
