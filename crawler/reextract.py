"""Re-running extraction over stored captures, after an extractor upgrade.

Each version is re-read from the raw body of the capture that created it. A
changed reading replaces the version's title and text and the old reading is
kept (``version_extractions``); no version is added or removed, so an upgrade
never shows up as a wave of false edits, and later captures compare against
the new reading.

The capture is read as the crawl read it: dates without an offset in the zone
the registry gives the source, dates after the fetch dropped, and the version's
record of how its page was decoded (``encoding_guessed``...) brought up to date
with the text. The stored dates are kept: a version whose page now gives other
dates (one crawled before its source had a zone) is reported, not changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.blobs import load_blob
from archive.db import Archive
from archive.models import Article, Capture, CaptureOutcome, Version
from archive.store import replace_extraction

from .encoding import decode_html, encoding_extras
from .exceptions import ExtractionError
from .extract import DEFAULT_OPTIONS, ExtractOptions, extract_pages, without_future_dates
from .extract import Article as Reading
from .items import split_pages
from .sources import SourceConfig

__all__ = ["ReextractReport", "read_capture", "reextract"]

BATCH = 200
# Extras that say how the version's page was decoded: they follow its text.
ENCODING_EXTRAS = ("encoding_guessed", "encoding", "encoding_declared")
# Extras that say how its dates were read: taken from the reading only when it
# gives the stored dates (which reextract never changes).
DATE_EXTRAS = ("date_text", "modified_text", "date_zone", "published_rejected", "modified_rejected")


@dataclass
class ReextractReport:
    checked: int = 0
    updated: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (citation, why)
    # (citation, stored, read): the page now gives other dates; the stored ones stay.
    dates_differ: list[tuple[str, str, str]] = field(default_factory=list)


def reextract(
    archive: Archive,
    *,
    source_id: str | None = None,
    sources: Iterable[SourceConfig] = (),
    options: ExtractOptions = DEFAULT_OPTIONS,
    on_version: Callable[[str, str], None] | None = None,
) -> ReextractReport:
    """Re-extract every version (of one source) from its capture; see the module doc.

    ``sources`` (the registry) give each source's zone; a source not in it is read
    in ``options.timezone``, as import-warc reads a host it does not know.
    """
    zones = {s.id: s.timezone for s in sources}
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
                zone = zones.get(source, options.timezone)
                read_as = replace(options, timezone=zone)
                outcome = _one(session, version, capture, read_as, report, citation)
                if on_version:
                    on_version(citation, outcome)


def read_capture(session: Session, capture: Capture, options: ExtractOptions) -> Reading | None:
    """The article a crawl with ``options`` reads from ``capture``'s stored body
    (None if the body was not kept); ``ExtractionError`` if there is none."""
    body = load_blob(session, capture.body_sha256) if capture.body_sha256 else None
    if body is None:
        return None
    raw_pages = split_pages(body, capture.final_url or capture.url)
    decoded = [decode_html(raw, capture.content_type) for raw, _ in raw_pages]
    pages = [(text, url) for (text, _), (_, url) in zip(decoded, raw_pages, strict=True)]
    article = without_future_dates(extract_pages(pages, options), capture.fetched_at)
    # As the crawl flags it: how the first page was decoded.
    if extras := encoding_extras(raw_pages[0][0], capture.content_type, decoded[0][1]):
        article = replace(article, extras={**article.extras, **extras})
    return article


def _one(session, version, capture, options, report, citation) -> str:  # type: ignore[no-untyped-def]
    try:
        article = read_capture(session, capture, options)
    except ExtractionError as exc:
        report.failed.append((citation, str(exc)))
        return "failed"
    if article is None:
        report.failed.append((citation, "raw capture not kept"))
        return "failed"
    changed = replace_extraction(
        session,
        version,
        title=article.title,
        text=article.text,
        extractor=article.extractor,
        at=datetime.now(UTC),
    )
    stored = (_minute(version.published_at), _minute(version.modified_at))
    read = (_minute(article.published_at), _minute(article.modified_at))
    keys = ENCODING_EXTRAS + (DATE_EXTRAS if read == stored else ())
    if read != stored:
        report.dates_differ.append((citation, _dates(stored), _dates(read)))
    extras = _with(version.extras, article.extras, keys)
    if extras != version.extras:
        version.extras = extras  # a new dict: the JSON column sees the change
        changed = True
    report.updated += changed
    return "updated" if changed else "same"


def _with(stored: dict[str, Any], read: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """``stored`` with ``keys`` as ``read`` has them (absent there: removed)."""
    kept = {k: v for k, v in stored.items() if k not in keys}
    return kept | {k: read[k] for k in keys if k in read}


def _minute(value: datetime | None) -> datetime | None:
    """To the minute, in UTC, as versions are told apart (archive.normalize.fingerprint)."""
    return value.astimezone(UTC).replace(second=0, microsecond=0) if value else None


def _dates(pair: tuple[datetime | None, datetime | None]) -> str:
    published, modified = (v.strftime("%Y-%m-%dT%H:%MZ") if v else "none" for v in pair)
    return f"published {published}, modified {modified}"
