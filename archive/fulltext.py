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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
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
from .textindex import (
    date_facets,
    facet_form,
    index_form,
    index_tokens,
    language_facet,
    pair_form,
    pair_tokens,
    query_tokens,
    source_facet,
)

__all__ = ["Hit", "SearchResults", "index_version", "parse_query", "search"]

# SQLAlchemy renders table hints for MySQL-like dialects only; SQLite's
# "INDEXED BY" goes in the same place. Only hints given for "sqlite" reach it.
SQLiteCompiler.get_from_hint_text = lambda self, table, text: text  # type: ignore[method-assign]

SNIPPET_CHARS = 160
# Ranking reads at most this many matching versions (see ``search``).
RANK_WINDOW = 1000
# Tokens in more documents than this are too costly for bm25 (see _fts5_scores).
RARE_DOCS = 5_000
LOAD_BATCH = 500
# PostgreSQL's document: title (weight A) then body. ``||`` numbers the body's
# words on from the title's; a dropped placeholder word between them keeps a
# phrase from running from the title into the body, as on SQLite.
PG_DOC = (
    "ts_delete(setweight(to_tsvector('simple', :title), 'A')"
    " || to_tsvector('simple', 'nkmonbreak') || to_tsvector('simple', :body), 'nkmonbreak')"
)


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


def index_version(
    session: Session, version: Version, *, source_id: str | None = None, replace: bool = False
) -> None:
    """Add a version to the full-text index (where the backend has one);
    ``replace`` drops its old entry first (after a re-extraction). ``source_id``
    is the article's (looked up if not given)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(
            text(
                "INSERT INTO search_pg (version_id, doc) VALUES (:id, " + PG_DOC + ")"
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
            text(
                "INSERT INTO search_fts(rowid, title, body, facets, title_pairs, body_pairs)"
                " VALUES (:id, :title, :body, :facets, :title_pairs, :body_pairs)"
            ),
            {
                "id": version.id,
                "title": index_form(version.title),
                "body": index_form(version.text),
                "title_pairs": pair_form(version.title),
                "body_pairs": pair_form(version.text),
                "facets": facet_form(
                    source_id
                    or session.scalar(select(Article.source_id).filter_by(id=version.article_id)),
                    version.language,
                    version.published_at,
                ),
            },
        )


def parse_query(query: str) -> Node:
    """Parse ``query`` (see archive/query.py for the language)."""
    return normalize_tree(parse(query))


@dataclass(frozen=True)
class SearchResults:
    """What ``search`` found: the hits, best first, and whether the ranking
    was bounded (``capped``: more than ``window`` versions matched, and only
    the ``window`` most recently captured were ranked). Iterates as its hits."""

    hits: list[Hit]
    capped: bool = False
    window: int = RANK_WINDOW
    # relevance (bm25 / ts_rank_cd), title (title matches first, then newest:
    # the query has common words), newest (no index), or date (--sort date)
    ranking: str = "relevance"

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, index: int) -> Hit:
        return self.hits[index]


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
    window: int = RANK_WINDOW,
) -> SearchResults:
    """Articles matching ``query``, best first (or newest first with ``sort="date"``).

    Only the latest version of each article is searched, unless
    ``all_versions``: then text an article no longer has is found too, and the
    hit names the version that matched. ``since``/``until`` bound the
    published date; ``status`` is live, deleted or edited (more than one version).

    Ranking reads at most ``window`` matching versions (at least ``limit``):
    the most recently captured. A word in every other article would otherwise
    cost a bm25 score and a sort of hundreds of thousands of rows per query;
    ``capped`` on the result says when that happened.
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
    window = max(window, limit)

    # Stage 1: the newest ``window`` (+1, to tell whether there were more)
    # matching versions that pass the filters, as narrow rows.
    if backend == "fts" and dialect == "postgresql":
        tsquery = func.to_tsquery("simple", bindparam("match"))
        doc = literal_column("search_pg.doc")
        vid = literal_column("search_pg.version_id")
        # Negated so that, as with bm25, lower is better.
        score = (-func.ts_rank_cd(doc, tsquery)).label("score")
        stmt = select(vid.label("vid"), score).select_from(table("search_pg"))
        stmt = stmt.join(Version, Version.id == vid).where(doc.op("@@")(tsquery))
        params = {"match": to_tsquery(tree)}
    elif backend == "fts":
        # Scored after the stream (_fts5_scores): bm25 inside it would count
        # every document of every token before returning the first row.
        vid = literal_column("search_fts.rowid")
        stmt = select(vid.label("vid"), literal_column("NULL").label("score"))
        stmt = stmt.select_from(table("search_fts"))
        stmt = stmt.join(Version, Version.id == vid)
        # The narrow index, not the table's pages of text (migration 0009).
        stmt = stmt.with_hint(Version, "INDEXED BY ix_versions_search_keys", "sqlite")
        stmt = stmt.where(literal_column("search_fts").op("MATCH")(bindparam("match")))
        match = _fts5_with_facets(session, tree, source, language, since, until)
        params = {"match": match}
    else:
        vid = Version.id
        stmt = select(vid.label("vid"), literal_column("NULL").label("score"))
        stmt = stmt.select_from(Version).where(_scan_condition(tree))
        params = {}
    # Narrow rows: dates only when sorting by them (converting a thousand
    # datetimes costs more than the query); the version id orders by capture.
    published = Version.published_at if sort == "date" else literal_column("NULL")
    stmt = stmt.add_columns(Version.article_id, Version.seq, published.label("published_at"))
    stmt = stmt.join(Article, Article.id == Version.article_id)
    if not all_versions:
        stmt = stmt.where(Version.id == Article.latest_version_id)
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
        latest = aliased(Version)
        stmt = stmt.join(latest, latest.id == Article.latest_version_id).where(latest.seq > 1)
    elif status:
        stmt = stmt.where(Article.status == ArticleStatus(status))
    found = session.execute(stmt.order_by(vid.desc()).limit(window + 1), params).all()
    capped = len(found) > window
    rows = [_Row(*r) for r in found[:window]]
    ranking = "relevance" if backend == "fts" else "newest"
    if backend == "fts" and dialect == "sqlite" and sort == "relevance" and rows:
        ranking = _fts5_scores(session, tree, rows, capped)

    # Stage 2: rank the narrow rows here, then load only the winners.
    if all_versions:
        # One row per article: its best-matching (else newest) version.
        best: dict[int, Any] = {}
        for row in rows:
            kept = best.get(row.article_id)
            if kept is None or _version_rank(row) < _version_rank(kept):
                best[row.article_id] = row
        rows = list(best.values())
    if sort == "date":
        rows.sort(key=lambda r: (_newest(r.published_at), -r.vid))
    else:
        rows.sort(key=lambda r: (_score(r.score), -r.vid))
    rows = rows[:limit]
    hits = _load_hits(session, rows, positive_terms(tree))
    return SearchResults(hits, capped, window, ranking if sort == "relevance" else "date")


