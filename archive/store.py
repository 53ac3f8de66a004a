"""Recording captures: the versioning rule lives here.

A fetch always adds a capture. Its outcome:

- ``not_modified``: HTTP 304 to a conditional request;
- ``gone``: HTTP 404 or 410, or a redirect to the homepage, a section above
  the article or another site; the article is marked deleted, its versions stay;
- ``error``: no content (network failure, other HTTP status, extraction failure);
- ``unchanged``: the content's fingerprint equals the latest version's;
- ``new_version``: anything else adds version ``n + 1``. Versions are insert-only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from .blobs import store_blob
from .dedup import assign_cluster
from .fulltext import index_version
from .known import HAS_BODY, last_capture, reads_as_latest
from .models import (
    Article,
    ArticleStatus,
    Capture,
    CaptureOutcome,
    Event,
    EventKind,
    Version,
    VersionExtraction,
)
from .normalize import clean_text, fingerprint
from .records import CaptureResult, Content, Fetch
from .resolve import article_for, find_by_url
from .revisit import DEFAULT_POLICY, RevisitPolicy
from .unchanged import record_unchanged
from .urls import redirected_away

__all__ = [
    "GONE_STATUSES",
    "body_unchanged",
    "record_capture",
    "record_captures",
    "replace_extraction",
    "version_fingerprint",
]

GONE_STATUSES = frozenset({404, 410})


def version_fingerprint(version: Version) -> str:
    """A stored version's fingerprint under today's definition."""
    return fingerprint(
        version.title, version.text, version.authors, version.published_at, version.modified_at
    )


def record_capture(
    session: Session,
    source_id: str,
    fetch: Fetch,
    content: Content | None,
    *,
    policy: RevisitPolicy = DEFAULT_POLICY,
    same_body: bool = False,
) -> CaptureResult:
    """Record one fetch of an article and, if its content changed, a new version.

    Runs inside the caller's transaction: capture, blob, version, events and
    index row are committed together or not at all. Also sets when the article
    is to be checked again (``policy``).

    ``same_body`` with no ``content``: the caller skipped extraction because
    ``body_unchanged`` said the body is the one the latest version was read
    from. Checked again here; if it no longer holds, the capture is an error
    (no text was extracted) and the next fetch reads the page again.
    """
    article, created = article_for(session, source_id, fetch, content)
    body = fetch.body if fetch.status != 304 else None  # a 304 has no body to keep
    # A new article has no captures yet.
    last_body = _last_body(session, article) if body is not None and not created else None
    body_sha = (
        store_blob(session, body, source_id=source_id, base=last_body and last_body[0])
        if body is not None
        else None
    )
    version: Version | _VersionRef | None = None
    error = fetch.error
    events: list[tuple[EventKind, dict]] = []
    was_deleted = article.status is ArticleStatus.deleted

    gone_reason = _gone_reason(fetch)
    if fetch.status == 304:
        outcome, version = CaptureOutcome.not_modified, _latest_ref(session, article)
    elif gone_reason:
        outcome, error = CaptureOutcome.gone, gone_reason
        if not was_deleted:
            events.append((EventKind.deleted, {"reason": gone_reason}))
        article.status = ArticleStatus.deleted
    elif (
        content is None
        and same_body
        and body_sha is not None
        and _reads_as_latest(article, last_body) == body_sha
    ):
        # Byte for byte the page the latest version was read from: nothing to extract.
        outcome, version = CaptureOutcome.unchanged, _latest_ref(session, article)
    elif content is None or not content.text.strip():
        outcome = CaptureOutcome.error
        if not error:
            bad_status = fetch.status is not None and fetch.status >= 400
            error = f"HTTP {fetch.status}" if bad_status else "no article text in the page"
    else:
        latest = article.latest_version
        text = clean_text(content.text)
        title = clean_text(content.title) if content.title else None
        digest = fingerprint(
            title, text, content.authors, content.published_at, content.modified_at
        )
        if latest is not None and version_fingerprint(latest) == digest:
            outcome, version = CaptureOutcome.unchanged, latest
        elif (earlier := _flipflop_match(session, article, latest, digest, fetch)) is not None:
            outcome, version = CaptureOutcome.flipflop, earlier
            if not _has_recent_event(session, article, EventKind.flipflop, fetch.fetched_at):
                events.append(
                    (EventKind.flipflop, {"versions": [earlier.seq, latest.seq]})  # type: ignore[union-attr]
                )
        else:
            outcome = CaptureOutcome.new_version
            version = _add_version(
                session, article, latest, fetch, content, title, text, digest, created=created
            )
            if latest is not None:
                events.append((EventKind.edited, {"summary": version.change_summary}))
        if was_deleted:
            events.append((EventKind.restored, {}))
        article.status = ArticleStatus.live

    article.last_checked = fetch.fetched_at
    if outcome in (CaptureOutcome.new_version, CaptureOutcome.gone) and (
        outcome is CaptureOutcome.new_version or not was_deleted
    ):
        article.last_changed = fetch.fetched_at
    if fetch.listed_via:
        article.last_listed, article.listed_via = fetch.fetched_at, fetch.listed_via
    article.next_check = policy.next_check(
        fetch.fetched_at, article.last_changed, failed=outcome is CaptureOutcome.error
    )
    capture = Capture(
        article_id=article.id,
        fetched_at=fetch.fetched_at,
        url=fetch.url,
        final_url=fetch.final_url,
        http_status=fetch.status,
        etag=fetch.etag,
        last_modified=fetch.last_modified,
        content_type=fetch.content_type,
        encoding=fetch.encoding,
        body_sha256=body_sha,
        outcome=outcome,
        version_id=version.id if version else None,
        error=error if outcome in (CaptureOutcome.error, CaptureOutcome.gone) else None,
        tls=fetch.tls,
    )
    session.add(capture)
    session.flush()
    for kind, evidence in events:
        evidence = {
            "http_status": fetch.status,
            "final_url": fetch.final_url,
            "body_sha256": body_sha,
            "capture_id": capture.id,
            **evidence,
        }
        session.add(
            Event(
                article_id=article.id,
                kind=kind,
                at=fetch.fetched_at,
                capture_id=capture.id,
                version_id=version.id if version else None,
                evidence=evidence,
            )
        )
    session.flush()
    return CaptureResult(
        capture.id, article.id, outcome, version.id if version else None, version and version.seq
    )


def record_captures(
    session: Session,
    batch: Sequence[tuple[str, Fetch, Content | None, bool]],
    *,
    policy: RevisitPolicy = DEFAULT_POLICY,
) -> list[CaptureResult | Exception]:
    """``record_capture`` for each (source id, fetch, content, same_body) of a batch,
    in the caller's transaction (one commit for many pages), each in a savepoint:
    a page whose writes fail leaves nothing of itself behind and takes nothing
    else with it. Returns each page's result, or the exception it raised.

    Runs of pages that can only find the latest version again (304s, the same
    bytes) are recorded together by ``archive.unchanged.record_unchanged``.
    """
    results: list[CaptureResult | Exception | None] = [None] * len(batch)

    def one(i: int) -> None:
        source_id, fetch, content, same_body = batch[i]
        try:
            with session.begin_nested():
                results[i] = record_capture(
                    session, source_id, fetch, content, policy=policy, same_body=same_body
                )
        except Exception as exc:  # reported per page by the caller; the batch goes on
            results[i] = exc

    run: list[int] = []  # consecutive pages that may find the latest version again

    def settle_run() -> None:
        done = record_unchanged(session, [batch[i][:2] for i in run], policy=policy)
        for i, result in zip(run, done, strict=True):
            results[i] = result
        for i, result in zip(run, done, strict=True):
            if result is None:  # after the run: its article's earlier page came first
                one(i)
        run.clear()

    for i, (_, fetch, content, same_body) in enumerate(batch):
        if content is None and (
            fetch.status == 304
            or (same_body and fetch.body is not None and _gone_reason(fetch) is None)
        ):
            run.append(i)
            continue
        if run:
            settle_run()
        one(i)
    if run:
        settle_run()
    return results  # type: ignore[return-value]


class _VersionRef(NamedTuple):
    """The latest version, when a capture only points at it (no need to load its text)."""

    id: int
    seq: int


def _latest_ref(session: Session, article: Article) -> _VersionRef | None:
    if article.latest_version_id is None:
        return None
    seq = session.scalar(select(Version.seq).where(Version.id == article.latest_version_id))
    return _VersionRef(article.latest_version_id, seq) if seq is not None else None


def _last_body(session: Session, article: Article) -> tuple[str, CaptureOutcome, int | None] | None:
    """(SHA-256, outcome, version id) of the article's last capture that had a body."""
    row = session.execute(
        select(Capture.body_sha256, Capture.outcome, Capture.version_id).where(
            Capture.id == last_capture(article.id, *HAS_BODY)
        )
    ).first()
    return (row[0], row[1], row[2]) if row is not None else None


