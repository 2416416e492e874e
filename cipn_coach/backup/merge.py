"""Writing a validated backup into the database: replace, or merge without losing a record.

Everything here runs inside the one transaction ``backup_json.import_json`` opens, so an
import is all-or-nothing. The rules (also in the README's backup section):

- **replace**: every backed-up table is emptied, then the backup is written as it is.
- **merge** and **empty** never delete or overwrite a record:
  - *Sessions* by ``uid``. Not here → added. Identical → kept once. Different → both
    kept: the incoming one gets a new uid derived from its uid and content (so merging
    the same file twice adds nothing the second time) and a remark in its note.
  - *Check-ins* by ``day``. All versions of the day from both sides (current and
    history) are pooled; versions with the same answers and timestamps count once. They
    are ordered by ``updated_at`` (ties: the local one last) and numbered 1…n; the newest
    is the day's current check-in, the others are its history. So the most recent answer
    about a day wins, and every other answer stays in the history.
  - *Settings*: merge keeps the local value (a backup must not change this computer's
    voice or text size); empty takes the backup's (moving to a new computer).
  - *Routines* by ``id`` + ``version``. Not here → added. Same content → kept once. A
    different routine under the same id + version → the local one stays; the backup's
    is kept, archived, as ``<id>_from_backup`` (source ``imported``), so nothing the
    patient is prescribed changes and a clinician can bring it back from the archive.
  - *Own exercises* by ``id``: added if not here; if a different one with that id is
    here, the local one stays (routines refer to it by id) and the import says so.
  - *Treatment*: the medicines and end day here stay if this computer has a record
    (merge), else the backup's are taken. *Cycle days* by ``day``: not here → added; the
    same day planned on one side and given on the other → given (what happened beats
    what was planned).
  - *Self-test results* by ``uid``, as sessions: not here → added; identical → kept
    once; different → both kept, the incoming one under a uid derived from its content
    (so merging the same file twice adds nothing the second time).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, inspect, select
from sqlalchemy.orm import Session

from cipn_coach.backup.format import (
    SESSION_NOTE_MAX_CHARS,
    BackupData,
    CheckInAnswers,
    CheckInData,
    CustomExerciseData,
    RoutineData,
    SelfTestResultData,
    SessionData,
    TreatmentData,
)
from cipn_coach.i18n import _
from cipn_coach.storage.models import (
    CheckIn,
    CheckInFields,
    CheckInVersion,
    CustomExercise,
    CycleRecord,
    RoutineRecord,
    SelfTestRecord,
    SessionRecord,
    Setting,
    StepRecord,
    TreatmentRecord,
)

ANSWER_FIELDS = (
    "hands",
    "feet",
    "pain",
    "night",
    "woke_me",
    "cold_sensitive",
    "dropped",
    "fine_motor",
    "held_wall",
    "stumbled",
    "falls",
    "near_falls",
    "new_weakness",
    "unfelt_wound",
    "note",
    "daily_tasks_harder",
    "self_care_harder",
)
SESSION_FIELDS = (
    "routine_id",
    "routine_version",
    "routine_title",
    "slot",
    "local_date",
    "program_week",
    "started_at",
    "ended_at",
    "status",
    "planned_seconds",
    "done_seconds",
    "effort",
    "symptoms_change",
    "note",
)
STEP_FIELDS = (
    "position",
    "exercise_id",
    "title",
    "planned_seconds",
    "done_seconds",
    "planned_reps",
    "done_reps",
    "skipped",
    "completed",
    "ended_at",
)
# Children before parents, so a plain DELETE never trips a foreign key.
BACKED_UP_MODELS = (
    CheckInVersion,
    CheckIn,
    StepRecord,
    SessionRecord,
    Setting,
    RoutineRecord,
    CustomExercise,
    CycleRecord,
    TreatmentRecord,
    SelfTestRecord,
)
SELF_TEST_FIELDS = (
    "test_id",
    "day",
    "side",
    "value",
    "stopped_for_safety",
    "source",
    "note",
    "created_at",
)
_COPY_NAMESPACE = uuid.UUID("6f1d0c54-3b7e-4c55-9a43-0d6a1f6ce0b1")
MERGE_REMARK = (
    "(From a backup: this session was also saved here with different details, so both are kept.)"
)


@dataclass
class MergeStats:
    """What an import did, counted per kind, plus remarks worth showing the user."""

    checkins_added: int = 0
    checkins_identical: int = 0
    checkins_merged: int = 0  # days where versions from the backup joined the history
    versions_added: int = 0
    sessions_added: int = 0
    sessions_identical: int = 0
    sessions_copied: int = 0  # differing sessions kept as a second copy
    settings_added: int = 0
    settings_replaced: int = 0
    settings_kept_local: int = 0
    settings_left_out: list[str] = field(default_factory=list)  # why each did not fit
    routines_added: int = 0
    routines_copied: int = 0
    exercises_added: int = 0
    exercises_kept_local: int = 0
    cycles_added: int = 0
    self_tests_added: int = 0
    self_tests_identical: int = 0
    self_tests_copied: int = 0  # differing results under the same uid, kept as a second copy
    notes: list[str] = field(default_factory=list)

    def records_said(self) -> str:
        """What came of the check-ins and sessions, in words: the patient's import and
        the clinic's each put it after their own head."""
        return _(
            "{checkins_added} check-ins added, {checkins_merged} merged, "
            "{checkins_identical} already here; {sessions_added} sessions added, "
            "{sessions_copied} kept as second copies, {sessions_identical} already here"
        ).format(
            checkins_added=self.checkins_added,
            checkins_merged=self.checkins_merged,
            checkins_identical=self.checkins_identical,
            sessions_added=self.sessions_added,
            sessions_copied=self.sessions_copied,
            sessions_identical=self.sessions_identical,
        )

    def self_tests_said(self) -> str:
        """What came of the self-test results, to follow an import's summary ("" when
        the file had none): the patient's import and the clinic's say it alike."""
        if not (self.self_tests_added or self.self_tests_identical or self.self_tests_copied):
            return ""
        return _(
            "; {added} self-test results added, {copied} kept as second copies, "
            "{identical} already here"
        ).format(
            added=self.self_tests_added,
            copied=self.self_tests_copied,
            identical=self.self_tests_identical,
        )