@dataclass
class _Row:
    vid: int
    score: float | None
    article_id: int
    seq: int
    published_at: datetime | None


def _fts5_scores(session: Session, tree: Node, rows: list[_Row], capped: bool) -> str:
    """Score the stream's rows; returns how they were ranked.

    bm25 first counts the documents holding each token (its IDF), which for a
    token in a third of a million documents costs tens of milliseconds, every
    query. So bm25 runs only when every token is in at most RARE_DOCS
    documents; otherwise rows whose title matches come first, newest first
    within each group ("title"). Ties go to the version archived last.
    """
    terms = positive_terms(tree)
    lo, hi = min(r.vid for r in rows), max(r.vid for r in rows)
    # More matches than the window: some token is in more than that many documents.
    rare = not capped and all(
        session.scalar(
            text(
                "SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH :m"
                " LIMIT :n)"
            ),
            {"m": token, "n": RARE_DOCS + 1},
        )
        <= RARE_DOCS
        for token in {t for term in terms for t in _token_matches(term)}
    )
    where = "search_fts MATCH :m AND search_fts.rowid BETWEEN :lo AND :hi"
    if rare:
        scored = dict(
            session.execute(
                text(
                    "SELECT rowid, bm25(search_fts, 1.0, 1.0, 0.0, 1.0, 1.0)"
                    f" FROM search_fts WHERE {where}"
                ),
                {"m": to_fts5(tree), "lo": lo, "hi": hi},
            ).all()
        )
        for r in rows:
            r.score = scored.get(r.vid)
        return "relevance"
    in_title = set(
        session.scalars(
            text(f"SELECT rowid FROM search_fts WHERE {where}"),
            {"m": " OR ".join(to_fts5(t, ("title",)) for t in terms), "lo": lo, "hi": hi},
        )
    )
    for r in rows:
        r.score = -1.0 if r.vid in in_title else 0.0
    return "title"


def _token_matches(term: Term) -> list[str]:
    """One MATCH expression per index token of a term: what bm25 counts."""
    pairs = pair_tokens(term.text)
    if pairs is not None:
        return ["{title_pairs body_pairs} : " + f'"{t}"' for t in pairs]
    tokens = query_tokens(term.text)[0]
    return ["{title body} : " + '"' + t.replace('"', '""') + '"' for t in tokens]


def _score(value: float | None) -> float:
    return 0.0 if value is None else float(value)


def _newest(value: datetime | None) -> tuple[bool, float]:
    # Sort key: later first, missing last.
    return (value is None, -value.timestamp() if value is not None else 0.0)


def _version_rank(row: Any) -> tuple[float, int]:
    return (_score(row.score), -row.seq)


def _load_hits(session: Session, rows: list[Any], terms: list[Term]) -> list[Hit]:
    """The hits for stage 1's winning rows, in their order, loaded in batches."""
    loaded: dict[int, tuple[Article, Version]] = {}
    ids = [r.vid for r in rows]
    for i in range(0, len(ids), LOAD_BATCH):
        batch = ids[i : i + LOAD_BATCH]
        stmt = (
            select(Article, Version)
            .join(Version, Version.article_id == Article.id)
            .where(Version.id.in_(batch))
        )
        loaded.update((v.id, (a, v)) for a, v in session.execute(stmt))
    return [_hit(*loaded[r.vid], r.score, terms) for r in rows if r.vid in loaded]


def _fts5_with_facets(
    session: Session,
    tree: Node,
    source: str | None,
    language: str | None,
    since: datetime | None,
    until: datetime | None,
) -> str:
    """The MATCH expression: the query over title and body, narrowed by the
    facets column where filters are given (the exact filters still run in SQL)."""
    parts = ["(" + to_fts5(tree) + ")"]
    if source:
        parts.append(f"facets : {source_facet(source)}")
    if language:
        parts.append(f"facets : {language_facet(language)}")
    if since or until:
        first = since or _published_bound(session, func.min)
        last = until or _published_bound(session, func.max)
        if first is None or last is None:  # nothing is dated
            return "facets : nkmonnothing"
        tokens = date_facets(first, last)
        if tokens == []:
            return "facets : nkmonnothing"
        if tokens:
            parts.append("facets : (" + " OR ".join(tokens) + ")")
    return " AND ".join(parts)


def _published_bound(session: Session, agg: Any) -> datetime | None:
    # Both ends are read from ix_versions_published_at.
    return session.scalar(select(agg(Version.published_at)))


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
