"""Exports researchers can cite: versions as JSONL, CSV or Parquet, raw captures as WARC.

Every version row carries its citation (``source/article/vN``) and content
hash, so a quotation in a paper can be traced to the exact text nkmon kept;
the WARC holds the bytes each fetch received, for tools that replay or verify
web archives. Both read the caller's transaction (one consistent snapshot)
a batch of articles at a time, so a million versions never sit in memory.
A file target is written beside itself and renamed into place when complete:
a failed export leaves no truncated file behind.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session

from .blobs import load_blob
from .exceptions import ConfigError, NotFound, QueryError
from .fulltext import search
from .models import Article, Capture, Source, Version

__all__ = ["COLUMNS", "VERSION_FORMATS", "OnRow", "Target", "export_versions", "export_warc"]

VERSION_FORMATS = ("jsonl", "csv", "parquet")
# The fields of a version row, in file order.
COLUMNS = (
    "citation",
    "article_id",
    "version_id",
    "seq",
    "source",
    "url",
    "status",
    "captured_at",
    "published_at",
    "modified_at",
    "title",
    "authors",
    "language",
    "text",
    "content_hash",
    "extractor",
    "change_summary",
)
# A path (written atomically) or an open file: text or binary for JSONL and
# CSV (binary gets UTF-8), binary for Parquet and WARC.
Target = str | os.PathLike[str] | IO[Any]
# Called after each row or record with the number written so far.
OnRow = Callable[[int], None]

BATCH_ARTICLES = 500  # articles read per query
ROW_GROUP_ROWS = 5_000  # Parquet rows per row group, at most...
ROW_GROUP_CHARS = 64_000_000  # ...and at most this much text buffered


def export_versions(
    session: Session,
    out: Target,
    *,
    fmt: str = "jsonl",
    source: str | None = None,
    query: str | None = None,
    all_versions: bool = False,
    since: datetime | None = None,
    until: datetime | None = None,
    on_row: OnRow | None = None,
) -> int:
    """Write versions to ``out`` as ``jsonl``, ``csv`` or ``parquet``; return the row count.

    The latest version of each article, or with ``all_versions`` every one.
    ``query`` (the search language) selects the articles whose latest version
    matches; ``since``/``until`` bound when a version was captured. Rows come
    in article order, versions oldest first.
    """
    if fmt not in VERSION_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use {', '.join(VERSION_FORMATS)}")
    batches = _article_batches(session, source=source, query=query, since=since, until=until)
    rows = _version_rows(session, batches, all_versions=all_versions, since=since, until=until)
    with _opened(out, binary=fmt == "parquet") as handle:
        if fmt == "parquet":
            about = _describe(source=source, query=query, since=since, until=until)
            about["all_versions"] = all_versions
            return _write_parquet(handle, rows, on_row, about)
        return _write_text(handle, rows, on_row, csv_format=fmt == "csv")


def export_warc(
    session: Session,
    out: Target,
    *,
    source: str | None = None,
    query: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    on_row: OnRow | None = None,
) -> int:
    """Write a gzipped WARC of raw captures to ``out``; return the records written
    (the ``warcinfo`` record aside).

    One ``response`` record per capture with an HTTP status and a kept body, and
    one ``revisit`` record (profile server-not-modified) per 304, which keeps no
    body: it refers to the article's latest earlier capture with a 2xx body,
    exported or not. ``query`` selects articles as in :func:`export_versions`;
    ``since``/``until`` bound the fetch time. The HTTP headers are rebuilt from
    what nkmon keeps.
    """
    try:
        from warcio.warcwriter import WARCWriter
    except ImportError:
        raise ConfigError("WARC export needs warcio: pip install 'warcio>=1.7'") from None
    batches = _article_batches(session, source=source, query=query, since=since, until=until)
    filename = Path(out).name if isinstance(out, str | os.PathLike) else None
    count = 0
    with _opened(out, binary=True) as handle:
        writer = WARCWriter(handle, gzip=True)
        info = writer.create_warcinfo_record(filename, _warcinfo(source, query, since, until))
        writer.write_record(info)
        info_id = info.rec_headers.get_header("WARC-Record-ID")
        revisited: dict[int, Any] = {}  # article id -> its latest capture with a 2xx body
        for cap in _captures(session, batches, since=since, until=until):
            if cap.body_sha256 is None:  # a 304
                if cap.article_id not in revisited:
                    revisited[cap.article_id] = _revisited(session, cap)
                record = _revisit(writer, cap, revisited[cap.article_id], info_id)
            else:
                body = load_blob(session, cap.body_sha256)
                if body is None:  # a dangling blob reference: nothing to show
                    continue
                if 200 <= cap.http_status < 300:
                    revisited[cap.article_id] = cap
                record = _response(writer, cap, body, info_id)
            writer.write_record(record)
            count += 1
            if on_row is not None:
                on_row(count)
    return count


# -- selecting ---------------------------------------------------------------


def _article_batches(
    session: Session,
    *,
    source: str | None,
    query: str | None,
    since: datetime | None,
    until: datetime | None,
) -> Iterator[list[int]]:
    """Article ids in ascending order, a batch at a time: those whose latest
    version matches ``query``, else every article (of ``source``).

    Checks the filters and runs the search before returning, so a bad filter
    fails before any output is opened.
    """
    if since and until and since > until:
        raise QueryError("--since is after --until")
    if source is not None and session.get(Source, source) is None:
        known = ", ".join(session.scalars(select(Source.id).order_by(Source.id).limit(20)))
        raise NotFound(f"no source {source!r} in the archive (it has: {known or 'none'})")
    if query is None:
        return _all_articles(session, source)
    scope = select(func.count(Article.id))
    if source:
        scope = scope.where(Article.source_id == source)
    limit = max(1, session.scalar(scope) or 0)  # every match, whatever their number
    ids = sorted({hit.article_id for hit in search(session, query, limit=limit, source=source)})
    return iter([ids[i : i + BATCH_ARTICLES] for i in range(0, len(ids), BATCH_ARTICLES)])


def _all_articles(session: Session, source: str | None) -> Iterator[list[int]]:
    last = 0
    while True:  # keyset pagination: each query starts after the last id seen
        stmt = select(Article.id).where(Article.id > last).order_by(Article.id)
        if source:
            stmt = stmt.where(Article.source_id == source)
        ids = list(session.scalars(stmt.limit(BATCH_ARTICLES)))
        if not ids:
            return
        yield ids
        last = ids[-1]


def _version_rows(
    session: Session,
    batches: Iterator[list[int]],
    *,
    all_versions: bool,
    since: datetime | None,
    until: datetime | None,
) -> Iterator[dict[str, Any]]:
    # Plain columns, not ORM objects: nothing accumulates in the session.
    renamed = {"version_id": Version.id, "source": Article.source_id, "url": Article.canonical_url}
    renamed["status"] = Article.status
    columns = [(renamed.get(n) or getattr(Version, n)).label(n) for n in COLUMNS[1:]]
    for ids in batches:
        stmt = (
            select(*columns)
            .join(Article, Article.id == Version.article_id)
            .where(Version.article_id.in_(ids))
            .order_by(Version.article_id, Version.seq)
        )
        if not all_versions:
            stmt = stmt.where(Version.id == Article.latest_version_id)
        stmt = _within(stmt, Version.captured_at, since, until)
        for row in session.execute(stmt):
            values = row._asdict()
            values["status"] = values["status"].value
            citation = f"{values['source']}/{values['article_id']}/v{values['seq']}"
            yield {"citation": citation, **values}


def _captures(
    session: Session,
    batches: Iterator[list[int]],
    *,
    since: datetime | None,
    until: datetime | None,
) -> Iterator[Row[Any]]:
    for ids in batches:
        stmt = (
            select(*Capture.__table__.c, Article.source_id, Version.seq)
            .join(Article, Article.id == Capture.article_id)
            .outerjoin(Version, Version.id == Capture.version_id)
            .where(
                Capture.article_id.in_(ids),
                or_(Capture.body_sha256.is_not(None), Capture.http_status == 304),
                Capture.http_status.is_not(None),
            )
            .order_by(Capture.article_id, Capture.fetched_at, Capture.id)
        )
        stmt = _within(stmt, Capture.fetched_at, since, until)
        # Fetched whole (metadata only) so the blob reads below run on a free connection.
        yield from session.execute(stmt).all()


def _within(stmt: Select[Any], column: Any, since: datetime | None, until: datetime | None) -> Any:
    if since:
        stmt = stmt.where(column >= since)
    return stmt.where(column <= until) if until else stmt


# -- writing -----------------------------------------------------------------


def _umask() -> int:
    """The process's umask (mkstemp makes files 0600; an export gets the usual mode)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def _opened(out: Target, *, binary: bool) -> Iterator[IO[Any]]:
    """``out`` as a file of the kind wanted; a path is written to a new ``NAME.*.part``
    and renamed into place only when the export succeeded."""
    if isinstance(out, str | os.PathLike):
        path = Path(out)
        # A new file of its own (O_EXCL): never a stale NAME.part, nor whatever a
        # symlink of that name points at, so nothing outside ``path`` is written.
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".part")
        part = Path(name)
        mode = {"mode": "wb"} if binary else {"mode": "w", "encoding": "utf-8", "newline": ""}
        try:
            with open(fd, **mode) as handle:  # type: ignore[call-overload]
                yield handle
            os.chmod(part, 0o666 & ~_umask())
            os.replace(part, path)
        finally:
            part.unlink(missing_ok=True)
        return
    is_text = isinstance(out, io.TextIOBase)
    if binary:
        if is_text:
            raise ValueError("Parquet and WARC need a path or a binary file, not a text stream")
        yield out
    elif is_text:
        yield out
    else:  # bytes out, UTF-8 in: wrap without taking ownership of the stream
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _write_text(
    handle: IO[str], rows: Iterator[dict[str, Any]], on_row: OnRow | None, *, csv_format: bool
) -> int:
    writer = csv.writer(handle) if csv_format else None
    if writer is not None:
        writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        for key in ("captured_at", "published_at", "modified_at"):
            row[key] = _iso(row[key])
        if writer is not None:
            # Lists and objects as JSON; a missing value is an empty cell.
            row["authors"] = json.dumps(row["authors"] or [], ensure_ascii=False)
            summary = row["change_summary"]
            row["change_summary"] = json.dumps(summary, ensure_ascii=False) if summary else None
            writer.writerow(["" if row[k] is None else row[k] for k in COLUMNS])
        else:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
        if on_row is not None:
            on_row(count)
    handle.flush()
    return count


