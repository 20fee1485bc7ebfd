"""conversation topics for follow-up questions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversation_topics",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("conversation", sa.String(length=255), nullable=False),
        sa.Column("thread", sa.String(length=255), nullable=False),
        sa.Column("entry_ids", sa.String(length=400), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("platform", "conversation", "thread", name="uq_conversation_topic"),
    )
    op.create_index("ix_conversation_topics_updated_at", "conversation_topics", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_conversation_topics_updated_at", table_name="conversation_topics")
    op.drop_table("conversation_topics")
