"""Small builders of valid exercises and routines for tests that must not depend on
the shipped library's exact numbers."""

from __future__ import annotations

from typing import Any

from cipn_coach.routines.exercise_format import Exercise
from cipn_coach.routines.library import Library
from cipn_coach.routines.routine_format import Routine


def exercise(
    id: str = "fingers",
    *,
    reps: int | None = 3,
    hold: int | None = None,
    seconds_per_rep: float = 2.0,
    sets: int = 1,
    rest: int = 10,
    sides: str = "both",
    levels: int = 0,
    tips: list[str] | None = None,
    checks: list[str] | None = None,
) -> Exercise:
    data: dict[str, Any] = {
        "id": id,
        "title": id.replace("_", " ").title(),
        "body_area": "hands",
        "position": "seated",
        "instructions": [f"Do the {id} exercise."],
        "cues": {"start": f"Start {id}.", "tips": tips or [], "tip_every_seconds": 30},
        "dosage": {"sets": sets, "reps": reps, "hold_seconds": hold, "rest_seconds": rest},
        "side_handling": sides,
        "side_noun": "foot",
        "stop_rules": ["Stop if it hurts."],
        "levels": [
            {"level": n, "title": f"Level {n}", "instruction": f"Stand at level {n}."}
            for n in range(1, levels + 1)
        ],
        "needs_safety_check": checks or [],
        "illustration": f"illustrations/{id}.svg",
        "source": "test",
    }
    if reps is not None:
        data["cadence"] = {"seconds_per_rep": seconds_per_rep, "phrases": ["Open", "Close"]}
    return Exercise.model_validate(data)


def library(*exercises: Exercise, routines: list[Routine] | None = None) -> Library:
    lib = Library(exercises={e.id: e for e in exercises})
    for r in routines or []:
        lib.routines[r.id] = r
    return lib


def routine(id: str, steps: list[dict[str, Any]], **extra: Any) -> Routine:
    data: dict[str, Any] = {
        "id": id,
        "title": id.title(),
        "description": "A test routine.",
        "get_ready_seconds": 10,
        "prepare_seconds": 10,
        "schedule": {"slots": [{"name": "morning", "time": "08:30"}]},
        "steps": steps,
        "source": "test",
    }
    data.update(extra)
    return Routine.model_validate(data)


def checkin_row(
    day: Any, hands: int = 0, feet: int = 0, pain: int = 0, night: int | None = None, **answers: Any
) -> Any:
    """A stored-looking check-in for rule tests (no database needed)."""
    from datetime import UTC, datetime

    from cipn_coach.storage.checkins import CheckInRow

    fields: dict[str, Any] = dict(
        pain_kinds=(),
        woke_me=False,
        cold_sensitive=False,
        dropped=False,
        fine_motor=False,
        held_wall=False,
        stumbled=False,
        falls=0,
        near_falls=0,
        new_weakness=False,
        unfelt_wound=False,
        note=None,
        version=1,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        updated_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    fields.update(answers)
    return CheckInRow(day=day, hands=hands, feet=feet, pain=pain, night=night, **fields)
