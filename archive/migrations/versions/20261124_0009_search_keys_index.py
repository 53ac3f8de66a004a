"""A narrow index of the version columns search reads for every match.

Search looks up each matching version's article, sequence number, date and
language. From the versions table that means one page of (mostly) text per
match: at a million versions, gigabytes that the page cache does not keep.
This covering index holds just those columns, in a few dozen megabytes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_versions_search_keys",
        "versions",
        ["id", "article_id", "seq", "published_at", "language"],
    )


def downgrade() -> None:
    op.drop_index("ix_versions_search_keys", "versions")