# ---------------------------------------------------------------- rows <-> plain dicts
def answers_of(record: CheckInFields) -> dict[str, Any]:
    """A stored check-in version as the backup model's fields (``pain_kinds`` a list)."""
    from cipn_coach.checkin.fields import PainKind

    kinds = [k for k in record.pain_kinds.split(",") if k in set(PainKind)]
    return {
        **{name: getattr(record, name) for name in ANSWER_FIELDS},
        "pain_kinds": kinds,
        "version": record.version,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }


def session_of(record: SessionRecord) -> dict[str, Any]:
    steps = sorted(record.steps, key=lambda step: step.position)
    return {
        "uid": record.uid,
        **{name: getattr(record, name) for name in SESSION_FIELDS},
        "steps": [{name: getattr(step, name) for name in STEP_FIELDS} for step in steps],
    }


def self_test_of(record: SelfTestRecord) -> dict[str, Any]:
    return {"uid": record.uid, **{name: getattr(record, name) for name in SELF_TEST_FIELDS}}


def routine_body_text(body: dict[str, Any]) -> str:
    """The same text ``RoutineRepository`` stores, so a restored row reads back equal."""
    return json.dumps(body, ensure_ascii=False, sort_keys=True)


def _columns(version: CheckInAnswers) -> dict[str, Any]:
    data = {name: getattr(version, name) for name in ANSWER_FIELDS}
    return data | {
        "pain_kinds": ",".join(k.value for k in version.pain_kinds),
        "created_at": version.created_at,
        "updated_at": version.updated_at,
    }


def _record_columns(record: CheckInFields) -> dict[str, Any]:
    data = {name: getattr(record, name) for name in ANSWER_FIELDS}
    return data | {
        "pain_kinds": record.pain_kinds,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }


# ---------------------------------------------------------------- the whole import
def has_table(s: Session, name: str) -> bool:
    return inspect(s.connection()).has_table(name)


def clear(s: Session) -> None:
    """Empty every table a backup holds (replace mode), inside the caller's transaction."""
    for model in BACKED_UP_MODELS:
        if has_table(s, model.__tablename__):
            s.execute(delete(model))


