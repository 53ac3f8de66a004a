"""What a crawl needs to know about pages before fetching them, many at a time.

A revisit of 2,000 articles used to ask the archive twice per page (the
conditional-GET validators, then the SHA-256 of the body the latest version was
read from), one query each. ``page_states`` answers both for a list of URLs in
a few queries per 500 of them; the spider looks up the pages it is about to
request and hands each answer on with its request.

The answers are those of ``archive.queries.validators`` and
``archive.store.body_unchanged`` for the same URLs (tests/test_revisit.py
checks that they agree).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Article, ArticleStatus, ArticleUrl, Capture, CaptureOutcome, Version
from .urls import url_key

__all__ = [
    "HAS_BODY",
    "UNKNOWN",
    "PageState",
    "last_capture",
    "latest_pages",
    "page_states",
    "reads_as_latest",
]

_CHUNK = 500
_GOOD = (CaptureOutcome.new_version, CaptureOutcome.unchanged, CaptureOutcome.not_modified)


@dataclass(frozen=True, slots=True)
class PageState:
    """One URL as the archive knows it."""

    article_id: int | None = None  # None: no article is filed under the URL
    # ETag and Last-Modified of the last good fetch, for a conditional GET.
    validators: tuple[str | None, str | None] | None = None
    # SHA-256 of the body the latest version was read from, if the last body
    # captured is that one: a fetch of the same bytes reads as the same version.
    body_sha256: str | None = None


UNKNOWN = PageState()


def page_states(session: Session, urls: Iterable[str]) -> dict[str, PageState]:
    """The state of each URL (``UNKNOWN`` for one no article is filed under)."""
    keys = {url: url_key(url) for url in urls}
    by_key: dict[str, int] = {}
    for chunk in _chunks(sorted(set(keys.values()))):
        by_key.update(
            session.execute(
                select(ArticleUrl.url_key, ArticleUrl.article_id).where(
                    ArticleUrl.url_key.in_(chunk)
                )
            ).all()
        )
    states: dict[int, PageState] = {}
    for chunk in _chunks(sorted(set(by_key.values()))):
        states.update(_article_states(session, chunk))
    return {url: states.get(by_key.get(key, -1), UNKNOWN) for url, key in keys.items()}


def latest_pages(version_id: Any) -> Any:
    """How many pages the version ``version_id`` was read from (None: one).

    An article of several pages is never asked for with validators: a 304
    answers for its first page only, and an edit on a later page would be
    missed. Its pages are fetched whole and matched by their SHA-256 instead.
    """
    return (
        select(Version.extras["pages"].as_integer())
        .where(Version.id == version_id)
        .scalar_subquery()
    )


def last_capture(article_id: Any, *where: Any) -> Any:
    """The id of the article's last capture (by fetch time) matching ``where``, as
    a scalar subquery; ``article_id`` may be a value or a column it correlates to."""
    return (
        select(Capture.id)
        .where(Capture.article_id == article_id, *where)
        .order_by(Capture.fetched_at.desc(), Capture.id.desc())
        .limit(1)
        .correlate_except(Capture)
        .scalar_subquery()
    )


# The captures a fetch of the same bytes is matched against: those with a body
# (a 304 has none; archives from before 0.2 recorded the empty body for one).
HAS_BODY = (Capture.body_sha256.is_not(None), Capture.outcome != CaptureOutcome.not_modified)


def reads_as_latest(
    status: ArticleStatus,
    latest_version_id: int | None,
    last_body: tuple[str | None, CaptureOutcome, int | None] | None,
) -> str | None:
    """The SHA-256 of the body the latest version was read from, if the last body
    captured (its SHA-256, outcome and version id) is that one and the article is
    live: a fetch of the same bytes would read as the same version."""
    if last_body is None or status is not ArticleStatus.live:
        return None
    sha, outcome, version_id = last_body
    if outcome not in (CaptureOutcome.new_version, CaptureOutcome.unchanged):
        return None
    return sha if version_id is not None and version_id == latest_version_id else None


def _article_states(session: Session, ids: Sequence[int]) -> dict[int, PageState]:
    rows = session.execute(
        select(
            Article.id,
            Article.latest_version_id,
            Article.status,
            last_capture(Article.id),
            last_capture(Article.id, Capture.http_status == 200),
            last_capture(Article.id, *HAS_BODY),
            latest_pages(Article.latest_version_id),
        ).where(Article.id.in_(ids))
    ).all()
    wanted = {i for row in rows for i in row[3:6] if i is not None}
    captures: dict[int, Capture] = {}
    for chunk in _chunks(sorted(wanted)):
        found = session.scalars(select(Capture).where(Capture.id.in_(chunk)))
        captures.update((capture.id, capture) for capture in found)
    out = {}
    for article_id, latest_id, status, last_id, ok_id, body_id, pages in rows:
        validators = _validators(latest_id, captures.get(last_id), captures.get(ok_id))
        out[article_id] = PageState(
            article_id=article_id,
            validators=validators if (pages or 1) == 1 else None,
            body_sha256=reads_as_latest(status, latest_id, _body_of(captures.get(body_id))),
        )
    return out


def _validators(
    latest_id: int | None, last: Capture | None, last_ok: Capture | None
) -> tuple[str | None, str | None] | None:
    """As ``archive.queries.validators``."""
    if latest_id is None or last is None or last.outcome not in _GOOD:
        return None
    if last.outcome is CaptureOutcome.not_modified:
        last = last_ok  # a 304 carries no new validators reliably
    if last is None or not (last.etag or last.last_modified):
        return None
    return last.etag, last.last_modified


def _body_of(capture: Capture | None) -> tuple[str | None, CaptureOutcome, int | None] | None:
    if capture is None:
        return None
    return capture.body_sha256, capture.outcome, capture.version_id


def _chunks(items: Sequence[int] | Sequence[str]) -> Iterator[Sequence]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
