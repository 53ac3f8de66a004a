"""Duplicates across outlets: exact copies and near-duplicates, clustered as articles arrive.

Why: one story reaches the archive many times. A Yonhap wire is reprinted under
a new headline with its ending trimmed; a KCNA item is republished by Rodong
Sinmun under another dateline and byline. Researchers want to see a story once
and to find every copy of it.

For each new version (``assign_cluster``), of the text only (reprints retitle),
normalized as for the fingerprint (NFKC, whitespace collapsed) and lower-cased:

- *exact copies*, the same SHA-256 of that text, join the twin's cluster;
- *near-duplicates*: shingles (``shingles``: word 3-grams, CJK character
  5-grams) are summarized by a MinHash (datasketch: 128 permutations, scheme
  affine32, seed 1; stored as 512 bytes). A MinHashLSH index (32 bands of 4
  rows) proposes candidates, kept when the Jaccard similarity estimated from
  the stored signatures reaches ``MATCH_THRESHOLD`` (tuned with bench/dedup.py).
  A text of fewer than ``MIN_SHINGLES`` shingles only clusters as an exact copy;
- clusters are single-link: matching several clusters merges them. A cluster's
  id is its smallest article id. A re-versioned article leaves its cluster
  (relabelled if it held the smallest id) and is clustered afresh; clusters
  otherwise never split: ``backfill(rebuild=True)`` recomputes them.

The LSH index lives in memory, one per database per process, built lazily from
``dedup_signatures`` and kept in step by the signatures' version ids (a
watermark), so a new process, or one beside another writer, goes on where the
table is. It is O(n): about 8 KiB per article with datasketch's dict storage
(bench/dedup.py measures it). Candidates are always checked against the table,
so a stale entry costs time, never a wrong cluster. On PostgreSQL a signature
another writer commits out of id order is missed by this process's index (not
by the exact path) until it restarts. datasketch, whose import takes most of a
second, is imported only when a signature is computed.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Engine, ForeignKey, LargeBinary, delete, event, func, select, update
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column

from .models import Article, Base, Version
from .normalize import normalize_for_hash
from .records import TextSignature
from .types import sha256_hex

if TYPE_CHECKING:
    from datasketch import MinHashLSH

__all__ = [
    "MATCH_THRESHOLD",
    "SIGNATURE_VERSION",
    "DedupSignature",
    "Similar",
    "assign_cluster",
    "backfill",
    "cluster_sizes",
    "exact_hash",
    "reset_cache",
    "shingles",
    "signature",
    "similar",
    "text_signature",
]

# Change any of these and stored signatures no longer compare: bump
# SIGNATURE_VERSION, and backfill() recomputes the rows of older versions.
SIGNATURE_VERSION = 1
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch 2.0's default, named so an upgrade cannot change it
WORD_N = 3
CJK_N = 5  # 4 let Korean reports that differ only in names and numbers match
# Retrieval casts a wider net than the match rule: P(candidate) = 1 - (1 - J^4)^32,
# 0.95 at J = 0.55, 0.99 at J = 0.6; candidates are then checked.
LSH_BANDS, LSH_ROWS = 32, 4
MATCH_THRESHOLD = 0.55
MIN_SHINGLES = 10

_CJK = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
)  # the ranges of archive.textindex: Hangul, kana, CJK ideographs
# A token: one CJK character, or a run of other letters and digits.
_TOKEN = re.compile(f"[{_CJK}]|(?:(?![{_CJK}])[^\\W_])+")
_CJK_CHAR = re.compile(f"[{_CJK}]")


class DedupSignature(Base):
    """What incremental clustering needs of an article's latest version."""

    __tablename__ = "dedup_signatures"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    # SHA-256 of the normalized, lower-cased text: equal means an exact copy.
    exact_hash: Mapped[sha256_hex] = mapped_column(index=True)
    scheme: Mapped[int]  # the SIGNATURE_VERSION that made the row
    # MinHash values, uint32 little-endian; None: too few shingles to compare.
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    cluster_id: Mapped[int] = mapped_column(index=True)  # the smallest article id in it