def apply(s: Session, data: BackupData, mode: str, now: datetime) -> MergeStats:
    """Write ``data`` in ``mode`` ("empty", "replace" or "merge"); see the module rules."""
    stats = MergeStats()
    own_id = _own_record_id(s, now.date())
    if mode == "replace":
        clear(s)
    from cipn_coach.settings.preferences import RECORD_ID

    settings = data.settings
    if own_id is not None:  # this app's own record id: no backup takes it away
        settings = {key: value for key, value in settings.items() if key != RECORD_ID.key}
        if mode == "replace":
            s.add(Setting(key=RECORD_ID.key, value=json.dumps(own_id)))
    _settings(s, settings, local_wins=(mode == "merge"), stats=stats, today=now.date())
    for checkin in data.checkins:
        _merge_checkin(s, checkin, stats)
    for session in data.sessions:
        _merge_session(s, session, stats)
    if data.routines and has_table(s, RoutineRecord.__tablename__):
        for routine in data.routines:
            _merge_routine(s, routine, stats, now)
    if data.custom_exercises and has_table(s, CustomExercise.__tablename__):
        for exercise in data.custom_exercises:
            _merge_exercise(s, exercise, stats)
    if data.treatment is not None and has_table(s, TreatmentRecord.__tablename__):
        _merge_treatment(s, data.treatment, stats, now)
    if data.self_tests and has_table(s, SelfTestRecord.__tablename__):
        for result in data.self_tests:
            _merge_self_test(s, result, stats)
    s.flush()
    return stats


def _own_record_id(s: Session, today: date) -> str | None:
    """This app's record id (``patient.record_id``) as stored, if it has one. It names
    this app's patient to a clinic, so an imported backup never replaces it: a backup of
    someone else restored here must not make this person look like them. An app without
    one takes the backup's (the same person's record moved to a new computer)."""
    from cipn_coach.settings.preferences import RECORD_ID, valid_for_import

    if not has_table(s, Setting.__tablename__):
        return None
    row = s.get(Setting, RECORD_ID.key)
    if row is None or valid_for_import(RECORD_ID.key, _loads(row.value), today) is not None:
        return None
    return str(_loads(row.value))


def _settings(
    s: Session, incoming: dict[str, Any], local_wins: bool, stats: MergeStats, today: date
) -> None:
    """Settings that do not fit their definition (``preferences``) are left out, and
    said so: one would otherwise break the app on the next start."""
    from cipn_coach.settings.preferences import valid_for_import

    for key, value in incoming.items():
        problem = valid_for_import(key, value, today)
        if problem is not None:
            stats.settings_left_out.append(problem)
            continue
        encoded = json.dumps(value)  # as SettingsRepository.set writes it
        row = s.get(Setting, key)
        if row is None:
            s.add(Setting(key=key, value=encoded))
            stats.settings_added += 1
        elif _loads(row.value) != value:
            if local_wins:
                stats.settings_kept_local += 1
            else:
                row.value = encoded
                stats.settings_replaced += 1


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


# ---------------------------------------------------------------- check-ins
@dataclass(frozen=True)
class _Entry:
    """One version of a day's check-in while the two sides are pooled."""

    columns: dict[str, Any]
    replaced_at: datetime | None
    local: bool

    @property
    def key(self) -> tuple[Any, ...]:
        return tuple(
            self.columns[name]
            for name in (*ANSWER_FIELDS, "pain_kinds", "created_at", "updated_at")
        )

    @property
    def order(self) -> tuple[Any, ...]:
        return (self.columns["updated_at"], self.columns["created_at"], self.local)


def _insert_checkin(s: Session, checkin: CheckInData) -> None:
    record = CheckIn(day=checkin.day, version=checkin.version, **_columns(checkin))
    s.add(record)
    s.flush()
    for old in checkin.history:
        s.add(
            CheckInVersion(
                checkin_id=record.id,
                day=checkin.day,
                version=old.version,
                replaced_at=old.replaced_at,
                **_columns(old),
            )
        )


def _merge_checkin(s: Session, checkin: CheckInData, stats: MergeStats) -> None:
    local = s.scalars(select(CheckIn).where(CheckIn.day == checkin.day)).first()
    if local is None:
        _insert_checkin(s, checkin)
        stats.checkins_added += 1
        stats.versions_added += len(checkin.history)
        return
    history = s.scalars(
        select(CheckInVersion)
        .where(CheckInVersion.checkin_id == local.id)
        .order_by(CheckInVersion.version)
    ).all()
    entries = [_Entry(_record_columns(local), None, True)]
    entries += [_Entry(_record_columns(old), old.replaced_at, True) for old in history]
    known = {entry.key for entry in entries}
    new = []
    for version in (checkin, *checkin.history):
        entry = _Entry(_columns(version), getattr(version, "replaced_at", None), False)
        if entry.key not in known:
            known.add(entry.key)
            new.append(entry)
    if not new:
        stats.checkins_identical += 1
        return
    ordered = sorted(entries + new, key=lambda entry: entry.order)
    s.execute(delete(CheckInVersion).where(CheckInVersion.checkin_id == local.id))
    for number, (entry, newer) in enumerate(zip(ordered, ordered[1:], strict=False), start=1):
        s.add(
            CheckInVersion(
                checkin_id=local.id,
                day=local.day,
                version=number,
                replaced_at=entry.replaced_at or newer.columns["updated_at"],
                **entry.columns,
            )
        )
    for name, value in ordered[-1].columns.items():
        setattr(local, name, value)
    local.version = len(ordered)
    stats.checkins_merged += 1
    stats.versions_added += len(new)


