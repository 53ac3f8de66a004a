"""Duplicate clusters: one MinHash signature and cluster id per article (archive/dedup.py).

Existing articles get no row here (computing signatures needs datasketch, and
migrations stay plain SQL): ``archive.dedup.backfill`` clusters them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dedup_signatures",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("exact_hash", sa.String(length=64), nullable=False),
        sa.Column("scheme", sa.Integer(), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=True),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_dedup_signatures_article_id_articles")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_dedup_signatures_version_id_versions")
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_dedup_signatures")),
    )
    with op.batch_alter_table("dedup_signatures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dedup_signatures_cluster_id"), ["cluster_id"])
        batch_op.create_index(batch_op.f("ix_dedup_signatures_exact_hash"), ["exact_hash"])
        batch_op.create_index(batch_op.f("ix_dedup_signatures_version_id"), ["version_id"])


def downgrade() -> None:
    with op.batch_alter_table("dedup_signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dedup_signatures_version_id"))
        batch_op.drop_index(batch_op.f("ix_dedup_signatures_exact_hash"))
        batch_op.drop_index(batch_op.f("ix_dedup_signatures_cluster_id"))
    op.drop_table("dedup_signatures")
