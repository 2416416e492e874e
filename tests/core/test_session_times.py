"""The welcome's details: checked before saving, and the preferred times move the
routines' morning and evening slots everywhere the plan is read (a real SQLite file)."""

from __future__ import annotations

from datetime import datetime

import pytest

from cipn_coach.services import open_services
from cipn_coach.settings.session_times import DetailsError, checked_details
from tests.core.factories import exercise, library, routine


def test_bad_answers_are_named():
    assert checked_details("  Mei   Ling ", "07:45", None).name == "Mei Ling"
    with pytest.raises(DetailsError, match="100 letters"):
        checked_details("x" * 101, None, None)
    with pytest.raises(DetailsError, match="morning time"):
        checked_details("Ann", "7.45", None)
    with pytest.raises(DetailsError, match="evening time"):
        checked_details("Ann", None, "24:00")


def test_preferred_times_move_the_matching_slots_only(tmp_path):
    lib = library(
        exercise("fingers"),
        routines=[
            routine("am", [{"exercise": "fingers"}]),
            routine(
                "pm",
                [{"exercise": "fingers"}],
                schedule={"slots": [{"name": "evening", "time": "19:00"}]},
            ),
            routine(
                "mid",
                [{"exercise": "fingers"}],
                schedule={"slots": [{"name": "afternoon", "time": "15:00"}]},
            ),
        ],
    )
    services = open_services(tmp_path / "d", library=lib)
    try:
        services.settings.set("plan.routines", ["am", "pm", "mid"])
        services.settings.set("session.morning_time", "10:15")
        services.settings.set("session.evening_time", "18:00")
        times = {r.id: [s.time for s in r.schedule.slots] for r in services.plan.routines()}
        assert times == {"am": ["10:15"], "pm": ["18:00"], "mid": ["15:00"]}
        assert lib.routines["am"].schedule.slots[0].time == "08:30"  # prescription unchanged
        # Today follows: at 09:00 the 10:15 morning session is "due" (within 2 h), not late
        view = services.day_status(datetime(2026, 11, 20, 9, 0))
        assert [(d.planned.slot.time, d.status.value) for d in view.due][0] == ("10:15", "due")
        services.settings.set("session.morning_time", "nonsense")  # ignored, never a crash
        assert services.plan.routines()[0].schedule.slots[0].time == "08:30"
    finally:
        services.close()