def _write_parquet(
    handle: IO[bytes], rows: Iterator[dict[str, Any]], on_row: OnRow | None, about: dict
) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError("Parquet export needs pyarrow: pip install 'pyarrow>=14'") from None
    types = {"article_id": pa.int64(), "version_id": pa.int64(), "seq": pa.int32()}
    types["authors"] = pa.list_(pa.string())
    types |= dict.fromkeys(
        ("captured_at", "published_at", "modified_at"), pa.timestamp("us", "UTC")
    )
    schema = pa.schema(
        [pa.field(name, types.get(name, pa.string())) for name in COLUMNS],
        metadata={"nkmon.export": json.dumps(about, ensure_ascii=False)},
    )
    count, chars, batch = 0, 0, []
    with pq.ParquetWriter(handle, schema, compression="zstd") as writer:
        for row in rows:
            summary = row["change_summary"]
            row["change_summary"] = json.dumps(summary, ensure_ascii=False) if summary else None
            batch.append(row)
            chars += len(row["text"]) + len(row["title"] or "")
            count += 1
            if on_row is not None:
                on_row(count)
            if len(batch) >= ROW_GROUP_ROWS or chars >= ROW_GROUP_CHARS:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch, chars = [], 0
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count


def _describe(
    *, source: str | None, query: str | None, since: datetime | None, until: datetime | None
) -> dict[str, Any]:
    """What an export holds, kept in the file so it can be cited as made."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        software = f"nkmon/{version('nkmon')}"
    except PackageNotFoundError:
        software = "nkmon"
    selection = {"source": source, "query": query, "since": _iso(since), "until": _iso(until)}
    return {"software": software, "exported_at": datetime.now(UTC).isoformat(), **selection}


def _warcinfo(
    source: str | None, query: str | None, since: datetime | None, until: datetime | None
) -> dict[str, str]:
    about = _describe(source=source, query=query, since=since, until=until)
    selection = "; ".join(
        f"{k}={v}" for k in ("source", "query", "since", "until") if (v := about[k]) is not None
    )
    return {
        "software": about["software"],
        "format": "WARC File Format 1.0",
        "conformsTo": (
            "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/"
        ),
        "description": (
            "Raw captures exported from an nkmon archive, one response record per fetch"
            " with a body, one revisit record (server-not-modified) per 304."
            " HTTP headers are rebuilt from what nkmon keeps (status, Content-Type, ETag,"
            " Last-Modified); payloads are bodies as received, after content decoding."
            " A multi-page article is one record, its pages joined by nkmon page markers."
        ),
        "nkmon-exported-at": about["exported_at"],
        "nkmon-selection": selection or "everything",
    }


def _response(writer: Any, cap: Row[Any], body: bytes, info_id: str) -> Any:
    """The WARC response record of one capture, headers rebuilt from its row."""
    from warcio.statusandheaders import StatusAndHeaders

    warc = _warc_headers(cap, "response", info_id)
    kept = {"Content-Type": cap.content_type, "ETag": cap.etag, "Last-Modified": cap.last_modified}
    headers = [(k, _clean(v)) for k, v in kept.items() if v] + [("Content-Length", str(len(body)))]
    return writer.create_warc_record(
        warc["WARC-Target-URI"],
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        warc_headers_dict=warc,
        http_headers=StatusAndHeaders(_status_line(cap.http_status), headers, protocol="HTTP/1.1"),
    )


SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


def _revisit(writer: Any, cap: Row[Any], revisited: Any, info_id: str) -> Any:
    """The WARC revisit record of a 304: its headers, no payload, and which capture
    the server said was still current (when the archive has one)."""
    from warcio.statusandheaders import StatusAndHeaders

    warc = _warc_headers(cap, "revisit", info_id)
    warc["WARC-Profile"] = SERVER_NOT_MODIFIED
    if revisited is not None:
        warc["WARC-Refers-To"] = _record_id(revisited)
        warc["WARC-Refers-To-Target-URI"] = _clean(revisited.url)
        warc["WARC-Refers-To-Date"] = _warc_date(revisited.fetched_at)
    kept = {"ETag": cap.etag, "Last-Modified": cap.last_modified}
    headers = [(k, _clean(v)) for k, v in kept.items() if v]
    return writer.create_warc_record(
        warc["WARC-Target-URI"],
        "revisit",
        warc_headers_dict=warc,
        http_headers=StatusAndHeaders(_status_line(cap.http_status), headers, protocol="HTTP/1.1"),
    )


def _revisited(session: Session, cap: Row[Any]) -> Capture | None:
    """The article's latest capture with a 2xx body fetched before ``cap`` (a 304)."""
    stmt = (
        select(Capture)
        .where(
            Capture.article_id == cap.article_id,
            Capture.body_sha256.is_not(None),
            Capture.http_status >= 200,
            Capture.http_status < 300,
            Capture.fetched_at <= cap.fetched_at,
        )
        .order_by(Capture.fetched_at.desc(), Capture.id.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def _warc_headers(cap: Row[Any], rec_type: str, info_id: str) -> dict[str, str]:
    warc = {
        "WARC-Type": rec_type,
        "WARC-Record-ID": _record_id(cap),
        "WARC-Date": _warc_date(cap.fetched_at),
        "WARC-Target-URI": _clean(cap.url),
        "WARC-Warcinfo-ID": info_id,
        "WARC-nkmon-Capture-ID": str(cap.id),
        "WARC-nkmon-Outcome": cap.outcome.value,
    }
    if cap.seq is not None:
        warc["WARC-nkmon-Citation"] = f"{cap.source_id}/{cap.article_id}/v{cap.seq}"
    if cap.final_url and cap.final_url != cap.url:
        warc["WARC-nkmon-Final-URI"] = _clean(cap.final_url)
    return warc


def _record_id(cap: Any) -> str:
    """Derived from the capture, so exporting again gives the same record id (and a
    revisit can name the record of a capture outside the export)."""
    name = f"nkmon:capture:{cap.id}:{cap.url}:{cap.fetched_at.isoformat()}:{cap.body_sha256}"
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}>"


def _warc_date(value: datetime) -> str:
    from warcio.timeutils import datetime_to_iso_date

    return datetime_to_iso_date(value.astimezone(UTC).replace(tzinfo=None))


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def _clean(value: str) -> str:
    """A header value on one line, whatever the database holds."""
    return value.replace("\r", " ").replace("\n", " ").strip()
