"""Which article a URL belongs to.

Every URL an article goes by (each one requested, and a trusted rel=canonical)
is filed under it in ``article_urls``, by its ``url_key``; the same story reached
by another link resolves to the same article.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Article, ArticleStatus, ArticleUrl
from .records import Content, Fetch
from .upsert import insert_ignore
from .urls import canonical_url, trusted_canonical, url_key

__all__ = ["article_for", "find_by_url"]


def find_by_url(session: Session, *urls: str | None) -> Article | None:
    """The article any of ``urls`` (in any variant) was filed under."""
    keys = [url_key(u) for u in urls if u]
    if not keys:
        return None
    return session.scalars(
        select(Article)
        .join(ArticleUrl, ArticleUrl.article_id == Article.id)
        .where(ArticleUrl.url_key.in_(keys))
        .order_by(Article.id)
        .limit(1)
    ).first()


def article_for(
    session: Session, source_id: str, fetch: Fetch, content: Content | None
) -> tuple[Article, bool]:
    """Find or create the article for a fetch, and remember the URLs it goes by;
    whether it was created.

    The requested URL always maps to the article; a trusted rel=canonical too,
    so the same story reached by another link collapses into one article.
    """
    declared = trusted_canonical(fetch.final_url or fetch.url, content and content.canonical_url)
    keys = {url_key(url) for url in (fetch.url, declared) if url}
    # As find_by_url (the article of any of the URLs, the oldest if several),
    # and which keys are filed already (under this article or another), in one
    # query. FOR UPDATE serializes two writers on one article (PostgreSQL), in
    # id order; SQLite writers are already serialized by BEGIN IMMEDIATE.
    rows = session.execute(
        select(ArticleUrl.url_key, Article)
        .join(Article, Article.id == ArticleUrl.article_id)
        .where(ArticleUrl.url_key.in_(keys))
        .order_by(Article.id)
        .with_for_update(of=Article)
        .execution_options(populate_existing=True)
    ).all()
    known: dict[str, int] = {key: found.id for key, found in rows}
    article: Article | None = rows[0][1] if rows else None
    if article is None:
        article = Article(
            source_id=source_id,
            canonical_url=declared or canonical_url(fetch.url),
            first_seen=fetch.fetched_at,
            status=ArticleStatus.pending,
        )
        session.add(article)
        session.flush()  # a row this transaction wrote: already locked, nothing to reload
    for key in sorted(keys - known.keys()):
        insert_ignore(session, ArticleUrl, {"url_key": key, "article_id": article.id})
    return article, not known
