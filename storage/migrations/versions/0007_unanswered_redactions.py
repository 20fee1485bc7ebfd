"""what redaction removed from an unanswered question, kept for when it is forwarded

Revision ID: 0007
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("unanswered_questions") as batch_op:
        batch_op.add_column(sa.Column("redactions", sa.JSON(), nullable=False,
                                      server_default=sa.text("'{}'")))


def downgrade() -> None:
    with op.batch_alter_table("unanswered_questions") as batch_op:
        batch_op.drop_column("redactions")
