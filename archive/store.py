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

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from .blobs import store_blob
from .fulltext import index_version
from .models import Article, ArticleStatus, ArticleUrl, Capture, CaptureOutcome, Source, Version
from .normalize import clean_text, fingerprint
from .records import CaptureResult, Content, Fetch
from .types import utcnow
from .upsert import insert_ignore
from .urls import canonical_url, redirected_away, trusted_canonical, url_key

__all__ = ["GONE_STATUSES", "find_by_url", "record_capture", "upsert_source"]

GONE_STATUSES = frozenset({404, 410})


def upsert_source(
    session: Session,
    source_id: str,
    *,
    name: str,
    homepage: str | None = None,
    languages: Sequence[str] = (),
) -> Source:
    """Create the source row, or bring its name, homepage and languages up to date."""
    insert_ignore(
        session,
        Source,
        {
            "id": source_id,
            "name": name,
            "homepage": homepage,
            "languages": list(languages),
            "created_at": utcnow(),
            "updated_at": utcnow(),
        },
    )
    source = session.get(Source, source_id, populate_existing=True)
    assert source is not None
    if (source.name, source.homepage, source.languages) != (name, homepage, list(languages)):
        source.name, source.homepage, source.languages = name, homepage, list(languages)
    return source


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


def _article_for(
    session: Session, source_id: str, fetch: Fetch, content: Content | None
) -> Article:
    """Find or create the article for a fetch, and remember the URLs it goes by.

    The requested URL always maps to the article; a trusted rel=canonical too,
    so the same story reached by another link collapses into one article.
    """
    declared = trusted_canonical(fetch.final_url or fetch.url, content and content.canonical_url)
    article = find_by_url(session, fetch.url, declared)
    if article is None:
        article = Article(
            source_id=source_id,
            canonical_url=declared or canonical_url(fetch.url),
            first_seen=fetch.fetched_at,
            status=ArticleStatus.pending,
        )
        session.add(article)
        session.flush()
    for url in {fetch.url, declared} - {None}:
        insert_ignore(session, ArticleUrl, {"url_key": url_key(url), "article_id": article.id})
    # FOR UPDATE serializes two writers on one article (PostgreSQL); SQLite
    # writers are already serialized by BEGIN IMMEDIATE.
    session.refresh(article, with_for_update=True)
    return article


def record_capture(
    session: Session, source_id: str, fetch: Fetch, content: Content | None
) -> CaptureResult:
    """Record one fetch of an article and, if its content changed, a new version.

    Runs inside the caller's transaction: capture, blob, version and index row
    are committed together or not at all.
    """
    article = _article_for(session, source_id, fetch, content)
    latest = article.latest_version
    body_sha = store_blob(session, fetch.body) if fetch.body is not None else None
    version: Version | None = None
    error = fetch.error

    if fetch.status == 304:
        outcome, version = CaptureOutcome.not_modified, latest
    elif fetch.status in GONE_STATUSES:
        outcome = CaptureOutcome.gone
        article.status = ArticleStatus.deleted
    elif redirected_away(fetch.url, fetch.final_url):
        outcome = CaptureOutcome.gone
        error = f"redirected to {fetch.final_url}"
        article.status = ArticleStatus.deleted
    elif content is None or not content.text.strip():
        outcome = CaptureOutcome.error
        if not error:
            bad_status = fetch.status is not None and fetch.status >= 400
            error = f"HTTP {fetch.status}" if bad_status else "no article text in the page"
    else:
        text = clean_text(content.text)
        title = clean_text(content.title) if content.title else None
        digest = fingerprint(title, text)
        if latest is not None and latest.content_hash == digest:
            outcome, version = CaptureOutcome.unchanged, latest
        else:
            outcome = CaptureOutcome.new_version
            version = _add_version(session, article, latest, fetch, content, title, text, digest)
        article.status = ArticleStatus.live

    article.last_checked = fetch.fetched_at
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
    )
    session.add(capture)
    session.flush()
    return CaptureResult(
        capture.id, article.id, outcome, version.id if version else None, version and version.seq
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
    article.latest_version_id = version.id
    article.latest_version = version
    index_version(session, version)
    return version
