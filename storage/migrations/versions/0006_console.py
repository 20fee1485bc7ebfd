"""console: sign-in links, sessions, audit, interaction counts, knowledge drafts

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "console_login_links",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("user", sa.String(length=255), nullable=False),
        sa.Column("user_name", sa.String(length=255), nullable=False),
        _at("created_at"), _at("expires_at"), _at("used_at", True),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_console_login_links_expires_at", "console_login_links", ["expires_at"])
    op.create_table(
        "console_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("user", sa.String(length=255), nullable=False),
        sa.Column("user_name", sa.String(length=255), nullable=False),
        _at("created_at"), _at("expires_at"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_console_sessions_expires_at", "console_sessions", ["expires_at"])
    op.create_table(
        "console_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _at("at"),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target", sa.String(length=255), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_console_audit_at", "console_audit", ["at"])
    op.create_table(
        "interaction_counts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("entry_id", sa.String(length=120), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("day", "platform", "outcome", "entry_id", "language",
                            name="uq_interaction_counts"),
    )
    op.create_index("ix_interaction_counts_entry", "interaction_counts", ["outcome", "entry_id"])
    op.create_index("ix_interaction_counts_answer_entries", "interaction_counts",
                    ["outcome", "day", "entry_id", "count"])
    op.create_table(
        "interaction_days",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("day", "outcome", "platform", "language", name="uq_interaction_days"),
    )
    op.create_table(
        "knowledge_drafts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.String(length=120), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("live_entry_id", sa.String(length=120), nullable=True),
        sa.Column("origin", sa.String(length=60), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("updated_by", sa.String(length=255), nullable=False),
        sa.Column("approved_by", sa.String(length=255), nullable=True),
        _at("approved_at", True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _at("created_at"), _at("updated_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("live_entry_id"),
    )
    op.create_index("ix_knowledge_drafts_status", "knowledge_drafts", ["status"])
    revision_table = op.create_table(
        "knowledge_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(revision_table, [{"id": 1, "revision": 0}])
    # The console's queue and insights read tickets by creation time and queue.
    op.create_index("ix_tickets_created_at", "tickets", ["created_at"])
    op.create_index("ix_tickets_answered_at", "tickets", ["answered_at"])
    op.create_index("ix_tickets_queue_status_created", "tickets",
                    ["queue", "status", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_tickets_queue_status_created", table_name="tickets")
    op.drop_index("ix_tickets_answered_at", table_name="tickets")
    op.drop_index("ix_tickets_created_at", table_name="tickets")
    for table in ("knowledge_revision", "knowledge_drafts", "interaction_days",
                  "interaction_counts", "console_audit", "console_sessions", "console_login_links"):
        op.drop_table(table)
