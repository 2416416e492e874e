"""A patient's rows in the clinic database ↔ the backup model (``BackupData``).

The clinic keeps each person's record in the shape of the app's JSON backup, so the one
model validates it on the way in and out and the backup import's merge rules apply to
it unchanged. ``load`` reads one patient's record, treatment and self-test results
included; ``store`` writes what changed of it in the caller's transaction (in bulk: 120
days cost a few statements).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from pydantic import BaseModel
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from cipn_coach.backup.format import BackupData, CheckInAnswers
from cipn_coach.backup.merge import (
    ANSWER_FIELDS,
    SELF_TEST_FIELDS,
    SESSION_FIELDS,
    STEP_FIELDS,
    answers_of,
)
from cipn_coach.clinic.models import (
    ClinicCheckIn,
    ClinicCheckInVersion,
    ClinicCycle,
    ClinicPatient,
    ClinicSelfTest,
    ClinicSession,
    ClinicStep,
    ClinicTreatment,
)
from cipn_coach.treatment.record import AGENT_ORDER


def load(s: Session, patient: ClinicPatient) -> BackupData:
    """The patient's whole record, validated by the backup model."""
    history: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for old in s.scalars(
        select(ClinicCheckInVersion)
        .join(ClinicCheckIn, ClinicCheckIn.id == ClinicCheckInVersion.checkin_id)
        .where(ClinicCheckIn.patient_id == patient.id)
        .order_by(ClinicCheckInVersion.checkin_id, ClinicCheckInVersion.version)
    ):
        history[old.checkin_id].append(answers_of(old) | {"replaced_at": old.replaced_at})
    checkins = [
        answers_of(c) | {"day": c.day, "history": history[c.id]}
        for c in s.scalars(
            select(ClinicCheckIn)
            .where(ClinicCheckIn.patient_id == patient.id)
            .order_by(ClinicCheckIn.day)
        )
    ]
    steps: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for step in s.scalars(
        select(ClinicStep)
        .join(ClinicSession, ClinicSession.id == ClinicStep.session_id)
        .where(ClinicSession.patient_id == patient.id)
        .order_by(ClinicStep.session_id, ClinicStep.position)
    ):
        steps[step.session_id].append({name: getattr(step, name) for name in STEP_FIELDS})
    sessions = [
        {"uid": r.uid, **{name: getattr(r, name) for name in SESSION_FIELDS}, "steps": steps[r.id]}
        for r in s.scalars(
            select(ClinicSession)
            .where(ClinicSession.patient_id == patient.id)
            .order_by(ClinicSession.started_at, ClinicSession.uid)
        )
    ]
    return BackupData.model_validate(
        {
            "settings": json.loads(patient.settings),
            "checkins": checkins,
            "sessions": sessions,
            "routines": json.loads(patient.routines),
            "custom_exercises": json.loads(patient.custom_exercises),
            "treatment": _treatment(s, patient.id),
            "self_tests": [
                {"uid": r.uid, **{name: getattr(r, name) for name in SELF_TEST_FIELDS}}
                for r in s.scalars(
                    select(ClinicSelfTest)
                    .where(ClinicSelfTest.patient_id == patient.id)
                    .order_by(ClinicSelfTest.day, ClinicSelfTest.created_at, ClinicSelfTest.uid)
                )
            ],
        }
    )


def _treatment(s: Session, patient_id: int) -> dict[str, Any] | None:
    """The treatment record as the backup model's fields (``None``: the patient's
    exports had none), as ``backup.json_file.treatment_of`` reads the app's own."""
    record = s.get(ClinicTreatment, patient_id)
    cycles = [
        {"day": c.day, "planned": c.planned}
        for c in s.scalars(
            select(ClinicCycle)
            .where(ClinicCycle.patient_id == patient_id)
            .order_by(ClinicCycle.day)
        )
    ]
    if record is None and not cycles:
        return None
    return {
        "agents": [a for a in record.agents.split(",") if a] if record is not None else [],
        "finished_on": record.finished_on if record is not None else None,
        "cycles": cycles,
    }


def _columns(version: CheckInAnswers) -> dict[str, Any]:
    return {
        **{name: getattr(version, name) for name in ANSWER_FIELDS},
        "pain_kinds": ",".join(k.value for k in version.pain_kinds),
        "version": version.version,
        "created_at": version.created_at,
        "updated_at": version.updated_at,
    }


def _insert(s: Session, model: Any, rows: list[dict[str, Any]], *returning: Any) -> list[Any]:
    """Core INSERTs of many rows, which SQLAlchemy sends as multi-row statements
    ("insertmanyvalues") with the new ids: the ORM's bulk insert went row by row on
    psycopg, and 200 patients' records took minutes on PostgreSQL."""
    if not rows:
        return []
    statement = insert(model.__table__).returning(*(returning or (model.__table__.c.id,)))
    return list(s.connection().execute(statement, rows))


