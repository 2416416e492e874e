"""The clinic's tables: one row per patient, their imported records, and the import log.

A separate ``DeclarativeBase`` (and Alembic chain) from the patient's own database: the
clinic database is a different file or server, and neither schema may move the other.
The record tables hold what a JSON backup holds (``backup_model``), keyed by patient, so
a patient's record round-trips through the backup model and the backup import's merge
rules apply unchanged. Check-ins, sessions, the chemotherapy record (medicines, cycle
days) and self-test results are real columns (the panel reads them for hundreds of
patients, and a nurse must find every cycle and result the patient recorded); the few
settings, routines and own exercises are kept as the backup model's JSON, since only
the patient's view of them is ever read back.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from cipn_coach.storage.models import CheckInFields, UTCDateTime


class ClinicBase(DeclarativeBase):
    pass


class ClinicPatient(ClinicBase):
    """One person, identified by the record id their exports carry.

    ``record_id`` is the patient's app's own random record id (``patient.record_id``):
    the FHIR export's Patient id, and a setting of the JSON backup, so both kinds of
    export of one person land here. A file from an app before it is held under the old
    key (a uuid5 of the programme start and first check-in time, which two people can
    share): the importer merges such a file only when the names agree. ``exported_at`` is the newest export's own
    time: an older file re-imported later never overrides the newer settings.
    """

    __tablename__ = "clinic_patients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    settings: Mapped[str] = mapped_column(Text, default="{}")  # JSON object
    routines: Mapped[str] = mapped_column(Text, default="[]")  # JSON list (RoutineData)
    custom_exercises: Mapped[str] = mapped_column(Text, default="[]")  # CustomExerciseData


class ClinicCheckIn(CheckInFields, ClinicBase):
    """A patient's current check-in of one day (one per patient and day)."""

    __tablename__ = "clinic_checkins"
    __table_args__ = (UniqueConstraint("patient_id", "day", name="uq_clinic_checkins_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("clinic_patients.id", ondelete="CASCADE"), index=True
    )


class ClinicCheckInVersion(CheckInFields, ClinicBase):
    """An earlier version of a day's check-in, as the patient's own history keeps it."""

    __tablename__ = "clinic_checkin_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checkin_id: Mapped[int] = mapped_column(
        ForeignKey("clinic_checkins.id", ondelete="CASCADE"), index=True
    )
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ClinicSession(ClinicBase):
    """One exercise session of a patient (``uid`` unique per patient, as in the app)."""

    __tablename__ = "clinic_sessions"
    __table_args__ = (UniqueConstraint("patient_id", "uid", name="uq_clinic_sessions_uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("clinic_patients.id", ondelete="CASCADE"), index=True
    )
    uid: Mapped[str] = mapped_column(String(36))
    routine_id: Mapped[str] = mapped_column(String(64))
    routine_version: Mapped[int] = mapped_column(Integer)
    routine_title: Mapped[str] = mapped_column(String(200))
    slot: Mapped[str | None] = mapped_column(String(64))
    local_date: Mapped[date] = mapped_column(Date, index=True)
    program_week: Mapped[int] = mapped_column(Integer, default=1)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16))
    planned_seconds: Mapped[float] = mapped_column(Float)
    done_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    effort: Mapped[int | None] = mapped_column(Integer)
    symptoms_change: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class ClinicStep(ClinicBase):
    """What was done of one step of a session."""

    __tablename__ = "clinic_session_steps"
    __table_args__ = (UniqueConstraint("session_id", "position", name="uq_clinic_steps"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("clinic_sessions.id", ondelete="CASCADE"), index=True
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


class ClinicTreatment(ClinicBase):
    """A patient's chemotherapy medicines and end day (one row per patient, when their
    export has a treatment record). ``agents``: the medicines' values, comma-separated,
    as the app itself stores them."""

    __tablename__ = "clinic_treatments"

    patient_id: Mapped[int] = mapped_column(
        ForeignKey("clinic_patients.id", ondelete="CASCADE"), primary_key=True
    )
    agents: Mapped[str] = mapped_column(String(200))
    finished_on: Mapped[date | None] = mapped_column(Date)


class ClinicCycle(ClinicBase):
    """One chemotherapy cycle day of a patient (one per patient and day); ``planned``
    while it is still to come."""

    __tablename__ = "clinic_cycles"
    __table_args__ = (UniqueConstraint("patient_id", "day", name="uq_clinic_cycles_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("clinic_patients.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date)
    planned: Mapped[bool] = mapped_column(Boolean)


class ClinicSelfTest(ClinicBase):
    """One self-test result of a patient, as measured (``uid`` unique per patient, as
    in the app). ``test_id`` is not checked against this app's tests: a result of a
    test only a later app knows is kept all the same."""

    __tablename__ = "clinic_self_tests"
    __table_args__ = (UniqueConstraint("patient_id", "uid", name="uq_clinic_self_tests_uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("clinic_patients.id", ondelete="CASCADE"), index=True
    )
    uid: Mapped[str] = mapped_column(String(36))
    test_id: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)
    side: Mapped[str | None] = mapped_column(String(8))
    value: Mapped[float] = mapped_column(Float)
    stopped_for_safety: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# What each version of the importer carries into the clinic; an import log line says
# which one merged the file. 1: check-ins, sessions, settings, routines and own
# exercises; 2: also the treatment record and self-test results.
READER_VERSION = 2


class ImportLogEntry(ClinicBase):
    """Every import attempt: who (the OS user), when, which file, and what came of it.

    Kept also for refused files: a clinic must be able to say what it was handed.
    ``patient_id`` is empty when the file was refused before a patient was known.
    ``reader_version`` (``READER_VERSION``) is what the importer carried then: the very
    same file merged by an importer that carried less is merged again when it comes
    back, so what it left out is not set aside as "already here".
    """

    __tablename__ = "clinic_import_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user: Mapped[str] = mapped_column(String(100))
    file: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str | None] = mapped_column(String(16))  # "fhir" or "json"
    patient_id: Mapped[int | None] = mapped_column(
        ForeignKey("clinic_patients.id", ondelete="SET NULL"), index=True
    )
    result: Mapped[str] = mapped_column(String(16))  # "imported" or "refused"
    detail: Mapped[str] = mapped_column(Text)
    reader_version: Mapped[int] = mapped_column(Integer, server_default="1")
