"""Articles record the wire agency their dateline credits ("KABUL (AFP) -"), so that a
newspaper reprinting an agency story does not count as an independent source.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 22:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("wire", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("wire")
