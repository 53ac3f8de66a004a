"""Smaller raw captures: per-source zstd dictionaries and deltas against the previous capture.

Existing blobs keep codec ``zstd`` and are read as before. A downgrade is refused
once a blob uses the new codecs (the older code could not read it).

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "blob_dicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("samples", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_blob_dicts_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blob_dicts")),
    )
    with op.batch_alter_table("blob_dicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_blob_dicts_source_id"), ["source_id"])
    with op.batch_alter_table("blobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dict_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("base_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("depth", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_foreign_key(
            batch_op.f("fk_blobs_dict_id_blob_dicts"), "blob_dicts", ["dict_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_blobs_base_sha256_blobs"), "blobs", ["base_sha256"], ["sha256"]
        )


def downgrade() -> None:
    packed = op.get_bind().scalar(sa.text("SELECT count(*) FROM blobs WHERE codec != 'zstd'"))
    if packed:
        raise RuntimeError(
            f"{packed} raw captures are stored with a dictionary or as deltas;"
            " an older nkmon could not read them"
        )
    with op.batch_alter_table("blobs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_blobs_base_sha256_blobs"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_blobs_dict_id_blob_dicts"), type_="foreignkey")
        batch_op.drop_column("depth")
        batch_op.drop_column("base_sha256")
        batch_op.drop_column("dict_id")
    with op.batch_alter_table("blob_dicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_blob_dicts_source_id"))
    op.drop_table("blob_dicts")