class Similar(NamedTuple):
    article_id: int
    similarity: float  # estimated Jaccard similarity of the shingles


def _normal(text: str | None) -> str:
    return normalize_for_hash(text).lower()


def exact_hash(text: str | None) -> str:
    """The hash equal texts share: whitespace, case and NFKC variants are equal."""
    return hashlib.sha256(_normal(text).encode("utf-8")).hexdigest()


def shingles(text: str | None) -> set[str]:
    """Overlapping n-grams of the text's tokens: a word of alphabetic text or digits
    is a token, and so is each CJK character. A window starting on a word spans
    WORD_N tokens, one starting on a CJK character CJK_N, so numbers and Latin
    names inside Korean or Japanese text are part of its shingles. Punctuation is
    dropped; a text shorter than one window is one shingle.
    """
    normal = _normal(text)
    tokens: list[str] = _TOKEN.findall(normal)
    if not tokens:
        return set()
    if WORD_N == 3 and _CJK_CHAR.search(normal) is None:  # every window is WORD_N words
        grams = {f"{a} {b} {c}" for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)}
    else:
        sizes = [CJK_N if _CJK_CHAR.match(t) else WORD_N for t in tokens]
        grams = {" ".join(tokens[i : i + n]) for i, n in enumerate(sizes) if i + n <= len(tokens)}
    return grams or {" ".join(tokens)}


def signature(text: str | None) -> bytes | None:
    """The stored MinHash of a text, or None when it has too few shingles."""
    from datasketch import MinHash

    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch([g.encode("utf-8") for g in grams])
    return minhash.hashvalues.astype("<u4").tobytes()


def text_signature(text: str | None) -> TextSignature:
    """What ``assign_cluster`` computes for a text, computable anywhere beforehand."""
    return TextSignature(exact_hash(text), SIGNATURE_VERSION, signature(text))


@cache
def _permutations() -> Any:
    """The seeded permutations every signature uses (drawn once, not per text)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def _jaccard(a: bytes, b: bytes) -> float:
    import numpy as np

    return float(np.count_nonzero(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4"))) / NUM_PERM


# -- the per-process LSH index ----------------------------------------------


@dataclass
class _Index:
    lsh: MinHashLSH
    versions: dict[int, int] = field(default_factory=dict)  # article id -> version indexed
    watermark: int = 0  # every committed row with a version id up to this is in
    stale: set[int] = field(default_factory=set)  # article ids to re-read from the table

    def put(self, article_id: int, version_id: int, minhash: bytes | None) -> None:
        if self.versions.get(article_id) == version_id:
            return
        self.drop(article_id)
        self.versions[article_id] = version_id
        if minhash is not None:
            self.lsh.insert(article_id, _lean(minhash), check_duplication=False)

    def drop(self, article_id: int) -> None:
        if self.versions.pop(article_id, None) is not None and article_id in self.lsh:
            self.lsh.remove(article_id)


def _lean(minhash: bytes) -> Any:
    import numpy as np
    from datasketch import LeanMinHash

    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(minhash, "<u4"), scheme=SCHEME)


_INDEXES: dict[object, _Index] = {}
_LOCK = threading.RLock()
_TOUCHED = "nkmon_dedup_touched"


def _cache_key(engine: Engine) -> object:
    database = engine.url.database
    if engine.url.get_backend_name() == "sqlite" and database in (None, "", ":memory:"):
        return id(engine)  # every in-memory database is a different one
    return engine.url.render_as_string(hide_password=True)


def reset_cache(engine: Engine | None = None) -> None:
    """Forget the in-memory index of one database (or all): as in a new process."""
    with _LOCK:
        if engine is None:
            _INDEXES.clear()
        else:
            _INDEXES.pop(_cache_key(engine), None)


def _index(session: Session) -> _Index:
    """The index of this session's database, brought up to date with the table."""
    from datasketch import MinHashLSH

    key = _cache_key(session.get_bind())  # type: ignore[arg-type]
    current = DedupSignature.scheme == SIGNATURE_VERSION
    top = session.scalar(select(func.max(DedupSignature.version_id)).where(current)) or 0
    index = _INDEXES.get(key)
    if index is None or top < index.watermark:  # new process, or the table was rebuilt
        lsh = MinHashLSH(num_perm=NUM_PERM, params=(LSH_BANDS, LSH_ROWS))
        index = _INDEXES[key] = _Index(lsh)
    stmt = select(DedupSignature.article_id, DedupSignature.version_id, DedupSignature.minhash)
    if top > index.watermark:
        for article_id, version_id, minhash in session.execute(
            stmt.where(current, DedupSignature.version_id > index.watermark)
        ):
            index.put(article_id, version_id, minhash)
        index.watermark = top
    if index.stale:
        for ids in _chunks(sorted(index.stale)):
            rows = session.execute(stmt.where(current, DedupSignature.article_id.in_(ids)))
            for article_id, version_id, minhash in rows:
                index.put(article_id, version_id, minhash)
        index.stale.clear()
    return index


