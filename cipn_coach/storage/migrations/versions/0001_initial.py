"""Initial tables: sessions, their steps, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column("routine_id", sa.String(64), nullable=False, index=True),
        sa.Column("routine_version", sa.Integer(), nullable=False),
        sa.Column("routine_title", sa.String(200), nullable=False),
        sa.Column("slot", sa.String(64), nullable=True),
        sa.Column("local_date", sa.Date(), nullable=False, index=True),
        sa.Column("program_week", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("planned_seconds", sa.Float(), nullable=False),
        sa.Column("done_seconds", sa.Float(), nullable=False),
        sa.Column("effort", sa.Integer(), nullable=True),
        sa.Column("symptoms_change", sa.String(16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_table(
        "session_steps",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("planned_seconds", sa.Float(), nullable=False),
        sa.Column("done_seconds", sa.Float(), nullable=False),
        sa.Column("planned_reps", sa.Integer(), nullable=True),
        sa.Column("done_reps", sa.Integer(), nullable=True),
        sa.Column("skipped", sa.Boolean(), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("session_id", "position"),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_table("session_steps")
    op.drop_table("sessions")
