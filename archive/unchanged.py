"""Recording captures that find the latest version again, a run of them at a time.

Most fetches of a revisit find nothing new: a 304 to a conditional GET, or the
very bytes the latest version was read from. ``record_capture`` spends 1.1 to
1.7 ms on one (an ORM lookup, a version lookup, two flushes and a savepoint);
here a run of them costs one query for all their articles, an INSERT per
capture and one UPDATE statement for all the articles, in one savepoint: 0.13
ms a page (bench/store.py). Each
page's outcome is the one ``record_capture`` would record
(tests/test_unchanged_batch.py compares the two archives row by row). A page
this cannot settle (no article filed under its URL, a body that does not read
as the latest version, its article already in the run) is handed back for
``record_capture``, as is the whole run if a statement fails.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased

from .known import HAS_BODY, last_capture, reads_as_latest
from .models import Article, ArticleUrl, Blob, Capture, CaptureOutcome, Version
from .records import CaptureResult, Fetch
from .revisit import RevisitPolicy
from .urls import url_key

__all__ = ["record_unchanged"]


class _Known(NamedTuple):
    article_id: int
    latest_version_id: int | None
    last_changed: datetime | None
    seq: int | None  # of the latest version
    read_as_latest: str | None  # reads_as_latest of the article


def record_unchanged(
    session: Session,
    batch: Sequence[tuple[str, Fetch]],
    *,
    policy: RevisitPolicy,
) -> list[CaptureResult | None]:
    """Record each (source id, fetch) of a run of 304s and same-body fetches as
    ``record_capture`` would (with ``content=None`` and ``same_body=True``), in
    the caller's transaction; None for each page left to ``record_capture``.

    The caller sends only fetches ``record_capture`` could record as
    ``not_modified`` (a 304) or ``unchanged`` (a 2xx body that is not a
    deletion); anything else found here is handed back.
    """
    keys = [url_key(fetch.url) for _, fetch in batch]
    results: list[CaptureResult | None] = [None] * len(batch)
    checked: list[dict] = []  # article rows to update: last checked, next check
    try:
        with session.begin_nested():
            known = _lookup(session, set(keys))
            connection = session.connection()
            seen: set[int] = set()
            for i, ((_, fetch), key) in enumerate(zip(batch, keys, strict=True)):
                row = known.get(key)
                if row is None or row.article_id in seen:
                    continue  # record_capture creates it, or sees the earlier capture
                seen.add(row.article_id)
                if fetch.status == 304:
                    outcome, body_sha = CaptureOutcome.not_modified, None
                else:
                    body_sha = hashlib.sha256(fetch.body or b"").hexdigest()
                    if row.read_as_latest != body_sha:
                        continue  # record_capture records why (an error), or keeps the blob
                    outcome = CaptureOutcome.unchanged
                # As record_capture: no version if the latest one's row is missing.
                version_id = row.latest_version_id if row.seq is not None else None
                values = _capture_row(fetch, row.article_id, outcome, body_sha, version_id)
                capture_id = connection.execute(_INSERT_CAPTURE, values).inserted_primary_key[0]
                seq = row.seq if version_id is not None else None
                results[i] = CaptureResult(capture_id, row.article_id, outcome, version_id, seq)
                checked.append(_article_row(fetch, row, policy))
            plain = [values for values in checked if "b_via" not in values]
            listed = [values for values in checked if "b_via" in values]
            if plain:
                connection.execute(_UPDATE_CHECKED, plain)
            if listed:
                connection.execute(_UPDATE_LISTED, listed)
    except SQLAlchemyError:
        return [None] * len(batch)  # each page through record_capture, which says what failed
    for values in checked:  # the session's copies of these articles are out of date now
        instance = session.identity_map.get(session.identity_key(Article, values["b_id"]))
        if instance is not None:
            session.expire(instance)
    return results


_INSERT_CAPTURE = insert(Capture.__table__)
_UPDATE_CHECKED = (
    update(Article.__table__)
    .where(Article.__table__.c.id == bindparam("b_id"))
    .values(last_checked=bindparam("b_at"), next_check=bindparam("b_next"))
)
_UPDATE_LISTED = _UPDATE_CHECKED.values(
    last_listed=bindparam("b_at"), listed_via=bindparam("b_via")
)


def _lookup(session: Session, keys: set[str]) -> dict[str, _Known]:
    """The article filed under each of ``keys``, with what recording a capture of it
    needs; FOR UPDATE as ``article_for`` (PostgreSQL: one writer per article)."""
    body = aliased(Capture)
    rows = session.execute(
        select(
            ArticleUrl.url_key,
            Article.id,
            Article.status,
            Article.latest_version_id,
            Article.last_changed,
            Version.seq,
            body.body_sha256,
            body.outcome,
            body.version_id,
            Blob.sha256,
        )
        .join(Article, Article.id == ArticleUrl.article_id)
        .outerjoin(Version, Version.id == Article.latest_version_id)
        .outerjoin(body, body.id == last_capture(Article.id, *HAS_BODY))
        .outerjoin(Blob, Blob.sha256 == body.body_sha256)
        .where(ArticleUrl.url_key.in_(sorted(keys)))
        .order_by(Article.id)
        .with_for_update(of=Article)
    ).all()
    known = {}
    for key, article_id, status, latest_id, last_changed, seq, *last, kept in rows:
        # A body whose blob went missing is stored again by record_capture.
        read = reads_as_latest(status, latest_id, tuple(last) if kept else None)  # type: ignore[arg-type]
        known[key] = _Known(article_id, latest_id, last_changed, seq, read)
    return known


def _capture_row(
    fetch: Fetch,
    article_id: int,
    outcome: CaptureOutcome,
    body_sha: str | None,
    version_id: int | None,
) -> dict:
    return {
        "article_id": article_id,
        "fetched_at": fetch.fetched_at,
        "url": fetch.url,
        "final_url": fetch.final_url,
        "http_status": fetch.status,
        "etag": fetch.etag,
        "last_modified": fetch.last_modified,
        "content_type": fetch.content_type,
        "encoding": fetch.encoding,
        "body_sha256": body_sha,
        "outcome": outcome,
        "version_id": version_id,
        "error": None,
        "tls": fetch.tls,
    }


def _article_row(fetch: Fetch, row: _Known, policy: RevisitPolicy) -> dict:
    values = {
        "b_id": row.article_id,
        "b_at": fetch.fetched_at,
        "b_next": policy.next_check(fetch.fetched_at, row.last_changed, failed=False),
    }
    if fetch.listed_via:
        values["b_via"] = fetch.listed_via
    return values
