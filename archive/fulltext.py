"""Full-text search over the latest version of each article.

Two backends (every term must occur, quoted phrases as phrases):

- ``fts``: SQLite FTS5 over ``index_form`` text (CJK as bigrams), ranked by
  bm25; alphabetic terms match whole words;
- ``scan``: a substring scan of the versions table, on any database, with no
  ranking; alphabetic terms also match inside words ("Korea" finds "Korean").
  It is the fallback where no index exists yet (PostgreSQL, until its index
  lands), and CJK results of the two agree exactly.

User input never reaches FTS5 unquoted, so no query can raise an SQL error.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, func, literal_column, or_, select, table, text
from sqlalchemy.orm import Session

from .exceptions import QueryError
from .models import Article, ArticleStatus, Version
from .textindex import fts_phrase, index_form

__all__ = ["Hit", "index_version", "parse_query", "search"]

MAX_QUERY_CHARS = 1000
SNIPPET_CHARS = 160


@dataclass(frozen=True)
class Hit:
    article_id: int
    version_id: int
    seq: int
    url: str
    source_id: str
    status: ArticleStatus
    title: str | None
    published_at: datetime | None
    captured_at: datetime
    snippet: str
    score: float | None


def index_version(session: Session, version: Version, *, replace: bool = False) -> None:
    """Add a version to the full-text index (where the backend has one);
    ``replace`` drops its old entry first (after a re-extraction)."""
    if session.get_bind().dialect.name == "sqlite":
        if replace:
            session.execute(text("DELETE FROM search_fts WHERE rowid = :id"), {"id": version.id})
        session.execute(
            text("INSERT INTO search_fts(rowid, title, body) VALUES (:id, :title, :body)"),
            {
                "id": version.id,
                "title": index_form(version.title),
                "body": index_form(version.text),
            },
        )


def parse_query(query: str) -> list[str]:
    """Split a query into terms; ``"quoted words"`` stay together as one phrase."""
    query = query.replace("\x00", "").strip()
    if not query:
        raise QueryError("empty query: give at least one word to search for")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long: {len(query)} characters, at most {MAX_QUERY_CHARS}")
    lexer = shlex.shlex(query, posix=True)
    lexer.whitespace_split = True
    lexer.quotes = '"'
    lexer.escape = ""
    try:
        terms = list(lexer)
    except ValueError:  # an unbalanced quote: treat it as text
        terms = query.replace('"', " ").split()
    terms = [t for t in terms if t.strip()]
    if not any(fts_phrase(t) for t in terms):
        raise QueryError(f"nothing to search for in {query!r}: it has no letters or digits")
    return terms


def search(
    session: Session,
    query: str,
    *,
    limit: int = 20,
    source: str | None = None,
    backend: str = "auto",
) -> list[Hit]:
    """Articles whose latest version contains every term of ``query``, best first."""
    if limit < 1:
        raise QueryError(f"limit must be at least 1, not {limit}")
    terms = parse_query(query)
    if backend == "auto":
        backend = "fts" if session.get_bind().dialect.name == "sqlite" else "scan"
    if backend == "fts":
        rows = _fts(session, terms, limit, source)
    elif backend == "scan":
        rows = _scan(session, terms, limit, source)
    else:
        raise QueryError(f"unknown search backend {backend!r}: use fts or scan")
    return [_hit(article, version, score, terms) for article, version, score in rows]


def _fts(
    session: Session, terms: list[str], limit: int, source: str | None
) -> list[tuple[Article, Version, float | None]]:
    match = " AND ".join(p for p in map(fts_phrase, terms) if p)
    ranked = (
        select(
            literal_column("search_fts.rowid").label("version_id"),
            literal_column("bm25(search_fts)").label("score"),
        )
        .select_from(table("search_fts"))
        .where(literal_column("search_fts").op("MATCH")(bindparam("match")))
        .subquery()
    )
    stmt = (
        select(Article, Version, ranked.c.score)
        .join(Version, Version.id == Article.latest_version_id)
        .join(ranked, ranked.c.version_id == Version.id)
        .order_by(ranked.c.score, Version.id.desc())
        .limit(limit)
    )
    if source:
        stmt = stmt.where(Article.source_id == source)
    return [tuple(row) for row in session.execute(stmt, {"match": match})]  # type: ignore[misc]


def _scan(
    session: Session, terms: list[str], limit: int, source: str | None
) -> list[tuple[Article, Version, float | None]]:
    conditions = []
    for term in terms:
        pattern = "%" + re.sub(r"([%_\\])", r"\\\1", term) + "%"
        conditions.append(
            or_(
                func.lower(Version.text).like(func.lower(pattern), escape="\\"),
                func.lower(Version.title).like(func.lower(pattern), escape="\\"),
            )
        )
    stmt = (
        select(Article, Version)
        .join(Version, Version.id == Article.latest_version_id)
        .where(and_(*conditions))
        .order_by(Version.captured_at.desc(), Version.id.desc())
        .limit(limit)
    )
    if source:
        stmt = stmt.where(Article.source_id == source)
    return [(article, version, None) for article, version in session.execute(stmt)]


def _hit(article: Article, version: Version, score: float | None, terms: list[str]) -> Hit:
    return Hit(
        article_id=article.id,
        version_id=version.id,
        seq=version.seq,
        url=article.canonical_url,
        source_id=article.source_id,
        status=article.status,
        title=version.title,
        published_at=version.published_at,
        captured_at=version.captured_at,
        snippet=snippet(version.text, terms),
        score=score,
    )


def snippet(text_: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """A window of the text around the first term found (case-insensitive)."""
    flat = " ".join(text_.split())
    lowered = flat.lower()
    hits = [i for i in (lowered.find(" ".join(t.lower().split())) for t in terms) if i >= 0]
    start = max(0, min(hits) - width // 3) if hits else 0
    piece = flat[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")