# ---------------------------------------------------------------- sessions
def _canonical(session: SessionData) -> str:
    data = session.model_dump(mode="json", exclude={"uid"})
    data["steps"] = sorted(data["steps"], key=lambda step: step["position"])
    return json.dumps(data, sort_keys=True)


def copy_uid(session: SessionData) -> str:
    """The uid a differing incoming session is stored under: the same file always gives
    the same uid, which is what makes a second merge of it a no-op."""
    digest = hashlib.sha256(_canonical(session).encode()).hexdigest()
    return str(uuid.uuid5(_COPY_NAMESPACE, f"{session.uid}:{digest}"))


def _with_remark(note: str | None) -> str:
    if not note:
        return MERGE_REMARK
    room = SESSION_NOTE_MAX_CHARS - len(MERGE_REMARK) - 1
    return f"{note[:room]}\n{MERGE_REMARK}"


def _insert_session(s: Session, session: SessionData, uid: str, note: str | None) -> None:
    values = {name: getattr(session, name) for name in SESSION_FIELDS} | {"note": note}
    steps = [
        StepRecord(**{name: getattr(step, name) for name in STEP_FIELDS}) for step in session.steps
    ]
    s.add(SessionRecord(uid=uid, steps=steps, **values))


def _same_session(record: SessionRecord, incoming: SessionData) -> bool:
    from pydantic import ValidationError

    try:
        local = SessionData.model_validate(session_of(record))
    except ValidationError:  # a local row outside the format's bounds is simply different
        return False
    return _canonical(local) == _canonical(incoming)


def _merge_session(s: Session, session: SessionData, stats: MergeStats) -> None:
    local = s.scalars(select(SessionRecord).where(SessionRecord.uid == session.uid)).first()
    if local is None:
        _insert_session(s, session, session.uid, session.note)
        stats.sessions_added += 1
        return
    if _same_session(local, session):
        stats.sessions_identical += 1
        return
    uid = copy_uid(session)
    if s.scalar(select(SessionRecord.id).where(SessionRecord.uid == uid)) is not None:
        stats.sessions_identical += 1  # merged before: that copy is already here
        return
    _insert_session(s, session, uid, _with_remark(session.note))
    s.flush()
    stats.sessions_copied += 1


# ---------------------------------------------------------------- routines, exercises
COPY_SUFFIX_ID, COPY_SUFFIX_TITLE = "_from_backup", " (from a backup)"


def _routine_key(title: str, body: dict[str, Any]) -> str:
    """What makes two routine versions "the same": title and prescription. The id,
    version and archived flag are bookkeeping, and a copy's title suffix is ours."""
    content = {k: v for k, v in body.items() if k not in ("id", "title", "version", "archived")}
    return json.dumps(
        {"title": title.removesuffix(COPY_SUFFIX_TITLE), "body": content},
        sort_keys=True,
        ensure_ascii=False,
    )


def _body_dict(text: str) -> dict[str, Any]:
    body = _loads(text)
    return body if isinstance(body, dict) else {}


