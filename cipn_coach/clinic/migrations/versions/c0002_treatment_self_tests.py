"""The patients' chemotherapy records and self-test results, and what each import carried.

Revision ID: c0002
Revises: c0001
Create Date: 2026-12-06

Three new tables, and ``clinic_import_log.reader_version`` (batch mode: SQLite cannot
alter a table in place; the log has no table below it, so its copy loses nothing).
Imports logged before this revision get 1: they carried no treatment and no self-tests,
so the same file imported again is merged, not set aside as already here.
"""

import sqlalchemy as sa
from alembic import op

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None


def _patient_column(primary_key: bool = False) -> sa.Column:
    return sa.Column(
        "patient_id",
        sa.Integer(),
        sa.ForeignKey("clinic_patients.id", ondelete="CASCADE"),
        nullable=False,
        primary_key=primary_key,
        index=not primary_key,
    )


def upgrade() -> None:
    op.create_table(
        "clinic_treatments",
        _patient_column(primary_key=True),
        sa.Column("agents", sa.String(200), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=True),
    )
    op.create_table(
        "clinic_cycles",
        sa.Column("id", sa.Integer(), primary_key=True),
        _patient_column(),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("planned", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("patient_id", "day", name="uq_clinic_cycles_day"),
    )
    op.create_table(
        "clinic_self_tests",
        sa.Column("id", sa.Integer(), primary_key=True),
        _patient_column(),
        sa.Column("uid", sa.String(36), nullable=False),
        sa.Column("test_id", sa.String(64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("side", sa.String(8), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("stopped_for_safety", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("patient_id", "uid", name="uq_clinic_self_tests_uid"),
    )
    with op.batch_alter_table("clinic_import_log") as batch:
        batch.add_column(
            sa.Column("reader_version", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade() -> None:
    with op.batch_alter_table("clinic_import_log") as batch:
        batch.drop_column("reader_version")
    for table in ("clinic_self_tests", "clinic_cycles", "clinic_treatments"):
        op.drop_table(table)
