"""The core's front door (issue 13 §1): per-domain services whose writes keep the exercise
library current and return what changed, one period function, rows without SQLAlchemy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cipn_coach.changes import EVERYTHING, NOTHING, Changes
from cipn_coach.checkin.schema import CheckInValues
from cipn_coach.errors import CoachError
from cipn_coach.services import Services, open_services
from cipn_coach.settings import preferences as prefs
from tests.core import factories as f

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TODAY = date(2026, 12, 1)


@pytest.fixture
def services(tmp_path: Path) -> Services:
    opened = open_services(tmp_path)
    yield opened
    opened.close()


def test_changes_combine_and_say_what_today_must_redraw() -> None:
    both = Changes(checkins=True) | Changes(plan=True)
    assert both == Changes(checkins=True, plan=True)
    assert both.records and both.today
    assert not NOTHING and bool(EVERYTHING)
    assert not Changes(settings=True).today
    with pytest.raises(AttributeError):
        both.plan = False  # type: ignore[misc]  # frozen: a value, passed between threads


def test_a_routine_write_updates_the_library_and_says_routines_changed(services) -> None:
    routine = f.routine("clinic_hands", [{"exercise": "finger_open_close"}])
    saved = services.routines.save(routine, NOW)
    assert saved.changes == Changes(routines=True)
    assert services.library.routines["clinic_hands"].version == saved.row.version == 1
    renamed = services.routines.rename(services.library.routines["clinic_hands"], "Hands", NOW)
    assert services.library.routines["clinic_hands"].title == "Hands"
    assert renamed.row.version == 2
    copy = services.routines.duplicate(renamed.row.routine, NOW)
    assert copy.row.id == "clinic_hands_copy" and copy.row.id in services.library.routines
    assert services.routines.set_archived("clinic_hands", True, NOW) == Changes(routines=True)
    assert "clinic_hands" not in services.library.routines
    services.routines.set_archived("clinic_hands", False, NOW)
    assert services.library.routines["clinic_hands"].title == "Hands"
    with pytest.raises(CoachError):
        services.routines.rename(renamed.row.routine, "", NOW)


def test_an_own_exercise_joins_the_library_and_its_picture_is_read_through_the_core(
    services,
) -> None:
    from cipn_coach.routines.service import PictureData

    exercise = f.exercise("my_squeeze")
    saved = services.routines.save_exercise(exercise, NOW, PictureData("image/png", b"\x89PNG"))
    assert saved.changes.routines
    assert services.library.exercises["my_squeeze"] == exercise
    assert services.routines.own_picture("my_squeeze") == ("image/png", b"\x89PNG")
    assert services.routines.own_picture("finger_open_close") is None  # a built-in


def test_a_checkin_save_returns_the_row_and_checkins_changed(services) -> None:
    values = CheckInValues.parse({"hands": 3, "feet": 2, "pain": 1})
    saved = services.checkins.save(TODAY, values, NOW, today=TODAY)
    assert saved.changes == Changes(checkins=True)
    assert saved.row.hands == 3 and services.checkins.get(TODAY) == saved.row


def test_treatment_writes_return_the_record_and_treatment_changed(services) -> None:
    from cipn_coach.treatment.record import Agent, Cycle

    assert services.treatment.record().is_empty
    saved = services.treatment.set_agents((Agent.OXALIPLATIN,), None, NOW)
    assert saved.changes == Changes(treatment=True)
    assert saved.row.agents == (Agent.OXALIPLATIN,) == services.treatment.record().agents
    added = services.treatment.add_cycle(Cycle(TODAY), NOW)
    assert added.changes == Changes(treatment=True) and added.row.cycles == (Cycle(TODAY),)
    assert services.treatment.cycle_days() == (TODAY,)
    removed = services.treatment.remove_cycle(TODAY)
    assert removed.changes == Changes(treatment=True) and removed.row.cycles == ()
    assert services.treatment.remove_cycle(TODAY).changes == NOTHING  # there was none


def test_without_treatment_tables_the_record_is_empty_and_writes_are_refused() -> None:
    from cipn_coach.treatment.record import Cycle
    from cipn_coach.treatment.service import TreatmentService

    treatment = TreatmentService(None)
    assert treatment.record().is_empty and treatment.cycle_days() == ()
    with pytest.raises(CoachError):
        treatment.add_cycle(Cycle(TODAY), NOW)


def test_a_preference_write_names_its_domain(services) -> None:
    assert services.preferences.set(prefs.VOICE_RATE, 120) == Changes(settings=True)
    assert services.preferences.set(prefs.MORNING_TIME, "07:45") == Changes(plan=True)
    assert services.preferences.set(prefs.PATIENT_NAME, "Mary") == Changes(patient=True)
    assert services.plan.set_routines(["morning"]) == Changes(plan=True)
    assert services.plan.set_start(TODAY) == Changes(plan=True)
    assert services.preferences.get(prefs.PLAN_ROUTINES) == ("morning",)
    assert services.patient.save(name="Mary Lee").row.name == "Mary Lee"


def test_one_period_function_for_progress_and_the_report(services) -> None:
    services.plan.set_start(date(2026, 11, 20))
    assert services.period("2w", TODAY) == (date(2026, 11, 18), TODAY)
    assert services.period("4w", TODAY) == (date(2026, 11, 4), TODAY)
    assert services.period("program", TODAY) == (date(2026, 11, 20), TODAY)
    assert services.period("all", TODAY) == (date(2026, 11, 4), TODAY)  # at least 4 weeks
    chosen = services.period("custom", TODAY, date(2026, 11, 1), date(2026, 12, 9))
    assert chosen == (date(2026, 11, 1), TODAY)  # never past today
    with pytest.raises(CoachError):
        services.period("custom", TODAY, date(2026, 11, 9), date(2026, 11, 1))


def test_backups_and_exports_go_through_the_services(services, tmp_path: Path) -> None:
    assert not services.exports.has_records()
    values = CheckInValues.parse({"hands": 1, "feet": 0, "pain": 0})
    services.checkins.save(TODAY, values, NOW, today=TODAY)
    assert services.exports.has_records()
    info = services.backups.back_up_now()
    assert info is not None and [b.path for b in services.backups.list()] == [info.path]
    assert "check-in" in services.exports.export_csv(tmp_path / "tables")
    services.exports.export_json(tmp_path / "all.json")
    assert services.exports.import_json(tmp_path / "all.json", "merge").changes == EVERYTHING


def test_the_calculators_run_without_sqlalchemy() -> None:
    """Rows come from ``storage.rows``: reading them costs no SQLAlchemy import."""
    script = (
        "import json, sys\n"
        "import cipn_coach.reports.adherence, cipn_coach.reports.summary, cipn_coach.routines.progression\n"
        "import cipn_coach.routines.schedule, cipn_coach.checkin.flags, cipn_coach.services\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('sqlalchemy'))))"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=True,
    )
    assert json.loads(out.stdout) == []


def test_one_plain_words_validator_for_the_editors_and_the_command_line(tmp_path: Path) -> None:
    from cipn_coach.cli.routines import RoutineFileRejected
    from cipn_coach.routines.plain_words import exercise_problem, routine_problem

    line = "steps.0.progression.0.hold.max: Input should be less than or equal to 120"
    assert routine_problem(line, ["Balance stance"]) == (
        "Step 1 (Balance stance), hold grows, up to: must be at most 120"
    )
    assert (
        exercise_problem(
            "stop_rules: List should have at least 1 item after validation", counted=True
        )
        == "Stop rules: needs at least one"
    )
    rejected = RoutineFileRejected(tmp_path / "r.cipnroutine", ["routine.title: Field required"])
    assert str(rejected).splitlines()[1] == "  routine.title: needs a value"
