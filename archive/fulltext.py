"""Full-text search over the latest version of each article.

Two backends (every term must occur, quoted phrases as phrases):

- ``fts``: SQLite FTS5 over ``index_form`` text (CJK as bigrams), ranked by
  bm25; on PostgreSQL a tsvector of the same tokens (``search_pg``), ranked
  by ts_rank_cd; alphabetic terms match whole words;
- ``scan``: a substring scan of the versions table, on any database, with no
  ranking; alphabetic terms also match inside words ("Korea" finds "Korean").
  It is the fallback where no index exists yet (PostgreSQL, until its index
  lands), and CJK results of the two agree exactly.

User input never reaches FTS5 unquoted, so no query can raise an SQL error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    String,
    and_,
    bindparam,
    cast,
    func,
    literal_column,
    not_,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session, aliased

from .exceptions import QueryError
from .models import Article, ArticleStatus, Version
from .query import (
    And,
    Node,
    Not,
    Term,
    normalize_tree,
    parse,
    positive_terms,
    to_fts5,
    to_tsquery,
)
from .textindex import index_form, index_tokens

__all__ = ["Hit", "index_version", "parse_query", "search"]

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
    content_hash: str


def index_version(session: Session, version: Version, *, replace: bool = False) -> None:
    """Add a version to the full-text index (where the backend has one);
    ``replace`` drops its old entry first (after a re-extraction)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(
            text(
                "INSERT INTO search_pg (version_id, doc)"
                " VALUES (:id, setweight(to_tsvector('simple', :title), 'A')"
                " || to_tsvector('simple', :body))"
                " ON CONFLICT (version_id) DO UPDATE SET doc = EXCLUDED.doc"
            ),
            {
                "id": version.id,
                "title": " ".join(index_tokens(version.title)),
                "body": " ".join(index_tokens(version.text)),
            },
        )
    if dialect == "sqlite":
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


def parse_query(query: str) -> Node:
    """Parse ``query`` (see archive/query.py for the language)."""
    return normalize_tree(parse(query))


