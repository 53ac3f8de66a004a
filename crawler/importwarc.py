"""Backfill from WARC files: Internet Archive (or any crawler's) captures as versions.

Each ``response`` record of an article page goes through what a crawled page
goes through: decoding, extraction, the soft-404 check, the source's relevance
rule, and ``record_capture``, dated by its ``WARC-Date``. Records are read in
two passes: the first notes each record's URL, date and offset; the second
reads them URL by URL in capture-time order, so versions follow capture time
whatever order the WARC holds them in. Extraction runs in a worker process
with the crawl's time limit (``NKMON_EXTRACT_TIMEOUT`` in the environment, 30 s):
a page that takes longer is an error capture counted as ``extraction_timeout``,
and the import goes on. Other record types (request, metadata,
warcinfo, revisit) are skipped; a record that is not an HTML page, or cannot
be read, is reported with its offset and the rest goes on.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive import open_archive, record_capture, upsert_source
from archive.records import Fetch
from archive.resolve import find_by_url

from .encoding import decode_html, encoding_extras
from .exceptions import CrawlerError, ExtractionError, ExtractionTimeout
from .extract import Article, ExtractOptions
from .extractpool import ExtractPool
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
    # One worker: records are stored one by one, in order; the pool gives the
    # time limit (a killed worker is replaced for the next page).
    pool = ExtractPool(1, timeout)
    try:
        for entry in entries:
            config = (
                next((s for s in sources if s.id == source_id), None)
                if source_id
                else _source_for(entry.url, sources)
            )
            sid = source_id or (config.id if config else _host_id(entry.url))
            outcome, error = _one(archive, path, entry, sid, config, options, known_sources, pool)
            report.count(outcome)
            if error:
                report.errors.append((f"{entry.url} ({entry.at.isoformat()})", error))
            if on_event:
                on_event(PageEvent(sid, entry.url, outcome, error))
    finally:
        pool.close()
        archive.close()
    return report


def _timeout() -> float:
    value = os.environ.get("NKMON_EXTRACT_TIMEOUT") or "30"
    try:
        return float(value)
    except ValueError:
        raise WarcError(f"NKMON_EXTRACT_TIMEOUT: not a number of seconds: {value!r}") from None


def _extract(pool: ExtractPool, html: str, url: str, options: ExtractOptions) -> Article:
    return pool.start().submit([(html, url)], options).result()


def _one(
    archive: Any,
    path: Path,
    entry: _Entry,
    sid: str,
    config: SourceConfig | None,
    options: ExtractOptions,
    known_sources: set[str],
    pool: ExtractPool,
) -> tuple[str, str | None]:
    """Import one record: (outcome, error)."""
    try:
        status, headers, body = _read(path, entry.offset)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, StopIteration) as exc:
        return (
            "not_stored",
            f"record at byte {entry.offset} unreadable: {exc or type(exc).__name__}",
        )
    ctype = headers.get("content-type")
    if ctype and not any(t in ctype.lower() for t in ("html", "xml", "text/plain")):
        return "skipped", f"not an HTML page (Content-Type: {ctype})"
    fetch = Fetch(
        url=entry.url,
        fetched_at=entry.at,
        status=status,
        final_url=entry.url,
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        content_type=ctype,
        body=body,
    )
    article = None
    timed_out = False
    if status is not None and 200 <= status < 300:
        text, encoding = decode_html(body, ctype)
        fetch = replace(fetch, encoding=encoding)
        if config is not None:  # dates without an offset are in the source's zone
            options = replace(options, timezone=config.timezone)
        try:
            article = _extract(pool, text, entry.url, options)
            if extras := encoding_extras(body, ctype, encoding):
                article = replace(article, extras={**article.extras, **extras})
        except ExtractionTimeout as exc:
            fetch, timed_out = replace(fetch, error=str(exc)), True
        except ExtractionError as exc:
            fetch = replace(fetch, error=f"extraction failed: {exc}")
        reason = soft_gone_reason(
            body, article.title if article else None, article and article.text
        )
        if reason:
            fetch = replace(fetch, gone_reason=reason)
            article = None
    rule = config.relevance if config else None
    with archive.write() as session:
        if sid not in known_sources:
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
            known_sources.add(sid)
        if rule is not None and article is not None:
            keep = KeywordRule.build(rule.preset, rule.keywords, rule.min_mentions)
            if not keep.matches(article.title, article.text) and not find_by_url(
                session, entry.url
            ):
                return "dropped", None
        result = record_capture(session, sid, fetch, article)
    if result.outcome.value == "error":
        outcome = "extraction_timeout" if timed_out else "error"
        return outcome, fetch.error or "no article text in the page"
    return result.outcome.value, None
