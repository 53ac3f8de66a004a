"""Reading one article: lookup by URL or id, and its history."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .exceptions import NotFound
from .models import Article, Capture, CaptureOutcome, Version
from .store import find_by_url

__all__ = ["History", "find_article", "history", "validators"]


@dataclass(frozen=True)
class History:
    article: Article
    versions: list[Version]
    captures: list[Capture]
    capture_counts: dict[int, int]  # version id -> captures that showed it


def find_article(session: Session, ref: str) -> Article:
    """The article for a URL (any form that canonicalizes to its key) or a numeric id."""
    ref = ref.strip()
    if re.fullmatch(r"[0-9]{1,18}", ref):
        article = session.get(Article, int(ref))
    else:
        try:
            article = find_by_url(session, ref)
        except ValueError:
            raise NotFound(f"not an article URL or id: {ref!r}") from None
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


def validators(session: Session, url: str) -> tuple[str | None, str | None] | None:
    """ETag and Last-Modified of the article's last good fetch, for a conditional GET.

    None when there is nothing to revalidate: a new URL, an article with no
    version, or one whose last fetch failed (then the whole page is wanted).
    """
    article = find_by_url(session, url)
    if article is None or article.latest_version_id is None:
        return None
    last = session.scalars(
        select(Capture)
        .where(Capture.article_id == article.id)
        .order_by(Capture.fetched_at.desc(), Capture.id.desc())
        .limit(1)
    ).first()
    good = (CaptureOutcome.new_version, CaptureOutcome.unchanged, CaptureOutcome.not_modified)
    if last is None or last.outcome not in good:
        return None
    if last.outcome is CaptureOutcome.not_modified:
        # A 304 carries no new validators reliably: use the last full answer's.
        last = session.scalars(
            select(Capture)
            .where(Capture.article_id == article.id, Capture.http_status == 200)
            .order_by(Capture.fetched_at.desc(), Capture.id.desc())
            .limit(1)
        ).first()
    if last is None or not (last.etag or last.last_modified):
        return None
    return last.etag, last.last_modified