def search(
    session: Session,
    query: str,
    *,
    limit: int = 20,
    source: str | None = None,
    language: str | None = None,
    author: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    status: str | None = None,
    all_versions: bool = False,
    sort: str = "relevance",
    backend: str = "auto",
) -> list[Hit]:
    """Articles matching ``query``, best first (or newest first with ``sort="date"``).

    Only the latest version of each article is searched, unless
    ``all_versions``: then text an article no longer has is found too, and the
    hit names the version that matched. ``since``/``until`` bound the
    published date; ``status`` is live, deleted or edited (more than one version).
    """
    if limit < 1:
        raise QueryError(f"limit must be at least 1, not {limit}")
    if sort not in ("relevance", "date"):
        raise QueryError(f"unknown sort {sort!r}: use relevance or date")
    if status not in (None, "live", "deleted", "edited"):
        raise QueryError(f"unknown status {status!r}: use live, deleted or edited")
    if since and until and since > until:
        raise QueryError("--since is after --until")
    tree = parse_query(query)
    dialect = session.get_bind().dialect.name
    if backend == "auto":
        backend = "fts" if dialect in ("sqlite", "postgresql") else "scan"
    if backend not in ("fts", "scan"):
        raise QueryError(f"unknown search backend {backend!r}: use fts or scan")

    latest = aliased(Version)
    stmt = (
        select(Article, Version)
        .join(Version, Version.article_id == Article.id)
        .join(latest, latest.id == Article.latest_version_id)
    )
    if not all_versions:
        stmt = stmt.where(Version.id == Article.latest_version_id)
    if backend == "fts" and dialect == "postgresql":
        query = func.to_tsquery("simple", bindparam("match"))
        doc = literal_column("search_pg.doc")
        matched = (
            select(
                literal_column("search_pg.version_id").label("version_id"),
                # Negated so that, as with bm25, lower is better.
                (-func.ts_rank_cd(doc, query)).label("score"),
            )
            .select_from(table("search_pg"))
            .where(doc.op("@@")(query))
            .subquery()
        )
    elif backend == "fts":
        matched = (
            select(
                literal_column("search_fts.rowid").label("version_id"),
                literal_column("bm25(search_fts)").label("score"),
            )
            .select_from(table("search_fts"))
            .where(literal_column("search_fts").op("MATCH")(bindparam("match")))
            .subquery()
        )
    if backend == "fts":
        stmt = stmt.join(matched, matched.c.version_id == Version.id).add_columns(matched.c.score)
        score = matched.c.score
    else:
        stmt = stmt.where(_scan_condition(tree)).add_columns(literal_column("NULL").label("score"))
        score = None
    if source:
        stmt = stmt.where(Article.source_id == source)
    if language:
        stmt = stmt.where(func.lower(Version.language) == language.lower())
    if author:
        pattern = "%" + _escape_like(author.lower()) + "%"
        stmt = stmt.where(func.lower(cast(Version.authors, String)).like(pattern, escape="\\"))
    if since:
        stmt = stmt.where(Version.published_at >= since)
    if until:
        stmt = stmt.where(Version.published_at <= until)
    if status == "edited":
        stmt = stmt.where(latest.seq > 1)
    elif status:
        stmt = stmt.where(Article.status == ArticleStatus(status))
    if all_versions:
        # One row per article: its best-matching (else newest) version.
        rank_order = [score, Version.seq.desc()] if score is not None else [Version.seq.desc()]
        ranked = stmt.add_columns(
            func.row_number().over(partition_by=Article.id, order_by=rank_order).label("rank")
        ).subquery()
        best = aliased(Version, ranked)
        article = aliased(Article, ranked)
        stmt = select(article, best, ranked.c.score).where(ranked.c.rank == 1)
        score = ranked.c.score if backend == "fts" else None
        published, captured, version_id = best.published_at, best.captured_at, best.id
    else:
        published, captured, version_id = (
            Version.published_at,
            Version.captured_at,
            Version.id,
        )
    if sort == "date":
        order = [published.is_(None), published.desc(), captured.desc(), version_id.desc()]
    else:
        order = ([score] if score is not None else []) + [captured.desc(), version_id.desc()]
    stmt = stmt.order_by(*order).limit(limit)
    if backend == "fts":
        params = {"match": to_tsquery(tree) if dialect == "postgresql" else to_fts5(tree)}
    else:
        params = {}
    shown = positive_terms(tree)
    return [_hit(a, v, sc, shown) for a, v, sc in session.execute(stmt, params)]


def _escape_like(text_: str) -> str:
    return re.sub(r"([%_\\])", r"\\\1", text_)


def _scan_condition(node: Node):  # type: ignore[no-untyped-def]
    """The query as LIKE conditions over title and text (any database)."""
    if isinstance(node, Term):
        pattern = "%" + _escape_like(" ".join(node.text.lower().split())) + "%"
        return or_(
            func.lower(Version.text).like(pattern, escape="\\"),
            func.lower(func.coalesce(Version.title, "")).like(pattern, escape="\\"),
        )
    if isinstance(node, Not):
        return not_(_scan_condition(node.node))
    parts = [_scan_condition(n) for n in node.nodes]
    return and_(*parts) if isinstance(node, And) else or_(*parts)


def _hit(article: Article, version: Version, score: float | None, terms: list[Term]) -> Hit:
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
        snippet=snippet(version.text, [t.text for t in terms]),
        score=score,
        content_hash=version.content_hash,
    )


HIGHLIGHT = ("«", "»")


def snippet(text_: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """A window of the text around the first term found, every term in it
    marked «like this» (case-insensitive)."""
    flat = " ".join(text_.split())
    lowered = flat.lower()
    needles = [" ".join(t.lower().split()) for t in terms if t.strip()]
    hits = [i for i in (lowered.find(n) for n in needles) if i >= 0]
    start = max(0, min(hits) - width // 3) if hits else 0
    piece = flat[start : start + width]
    for needle in sorted(set(needles), key=len, reverse=True):
        # Whole words for alphabetic terms (as the index matches them), anywhere for CJK.
        pattern = re.escape(needle)
        if re.match(r"\w", needle, re.ASCII):
            pattern = rf"(?<!\w){pattern}(?!\w)"
        piece = re.sub(pattern, lambda m: f"{HIGHLIGHT[0]}{m[0]}{HIGHLIGHT[1]}", piece, flags=re.I)
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")
