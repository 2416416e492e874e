"""Demo data for screenshots and trying the app: N days of check-ins and sessions.

Only ever written into a folder the user names (``cipn-coach demo --days 28 --data-dir
DIR``), and refused when that folder already holds check-ins or sessions, so demo
numbers can never mix with a patient's real record. Deterministic: each day of the demo
(and each session slot of it) draws from its own random stream, seeded by its place in
the demo, so the same command gives the same data whatever the time of day: a session
not yet due today draws nothing, and that no longer shifts what any other day gets.
This keeps README screenshots reproducible and lets tests assert exact counts.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.engine.session import StepProgress
from cipn_coach.errors import CoachError
from cipn_coach.i18n import N_, _
from cipn_coach.paths import ensure_private_dir
from cipn_coach.routines.plan import plan_routine
from cipn_coach.routines.routine_format import Routine, Slot
from cipn_coach.routines.schedule import planned_on, program_week
from cipn_coach.services import Services
from cipn_coach.settings import preferences as prefs
from cipn_coach.settings.preferences import Preferences
from cipn_coach.storage.db import DATABASE_FILE
from cipn_coach.storage.repository import SessionRepository
from cipn_coach.storage.rows import COMPLETED, STOPPED

MAX_DEMO_DAYS = 365
# the patient's own notes, written in the language of the run (N_: made at import)
NOTES = (
    N_("Buttons were hard this morning."),
    N_("Walked to the shop and back."),
    N_("Feet felt warmer after the soak."),
    N_("Bad night, tingling in the toes."),
    N_("Wrote a card by hand today."),
)


@dataclass(frozen=True)
class DemoResult:
    first: date
    last: date
    checkins: int
    sessions: int


def _local(day: date, at: time) -> datetime:
    """A local wall-clock moment as an aware datetime (the repositories store UTC)."""
    return datetime.combine(day, at).astimezone()


def _score(rng: random.Random, start: float, end: float, frac: float) -> int:
    return max(0, min(10, round(start + (end - start) * frac + rng.gauss(0, 0.7))))


def _checkin(rng: random.Random, i: int, days: int) -> CheckInValues:
    """A gently easing day: scores drift down, function problems get rarer."""
    frac = i / max(days - 1, 1)
    night = _score(rng, 5.5, 3.0, frac)
    near_fall_days = {days // 3, days // 3 + 3} if days >= 8 else set()
    return CheckInValues.parse(
        {
            "hands": _score(rng, 6.5, 4.0, frac),
            "feet": _score(rng, 7.0, 4.5, frac),
            "pain": _score(rng, 4.5, 2.5, frac),
            "night": night,
            "pain_kinds": rng.sample(
                ["pins_and_needles", "burning", "electric"], rng.randint(0, 2)
            ),
            "woke_me": night >= 5 and rng.random() < 0.5,
            "cold_sensitive": rng.random() < 0.3,
            "dropped": rng.random() < 0.35 * (1 - frac),
            "fine_motor": rng.random() < 0.4 * (1 - frac),
            "held_wall": rng.random() < 0.25 * (1 - frac),
            "stumbled": rng.random() < 0.1,
            "near_falls": 1 if i in near_fall_days else 0,
            "note": _(rng.choice(NOTES)) if rng.random() < 0.2 else None,
        }
    )


def _session(
    services: Services, rng: random.Random, routine: Routine, slot: Slot, day: date, week: int
) -> None:
    """One session: usually completed, sometimes stopped part-way, a step now and then skipped."""
    steps = plan_routine(routine, services.library, week)
    started = _local(day, slot.clock_time) + timedelta(minutes=rng.randint(-20, 40))
    # written as they would have been, with made-up times: straight to the repository
    repo = SessionRepository(services.db)
    session_id = repo.start(
        routine_id=routine.id,
        routine_version=routine.version,
        routine_title=routine.title,
        slot=slot.name,
        local_date=day,
        program_week=week,
        planned_seconds=sum(s.planned_work_seconds for s in steps),
        started_at=started,
    )
    stop_at = len(steps) if rng.random() > 0.12 else max(1, round(len(steps) * 0.6))
    clock = started
    for index, step in enumerate(steps[:stop_at]):
        skipped = rng.random() < 0.06
        planned = step.planned_work_seconds
        clock += timedelta(seconds=planned + step.rest_seconds + 10)
        repo.save_step(
            session_id,
            StepProgress(
                step_index=index,
                exercise_id=step.exercise.id,
                title=step.title,
                planned_seconds=planned,
                planned_reps=step.reps,
                done_seconds=0.0 if skipped else planned,
                done_reps=None if skipped or step.reps is None else step.reps,
                skipped=skipped,
                completed=not skipped,
            ),
            clock,
        )
    repo.finish(session_id, COMPLETED if stop_at == len(steps) else STOPPED, clock)
    repo.rate(session_id, rng.randint(2, 5), rng.choice(["better", "same", "same", "worse"]), None)


def _stream(seed: int, day_index: int, part: str) -> random.Random:
    """The random stream of one part (the check-in, one session) of one day of the demo."""
    return random.Random(f"{seed}/{day_index}/{part}")


BUILDING_PREFIX = ".demo-building-"


def build_demo(
    data_dir: Path, open_folder: Callable[[Path], Services], days: int, now: datetime
) -> DemoResult:
    """Fill ``data_dir`` with demo data all at once: built in a private folder inside it
    and moved into place only when complete, so a demo killed half-way leaves the folder
    as it was (and usable), never half filled and then refused as "not empty".

    When the folder already has a database (with no records: ``fill_demo`` refuses
    any), the demo is written into it directly, in the same checked way.
    """
    database = data_dir / DATABASE_FILE
    if database.exists():
        services = open_folder(data_dir)
        try:
            return fill_demo(services, days, now)
        finally:
            services.close()
    ensure_private_dir(data_dir)
    for stale in data_dir.glob(f"{BUILDING_PREFIX}*"):  # left by a demo that was killed
        shutil.rmtree(stale, ignore_errors=True)
    building = Path(tempfile.mkdtemp(prefix=BUILDING_PREFIX, dir=data_dir))
    try:
        services = open_folder(building)
        try:
            result = fill_demo(services, days, now)
        finally:
            services.close()  # the last connection folds the WAL into the file
        built = building / DATABASE_FILE
        try:
            os.link(built, database)  # never over a database that appeared meanwhile
        except FileExistsError:
            raise CoachError(
                _(
                    "{folder} got a database while the demo was being built; nothing was changed"
                ).format(folder=data_dir)
            ) from None
        fd = os.open(data_dir, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        return result
    finally:
        shutil.rmtree(building, ignore_errors=True)


def fill_demo(services: Services, days: int, now: datetime, seed: int = 3) -> DemoResult:
    """Write ``days`` days of demo data ending today (``now`` is local wall-clock time).

    About one check-in in ten and one session in eight are missing, a few sessions stop
    part-way, symptoms ease gently, and two near-falls a few days apart raise the red
    flag so the flag display can be seen.
    """
    if not 1 <= days <= MAX_DEMO_DAYS:
        raise CoachError(
            _("--days must be 1–{most}, not {days}").format(most=MAX_DEMO_DAYS, days=days)
        )
    if services.checkins.count() or services.sessions.between(date.min, date.max):
        raise CoachError(
            _(
                "this data folder already has check-ins or sessions; "
                "demo data goes only into an empty folder"
            )
        )
    today = now.date()
    first = today - timedelta(days=days - 1)
    Preferences(services.settings).set(prefs.PLAN_START, first)
    routines = services.plan.routines()
    checkins = sessions = 0
    for i in range(days):
        day = first + timedelta(days=i)
        rng = _stream(seed, i, "check-in")
        values = _checkin(rng, i, days)
        if day == today or values.near_falls or rng.random() > 0.1:
            saved_at = min(_local(day, time(20, 0)), now.astimezone())
            services.checkins.save(day, values, saved_at.astimezone(UTC), today=today)
            checkins += 1
        for planned in planned_on(routines, day):
            rng = _stream(seed, i, f"{planned.routine.id}/{planned.slot.name}")
            if planned.at > now or rng.random() < 0.12:
                continue
            _session(services, rng, planned.routine, planned.slot, day, program_week(first, day))
            sessions += 1
    return DemoResult(first, today, checkins, sessions)
