"""Search facets and date indexes.

On SQLite the full-text table gains a third column, ``facets``: a version's
source, language, publication year and month as tokens (archive/textindex.py),
so that filtered searches intersect inside FTS5 instead of checking every
match. The table is rebuilt from its own stored text.

On every backend: indexes on the dates that searches, listings and stats
order or bound by (versions.published_at, versions.captured_at,
articles.first_seen).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"

# The same tokens as textindex.facet_form, in SQL (published_at is stored as
# naive UTC text, 'YYYY-MM-DD HH:MM:SS...').
_FACETS_SQL = """
    's' || lower(hex(a.source_id))
    || coalesce(' l' || lower(hex(lower(trim(v.language)))), '')
    || coalesce(' y' || substr(v.published_at, 1, 4)
                || ' m' || substr(v.published_at, 1, 4) || substr(v.published_at, 6, 2), '')
"""


def upgrade() -> None:
    op.create_index("ix_versions_published_at", "versions", ["published_at"])
    op.create_index("ix_versions_captured_at", "versions", ["captured_at"])
    op.create_index("ix_articles_first_seen", "articles", ["first_seen"])
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(f"CREATE VIRTUAL TABLE search_fts_new USING fts5(title, body, facets, {_TOKENIZE})")
    op.execute(
        "INSERT INTO search_fts_new(rowid, title, body, facets)"
        f" SELECT f.rowid, f.title, f.body, {_FACETS_SQL}"
        " FROM search_fts f JOIN versions v ON v.id = f.rowid"
        " JOIN articles a ON a.id = v.article_id"
    )
    op.execute("DROP TABLE search_fts")
    op.execute("ALTER TABLE search_fts_new RENAME TO search_fts")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"CREATE VIRTUAL TABLE search_fts_old USING fts5(title, body, {_TOKENIZE})")
        op.execute(
            "INSERT INTO search_fts_old(rowid, title, body)"
            " SELECT rowid, title, body FROM search_fts"
        )
        op.execute("DROP TABLE search_fts")
        op.execute("ALTER TABLE search_fts_old RENAME TO search_fts")
    op.drop_index("ix_articles_first_seen", "articles")
    op.drop_index("ix_versions_captured_at", "versions")
    op.drop_index("ix_versions_published_at", "versions")
