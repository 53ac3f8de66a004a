"""Initial schema: sources, articles and their URLs, versions, captures, blobs, search index.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ARTICLE_STATUS = sa.Enum(
    "pending", "live", "deleted", name="articlestatus", native_enum=False, length=16
)
CAPTURE_OUTCOME = sa.Enum(
    "new_version",
    "unchanged",
    "not_modified",
    "error",
    "gone",
    name="captureoutcome",
    native_enum=False,
    length=16,
)


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("codec", sa.String(16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_blobs"),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("homepage", sa.String(2048), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
    )
    # articles <-> versions reference each other. SQLite accepts a forward
    # reference (and cannot ALTER in a constraint); elsewhere it is added below.
    latest_fk = (
        [
            sa.ForeignKeyConstraint(
                ["latest_version_id"],
                ["versions.id"],
                name="fk_articles_latest_version_id_versions",
            )
        ]
        if sqlite
        else []
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(64), nullable=False),
        sa.Column("canonical_url", sa.String(2048), nullable=False),
        sa.Column("first_seen", _utc(), nullable=False),
        sa.Column("last_checked", _utc(), nullable=True),
        sa.Column("status", ARTICLE_STATUS, nullable=False),
        sa.Column("latest_version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name="fk_articles_source_id_sources"
        ),
        *latest_fk,
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
    )
    op.create_index("ix_articles_canonical_url", "articles", ["canonical_url"])
    op.create_index("ix_articles_source_id", "articles", ["source_id"])
    op.create_table(
        "article_urls",
        sa.Column("url_key", sa.String(2048), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_article_urls_article_id_articles"
        ),
        sa.PrimaryKeyConstraint("url_key", name="pk_article_urls"),
    )
    op.create_index("ix_article_urls_article_id", "article_urls", ["article_id"])
    op.create_index("ix_articles_status", "articles", ["status"])
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("captured_at", _utc(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("published_at", _utc(), nullable=True),
        sa.Column("modified_at", _utc(), nullable=True),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("extractor", sa.String(64), nullable=True),
        sa.Column("extras", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_versions_article_id_articles"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_versions"),
        sa.UniqueConstraint("article_id", "seq", name="uq_versions_article_id_seq"),
    )
    op.create_index("ix_versions_content_hash", "versions", ["content_hash"])
    if not sqlite:
        op.create_foreign_key(
            "fk_articles_latest_version_id_versions",
            "articles",
            "versions",
            ["latest_version_id"],
            ["id"],
        )
    op.create_table(
        "captures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("fetched_at", _utc(), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("final_url", sa.String(2048), nullable=True),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("etag", sa.String(256), nullable=True),
        sa.Column("last_modified", sa.String(64), nullable=True),
        sa.Column("content_type", sa.String(128), nullable=True),
        sa.Column("encoding", sa.String(32), nullable=True),
        sa.Column("body_sha256", sa.String(64), nullable=True),
        sa.Column("outcome", CAPTURE_OUTCOME, nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_captures_article_id_articles"
        ),
        sa.ForeignKeyConstraint(
            ["body_sha256"], ["blobs.sha256"], name="fk_captures_body_sha256_blobs"
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name="fk_captures_version_id_versions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_captures"),
    )
    op.create_index("ix_captures_article_id_fetched_at", "captures", ["article_id", "fetched_at"])
    if sqlite:
        # Full-text index over versions, rowid = versions.id. CJK runs are stored
        # as overlapping bigrams (archive/textindex.py); unicode61 splits the rest.
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts")
    else:
        op.drop_constraint("fk_articles_latest_version_id_versions", "articles")
    op.drop_table("captures")
    op.drop_table("versions")
    op.drop_table("article_urls")
    op.drop_table("articles")
    op.drop_table("sources")
    op.drop_table("blobs")
