"""Daily check-ins and their edit history.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

Only new tables, so nothing needs batch mode here; later changes to these tables go
through ``op.batch_alter_table`` (env.py sets ``render_as_batch``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _answer_columns() -> list[sa.Column]:
    """The columns shared by ``checkins`` and ``checkin_versions`` (models.CheckInFields)."""
    return [
        sa.Column("day", sa.Date(), nullable=False, index=True),
        sa.Column("hands", sa.Integer(), nullable=False),
        sa.Column("feet", sa.Integer(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("pain_kinds", sa.String(100), nullable=False),
        sa.Column("night", sa.Integer(), nullable=True),
        sa.Column("woke_me", sa.Boolean(), nullable=False),
        sa.Column("cold_sensitive", sa.Boolean(), nullable=False),
        sa.Column("dropped", sa.Boolean(), nullable=False),
        sa.Column("fine_motor", sa.Boolean(), nullable=False),
        sa.Column("held_wall", sa.Boolean(), nullable=False),
        sa.Column("stumbled", sa.Boolean(), nullable=False),
        sa.Column("falls", sa.Integer(), nullable=False),
        sa.Column("near_falls", sa.Integer(), nullable=False),
        sa.Column("new_weakness", sa.Boolean(), nullable=False),
        sa.Column("unfelt_wound", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), primary_key=True),
        *_answer_columns(),
        sa.UniqueConstraint("day", name="uq_checkins_day"),
    )
    op.create_table(
        "checkin_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        *_answer_columns(),
        sa.Column("checkin_id", sa.Integer(), sa.ForeignKey("checkins.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("replaced_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("checkin_id", "version", name="uq_checkin_versions"),
    )


def downgrade() -> None:
    op.drop_table("checkin_versions")
    op.drop_table("checkins")
