"""Backfill from WARC files: Internet Archive (or any crawler's) captures as versions.

Each ``response`` record of an article page goes through what a crawled page
goes through: decoding, extraction, the soft-404 check, the source's relevance
rule, and ``record_capture``, dated by its ``WARC-Date``. Records are read in
two passes: the first notes each record's URL, date and offset; the second
reads them URL by URL in capture-time order, so versions follow capture time
whatever order the WARC holds them in. As in a crawl, pages are extracted by
a pool of worker processes (one per CPU) while the file is read ahead, and
stored in order, many pages per transaction, each in its own savepoint.
Extraction has the crawl's time limit (``NKMON_EXTRACT_TIMEOUT`` in the
environment, 30 s): a page that takes longer is an error capture counted as
``extraction_timeout``, and the import goes on. Other record types (request, metadata,
warcinfo, revisit) are skipped; a record that is not an HTML page, or cannot
be read, is reported with its offset and the rest goes on.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive import open_archive, upsert_source
from archive.db import first_line
from archive.records import Fetch
from archive.resolve import find_by_url
from archive.store import record_captures

from .encoding import decode_html, encoding_extras
from .exceptions import CrawlerError, ExtractionError, ExtractionTimeout
from .extract import Article, ExtractOptions
from .extractpool import ExtractPool, default_workers
from .relevance import KeywordRule
from .runner import PageEvent
from .softgone import soft_gone_reason
from .sources import SourceConfig

__all__ = ["ImportReport", "WarcError", "import_warc"]


class WarcError(CrawlerError):
    """The WARC file cannot be read at all."""


@dataclass
class ImportReport:
    records: int = 0  # response records seen
    outcomes: dict[str, int] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (where, why), per page
    file_errors: list[tuple[str, str]] = field(default_factory=list)  # records never reached

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


@dataclass(frozen=True)
class _Entry:
    url: str
    at: datetime
    offset: int


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _scan(path: Path, report: ImportReport) -> list[_Entry]:
    """First pass: the response records' URLs, dates and offsets."""
    entries: list[_Entry] = []
    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            try:
                for record in records:
                    if record.rec_type != "response":
                        continue
                    report.records += 1
                    offset = records.get_record_offset()
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    at = _warc_date(record.rec_headers.get_header("WARC-Date"))
                    if not url or not url.startswith(("http://", "https://")) or at is None:
                        report.file_errors.append(
                            (f"record at byte {offset}", "no http(s) WARC-Target-URI or WARC-Date")
                        )
                        continue
                    entries.append(_Entry(url.strip("<>"), at, offset))
            except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
                where = f"{path} after {report.records} response records"
                report.file_errors.append((where, f"unreadable, the rest is skipped: {exc}"))
    except OSError as exc:
        raise WarcError(f"cannot read {path}: {exc.strerror or exc}") from None
    if report.records == 0 and report.file_errors:
        raise WarcError(f"{path}: not a WARC file: {report.file_errors[0][1]}")
    # Per URL in capture-time order (stable: equal times keep the file's order).
    entries.sort(key=lambda e: (e.url, e.at))
    return entries


