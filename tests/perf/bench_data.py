"""A data folder with 3 years of history, for the data-ready, chart and memory figures.

``cipn_coach.cli.demo.fill_demo`` writes one short transaction per check-in, session, step
and rating (FULL sync), and is capped at 365 days: measured here at ~10 s per 120 days
even on tmpfs, so ~1.5-3 min for 3 years. Instead the same deterministic day-by-day data
(the demo's own check-in generator, the routines' real schedule and planned steps) is
written in bulk with SQLAlchemy Core through ``services.db.engine``, in one transaction:
a few seconds. Run as a module to build one: ``python -m tests.perf.bench_data DIR``.
"""

from __future__ import annotations

import json
import random
import sys
import time as timer
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

YEARS_DAYS = 3 * 365


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at).astimezone()


def fill_history(services: Any, days: int, now: datetime, seed: int = 3) -> dict[str, int]:
    """``days`` days of check-ins and sessions (with steps) ending today, in bulk."""
    from cipn_coach.cli.demo import _checkin
    from cipn_coach.routines.plan import plan_routine
    from cipn_coach.routines.schedule import planned_on, program_week
    from cipn_coach.storage.checkins import kinds_text
    from cipn_coach.storage.models import CheckIn, SessionRecord, StepRecord
    from cipn_coach.storage.repository import COMPLETED, STOPPED
    from cipn_coach.storage.rows import ANSWERS

    rng = random.Random(seed)
    today = now.date()
    first = today - timedelta(days=days - 1)
    services.settings.set("plan.start_date", first.isoformat())
    routines = services.plan.routines()
    plans: dict[tuple[str, int], list[Any]] = {}
    checkins: list[dict[str, Any]] = []
    sessions: list[dict[str, Any]] = []
    steps: list[dict[str, Any]] = []
    for i in range(days):
        day = first + timedelta(days=i)
        values = _checkin(rng, i, days)
        if day == today or values.near_falls or rng.random() > 0.1:
            saved = min(_local(day, time(20, 0)), now.astimezone()).astimezone(UTC)
            row = {name: getattr(values, name) for name in ANSWERS}
            row.update(
                day=day,
                pain_kinds=kinds_text(values),
                version=1,
                created_at=saved,
                updated_at=saved,
            )
            checkins.append(row)
        for planned in planned_on(routines, day):
            if planned.at > now or rng.random() < 0.12:
                continue
            routine, week = planned.routine, program_week(first, day)
            key = (routine.id, week)
            if key not in plans:
                plans[key] = plan_routine(routine, services.library, week)
            planned_steps = plans[key]
            session_id = len(sessions) + 1
            started = _local(day, planned.slot.clock_time) + timedelta(minutes=rng.randint(-20, 40))
            stop_at = (
                len(planned_steps)
                if rng.random() > 0.12
                else max(1, round(len(planned_steps) * 0.6))
            )
            clock, done_total = started, 0.0
            for index, step in enumerate(planned_steps[:stop_at]):
                skipped = rng.random() < 0.06
                planned_s = step.planned_work_seconds
                clock += timedelta(seconds=planned_s + step.rest_seconds + 10)
                done = 0.0 if skipped else planned_s
                done_total += done
                steps.append(
                    dict(
                        session_id=session_id,
                        position=index,
                        exercise_id=step.exercise.id,
                        title=step.title,
                        planned_seconds=planned_s,
                        done_seconds=done,
                        planned_reps=step.reps,
                        done_reps=None if skipped or step.reps is None else step.reps,
                        skipped=skipped,
                        completed=not skipped,
                        ended_at=clock,
                    )
                )
            sessions.append(
                dict(
                    id=session_id,
                    uid=str(uuid.uuid4()),
                    routine_id=routine.id,
                    routine_version=routine.version,
                    routine_title=routine.title,
                    slot=planned.slot.name,
                    local_date=day,
                    program_week=week,
                    started_at=started,
                    ended_at=clock,
                    status=COMPLETED if stop_at == len(planned_steps) else STOPPED,
                    planned_seconds=sum(s.planned_work_seconds for s in planned_steps),
                    done_seconds=done_total,
                    effort=rng.randint(2, 5),
                    symptoms_change=rng.choice(["better", "same", "same", "worse"]),
                    note=None,
                )
            )
    with services.db.engine.begin() as conn:
        conn.execute(CheckIn.__table__.insert(), checkins)
        conn.execute(SessionRecord.__table__.insert(), sessions)
        conn.execute(StepRecord.__table__.insert(), steps)
    return {"days": days, "checkins": len(checkins), "sessions": len(sessions), "steps": len(steps)}


def make_history_folder(folder: Path, days: int = YEARS_DAYS) -> dict[str, Any]:
    """Create ``folder`` holding a database with ``days`` days of history; closed after."""
    from cipn_coach.services import open_services

    started = timer.perf_counter()
    from cipn_coach.settings import preferences as prefs

    services = open_services(folder)
    try:
        counts = fill_history(services, days, datetime.now())
        # three years of use: the first start's welcome is long done, so the app opens on Today
        services.preferences.set(prefs.WELCOME_DONE, True)
    finally:
        services.close()
    return dict(counts, seconds=round(timer.perf_counter() - started, 2))


if __name__ == "__main__":
    print(json.dumps(make_history_folder(Path(sys.argv[1]))))