def _merge_routine(s: Session, routine: RoutineData, stats: MergeStats, now: datetime) -> None:
    """A differing routine under an id + version already here is kept under its own id
    (``<id>_from_backup``), archived: adding it as a newer version of the local id
    would change what the patient is prescribed (or, archived, hide the routine)."""
    body = routine.body.model_dump(mode="json")
    local = s.get(RoutineRecord, (routine.id, routine.version))
    if local is None:
        s.add(
            RoutineRecord(
                id=routine.id,
                version=routine.version,
                title=routine.title,
                body=routine_body_text(body),
                archived=routine.archived,
                source=routine.source,
                created_at=routine.created_at,
                updated_at=routine.updated_at,
            )
        )
        s.flush()
        stats.routines_added += 1
        return
    key = _routine_key(routine.title, body)
    copy_id = routine.id[: 64 - len(COPY_SUFFIX_ID)] + COPY_SUFFIX_ID
    others = s.scalars(select(RoutineRecord).where(RoutineRecord.id.in_((routine.id, copy_id))))
    versions = [0]
    for other in others.all():
        if _routine_key(other.title, _body_dict(other.body)) == key:
            return  # the same prescription is already here
        if other.id == copy_id:
            versions.append(other.version)
    version = max(versions) + 1
    title = routine.title[: 120 - len(COPY_SUFFIX_TITLE)] + COPY_SUFFIX_TITLE
    s.add(
        RoutineRecord(
            id=copy_id,
            version=version,
            title=title,
            archived=True,
            body=routine_body_text(
                body | {"id": copy_id, "title": title, "version": version, "archived": True}
            ),
            source="imported",
            created_at=routine.created_at,
            updated_at=now,
        )
    )
    s.flush()
    stats.routines_copied += 1
    stats.notes.append(
        _(
            "routine {id} version {version} in the backup differs from the one here; "
            "it was kept, archived, as {copy}"
        ).format(id=routine.id, version=routine.version, copy=copy_id)
    )


def _merge_exercise(s: Session, item: CustomExerciseData, stats: MergeStats) -> None:
    body = item.exercise.model_dump(mode="json")
    picture = item.picture.data if item.picture else None
    mime = item.picture.mime if item.picture else None
    local = s.get(CustomExercise, item.exercise.id)
    if local is None:
        s.add(
            CustomExercise(
                id=item.exercise.id,
                body=json.dumps(body, ensure_ascii=False),
                picture=picture,
                picture_mime=mime,
                created_at=item.created_at,
            )
        )
        stats.exercises_added += 1
    elif (_loads(local.body), local.picture, local.picture_mime) != (body, picture, mime):
        stats.exercises_kept_local += 1
        stats.notes.append(
            _(
                "own exercise {id} in the backup differs from the one here; the one here was kept"
            ).format(id=item.exercise.id)
        )


# ---------------------------------------------------------------- treatment
def _merge_treatment(
    s: Session, treatment: TreatmentData, stats: MergeStats, now: datetime
) -> None:
    """The record here wins (after ``replace`` there is none); cycle days are pooled."""
    if s.get(TreatmentRecord, 1) is None:
        from cipn_coach.treatment.record import AGENT_ORDER

        agents = ",".join(a.value for a in AGENT_ORDER if a in treatment.agents)
        s.add(
            TreatmentRecord(id=1, agents=agents, finished_on=treatment.finished_on, updated_at=now)
        )
    for cycle in treatment.cycles:
        local = s.get(CycleRecord, cycle.day)
        if local is None:
            s.add(CycleRecord(day=cycle.day, planned=cycle.planned, created_at=now))
            stats.cycles_added += 1
        elif local.planned and not cycle.planned:
            local.planned = False


# ---------------------------------------------------------------- self-test results
def _self_test_key(result: SelfTestResultData) -> str:
    return json.dumps(result.model_dump(mode="json", exclude={"uid"}), sort_keys=True)


def _merge_self_test(s: Session, result: SelfTestResultData, stats: MergeStats) -> None:
    """By uid, as sessions: a differing result under a uid already here is kept too,
    under a uid derived from its content, so a second merge of the file adds nothing."""
    local = s.scalars(select(SelfTestRecord).where(SelfTestRecord.uid == result.uid)).first()
    uid = result.uid
    if local is not None:
        try:
            same = _self_test_key(
                SelfTestResultData.model_validate(self_test_of(local))
            ) == _self_test_key(result)
        except ValueError:  # a local row outside the format's bounds is simply different
            same = False
        if same:
            stats.self_tests_identical += 1
            return
        digest = hashlib.sha256(_self_test_key(result).encode()).hexdigest()
        uid = str(uuid.uuid5(_COPY_NAMESPACE, f"{result.uid}:{digest}"))
        if s.scalar(select(SelfTestRecord.id).where(SelfTestRecord.uid == uid)) is not None:
            stats.self_tests_identical += 1  # merged before: that copy is already here
            return
    s.add(SelfTestRecord(uid=uid, **{name: getattr(result, name) for name in SELF_TEST_FIELDS}))
    s.flush()
    if local is None:
        stats.self_tests_added += 1
    else:
        stats.self_tests_copied += 1
