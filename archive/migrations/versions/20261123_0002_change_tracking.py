"""Change tracking: events, revisit times, source health, change summaries,
earlier extractions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:40:55.726294
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "version_extractions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("extractor", sa.String(length=64), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_version_extractions_version_id_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_version_extractions")),
    )
    with op.batch_alter_table("version_extractions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_version_extractions_version_id"), ["version_id"], unique=False
        )

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "edited",
                "deleted",
                "restored",
                "unlisted",
                "flipflop",
                name="eventkind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capture_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_events_article_id_articles")
        ),
        sa.ForeignKeyConstraint(
            ["capture_id"], ["captures.id"], name=op.f("fk_events_capture_id_captures")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_events_version_id_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_article_id"), ["article_id"], unique=False)
        batch_op.create_index("ix_events_at_kind", ["at", "kind"], unique=False)

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_check", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_changed", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_listed", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("listed_via", sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f("ix_articles_next_check"), ["next_check"], unique=False)

    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "status",
                sa.Enum("ok", "down", name="sourcestatus", native_enum=False, length=16),
                nullable=False,
                server_default="ok",
            )
        )
        batch_op.add_column(sa.Column("status_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("status_detail", sa.Text(), nullable=True))

    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("change_summary", sa.JSON(), nullable=True))

    # Existing articles: changed when their latest version was captured, due now.
    op.execute(
        "UPDATE articles SET last_changed = (SELECT captured_at FROM versions"
        " WHERE versions.id = articles.latest_version_id), next_check = last_checked"
    )


def downgrade() -> None:
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.drop_column("change_summary")

    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("status_detail")
        batch_op.drop_column("status_since")
        batch_op.drop_column("status")

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_next_check"))
        batch_op.drop_column("listed_via")
        batch_op.drop_column("last_listed")
        batch_op.drop_column("last_changed")
        batch_op.drop_column("next_check")

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_at_kind")
        batch_op.drop_index(batch_op.f("ix_events_article_id"))

    op.drop_table("events")
    with op.batch_alter_table("version_extractions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_version_extractions_version_id"))

    op.drop_table("version_extractions")