def _copy(s: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Rows whose ids nobody needs, by PostgreSQL's COPY where the database is one (the
    multi-row INSERT of a session's steps spent most of its time in psycopg building
    the statement), else by ``_insert``. Values go through each column's own type
    first, as an INSERT would send them (``UTCDateTime``: naive UTC)."""
    connection = s.connection()
    if connection.dialect.name != "postgresql" or not rows:
        _insert(s, model, rows)
        return
    columns = [c for c in model.__table__.columns if c.name in rows[0]]
    convert = [c.type.bind_processor(connection.dialect) for c in columns]
    names = ", ".join(connection.dialect.identifier_preparer.quote(c.name) for c in columns)
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor:  # type: ignore[union-attr]
        with cursor.copy(f"COPY {model.__tablename__} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [
                        row[c.name] if f is None else f(row[c.name])
                        for c, f in zip(columns, convert, strict=False)
                    ]
                )


def same_record(one: BaseModel, other: BaseModel | None) -> bool:
    """Whether two records of the backup model are equal in every field. Compared as
    their JSON (made by pydantic's compiled core): comparing the models field by field
    in Python cost more than the rest of a re-import."""
    return other is not None and (one is other or one.model_dump_json() == other.model_dump_json())


def store(
    s: Session, patient: ClinicPatient, data: BackupData, previous: BackupData | None = None
) -> bool:
    """Make the patient's record ``data`` (inside the caller's transaction), writing only
    the days, sessions, treatment and self-test results that differ from ``previous``
    (what is stored now). Returns whether any row changed."""
    patient.settings = json.dumps(data.settings, ensure_ascii=False, sort_keys=True)
    patient.routines = json.dumps(
        [r.model_dump(mode="json") for r in data.routines], ensure_ascii=False
    )
    patient.custom_exercises = json.dumps(
        [e.model_dump(mode="json") for e in data.custom_exercises], ensure_ascii=False
    )
    before = previous or BackupData()
    old_days = {c.day: c for c in before.checkins}
    old_uids = {r.uid: r for r in before.sessions}
    checkins = [c for c in data.checkins if not same_record(c, old_days.get(c.day))]
    sessions = [r for r in data.sessions if not same_record(r, old_uids.get(r.uid))]
    stale_days = {c.day for c in checkins} | (set(old_days) - {c.day for c in data.checkins})
    stale_uids = {r.uid for r in sessions} | (set(old_uids) - {r.uid for r in data.sessions})
    for chunk in _chunks(sorted(stale_days)):
        s.execute(
            delete(ClinicCheckIn).where(
                ClinicCheckIn.patient_id == patient.id, ClinicCheckIn.day.in_(chunk)
            )
        )
    for chunk in _chunks(sorted(stale_uids)):
        s.execute(
            delete(ClinicSession).where(
                ClinicSession.patient_id == patient.id, ClinicSession.uid.in_(chunk)
            )
        )
    if checkins:
        returned = _insert(
            s,
            ClinicCheckIn,
            [{"patient_id": patient.id, "day": c.day, **_columns(c)} for c in checkins],
            ClinicCheckIn.day,
            ClinicCheckIn.id,
        )
        ids = {day: row_id for day, row_id in returned}
        versions = [
            {
                "checkin_id": ids[c.day],
                "day": c.day,
                "replaced_at": old.replaced_at,
                **_columns(old),
            }
            for c in checkins
            for old in c.history
        ]
        _copy(s, ClinicCheckInVersion, versions)
    if sessions:
        returned = _insert(
            s,
            ClinicSession,
            [
                {
                    "patient_id": patient.id,
                    "uid": r.uid,
                    **{name: getattr(r, name) for name in SESSION_FIELDS},
                }
                for r in sessions
            ],
            ClinicSession.uid,
            ClinicSession.id,
        )
        uids = {uid: row_id for uid, row_id in returned}
        steps = [
            {"session_id": uids[r.uid], **{name: getattr(step, name) for name in STEP_FIELDS}}
            for r in sessions
            for step in r.steps
        ]
        _copy(s, ClinicStep, steps)
    treatment_changed = _store_treatment(s, patient.id, data, before)
    self_tests_changed = _store_self_tests(s, patient.id, data, before)
    return bool(
        stale_days or stale_uids or checkins or sessions or treatment_changed or self_tests_changed
    )


def _store_treatment(s: Session, patient_id: int, data: BackupData, before: BackupData) -> bool:
    """The medicines, end day and cycle days of ``data``, if they differ from ``before``.
    A record once imported stays (a merge never takes one away), so ``None`` in ``data``
    only ever means the patient never had one."""
    if data.treatment is None or (
        before.treatment is not None and same_record(data.treatment, before.treatment)
    ):
        return False
    agents = ",".join(a.value for a in AGENT_ORDER if a in data.treatment.agents)
    record = s.get(ClinicTreatment, patient_id)
    if record is None:
        s.add(
            ClinicTreatment(
                patient_id=patient_id, agents=agents, finished_on=data.treatment.finished_on
            )
        )
    else:
        record.agents, record.finished_on = agents, data.treatment.finished_on
    s.flush()
    s.execute(delete(ClinicCycle).where(ClinicCycle.patient_id == patient_id))
    _insert(
        s,
        ClinicCycle,
        [
            {"patient_id": patient_id, "day": c.day, "planned": c.planned}
            for c in data.treatment.cycles
        ],
    )
    return True


def _store_self_tests(s: Session, patient_id: int, data: BackupData, before: BackupData) -> bool:
    """The self-test results of ``data`` that differ from ``before``, by uid."""
    old_uids = {r.uid: r for r in before.self_tests}
    results = [r for r in data.self_tests if not same_record(r, old_uids.get(r.uid))]
    stale = {r.uid for r in results} | (set(old_uids) - {r.uid for r in data.self_tests})
    for chunk in _chunks(sorted(stale)):
        s.execute(
            delete(ClinicSelfTest).where(
                ClinicSelfTest.patient_id == patient_id, ClinicSelfTest.uid.in_(chunk)
            )
        )
    _insert(
        s,
        ClinicSelfTest,
        [
            {
                "patient_id": patient_id,
                "uid": r.uid,
                **{name: getattr(r, name) for name in SELF_TEST_FIELDS},
            }
            for r in results
        ],
    )
    return bool(stale or results)


def _chunks(values: list[Any], size: int = 500) -> list[list[Any]]:
    return [values[start : start + size] for start in range(0, len(values), size)]
