"""Casualty figures name the event they belong to (Casualty.event, set by the casualties
stage), so clusters attach each figure to the right incident.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 21:35:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("casualties", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("casualties", schema=None) as batch_op:
        batch_op.drop_column("event_id")
