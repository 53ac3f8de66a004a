"""Raw response bodies, zstd-compressed and stored once per SHA-256.

Pages of one outlet share most of their bytes (theme, menus, scripts), and a
page fetched again differs from its last capture by a few words, so a body is
stored in the smallest of three forms (``Blob.codec``):

- ``zstd``: compressed alone (before a source has a dictionary);
- ``zstd-dict``: with a dictionary trained on the source's pages. The first
  time a source has ``TRAIN_AFTER`` distinct bodies archived, a dictionary is
  trained on them (``blob_dicts``) and they are recompressed with it; every
  later body of the source uses it;
- ``zstd-delta``: with the body of the article's previous capture as the
  dictionary, i.e. as a delta against it, at most ``MAX_DEPTH`` links from a
  body that stands alone.

A stored body's bytes never change, so a dictionary or a base, once used, stays.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from datetime import UTC, datetime

import zstandard
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from .models import Article, Blob, BlobDict, Capture
from .upsert import insert_ignore

__all__ = ["MAX_DEPTH", "TRAIN_AFTER", "load_blob", "store_blob", "train_dictionary"]

log = logging.getLogger(__name__)

_LEVEL = 10  # ~same ratio as 19 on HTML at a fraction of the CPU
TRAIN_AFTER = 64  # distinct bodies of a source before its dictionary is trained
DICT_SIZE = 64 * 1024  # at most; zstd suggests ~1/100 of the samples, HTML does well at 1/16
MAX_DEPTH = 10  # longest chain of deltas a load has to follow
_RETRY_AFTER = 256  # stores to wait before trying again when training failed

_local = threading.local()  # zstd (de)compressors are not thread-safe
_dicts: dict[str, zstandard.ZstdCompressionDict] = {}  # by the dictionary's SHA-256
_failed: dict[tuple[str, str], int] = {}  # (database, source) -> stores left before a retry
_SESSION_DICTS = "nkmon_blob_dicts"  # session.info: (transaction, {source: (id, key)})


def _compressor(key: str | None) -> zstandard.ZstdCompressor:
    cache = _local.__dict__.setdefault("compressors", {})
    if key not in cache:
        if len(cache) > 64:
            cache.clear()
        dict_data = _dicts[key] if key else None
        cache[key] = zstandard.ZstdCompressor(level=_LEVEL, dict_data=dict_data)
    return cache[key]


def _decompressor(key: str | None) -> zstandard.ZstdDecompressor:
    cache = _local.__dict__.setdefault("decompressors", {})
    if key not in cache:
        if len(cache) > 64:
            cache.clear()
        cache[key] = zstandard.ZstdDecompressor(dict_data=_dicts[key] if key else None)
    return cache[key]


def _raw_dict(body: bytes) -> zstandard.ZstdCompressionDict:
    return zstandard.ZstdCompressionDict(body, dict_type=zstandard.DICT_TYPE_RAWCONTENT)


def store_blob(
    session: Session, body: bytes, *, source_id: str | None = None, base: str | None = None
) -> str:
    """Keep ``body`` (if not already kept) and return its SHA-256.

    ``source_id`` lets it use (and in time train) the source's dictionary;
    ``base`` is the SHA-256 of the same page's previous capture, to store a delta.
    """
    digest = hashlib.sha256(body).hexdigest()
    if session.scalar(select(Blob.sha256).where(Blob.sha256 == digest)) is not None:
        return digest  # a revisit of an unchanged page: nothing to compress
    candidates: list[dict] = []
    if base is not None and base != digest:
        found = session.execute(select(Blob.depth).where(Blob.sha256 == base)).first()
        if found is not None and found.depth < MAX_DEPTH:
            base_body = load_blob(session, base)
            if base_body:
                data = zstandard.ZstdCompressor(level=_LEVEL, dict_data=_raw_dict(base_body))
                candidates.append(
                    {
                        "codec": "zstd-delta",
                        "data": data.compress(body),
                        "base_sha256": base,
                        "depth": found.depth + 1,
                    }
                )
    trained = _source_dict(session, source_id) if source_id else None
    if trained is not None:
        dict_id, key = trained
        data = _compressor(key).compress(body)
        candidates.append({"codec": "zstd-dict", "data": data, "dict_id": dict_id})
    else:
        candidates.append({"codec": "zstd", "data": _compressor(None).compress(body)})
    best = min(candidates, key=lambda c: len(c["data"]))
    insert_ignore(session, Blob, {"sha256": digest, "size": len(body), **best})
    return digest


def load_blob(session: Session, sha256: str) -> bytes | None:
    """The body stored under ``sha256``, or None if there is none."""
    blob = session.execute(
        select(Blob.codec, Blob.size, Blob.data, Blob.dict_id, Blob.base_sha256, Blob.depth).where(
            Blob.sha256 == sha256
        )
    ).first()
    if blob is None:
        return None
    if blob.codec == "zstd":
        dctx = _decompressor(None)
    elif blob.codec == "zstd-dict":
        dctx = _decompressor(_load_dict(session, blob.dict_id))
    elif blob.codec == "zstd-delta":
        base = load_blob(session, blob.base_sha256) if blob.depth <= MAX_DEPTH else None
        if base is None:
            raise ValueError(f"blob {sha256}: its base {blob.base_sha256} is missing")
        dctx = zstandard.ZstdDecompressor(dict_data=_raw_dict(base))
    else:
        raise ValueError(f"blob {sha256}: unknown codec {blob.codec!r}")
    return dctx.decompress(blob.data, max_output_size=blob.size)


def _load_dict(session: Session, dict_id: int) -> str:
    """The cache key (SHA-256) of dictionary ``dict_id``, loading it if needed."""
    key = session.scalar(select(BlobDict.sha256).where(BlobDict.id == dict_id))
    if key is None:
        raise ValueError(f"zstd dictionary {dict_id} is missing")
    if key not in _dicts:
        data = session.scalar(select(BlobDict.data).where(BlobDict.id == dict_id))
        _dicts[key] = zstandard.ZstdCompressionDict(data)
    return key


def _source_dict(session: Session, source_id: str) -> tuple[int, str] | None:
    """(id, cache key) of the source's dictionary, training it when it is due."""
    # Remembered for the transaction (a batch of pages), not beyond: a rollback forgets.
    transaction = session.get_transaction()
    cached = session.info.get(_SESSION_DICTS)
    if cached is None or cached[0] is not transaction:
        cached = session.info[_SESSION_DICTS] = (transaction, {})
    known = cached[1]
    if source_id in known:
        return known[source_id]
    dict_id = session.scalar(
        select(BlobDict.id)
        .where(BlobDict.source_id == source_id)
        .order_by(BlobDict.id.desc())
        .limit(1)
    )
    if dict_id is None:
        # Trained now, inside a savepoint that may yet roll back: not remembered.
        dict_id = train_dictionary(session, source_id)
        return (dict_id, _load_dict(session, dict_id)) if dict_id is not None else None
    # Found: committed, or written by an earlier page of this transaction whose
    # savepoint was released: it lasts as long as the transaction does.
    known[source_id] = found = (dict_id, _load_dict(session, dict_id))
    return found


