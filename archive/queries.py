"""Reading one article: lookup by URL or id, and its history."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from .exceptions import NotFound
from .known import latest_pages
from .models import Article, Capture, CaptureOutcome, Event, EventKind, Version
from .resolve import find_by_url

__all__ = [
    "Change",
    "History",
    "Shown",
    "changes",
    "find_article",
    "history",
    "show",
    "validators",
]


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
    if (session.scalar(select(latest_pages(article.latest_version_id))) or 1) > 1:
        return None  # a 304 would answer for the first page only
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


@dataclass(frozen=True)
class Change:
    event: Event
    article: Article
    version: Version | None  # the version the event concerns (the new one for an edit)


def changes(
    session: Session,
    *,
    since: datetime,
    source: str | None = None,
    kinds: Sequence[EventKind] = (),
    term: str | None = None,
    limit: int = 100,
) -> list[Change]:
    """What happened since ``since``, newest first.

    With ``term``: edits after which the term (a name, a phrase) is gone from
    the text though the version before had it; for other kinds, events of
    articles whose latest text contains it. Case-insensitive.
    """
    previous = aliased(Version)
    stmt = (
        select(Event, Article, Version)
        .join(Article, Article.id == Event.article_id)
        .outerjoin(
            Version, Version.id == func.coalesce(Event.version_id, Article.latest_version_id)
        )
        .where(Event.at >= since)
        .order_by(Event.at.desc(), Event.id.desc())
        .limit(limit)
    )
    if source:
        stmt = stmt.where(Article.source_id == source)
    if kinds:
        stmt = stmt.where(Event.kind.in_(list(kinds)))
    if term:
        needle = "%" + re.sub(r"([%_\\])", r"\\\1", term.lower()) + "%"
        had = func.lower(previous.text).like(needle, escape="\\")
        has = func.lower(Version.text).like(needle, escape="\\")
        stmt = stmt.outerjoin(
            previous,
            (previous.article_id == Version.article_id) & (previous.seq == Version.seq - 1),
        ).where(
            ((Event.kind == EventKind.edited) & had & ~has)
            | ((Event.kind != EventKind.edited) & has)
        )
    return [Change(e, a, v) for e, a, v in session.execute(stmt)]


@dataclass(frozen=True)
class Shown:
    article: Article
    version: Version
    deleted_at: datetime | None  # the article was deleted at this time, before ``as_of``


def show(
    session: Session, ref: str, *, seq: int | None = None, as_of: datetime | None = None
) -> Shown:
    """One version of an article: the latest, number ``seq``, or the one that
    stood at ``as_of`` (the last captured at or before it)."""
    article = find_article(session, ref)
    stmt = select(Version).where(Version.article_id == article.id)
    if seq is not None:
        stmt = stmt.where(Version.seq == seq)
    if as_of is not None:
        stmt = stmt.where(Version.captured_at <= as_of)
    version = session.scalars(stmt.order_by(Version.seq.desc()).limit(1)).first()
    if version is None:
        if seq is not None:
            raise NotFound(f"article {article.id} has no version {seq}")
        if as_of is not None:
            raise NotFound(
                f"article {article.id} was not archived yet on {as_of:%Y-%m-%d %H:%M} UTC"
            )
        raise NotFound(f"article {article.id} has no version")
    deleted_at = None
    if as_of is not None:
        last = session.scalars(
            select(Event)
            .where(
                Event.article_id == article.id,
                Event.kind.in_([EventKind.deleted, EventKind.restored]),
                Event.at <= as_of,
            )
            .order_by(Event.at.desc())
            .limit(1)
        ).first()
        if last is not None and last.kind is EventKind.deleted:
            deleted_at = last.at
    return Shown(article, version, deleted_at)