def _track(session: Session, index: _Index, article_id: int, version_id: int) -> None:
    """On rollback, take the session's changes out of the index again, and lower
    the watermark below them (SQLite hands rolled-back ids out again)."""
    touched: dict[int, int] | None = session.info.get(_TOUCHED)
    if touched is None:
        touched = session.info[_TOUCHED] = {}

        @event.listens_for(session, "after_commit")
        def _committed(_session: Session) -> None:
            touched.clear()

        @event.listens_for(session, "after_rollback")
        def _rolled_back(_session: Session) -> None:
            with _LOCK:
                for article in touched:
                    index.drop(article)
                    index.stale.add(article)
                if touched:
                    index.watermark = min(index.watermark, min(touched.values()) - 1)
            touched.clear()

    touched[article_id] = version_id


# -- clustering --------------------------------------------------------------


def assign_cluster(
    session: Session,
    article_id: int,
    version: Version,
    *,
    new_article: bool = False,
    known: TextSignature | None = None,
) -> int:
    """Record ``version`` (the article's new latest version) and return its cluster id.

    Idempotent: a second call for the same version and text changes nothing.
    Runs in the caller's transaction. ``new_article``: the caller created the
    article in this transaction, so it has no signature yet (one query less).
    ``known``: the text's ``text_signature``, computed ahead; ignored unless its
    hash and scheme are those of ``version.text`` today.
    """
    digest = exact_hash(version.text)
    row = None if new_article else session.get(DedupSignature, article_id)
    if row is not None and row.exact_hash == digest and row.scheme == SIGNATURE_VERSION:
        row.version_id = version.id  # same text (a title or byline edit): same cluster
        return row.cluster_id
    if known is not None and (known.exact_hash, known.scheme) == (digest, SIGNATURE_VERSION):
        minhash = known.minhash
    else:
        minhash = signature(version.text)
    with _LOCK:
        index = _index(session)
        if row is None:
            row = DedupSignature(article_id=article_id)
            session.add(row)
        else:
            _leave_cluster(session, row)
        row.version_id, row.exact_hash, row.minhash = version.id, digest, minhash
        row.scheme, row.cluster_id = SIGNATURE_VERSION, article_id
        session.flush()
        clusters = _matching_clusters(session, index, article_id, digest, minhash)
        index.put(article_id, version.id, minhash)
        _track(session, index, article_id, version.id)
    target = min(clusters | {article_id})
    if clusters - {target}:
        session.execute(
            update(DedupSignature)
            .where(DedupSignature.cluster_id.in_(clusters | {article_id}))
            .values(cluster_id=target)
            .execution_options(synchronize_session="fetch")
        )
    row.cluster_id = target
    return target


def _matching_clusters(
    session: Session, index: _Index, article_id: int, digest: str, minhash: bytes | None
) -> set[int]:
    twin = session.scalar(
        select(DedupSignature.cluster_id)
        .where(DedupSignature.exact_hash == digest, DedupSignature.article_id != article_id)
        .limit(1)
    )
    if twin is not None:
        return {twin}  # the twin's cluster already holds whatever the text matches
    if minhash is None:
        return set()
    ids = [a for a in index.lsh.query(_lean(minhash)) if a != article_id]
    found: set[int] = set()
    for chunk in _chunks(ids):
        rows = session.execute(
            select(DedupSignature.cluster_id, DedupSignature.minhash).where(
                DedupSignature.article_id.in_(chunk),
                DedupSignature.scheme == SIGNATURE_VERSION,
                DedupSignature.minhash.is_not(None),
            )
        )
        found |= {c for c, other in rows if _jaccard(minhash, other) >= MATCH_THRESHOLD}
    return found