def train_dictionary(session: Session, source_id: str, *, force: bool = False) -> int | None:
    """Train the source's dictionary on its latest ``TRAIN_AFTER`` distinct bodies,
    if it has that many (any number with ``force``); returns its id or None."""
    where = (str(session.get_bind().url), source_id)
    if _failed.get(where, 0) > 0 and not force:
        _failed[where] -= 1
        return None
    shas = session.scalars(
        select(Capture.body_sha256)
        .join(Article, Article.id == Capture.article_id)
        .where(Article.source_id == source_id, Capture.body_sha256.is_not(None))
        .group_by(Capture.body_sha256)
        .order_by(func.max(Capture.id).desc())
        .limit(TRAIN_AFTER)
    ).all()
    if len(shas) < TRAIN_AFTER and not (force and shas):
        return None
    pairs = [(sha, body) for sha in shas if (body := load_blob(session, sha))]
    samples = [body for _, body in pairs]
    total = sum(map(len, samples))
    try:
        trained = zstandard.train_dictionary(
            max(4096, min(DICT_SIZE, total // 16)), samples, level=_LEVEL
        )
    except zstandard.ZstdError as exc:
        log.info("no zstd dictionary for %s yet: %s", source_id, exc)
        _failed[where] = _RETRY_AFTER
        return None
    data = trained.as_bytes()
    row = BlobDict(
        source_id=source_id,
        sha256=hashlib.sha256(data).hexdigest(),
        created_at=datetime.now(UTC),
        samples=len(samples),
        data=data,
    )
    session.add(row)
    session.flush()
    # The bodies it learnt from shrink too (same bytes out: deltas on them still decode).
    key = _load_dict(session, row.id)
    for sha, body in pairs:
        codec = session.scalar(select(Blob.codec).where(Blob.sha256 == sha))
        if codec == "zstd":
            session.execute(
                update(Blob)
                .where(Blob.sha256 == sha)
                .values(codec="zstd-dict", dict_id=row.id, data=_compressor(key).compress(body))
            )
    return row.id
