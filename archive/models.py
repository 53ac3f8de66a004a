"""The archive's tables, as SQLAlchemy 2.0 typed models.

An *article* is one canonical URL at one source. Every fetch of it is a
*capture* (with the raw body kept compressed in *blobs*, addressed by SHA-256).
A capture whose extracted title and text differ from the article's latest
*version* adds version ``seq + 1``; versions are never modified afterwards.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from .types import UTCDateTime, sha256_hex, utcnow

__all__ = [
    "Article",
    "ArticleStatus",
    "ArticleUrl",
    "Base",
    "Blob",
    "BlobDict",
    "Capture",
    "CaptureOutcome",
    "Event",
    "EventKind",
    "Source",
    "SourceStatus",
    "Version",
    "VersionExtraction",
]

# Stable constraint names, so migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class ArticleStatus(enum.StrEnum):
    pending = "pending"  # seen, but no version extracted yet
    live = "live"
    deleted = "deleted"  # the last fetch said gone (404/410)


class CaptureOutcome(enum.StrEnum):
    new_version = "new_version"
    unchanged = "unchanged"
    not_modified = "not_modified"  # HTTP 304 to a conditional request
    error = "error"
    gone = "gone"
    flipflop = "flipflop"  # the content of an earlier version again: two server copies


class EventKind(enum.StrEnum):
    edited = "edited"  # a new version after the first
    deleted = "deleted"  # 404/410, soft 404, NULL body, redirect away
    restored = "restored"  # content again after a deletion
    unlisted = "unlisted"  # gone from the sitemap that listed it; the page may still be up
    flipflop = "flipflop"  # alternating between two copies: no new versions made


class SourceStatus(enum.StrEnum):
    ok = "ok"
    down = "down"  # most requests failed: nothing is marked deleted meanwhile


def _str_enum(cls: type[enum.Enum]) -> Enum:
    # Stored as plain strings so adding a member needs no ALTER TYPE on PostgreSQL.
    return Enum(
        cls,
        native_enum=False,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads it as a class attribute
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        dict[str, Any] | None: JSON(),
        list[str]: JSON(),
    }


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    homepage: Mapped[str | None] = mapped_column(String(2048))
    languages: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    status: Mapped[SourceStatus] = mapped_column(_str_enum(SourceStatus), default=SourceStatus.ok)
    status_since: Mapped[datetime | None]
    status_detail: Mapped[str | None] = mapped_column(Text)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    # The URL as cited; variants of it map here through ``article_urls``.
    canonical_url: Mapped[str] = mapped_column(String(2048), index=True)
    first_seen: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_checked: Mapped[datetime | None]
    status: Mapped[ArticleStatus] = mapped_column(
        _str_enum(ArticleStatus), default=ArticleStatus.pending, index=True
    )
    # When to fetch it again (archive.revisit), and when its content last changed.
    next_check: Mapped[datetime | None] = mapped_column(index=True)
    last_changed: Mapped[datetime | None]
    # Last seen in a discovery document, and which kind (feed, sitemap, listing).
    last_listed: Mapped[datetime | None]
    listed_via: Mapped[str | None] = mapped_column(String(16))
    # Denormalized pointer to the newest version: search and listings read only it.
    latest_version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id", use_alter=True))

    source: Mapped[Source] = relationship()
    versions: Mapped[list[Version]] = relationship(
        back_populates="article", order_by="Version.seq", foreign_keys="Version.article_id"
    )
    latest_version: Mapped[Version | None] = relationship(foreign_keys=[latest_version_id])


class ArticleUrl(Base):
    """Every URL variant seen for an article, by ``archive.urls.url_key``: the
    requested URL, its http/https and slash variants, a trusted rel=canonical."""

    __tablename__ = "article_urls"

    url_key: Mapped[str] = mapped_column(String(2048), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)


class Version(Base):
    __tablename__ = "versions"
    __table_args__ = (
        UniqueConstraint("article_id", "seq", name="uq_versions_article_id_seq"),
        # What search reads per match, without the text (migration 0009).
        Index("ix_versions_search_keys", "id", "article_id", "seq", "published_at", "language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    seq: Mapped[int] = mapped_column(Integer)
    captured_at: Mapped[datetime] = mapped_column(index=True)
    title: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[str]] = mapped_column(default=list)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    modified_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    # SHA-256 of the normalized title and text: equal hashes mean "unchanged".
    content_hash: Mapped[sha256_hex] = mapped_column(index=True)
    extractor: Mapped[str | None] = mapped_column(String(64))
    # Page metadata that is recorded but does not make a version: section, tags,
    # lead image, captions, description, the date as written on the page.
    extras: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # What changed from the previous version (archive.diff.ChangeSummary); None for v1.
    change_summary: Mapped[dict[str, Any] | None]

    article: Mapped[Article] = relationship(back_populates="versions", foreign_keys=[article_id])

    @property
    def citation(self) -> str:
        """A stable, citable id: ``source/article/vN``."""
        return f"{self.article.source_id}/{self.article_id}/v{self.seq}"


class VersionExtraction(Base):
    """An earlier reading of a version's capture, kept when ``reextract`` replaced it."""

    __tablename__ = "version_extractions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    replaced_at: Mapped[datetime]
    extractor: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[sha256_hex]


class Event(Base):
    """Something that happened to an article, with the evidence for it."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_at_kind", "at", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    kind: Mapped[EventKind] = mapped_column(_str_enum(EventKind))
    at: Mapped[datetime]
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)

    article: Mapped[Article] = relationship()


class BlobDict(Base):
    """A zstd dictionary trained on one source's pages (archive/blobs.py)."""

    __tablename__ = "blob_dicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    sha256: Mapped[sha256_hex]
    created_at: Mapped[datetime]
    samples: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Blob(Base):
    """A raw response body, compressed, stored once per distinct content.

    ``codec`` says how: ``zstd`` alone; ``zstd-dict`` with the source's
    dictionary ``dict_id``; ``zstd-delta`` with the body of blob ``base_sha256``
    (an earlier capture of the same page) as the dictionary, ``depth`` deltas
    away from a blob that stands alone.
    """

    __tablename__ = "blobs"

    sha256: Mapped[sha256_hex] = mapped_column(primary_key=True)
    codec: Mapped[str] = mapped_column(String(16))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)
    dict_id: Mapped[int | None] = mapped_column(ForeignKey("blob_dicts.id"))
    base_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    depth: Mapped[int] = mapped_column(default=0, server_default="0")


class Capture(Base):
    """One fetch of an article URL, whatever came of it."""

    __tablename__ = "captures"
    __table_args__ = (Index("ix_captures_article_id_fetched_at", "article_id", "fetched_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    fetched_at: Mapped[datetime]
    url: Mapped[str] = mapped_column(String(2048))
    final_url: Mapped[str | None] = mapped_column(String(2048))
    http_status: Mapped[int | None]
    etag: Mapped[str | None] = mapped_column(String(256))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    content_type: Mapped[str | None] = mapped_column(String(128))
    encoding: Mapped[str | None] = mapped_column(String(32))
    body_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    outcome: Mapped[CaptureOutcome] = mapped_column(_str_enum(CaptureOutcome))
    # The version this capture showed: the new one, or the unchanged latest.
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    error: Mapped[str | None] = mapped_column(Text)
    # The HTTPS server's certificate: verified, self-signed, expired, not-yet-valid,
    # hostname-mismatch or untrusted (kept under a source's tls = "allow-invalid");
    # None for plain http.
    tls: Mapped[str | None] = mapped_column(String(24))

    article: Mapped[Article] = relationship()
    version: Mapped[Version | None] = relationship()
