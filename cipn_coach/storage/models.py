"""The database tables. Every schema change goes through an Alembic migration.

Timestamps are stored in UTC; the calendar day a session or check-in belongs to is
stored as the patient's local date, because "did I do my morning routine on Tuesday?"
is a question about their Tuesday, not UTC's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; naive UTC in SQLite."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class SessionRecord(Base):
    """One guided session. ``status``: in_progress → completed | stopped | partial.

    ``partial`` is set at the next start for a session that never ended (crash, power
    cut): what was done of it is kept in its steps.
    """

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    routine_id: Mapped[str] = mapped_column(String(64), index=True)
    routine_version: Mapped[int] = mapped_column(Integer)
    routine_title: Mapped[str] = mapped_column(String(200))
    slot: Mapped[str | None] = mapped_column(String(64))
    local_date: Mapped[date] = mapped_column(Date, index=True)
    program_week: Mapped[int] = mapped_column(Integer, default=1)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), index=True)
    planned_seconds: Mapped[float] = mapped_column(Float)
    done_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    effort: Mapped[int | None] = mapped_column(Integer)
    symptoms_change: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)

    steps: Mapped[list[StepRecord]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="StepRecord.position"
    )


class StepRecord(Base):
    """What was done of one step of a session; written as the step ends."""

    __tablename__ = "session_steps"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    exercise_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    planned_seconds: Mapped[float] = mapped_column(Float)
    done_seconds: Mapped[float] = mapped_column(Float)
    planned_reps: Mapped[int | None] = mapped_column(Integer)
    done_reps: Mapped[int | None] = mapped_column(Integer)
    skipped: Mapped[bool] = mapped_column(Boolean)
    completed: Mapped[bool] = mapped_column(Boolean)
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime)

    session: Mapped[SessionRecord] = relationship(back_populates="steps")


class Setting(Base):
    """A user preference, stored as JSON text under a dotted key ("voice.rate")."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CheckInFields:
    """The answers of one check-in, shared by the current row and its history rows.

    ``pain_kinds`` is a comma list in form order ("burning,tight"); ``day`` is the
    patient's local calendar date.
    """

    day: Mapped[date] = mapped_column(Date, index=True)
    hands: Mapped[int] = mapped_column(Integer)
    feet: Mapped[int] = mapped_column(Integer)
    pain: Mapped[int] = mapped_column(Integer)
    pain_kinds: Mapped[str] = mapped_column(String(100), default="")
    night: Mapped[int | None] = mapped_column(Integer)
    woke_me: Mapped[bool] = mapped_column(Boolean, default=False)
    cold_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    dropped: Mapped[bool] = mapped_column(Boolean, default=False)
    fine_motor: Mapped[bool] = mapped_column(Boolean, default=False)
    held_wall: Mapped[bool] = mapped_column(Boolean, default=False)
    stumbled: Mapped[bool] = mapped_column(Boolean, default=False)
    falls: Mapped[int] = mapped_column(Integer, default=0)
    near_falls: Mapped[int] = mapped_column(Integer, default=0)
    new_weakness: Mapped[bool] = mapped_column(Boolean, default=False)
    unfelt_wound: Mapped[bool] = mapped_column(Boolean, default=False)
    # The two weekly daily-life questions (checkin_fields.DAILY_LIFE_FIELDS): ``None`` on
    # the days they were not asked, which is most days.
    daily_tasks_harder: Mapped[bool | None] = mapped_column(Boolean)
    self_care_harder: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CheckIn(CheckInFields, Base):
    """The current check-in of one local day (one row per day, enforced by the schema)."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("day", name="uq_checkins_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class CheckInVersion(CheckInFields, Base):
    """An earlier version of a day's check-in, copied here before each edit.

    Kept so a clinician can see what was first reported, and a mistaken edit is never a
    loss. ``replaced_at`` is when the newer version was saved over it.
    """

    __tablename__ = "checkin_versions"
    __table_args__ = (UniqueConstraint("checkin_id", "version", name="uq_checkin_versions"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checkin_id: Mapped[int] = mapped_column(
        ForeignKey("checkins.id", ondelete="CASCADE"), index=True
    )
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RoutineRecord(Base):
    """One version of a routine made or changed in the app, or imported from a file.

    ``body`` is the validated ``Routine`` as JSON text: the model is the schema, and the
    columns beside it are only what lists and look-ups need. Saving a change adds a new
    version and archives the older ones, so sessions that ran an old version can still
    be matched to exactly what was prescribed. ``source``: builtin, clinician, imported.
    """

    __tablename__ = "routines"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    archived: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CustomExercise(Base):
    """A clinician's own exercise: the validated ``Exercise`` as JSON, and its picture.

    The picture (PNG, JPEG or SVG, checked on the way in) is kept as bytes with its MIME
    type so a routine file can carry it to another computer.
    """

    __tablename__ = "custom_exercises"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    picture: Mapped[bytes | None] = mapped_column(LargeBinary)
    picture_mime: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TreatmentRecord(Base):
    """The chemotherapy record: one row (``id`` 1), or none until the patient fills it in.

    ``agents`` is a comma list of ``treatment.Agent`` values in list order;
    ``finished_on`` is the patient's local date of the last treatment, when it is over.
    """

    __tablename__ = "treatment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agents: Mapped[str] = mapped_column(String(200), default="")
    finished_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CycleRecord(Base):
    """One chemotherapy cycle day (the patient's local date); ``planned`` until given."""

    __tablename__ = "treatment_cycles"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    planned: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SelfTestRecord(Base):
    """One self-test result (a chair stand count, a balance time), kept as measured.

    ``uid`` is its identity across computers (backups merge by it). ``day`` is the
    patient's local date; ``side`` is "left"/"right" for one-leg or one-hand tests.
    ``stopped_for_safety`` marks a test the patient stopped because they felt unsteady:
    a valid result, never a failure. ``source``: "app" (the player) or "paper" (entered
    afterwards).
    """

    __tablename__ = "self_test_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    test_id: Mapped[str] = mapped_column(String(64), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    side: Mapped[str | None] = mapped_column(String(8))
    value: Mapped[float] = mapped_column(Float)
    stopped_for_safety: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
