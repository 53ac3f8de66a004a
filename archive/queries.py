"""Reading one article: lookup by URL or id, and its history."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .exceptions import NotFound
from .models import Article, Capture, Version
from .store import find_by_url

__all__ = ["History", "find_article", "history"]


@dataclass(frozen=True)
class History:
    article: Article
    versions: list[Version]
    captures: list[Capture]
    capture_counts: dict[int, int]  # version id -> captures that showed it


def find_article(session: Session, ref: str) -> Article:
    """The article for a URL (any form that canonicalizes to its key) or a numeric id."""
    ref = ref.strip()
    article = session.get(Article, int(ref)) if ref.isdigit() else find_by_url(session, ref)
    if article is None:
        raise NotFound(f"no archived article for {ref!r}")
    return article


def history(session: Session, ref: str) -> History:
    """Every version of an article, oldest first, with every capture."""
    article = find_article(session, ref)
    versions = list(
        session.scalars(
            select(Version).where(Version.article_id == article.id).order_by(Version.seq)
        )
    )
    captures = list(
        session.scalars(
            select(Capture)
            .where(Capture.article_id == article.id)
            .order_by(Capture.fetched_at, Capture.id)
        )
    )
    counts: dict[int, int] = dict(
        session.execute(
            select(Capture.version_id, func.count())
            .where(Capture.article_id == article.id, Capture.version_id.is_not(None))
            .group_by(Capture.version_id)
        ).all()
    )
    return History(article, versions, captures, counts)
