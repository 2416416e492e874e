"""Self-test results (issue 15).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

Only a new table. Results are identified by ``uid`` so that a backup merged twice adds
nothing the second time.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "self_test_results",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column("test_id", sa.String(64), nullable=False, index=True),
        sa.Column("day", sa.Date(), nullable=False, index=True),
        sa.Column("side", sa.String(8), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("stopped_for_safety", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("self_test_results")
