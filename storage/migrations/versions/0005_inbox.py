"""durable inbox; tickets remember the inbox row they came from

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-30

The inbox replaces processed_events: an event's key in the inbox is what dedupes
its retries now.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("platform", "key", name="uq_inbox_platform_key"),
    )
    with op.batch_alter_table("inbox") as batch_op:
        batch_op.create_index("ix_inbox_due", ["status", "available_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_inbox_finished_at"), ["finished_at"], unique=False)
    with op.batch_alter_table("tickets") as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=300), nullable=True))
        batch_op.create_index("uq_tickets_source", ["source"], unique=True)
    with op.batch_alter_table("processed_events") as batch_op:
        batch_op.drop_index(batch_op.f("ix_processed_events_received_at"))
    op.drop_table("processed_events")


def downgrade() -> None:
    op.create_table(
        "processed_events",
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "event_id"),
    )
    with op.batch_alter_table("processed_events") as batch_op:
        batch_op.create_index(batch_op.f("ix_processed_events_received_at"), ["received_at"],
                              unique=False)
    with op.batch_alter_table("tickets") as batch_op:
        batch_op.drop_index("uq_tickets_source")
        batch_op.drop_column("source")
    with op.batch_alter_table("inbox") as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbox_finished_at"))
        batch_op.drop_index("ix_inbox_due")
    op.drop_table("inbox")
