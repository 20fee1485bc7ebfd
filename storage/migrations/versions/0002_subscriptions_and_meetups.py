"""subscriptions and meetups

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:38:48.040764
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "meetups",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("building_blocks", sa.JSON(), nullable=False),
        sa.Column("audience", sa.String(length=255), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("location", sa.String(length=255), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("cancelled_by", sa.String(length=255), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("meetups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetups_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("conversation", sa.String(length=255), nullable=False),
        sa.Column("kinds", sa.String(length=100), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "conversation", name="uq_subscription"),
    )


def downgrade() -> None:

    op.drop_table("subscriptions")
    with op.batch_alter_table("meetups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetups_starts_at"))

    op.drop_table("meetups")
