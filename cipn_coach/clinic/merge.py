"""Merging one person's export into their record in the clinic: the backup import's rules.

``merge_records`` gives what ``backup_merge.apply`` in "merge" mode gives when the file
is imported into the patient's own app: a day's check-in from the file that differs
joins that day's history, a session already here is not added twice, a session with the
same uid but different details is kept as a second copy; cycle days are pooled (a day
given on either side is given), self-test results are kept by uid as sessions are. It
runs ``apply`` itself, on a scratch in-memory patient database, for the records that can
change anything; records equal in every field are set aside first (the common case of a
newer export), and a new patient's file is stored as it is. One person's FHIR bundle and JSON backup are matched
first, so each session and day is kept once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import sessionmaker

from cipn_coach.backup.format import BackupData, CheckInData, SessionData, TreatmentData
from cipn_coach.backup.merge import ANSWER_FIELDS, MergeStats, apply, copy_uid
from cipn_coach.clinic.fhir_import import FHIR_ROUTINE_PREFIX
from cipn_coach.clinic.records import same_record
from cipn_coach.fhir.export import resource_id
from cipn_coach.i18n import _
from cipn_coach.settings.preferences import valid_for_import


def _scratch_merge(
    base: BackupData, incoming: BackupData, now: datetime
) -> tuple[BackupData, MergeStats]:
    """``backup_merge.apply`` of ``incoming`` over ``base`` on a scratch in-memory
    patient database (never a file), read back as the backup model."""
    from cipn_coach.backup.json_file import snapshot
    from cipn_coach.storage.db import Database, make_engine
    from cipn_coach.storage.models import Base

    engine = make_engine("sqlite://")
    try:
        Base.metadata.create_all(engine)
        scratch = Database(engine, sessionmaker(engine, expire_on_commit=False), None)
        with scratch.transaction() as s:
            apply(s, base, "empty", now)
            stats = apply(s, incoming, "merge", now)
        return snapshot(scratch), stats
    finally:
        engine.dispose()


def _first_record(incoming: BackupData, now: datetime) -> tuple[BackupData, MergeStats]:
    """A new patient: merged into nothing, every record of the file is added as it is
    (what ``apply`` does on an empty database), and each setting is checked as ``apply``
    checks it; without a scratch database, as 200 new patients a day must be cheap."""
    stats = MergeStats(
        checkins_added=len(incoming.checkins),
        versions_added=sum(len(c.history) for c in incoming.checkins),
        sessions_added=len(incoming.sessions),
        routines_added=len(incoming.routines),
        exercises_added=len(incoming.custom_exercises),
        cycles_added=len(incoming.treatment.cycles) if incoming.treatment else 0,
        self_tests_added=len(incoming.self_tests),
    )
    settings = {}
    for key, value in incoming.settings.items():
        problem = valid_for_import(key, value, now.date())
        if problem is None:
            settings[key] = value
        else:
            stats.settings_left_out.append(problem)
    stats.settings_added = len(settings)
    return incoming.model_copy(
        update={
            "settings": settings,
            "treatment": _in_stored_order(incoming.treatment),
            "self_tests": sorted(incoming.self_tests, key=lambda r: (r.day, r.created_at, r.uid)),
        }
    ), stats


def _in_stored_order(treatment: TreatmentData | None) -> TreatmentData | None:
    """The treatment as ``apply`` stores it: medicines in the app's order, cycles by day."""
    if treatment is None:
        return None
    from cipn_coach.treatment.record import AGENT_ORDER

    return treatment.model_copy(
        update={
            "agents": [a for a in AGENT_ORDER if a in treatment.agents],
            "cycles": sorted(treatment.cycles, key=lambda c: c.day),
        }
    )


def bundle_id(session: SessionData) -> str:
    """The id ``export --fhir`` gives this session's Observation, which the FHIR import
    keeps as the session's uid."""
    return resource_id("session", session.routine_id, session.started_at.isoformat())


def _from_bundle(session: SessionData) -> bool:
    return session.uid == bundle_id(session) or session.routine_id.startswith(FHIR_ROUTINE_PREFIX)


def _bundle_like(checkin: CheckInData) -> bool:
    """A check-in as a FHIR bundle gives it: only its last version, first saved unknown."""
    return checkin.version == 1 and not checkin.history and checkin.created_at == checkin.updated_at


