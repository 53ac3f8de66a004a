"""PostgreSQL full-text index: a tsvector per version (SQLite has search_fts).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # The document is nkmon's own token stream (archive.textindex.index_tokens:
    # CJK as bigrams) under the 'simple' configuration, so a two-character Korean
    # word is a lexeme and both backends match alike.
    op.execute(
        "CREATE TABLE search_pg ("
        " version_id integer PRIMARY KEY REFERENCES versions(id),"
        " doc tsvector NOT NULL)"
    )
    op.execute("CREATE INDEX ix_search_pg_doc ON search_pg USING gin (doc)")
    # Index what an older nkmon archived here (it searched PostgreSQL by scanning).
    from archive.textindex import index_tokens

    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, title, text FROM versions ORDER BY id")).all()
    for version_id, title, body in rows:
        bind.execute(
            sa.text(
                "INSERT INTO search_pg (version_id, doc)"
                " VALUES (:id, setweight(to_tsvector('simple', :title), 'A')"
                " || to_tsvector('simple', :body))"
            ),
            {
                "id": version_id,
                "title": " ".join(index_tokens(title)),
                "body": " ".join(index_tokens(body)),
            },
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE search_pg")
