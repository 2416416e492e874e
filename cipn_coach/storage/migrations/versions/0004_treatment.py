"""Treatment-aware tracking: the chemotherapy record, its cycle days, and the two weekly
daily-life answers on the check-ins.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

Two new tables, and two nullable columns on ``checkins`` and ``checkin_versions``
(batch mode: SQLite cannot alter a table in place). Existing check-ins get NULL for the
new answers: "not asked", which is what they were.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_DAILY_LIFE = ("daily_tasks_harder", "self_care_harder")


def upgrade() -> None:
    op.create_table(
        "treatment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("agents", sa.String(200), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "treatment_cycles",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("planned", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    for table in ("checkins", "checkin_versions"):
        with op.batch_alter_table(table) as batch:
            for name in _DAILY_LIFE:
                batch.add_column(sa.Column(name, sa.Boolean(), nullable=True))


def downgrade() -> None:
    for table in ("checkin_versions", "checkins"):
        with op.batch_alter_table(table) as batch:
            for name in reversed(_DAILY_LIFE):
                batch.drop_column(name)
    op.drop_table("treatment_cycles")
    op.drop_table("treatment")
