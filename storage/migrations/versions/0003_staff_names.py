"""staff display names on tickets

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch_op:
        batch_op.add_column(sa.Column("claimed_by_name", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("answered_by_name", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch_op:
        batch_op.drop_column("answered_by_name")
        batch_op.drop_column("claimed_by_name")
