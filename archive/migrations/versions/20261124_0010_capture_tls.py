"""The status of the certificate each capture's HTTPS server showed.

``captures.tls``: verified, self-signed, expired, not-yet-valid,
hostname-mismatch or untrusted; NULL for plain http and for captures made
before this revision. A source with ``tls = "allow-invalid"`` archives pages
behind a bad certificate: this says which ones.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("captures", sa.Column("tls", sa.String(length=24), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("captures") as batch:
        batch.drop_column("tls")