def _leave_cluster(session: Session, row: DedupSignature) -> None:
    """Take a re-versioned article out of its cluster; the rest keep the smallest id."""
    if row.cluster_id != row.article_id:
        return  # the cluster's id is another member's
    others = DedupSignature.cluster_id == row.article_id
    rest = session.scalar(
        select(func.min(DedupSignature.article_id)).where(
            others, DedupSignature.article_id != row.article_id
        )
    )
    if rest is not None:
        session.execute(
            update(DedupSignature)
            .where(others, DedupSignature.article_id != row.article_id)
            .values(cluster_id=rest)
            .execution_options(synchronize_session="fetch")
        )


def backfill(session: Session, *, rebuild: bool = False, limit: int | None = None) -> int:
    """Cluster the articles that have a latest version but no current signature (an
    archive from before this module, or after SIGNATURE_VERSION changed), in id
    order: at most ``limit`` of them, so a caller can commit in batches and let
    crawls write in between. ``rebuild`` first forgets every cluster. Returns the count."""
    if rebuild:
        session.execute(delete(DedupSignature))
        reset_cache(session.get_bind())  # type: ignore[arg-type]
    done = last = 0
    while limit is None or done < limit:
        rows = session.execute(
            select(Article.id, Version)
            .join(Version, Version.id == Article.latest_version_id)
            .outerjoin(DedupSignature, DedupSignature.article_id == Article.id)
            .where(
                Article.id > last,
                DedupSignature.article_id.is_(None) | (DedupSignature.scheme != SIGNATURE_VERSION),
            )
            .order_by(Article.id)
            .limit(500 if limit is None else min(500, limit - done))
        ).all()
        if not rows:
            break
        for article_id, version in rows:
            assign_cluster(session, article_id, version)
        done += len(rows)
        last = rows[-1][0]
    return done


# -- reading -----------------------------------------------------------------


def similar(session: Session, article_id: int) -> list[Similar]:
    """The other members of the article's cluster, most similar first.

    The similarity is estimated from the two signatures (1.0 for exact copies);
    single-link clusters can hold members less similar than the threshold, linked
    through others. Empty for an article not clustered (yet) or alone.
    """
    row = session.get(DedupSignature, article_id)
    if row is None:
        return []
    members = session.execute(
        select(DedupSignature.article_id, DedupSignature.exact_hash, DedupSignature.minhash).where(
            DedupSignature.cluster_id == row.cluster_id, DedupSignature.article_id != article_id
        )
    ).all()
    out = []
    for other_id, other_hash, other_minhash in members:
        if other_hash == row.exact_hash:
            score = 1.0
        elif row.minhash is None or other_minhash is None:
            score = 0.0
        else:
            score = _jaccard(row.minhash, other_minhash)
        out.append(Similar(other_id, score))
    return sorted(out, key=lambda s: (-s.similarity, s.article_id))


def cluster_sizes(session: Session, article_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """``article id -> (cluster id, cluster size)`` for every id given (``search
    --collapse``); an article not clustered yet is its own cluster of one."""
    ids = list(dict.fromkeys(article_ids))
    member = aliased(DedupSignature)
    size = (
        select(func.count()).where(member.cluster_id == DedupSignature.cluster_id).scalar_subquery()
    )
    found: dict[int, tuple[int, int]] = {}
    for chunk in _chunks(ids):
        rows = session.execute(
            select(DedupSignature.article_id, DedupSignature.cluster_id, size).where(
                DedupSignature.article_id.in_(chunk)
            )
        )
        found.update((a, (c, n)) for a, c, n in rows)
    return {a: found.get(a, (a, 1)) for a in ids}


def _chunks(items: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
