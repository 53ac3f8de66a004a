"""Articles a source's complete sitemap stopped listing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Article, ArticleStatus, ArticleUrl, Event, EventKind

__all__ = ["mark_unlisted"]


def mark_unlisted(
    session: Session, source_id: str, via: str, listed: set[str], at: datetime
) -> int:
    """Record an *unlisted* event for each live article of ``source_id`` that a
    ``via`` document (a sitemap) listed before and no longer lists.

    ``listed`` holds the url keys of everything the complete document lists now.
    A weaker signal than a deletion: the page itself may still answer.
    """
    candidates = session.scalars(
        select(Article).where(
            Article.source_id == source_id,
            Article.listed_via == via,
            Article.status == ArticleStatus.live,
        )
    ).all()
    count = 0
    for article in candidates:
        keys = set(
            session.scalars(select(ArticleUrl.url_key).where(ArticleUrl.article_id == article.id))
        )
        if keys & listed:
            continue
        session.add(
            Event(
                article_id=article.id,
                kind=EventKind.unlisted,
                at=at,
                evidence={
                    "via": via,
                    "last_listed": article.last_listed.isoformat() if article.last_listed else None,
                },
            )
        )
        article.listed_via = None  # reported once; listed again, it is tracked again
        count += 1
    return count