def _reads_as_latest(
    article: Article, last: tuple[str, CaptureOutcome, int | None] | None
) -> str | None:
    return reads_as_latest(article.status, article.latest_version_id, last)


def body_unchanged(session: Session, url: str, body: bytes) -> bool:
    """Whether ``body`` is byte for byte the page the article at ``url`` last read
    as its latest version: then extracting it again would find the same version."""
    article = find_by_url(session, url)
    if article is None:
        return False
    expected = _reads_as_latest(article, _last_body(session, article))
    return expected is not None and expected == hashlib.sha256(body).hexdigest()


def _gone_reason(fetch: Fetch) -> str | None:
    """Why this fetch says the article is gone, or None."""
    if fetch.status in GONE_STATUSES:
        return f"HTTP {fetch.status}"
    if redirected_away(fetch.url, fetch.final_url):
        return f"redirected to {fetch.final_url}"
    return fetch.gone_reason


# An earlier version coming back within this time of the change away from it is
# a second server copy, not an edit (NewsDiffs archived such pages endlessly).
FLIPFLOP_WINDOW = timedelta(days=7)


def _flipflop_match(
    session: Session, article: Article, latest: Version | None, digest: str, fetch: Fetch
) -> Version | None:
    if latest is None or latest.seq < 2:
        return None
    if fetch.fetched_at - latest.captured_at > FLIPFLOP_WINDOW:
        return None  # long after: a real revert, kept as a new version
    previous = session.scalars(
        select(Version).where(Version.article_id == article.id, Version.seq == latest.seq - 1)
    ).first()
    if previous is not None and version_fingerprint(previous) == digest:
        return previous
    return None