def _read(path: Path, offset: int) -> tuple[int | None, dict[str, str], bytes]:
    """Second pass: one record's HTTP status, headers and body."""
    with path.open("rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        headers = record.http_headers
        if headers is None:
            raise ValueError("no HTTP headers in the record")
        status = int(headers.get_statuscode() or 0) or None
        fields = {k.lower(): v for k, v in headers.headers}
        return status, fields, record.content_stream().read()


def _source_for(url: str, sources: list[SourceConfig]) -> SourceConfig | None:
    host = urlsplit(url).hostname or ""
    for source in sources:
        home = urlsplit(source.homepage).hostname or ""
        if host == home or host.endswith("." + home.removeprefix("www.")):
            return source
    return None


def _host_id(url: str) -> str:
    host = (urlsplit(url).hostname or "unknown").removeprefix("www.")
    return re.sub(r"[^a-z0-9_-]+", "-", host.lower()).strip("-")[:64] or "unknown"


def import_warc(
    path: str | Path,
    database_url: str | None = None,
    *,
    source_id: str | None = None,
    sources: list[SourceConfig] | None = None,
    options: ExtractOptions | None = None,
    on_event: Callable[[PageEvent], None] | None = None,
    data_dir: str | Path | None = None,
    timeout: float | None = None,
) -> ImportReport:
    """Import the response records of ``path`` into the archive.

    Each page goes to ``source_id`` if given, else to the registry source
    (``sources``) whose homepage host it is on, else to a source named after
    its host. A registry source's relevance rule applies. A page's extraction
    may take ``timeout`` seconds (default: ``NKMON_EXTRACT_TIMEOUT``, else 30).
    """
    path = Path(path)
    timeout = _timeout() if timeout is None else timeout
    if timeout <= 0:
        raise ValueError("the extraction timeout must be positive")
    report = ImportReport()
    entries = _scan(path, report)
    options = options or ExtractOptions()
    sources = list(sources or [])
    archive = open_archive(database_url, data_dir=data_dir)
    known_sources: set[str] = set()
    pool = ExtractPool(default_workers(), timeout)
    pending: deque[_Page] = deque()  # read, and extracting in the pool, in order
    ready: list[_Page] = []  # extracted, waiting for their batch's transaction

    def store_ready() -> None:
        for page, (outcome, error) in zip(
            ready, _store(archive, ready, known_sources), strict=True
        ):
            report.count(outcome)
            if error:
                report.errors.append((f"{page.entry.url} ({page.entry.at.isoformat()})", error))
            if on_event:
                on_event(PageEvent(page.sid, page.entry.url, outcome, error))
        ready.clear()

    def finish_oldest() -> None:
        ready.append(_finish(pending.popleft()))
        if len(ready) >= _BATCH:
            store_ready()

    try:
        for entry in entries:
            config = (
                next((s for s in sources if s.id == source_id), None)
                if source_id
                else _source_for(entry.url, sources)
            )
            sid = source_id or (config.id if config else _host_id(entry.url))
            pending.append(_prepare(path, entry, sid, config, options, pool))
            if len(pending) > _AHEAD * pool.workers:
                finish_oldest()
        while pending:
            finish_oldest()
        store_ready()
    finally:
        pool.close()
        archive.close()
    return report


# Pages read and handed to the extraction workers ahead of the one being stored
# (per worker), and pages written per transaction (as NKMON_STORE_BATCH).
_AHEAD = 4
_BATCH = 32


@dataclass
class _Page:
    """One response record on its way from the file to the archive."""

    entry: _Entry
    sid: str
    config: SourceConfig | None
    fetch: Fetch | None = None  # None: not stored (``outcome`` says why)
    body: bytes = b""
    extracting: Future[Article] | None = None
    article: Article | None = None
    timed_out: bool = False
    outcome: str | None = None
    error: str | None = None


def _timeout() -> float:
    value = os.environ.get("NKMON_EXTRACT_TIMEOUT") or "30"
    try:
        return float(value)
    except ValueError:
        raise WarcError(f"NKMON_EXTRACT_TIMEOUT: not a number of seconds: {value!r}") from None


def _prepare(
    path: Path,
    entry: _Entry,
    sid: str,
    config: SourceConfig | None,
    options: ExtractOptions,
    pool: ExtractPool,
) -> _Page:
    """Read one record and, for an HTML page, start its extraction in the pool."""
    page = _Page(entry, sid, config)
    try:
        status, headers, body = _read(path, entry.offset)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, StopIteration) as exc:
        page.outcome = "not_stored"
        page.error = f"record at byte {entry.offset} unreadable: {exc or type(exc).__name__}"
        return page
    ctype = headers.get("content-type")
    if ctype and not any(t in ctype.lower() for t in ("html", "xml", "text/plain")):
        page.outcome, page.error = "skipped", f"not an HTML page (Content-Type: {ctype})"
        return page
    page.body = body
    page.fetch = Fetch(
        url=entry.url,
        fetched_at=entry.at,
        status=status,
        final_url=entry.url,
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        content_type=ctype,
        body=body,
    )
    if status is not None and 200 <= status < 300:
        text, encoding = decode_html(body, ctype)
        page.fetch = replace(page.fetch, encoding=encoding)
        if config is not None:  # dates without an offset are in the source's zone
            options = replace(options, timezone=config.timezone)
        page.extracting = pool.start().submit([(text, entry.url)], options)
    return page


def _finish(page: _Page) -> _Page:
    """Wait for the page's extraction; what it found, or why it found nothing."""
    if page.extracting is None or page.fetch is None:
        return page
    fetch, article = page.fetch, None
    try:
        article = page.extracting.result()
        if extras := encoding_extras(page.body, fetch.content_type, fetch.encoding):
            article = replace(article, extras={**article.extras, **extras})
    except ExtractionTimeout as exc:
        fetch, page.timed_out = replace(fetch, error=str(exc)), True
    except ExtractionError as exc:
        fetch = replace(fetch, error=f"extraction failed: {exc}")
    reason = soft_gone_reason(
        page.body, article.title if article else None, article and article.text
    )
    if reason:
        fetch, article = replace(fetch, gone_reason=reason), None
    page.fetch, page.article, page.extracting = fetch, article, None
    return page


def _store(
    archive: Any, pages: list[_Page], known_sources: set[str]
) -> list[tuple[str, str | None]]:
    """Write ``pages`` in order, in one transaction, each page in its own savepoint:
    (outcome, error) of each. The sources first seen here are remembered once
    the transaction is committed."""
    results: list[tuple[str, str | None]] = []
    new_sources: set[str] = set()
    with archive.write() as session:
        for page in pages:
            if page.fetch is None:
                results.append((page.outcome or "not_stored", page.error))
                continue
            sid, config, article = page.sid, page.config, page.article
            if sid not in known_sources and sid not in new_sources:
                if config is not None:
                    upsert_source(
                        session,
                        sid,
                        name=config.name,
                        homepage=config.homepage,
                        languages=config.languages,
                    )
                else:
                    from archive.models import Source

                    if session.get(Source, sid) is None:
                        upsert_source(session, sid, name=sid, homepage=f"https://{sid}/")
                new_sources.add(sid)
            rule = config.relevance if config else None
            if rule is not None and article is not None:
                keep = KeywordRule.build(rule.preset, rule.keywords, rule.min_mentions)
                if not keep.matches(article.title, article.text) and not find_by_url(
                    session, page.entry.url
                ):
                    results.append(("dropped", None))
                    continue
            (result,) = record_captures(session, [(sid, page.fetch, article, False)])
            if isinstance(result, Exception):
                results.append(("not_stored", f"not stored: {first_line(result)}"))
            elif result.outcome.value == "error":
                outcome = "extraction_timeout" if page.timed_out else "error"
                results.append((outcome, page.fetch.error or "no article text in the page"))
            else:
                results.append((result.outcome.value, None))
    known_sources |= new_sources
    return results
