"""Re-running extraction over stored captures, after an extractor upgrade.

Each version is re-read from the raw body of the capture that created it. A
changed reading replaces the version's title and text and the old reading is
kept (``version_extractions``); no version is added or removed, so an upgrade
never shows up as a wave of false edits, and later captures compare against
the new reading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select

from archive.blobs import load_blob
from archive.db import Archive
from archive.models import Article, Capture, CaptureOutcome, Version
from archive.store import replace_extraction

from .encoding import decode_html
from .exceptions import ExtractionError
from .extract import DEFAULT_OPTIONS, ExtractOptions, extract_pages
from .items import split_pages

__all__ = ["ReextractReport", "reextract"]

BATCH = 200


@dataclass
class ReextractReport:
    checked: int = 0
    updated: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (citation, why)


def reextract(
    archive: Archive,
    *,
    source_id: str | None = None,
    options: ExtractOptions = DEFAULT_OPTIONS,
    on_version: Callable[[str, str], None] | None = None,
) -> ReextractReport:
    """Re-extract every version (of one source) from its capture; see the module doc."""
    report = ReextractReport()
    last_id = 0
    while True:
        with archive.write() as session:
            stmt = (
                select(Version, Capture, Article.source_id)
                .join(Article, Article.id == Version.article_id)
                .join(
                    Capture,
                    (Capture.version_id == Version.id)
                    & (Capture.outcome == CaptureOutcome.new_version),
                )
                .where(Version.id > last_id)
                .order_by(Version.id)
                .limit(BATCH)
            )
            if source_id:
                stmt = stmt.where(Article.source_id == source_id)
            rows = session.execute(stmt).all()
            if not rows:
                return report
            for version, capture, source in rows:
                last_id = version.id
                citation = f"{source}/{version.article_id}/v{version.seq}"
                report.checked += 1
                outcome = _one(session, version, capture, options, report, citation)
                if on_version:
                    on_version(citation, outcome)


def _one(session, version, capture, options, report, citation) -> str:  # type: ignore[no-untyped-def]
    body = load_blob(session, capture.body_sha256) if capture.body_sha256 else None
    if body is None:
        report.failed.append((citation, "raw capture not kept"))
        return "failed"
    pages = [
        (decode_html(raw, capture.content_type)[0], url)
        for raw, url in split_pages(body, capture.final_url or capture.url)
    ]
    try:
        article = extract_pages(pages, options)
    except ExtractionError as exc:
        report.failed.append((citation, str(exc)))
        return "failed"
    changed = replace_extraction(
        session,
        version,
        title=article.title,
        text=article.text,
        extractor=article.extractor,
        at=datetime.now(UTC),
    )
    report.updated += changed
    return "updated" if changed else "same"