def _has_recent_event(session: Session, article: Article, kind: EventKind, now: datetime) -> bool:
    return (
        session.scalars(
            select(Event.id).where(
                Event.article_id == article.id,
                Event.kind == kind,
                Event.at >= now - FLIPFLOP_WINDOW,
            )
        ).first()
        is not None
    )


def _add_version(
    session: Session,
    article: Article,
    latest: Version | None,
    fetch: Fetch,
    content: Content,
    title: str | None,
    text: str,
    digest: str,
    *,
    created: bool = False,
) -> Version:
    version = Version(
        article_id=article.id,
        seq=(latest.seq if latest else 0) + 1,
        captured_at=fetch.fetched_at,
        title=title,
        authors=list(content.authors),
        published_at=content.published_at,
        modified_at=content.modified_at,
        language=content.language,
        text=text,
        content_hash=digest,
        extractor=content.extractor,
        extras=dict(content.extras),
    )
    session.add(version)
    session.flush()
    if latest is not None:
        from .diff import summarize

        version.change_summary = summarize(latest.title, latest.text, title, text).to_dict()
    article.latest_version_id = version.id
    article.latest_version = version
    index_version(session, version, source_id=article.source_id)
    assign_cluster(session, article.id, version, new_article=created, known=content.signature)
    return version


def replace_extraction(
    session: Session,
    version: Version,
    *,
    title: str | None,
    text: str,
    extractor: str | None,
    at: datetime,
) -> bool:
    """Put a new reading of a version's own capture in place (after an extractor
    upgrade), keeping the old one in ``version_extractions``. No version is
    added or removed; returns whether anything changed."""
    text = clean_text(text)
    title = clean_text(title) if title else None
    new_hash = fingerprint(title, text, version.authors, version.published_at, version.modified_at)
    if new_hash == version_fingerprint(version) and (title, text) == (version.title, version.text):
        return False
    session.add(
        VersionExtraction(
            version_id=version.id,
            replaced_at=at,
            extractor=version.extractor,
            title=version.title,
            text=version.text,
            content_hash=version.content_hash,
        )
    )
    version.title, version.text, version.extractor = title, text, extractor
    version.content_hash = new_hash
    session.flush()
    index_version(session, version, replace=True)
    if version.article.latest_version_id == version.id:
        assign_cluster(session, version.article_id, version)
    return True
