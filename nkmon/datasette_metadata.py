"""Datasette metadata for a SQLite archive: ``datasette nkmon.db -m <(nkmon datasette-metadata)``.

Why: Datasette finds an FTS table on its own only when it is declared as the
external-content index of a table, and nkmon's ``search_fts`` is not (it
holds each version's title and text as ``archive.textindex.index_form``, CJK
runs as bigrams, with rowid = ``versions.id``). This metadata points the search
box of ``versions`` (every version) and of ``articles`` (their latest version,
as ``nkmon search`` does) at it, describes the tables, sorts them newest first,
labels foreign keys with titles and URLs, hides the plumbing, and adds a few
canned queries. The format is Datasette 0.64/0.65's ``metadata.json``.
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["datasette_metadata"]

DESCRIPTION = (
    "A versioned archive of North Korea news kept by nkmon: every version of every "
    "article whose text changed, with the dated evidence of edits and deletions. "
    "Search boxes on versions and articles use the full-text index: English words "
    "work as typed; for Korean and Japanese, two-character words work, longer ones "
    "are best searched with `nkmon search`."
)

_FTS = {"fts_table": "search_fts", "searchmode": "escaped"}

TABLES: dict[str, dict[str, Any]] = {
    "sources": {
        "description": "The outlets crawled. status: ok, or down (its homepage did not "
        "answer; none of its articles is marked deleted meanwhile).",
        "label_column": "name",
        "sort": "id",
    },
    "articles": {
        "description": "One row per article (a canonical URL at one source). Search "
        "matches the latest version's title and text, as `nkmon search` does. "
        "status: live, deleted (last fetch said gone) or pending.",
        "label_column": "canonical_url",
        "sort_desc": "first_seen",
        "facets": ["source_id", "status"],
        **_FTS,
        "fts_pk": "latest_version_id",
        "columns": {
            "latest_version_id": "The newest version (the one search matches).",
            "next_check": "When nkmon fetches it again.",
            "last_changed": "When its content last changed (new version or deletion).",
            "listed_via": "The discovery document that last named it: feed, sitemap, listing.",
        },
    },
    "versions": {
        "description": "Every distinct text of every article, never modified afterwards. "
        "Cite a version as source/article/vN (seq is N). Search matches every version, "
        "so it finds text that was later edited away.",
        "label_column": "title",
        "sort_desc": "captured_at",
        "facets": ["language"],
        **_FTS,
        "fts_pk": "id",
        "columns": {
            "seq": "The version number within its article: 1, 2, ...",
            "captured_at": "When nkmon first saw this text (UTC).",
            "content_hash": "SHA-256 of the normalized title and text.",
            "change_summary": "What changed from the version before (terms_removed, ...).",
        },
    },
    "events": {
        "description": "What happened to an article, dated, with evidence: edited, "
        "deleted (404/410, soft 404, redirect away), restored, unlisted, flipflop.",
        "sort_desc": "at",
        "facets": ["kind"],
        "columns": {"evidence": "HTTP status, final URL and raw-body hash behind the event."},
    },
    "captures": {
        "description": "Every fetch of an article URL, whatever came of it: HTTP status, "
        "validators, outcome, and the version it showed.",
        "sort_desc": "fetched_at",
        "facets": ["outcome", "http_status"],
    },
    "article_urls": {
        "description": "Every URL variant seen for an article (url_key is the URL "
        "canonicalized: tracking parameters dropped, http/https and slash variants merged).",
    },
    "version_extractions": {
        "description": "Earlier readings of a version's page, kept when `nkmon reextract` "
        "replaced them after an extractor upgrade.",
        "sort_desc": "replaced_at",
    },
    "dedup_signatures": {
        "description": "Duplicates across outlets: articles with the same cluster_id "
        "are copies of one story (exact or near).",
    },
    "blobs": {
        "description": "Raw response bodies, zstd-compressed, addressed by SHA-256 "
        "(read them with nkmon, not here).",
        "hidden": True,
    },
    "alembic_version": {"hidden": True},
    "search_fts": {"hidden": True},
}

QUERIES: dict[str, dict[str, Any]] = {
    "search_latest": {
        "title": "Search the latest versions",
        "description": "Articles whose latest version matches (FTS5 syntax: words, "
        '"phrases", OR, NOT, prefix*), best match first.',
        "sql": (
            "select a.source_id, a.status, v.title, v.captured_at, a.canonical_url, "
            "a.id as article_id, v.seq\n"
            "from search_fts\n"
            "join versions v on v.id = search_fts.rowid\n"
            "join articles a on a.latest_version_id = v.id\n"
            "where search_fts match :q\n"
            "order by bm25(search_fts) limit 100"
        ),
    },
    "recent_changes": {
        "title": "Recent edits, deletions and restorations",
        "sql": (
            "select e.at, e.kind, a.source_id, v.title, "
            "json_extract(v.change_summary, '$.terms_removed') as terms_removed, "
            "a.canonical_url, e.article_id\n"
            "from events e\n"
            "join articles a on a.id = e.article_id\n"
            "left join versions v on v.id = coalesce(e.version_id, a.latest_version_id)\n"
            "where e.kind in ('edited', 'deleted', 'restored')\n"
            "order by e.at desc limit 200"
        ),
    },
    "deleted_articles": {
        "title": "Articles deleted at their source",
        "description": "Still kept here: the last version archived before the deletion.",
        "sql": (
            "select a.source_id, v.title, max(e.at) as deleted_at, a.canonical_url, "
            "a.id as article_id\n"
            "from articles a\n"
            "join events e on e.article_id = a.id and e.kind = 'deleted'\n"
            "left join versions v on v.id = a.latest_version_id\n"
            "where a.status = 'deleted'\n"
            "group by a.id order by deleted_at desc limit 500"
        ),
    },
}


def datasette_metadata(database: str = "nkmon") -> dict[str, Any]:
    """The metadata for the archive served under ``database`` (the file's stem:
    ``nkmon`` for ``nkmon.db``)."""
    return {
        "title": "nkmon archive",
        "description": DESCRIPTION,
        "databases": {
            database: {
                "description": DESCRIPTION,
                "tables": copy.deepcopy(TABLES),
                "queries": copy.deepcopy(QUERIES),
            }
        },
    }