def _same_last_answers(one: CheckInData, other: CheckInData) -> bool:
    return all(
        getattr(one, name) == getattr(other, name)
        for name in (*ANSWER_FIELDS, "pain_kinds", "updated_at")
    )


def _match_across_kinds(
    stored: BackupData, incoming: BackupData
) -> tuple[BackupData, BackupData, int]:
    """One person's records from a FHIR bundle and from a JSON backup, matched.

    A session in both is one session, kept as the backup's copy (it has the steps, slot
    and note the bundle lacks); a day's check-in in the bundle is the backup's latest
    version of that day, kept as the backup's (with its history and first save). So a
    stored bundle copy gives way to an incoming backup record, and an incoming bundle
    record whose backup copy is here is already here. Returns (stored, incoming, the
    number of stored bundle copies replaced).
    """
    backed_up = {bundle_id(r) for r in stored.sessions if not _from_bundle(r)}
    arriving = [r for r in incoming.sessions if not (_from_bundle(r) and r.uid in backed_up)]
    fuller = {bundle_id(r) for r in arriving if not _from_bundle(r)}
    keep = [r for r in stored.sessions if not (_from_bundle(r) and r.uid in fuller)]
    days = {c.day: c for c in stored.checkins}
    new_days = {c.day: c for c in incoming.checkins}
    checkins = [
        c
        for c in incoming.checkins
        if not (_bundle_like(c) and c.day in days and _same_last_answers(c, days[c.day]))
    ]
    kept_days = [
        c
        for c in stored.checkins
        if not (
            _bundle_like(c)
            and c.day in new_days
            and not _bundle_like(new_days[c.day])
            and _same_last_answers(c, new_days[c.day])
        )
    ]
    replaced = len(stored.sessions) - len(keep) + len(stored.checkins) - len(kept_days)
    return (
        stored.model_copy(update={"sessions": keep, "checkins": kept_days}),
        incoming.model_copy(update={"sessions": arriving, "checkins": checkins}),
        replaced,
    )


def merge_records(
    stored: BackupData | None, incoming: BackupData, now: datetime
) -> tuple[BackupData, MergeStats]:
    """``incoming`` merged into ``stored`` (``None``: a new patient) by the backup
    import's rules.

    Records the same in both (equal in every field, a stricter test than the merge's
    own) are set aside first and counted as already here; only the rest, with the
    stored records they could meet (same day, same session uid or its copy's uid), go
    through ``backup_merge.apply``. The outcome is what applying the whole file gives,
    at the cost of what changed: a re-import of an unchanged export merges nothing.
    Before that, one person's sessions from both kinds of export are matched
    (``_match_across_kinds``).
    """
    if stored is None:
        return _first_record(incoming, now)
    held = len(incoming.checkins), len(incoming.sessions)
    stored, incoming, replaced = _match_across_kinds(stored, incoming)
    days = {c.day: c for c in stored.checkins}
    uids = {r.uid: r for r in stored.sessions}
    same_checkins = [c for c in incoming.checkins if same_record(c, days.get(c.day))]
    same_sessions = [r for r in incoming.sessions if same_record(r, uids.get(r.uid))]
    rest = incoming.model_copy(
        update={
            "checkins": [c for c in incoming.checkins if not same_record(c, days.get(c.day))],
            "sessions": [r for r in incoming.sessions if not same_record(r, uids.get(r.uid))],
        }
    )
    met = {r.uid for r in rest.sessions} | {copy_uid(r) for r in rest.sessions}
    base = stored.model_copy(
        update={
            "checkins": [days[c.day] for c in rest.checkins if c.day in days],
            "sessions": [uids[uid] for uid in met if uid in uids],
        }
    )
    merged, stats = _scratch_merge(base, rest, now)
    stats.checkins_identical += len(same_checkins) + held[0] - len(incoming.checkins)
    stats.sessions_identical += len(same_sessions) + held[1] - len(incoming.sessions)
    if replaced:
        stats.notes.append(
            _(
                "{n} records first imported from a FHIR bundle were replaced by the "
                "backup's fuller copies"
            ).format(n=replaced)
        )
    days.update((c.day, c) for c in merged.checkins)
    uids.update((r.uid, r) for r in merged.sessions)
    return merged.model_copy(
        update={
            "checkins": sorted(days.values(), key=lambda c: c.day),
            "sessions": sorted(uids.values(), key=lambda r: (r.started_at, r.uid)),
        }
    ), stats
