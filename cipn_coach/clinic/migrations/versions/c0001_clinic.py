"""The clinic's tables: patients, their check-ins and sessions, and the import log.

Revision ID: c0001
Revises:
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "c0001"
down_revision = None
branch_labels = None
depends_on = None


def _checkin_fields() -> list[sa.Column]:
    """The answers of one check-in version (``storage.models.CheckInFields``)."""
    return [
        sa.Column("day", sa.Date(), nullable=False, index=True),
        sa.Column("hands", sa.Integer(), nullable=False),
        sa.Column("feet", sa.Integer(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("pain_kinds", sa.String(100), nullable=False),
        sa.Column("night", sa.Integer(), nullable=True),
        *[
            sa.Column(name, sa.Boolean(), nullable=False)
            for name in (
                "woke_me",
                "cold_sensitive",
                "dropped",
                "fine_motor",
                "held_wall",
                "stumbled",
            )
        ],
        sa.Column("falls", sa.Integer(), nullable=False),
        sa.Column("near_falls", sa.Integer(), nullable=False),
        sa.Column("new_weakness", sa.Boolean(), nullable=False),
        sa.Column("unfelt_wound", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        # the weekly daily-life answers (issue 16), asked once a week: empty on other days
        sa.Column("daily_tasks_harder", sa.Boolean(), nullable=True),
        sa.Column("self_care_harder", sa.Boolean(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "clinic_patients",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("record_id", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("exported_at", sa.DateTime(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("routines", sa.Text(), nullable=False),
        sa.Column("custom_exercises", sa.Text(), nullable=False),
    )
    op.create_table(
        "clinic_checkins",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "patient_id",
            sa.Integer(),
            sa.ForeignKey("clinic_patients.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        *_checkin_fields(),
        sa.UniqueConstraint("patient_id", "day", name="uq_clinic_checkins_day"),
    )
    op.create_table(
        "clinic_checkin_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "checkin_id",
            sa.Integer(),
            sa.ForeignKey("clinic_checkins.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("replaced_at", sa.DateTime(), nullable=False),
        *_checkin_fields(),
    )
    op.create_table(
        "clinic_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "patient_id",
            sa.Integer(),
            sa.ForeignKey("clinic_patients.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("uid", sa.String(36), nullable=False),
        sa.Column("routine_id", sa.String(64), nullable=False),
        sa.Column("routine_version", sa.Integer(), nullable=False),
        sa.Column("routine_title", sa.String(200), nullable=False),
        sa.Column("slot", sa.String(64), nullable=True),
        sa.Column("local_date", sa.Date(), nullable=False, index=True),
        sa.Column("program_week", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("planned_seconds", sa.Float(), nullable=False),
        sa.Column("done_seconds", sa.Float(), nullable=False),
        sa.Column("effort", sa.Integer(), nullable=True),
        sa.Column("symptoms_change", sa.String(16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.UniqueConstraint("patient_id", "uid", name="uq_clinic_sessions_uid"),
    )
    op.create_table(
        "clinic_session_steps",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("clinic_sessions.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
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
        sa.UniqueConstraint("session_id", "position", name="uq_clinic_steps"),
    )
    op.create_table(
        "clinic_import_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False, index=True),
        sa.Column("user", sa.String(100), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("kind", sa.String(16), nullable=True),
        sa.Column(
            "patient_id",
            sa.Integer(),
            sa.ForeignKey("clinic_patients.id", ondelete="SET NULL"),
            nullable=True,
            index=True,
        ),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "clinic_import_log",
        "clinic_session_steps",
        "clinic_sessions",
        "clinic_checkin_versions",
        "clinic_checkins",
        "clinic_patients",
    ):
        op.drop_table(table)
